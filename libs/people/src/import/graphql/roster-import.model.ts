import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CsvEncoding } from '../csv-encoding';
import { ROSTER_COLUMNS, RosterImportField } from '../roster-columns';
import { RowOutcome } from '../roster-import.service';

const FIELD_KEYS = new Map(Object.entries(RosterImportField).map(([key, value]) => [value as string, key]));

registerEnumType(CsvEncoding, {
  name: 'CsvEncoding',
  description: 'Text encoding of a CSV file.',
  valuesMap: {
    UTF_8: { description: 'UTF-8, with or without a byte-order mark (Excel: 「CSV UTF-8」).' },
    SHIFT_JIS: { description: 'Shift_JIS, read as Windows-31J (CP932) as Excel and older municipal systems write it.' },
  },
});
registerEnumType(RosterImportField, {
  name: 'RosterImportField',
  description: 'A roster field a CSV column can fill.',
  valuesMap: Object.fromEntries(
    ROSTER_COLUMNS.map((c) => [FIELD_KEYS.get(c.field) as string, { description: `${c.field}${c.required ? ' (required column)' : ''}; default headers: ${c.headers.join(', ')}.` }]),
  ),
});
registerEnumType(RowOutcome, {
  name: 'RosterImportOutcome',
  description: 'What an accepted row does (or, in a dry run or an import that was not applied, would do) to the roster.',
  valuesMap: {
    CREATED: { description: 'No person of the municipality has this external id: a new person.' },
    UPDATED: { description: 'The person with this external id changes.' },
    UNCHANGED: { description: 'The person with this external id already has exactly these values; nothing is written.' },
  },
});

@ObjectType('RosterImportColumn', { description: 'Which CSV header holds a roster field.' })
export class RosterImportColumnModel {
  @Field(() => RosterImportField, { description: 'The roster field.' })
  field!: RosterImportField;

  @Field({ description: 'The header of the CSV column, as written in the file or the saved mapping.' })
  header!: string;
}

@ObjectType('RosterImportMapping', { description: "A municipality's saved column mapping: tried before the default Japanese headers (氏名, フリガナ, 緯度…)." })
export class RosterImportMappingModel {
  @Field({ description: 'JIS municipality code.' })
  municipalityCode!: string;

  @Field(() => [RosterImportColumnModel], { description: 'The saved headers, in field order; fields not listed use the default headers.' })
  columns!: RosterImportColumnModel[];

  @Field(() => ID, { description: 'Account that saved the mapping last.' })
  updatedBy!: string;

  @Field({ description: 'When the mapping was saved last.' })
  updatedAt!: Date;
}

@ObjectType('RosterImportProblem', { description: 'One reason a row is rejected: its row, one field and one message. A row with several problems has several entries.' })
export class RosterImportProblemModel {
  @Field(() => Int, { description: 'Row number as a spreadsheet shows it: the header is row 1 (blank rows count).' })
  row!: number;

  @Field(() => Int, { description: 'Line of the file where the row starts (the header is line 1); differs from row only after a cell that holds a line break.' })
  line!: number;

  @Field(() => String, { nullable: true, description: 'The external id of the row, when it has one.' })
  externalId!: string | null;

  @Field({ description: 'The roster field, named as in createPerson errors (nameKana, birthDate, lat…).' })
  field!: string;

  @Field(() => String, { nullable: true, description: "The file's header for that field; null when the file has no such column." })
  header!: string | null;

  @Field({ description: 'What is wrong, and how to correct it.' })
  message!: string;
}

@ObjectType('RosterImportAcceptedRow', { description: 'A row that passed every rule.' })
export class RosterImportAcceptedRowModel {
  @Field(() => Int, { description: 'Row number as a spreadsheet shows it: the header is row 1.' })
  row!: number;

  @Field(() => Int, { description: 'Line of the file where the row starts (the header is line 1).' })
  line!: number;

  @Field({ description: "Id of the person in the municipality's own system; re-imports match on it." })
  externalId!: string;

  @Field(() => RowOutcome, { description: 'Created, updated or unchanged.' })
  outcome!: RowOutcome;

  @Field(() => ID, { nullable: true, description: 'The person; null for a person not created yet (dry run, or an import that was not applied).' })
  personId!: string | null;
}

@ObjectType('RosterImportCounts', { description: 'Rows by outcome. When nothing was applied these are what would have happened.' })
export class RosterImportCountsModel {
  @Field(() => Int, { description: 'New people.' })
  created!: number;

  @Field(() => Int, { description: 'People found by external id whose roster entry changes.' })
  updated!: number;

  @Field(() => Int, { description: 'People found by external id whose entry is already exactly this.' })
  unchanged!: number;

  @Field(() => Int, { description: 'Rows that are not written.' })
  rejected!: number;
}

@ObjectType('RosterImportReport', { description: 'The outcome of a roster import, row by row.' })
export class RosterImportReportModel {
  @Field({ description: 'JIS municipality code imported into.' })
  municipalityCode!: string;

  @Field({ description: 'Whether this was a dry run (nothing written).' })
  dryRun!: boolean;

  @Field({ description: 'Whether the valid rows were to be written even with rejected rows.' })
  applyValidRows!: boolean;

  @Field({ description: 'Whether anything was written: false for a dry run, and when rows were rejected without applyValidRows.' })
  applied!: boolean;

  @Field({ description: 'One sentence for the officer: what happened and what to do next.' })
  summary!: string;

  @Field(() => CsvEncoding, { nullable: true, description: 'Encoding the file was read as; null when it came as text.' })
  encoding!: CsvEncoding | null;

  @Field(() => Int, { description: 'Data rows in the file (blank rows left out).' })
  totalRows!: number;

  @Field(() => RosterImportCountsModel, { description: 'Rows by outcome.' })
  counts!: RosterImportCountsModel;

  @Field(() => [RosterImportColumnModel], { description: 'The column used for each field.' })
  columns!: RosterImportColumnModel[];

  @Field(() => [String], { description: 'Headers of the file that no field uses (their cells are not imported).' })
  ignoredHeaders!: string[];

  @Field(() => [RosterImportAcceptedRowModel], { description: 'Rows that passed, in file order.' })
  accepted!: RosterImportAcceptedRowModel[];

  @Field(() => [RosterImportProblemModel], { description: 'Why rows are rejected (counts.rejected rows): one entry per row and field, in file order, fields in column order.' })
  problems!: RosterImportProblemModel[];
}
