import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBase64, IsBoolean, IsEnum, IsOptional, IsString, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { AppException } from '@anpi/core';
import { CsvEncoding } from '../csv-encoding';
import { ROSTER_COLUMNS, RosterImportField } from '../roster-columns';
import { ROSTER_IMPORT_LIMITS } from '../roster-import.service';

const MUNICIPALITY_CODE = /^\d{5}$/;
const MUNICIPALITY_MESSAGE = 'municipalityCode must be a five-digit JIS code';

@InputType({
  description:
    'A roster CSV to import: give exactly one of csv or fileBase64. Limits: 10 MB and 50,000 rows per file. ' +
    'Every row needs its coordinates (緯度/経度): Anpi has no online geocoder, so rows without them are rejected. ' +
    'Through GraphQL a file travels base64-encoded inside the JSON request, and the API takes requests of at most 2 MB: ' +
    'about 1.4 MB of file. Larger files (up to the 10 MB limit) go to POST /import/roster, which takes the raw file ' +
    'with the same bearer token and answers the same report.',
})
export class ImportRosterInput {
  @Field({ description: 'JIS municipality code to import into; yours.' })
  @Matches(MUNICIPALITY_CODE, { message: MUNICIPALITY_MESSAGE })
  municipalityCode!: string;

  @Field(() => String, { nullable: true, description: 'The CSV as text (already decoded; encoding is ignored).' })
  @IsOptional()
  @IsString()
  @MaxLength(ROSTER_IMPORT_LIMITS.maxBytes)
  csv?: string | null;

  @Field(() => String, { nullable: true, description: 'The CSV file as base64 (UTF-8 with or without BOM, or Shift_JIS).' })
  @IsOptional()
  @MaxLength(Math.ceil(ROSTER_IMPORT_LIMITS.maxBytes / 3) * 4 + 4)
  @IsBase64()
  fileBase64?: string | null;

  @Field(() => CsvEncoding, { nullable: true, description: 'Encoding of fileBase64; detected when omitted (UTF-8 byte-order mark, else valid UTF-8, else Shift_JIS).' })
  @IsOptional()
  @IsEnum(CsvEncoding)
  encoding?: CsvEncoding | null;

  @Field({ description: 'Check the file and report exactly what would happen, writing nothing.' })
  @IsBoolean()
  dryRun!: boolean;

  @Field({
    defaultValue: false,
    description:
      'When some rows are rejected: false (default) writes nothing, so the roster never holds half a file; true writes the valid rows and leaves out the rejected ones.',
  })
  @IsBoolean()
  applyValidRows: boolean = false;
}

/** The file of an ImportRosterInput: exactly one of csv or fileBase64. */
export function importFileOf(input: ImportRosterInput): { file: Buffer | string; fileField: string } {
  const given = [input.csv, input.fileBase64].filter((v) => v !== undefined && v !== null).length;
  if (given !== 1) throw AppException.badInput([{ field: 'input', message: 'give exactly one of csv or fileBase64' }]);
  return input.csv != null ? { file: input.csv, fileField: 'input.csv' } : { file: Buffer.from(input.fileBase64 as string, 'base64'), fileField: 'input.fileBase64' };
}

@InputType({ description: 'One field → header pair of a column mapping.' })
export class RosterImportColumnInput {
  @Field(() => RosterImportField, { description: 'The roster field.' })
  @IsEnum(RosterImportField)
  field!: RosterImportField;

  @Field({ description: 'The header of the column that holds it in your CSV export.' })
  @IsString()
  @Length(1, 100)
  header!: string;
}

@InputType({ description: "Replaces the municipality's saved column mapping." })
export class SaveRosterImportMappingInput {
  @Field({ description: 'JIS municipality code; yours.' })
  @Matches(MUNICIPALITY_CODE, { message: MUNICIPALITY_MESSAGE })
  municipalityCode!: string;

  @Field(() => [RosterImportColumnInput], { description: 'The fields whose header differs from the defaults; an empty list goes back to the defaults.' })
  @IsArray()
  @ArrayMaxSize(ROSTER_COLUMNS.length)
  @ValidateNested({ each: true })
  @Type(() => RosterImportColumnInput)
  columns!: RosterImportColumnInput[];
}

@ArgsType()
export class RosterImportMappingArgs {
  @Field({ description: 'JIS municipality code; yours.' })
  @Matches(MUNICIPALITY_CODE, { message: MUNICIPALITY_MESSAGE })
  municipalityCode!: string;
}
