import { ArgsType, Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsInt, IsLatitude, IsLongitude, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateNested,
} from 'class-validator';
import { CareLevel, HazardFlag, Household, MedicalDependency, RosterStatus, Sex, SupportReason } from '../person.enums';
import { TEXT_LIMITS } from '../person-validation';

@InputType({ description: 'Roster fields shared by create and update.' })
export class PersonFieldsInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_LIMITS.name)
  name?: string;

  @Field({ nullable: true, description: 'Katakana or hiragana.' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_LIMITS.nameKana)
  nameKana?: string;

  @Field({ nullable: true, description: 'YYYY-MM-DD, in the past.' })
  @IsOptional()
  @IsString()
  birthDate?: string;

  @Field(() => Sex, { nullable: true })
  @IsOptional()
  @IsEnum(Sex)
  sex?: Sex;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_LIMITS.address)
  address?: string;

  @Field(() => String, { nullable: true, description: 'Japanese phone number; hyphens optional.' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_LIMITS.phone)
  phone?: string | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(TEXT_LIMITS.contacts)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  otherContacts?: string[];

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsLatitude()
  lat?: number;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsLongitude()
  lng?: number;

  @Field(() => String, { nullable: true, description: 'Required to place a person outside their municipality (e.g. a care home just across the border).' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_LIMITS.reason)
  locationOverrideReason?: string | null;

  @Field(() => [SupportReason], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(9)
  @IsEnum(SupportReason, { each: true })
  supportReasons?: SupportReason[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_LIMITS.note)
  supportReasonNote?: string | null;

  @Field(() => [MedicalDependency], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(6)
  @IsEnum(MedicalDependency, { each: true })
  medicalDependencies?: MedicalDependency[];

  @Field(() => CareLevel, { nullable: true })
  @IsOptional()
  @IsEnum(CareLevel)
  careLevel?: CareLevel;

  @Field(() => Household, { nullable: true })
  @IsOptional()
  @IsEnum(Household)
  household?: Household;

  @Field(() => [HazardFlag], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(6)
  @IsEnum(HazardFlag, { each: true })
  hazardFlags?: HazardFlag[];

  @Field(() => String, { nullable: true, description: 'District code (e.g. 13219-01).' })
  @IsOptional()
  @Matches(/^\d{5}-\d{2}$/, { message: 'districtCode must look like 13219-01' })
  districtCode?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  externalId?: string | null;
}

@InputType({ description: 'A new roster entry. name, nameKana, birthDate, sex, address, lat, lng and household are required.' })
export class CreatePersonInput extends PersonFieldsInput {
  @Field({ description: 'JIS municipality code.' })
  @Matches(/^\d{5}$/, { message: 'municipalityCode must be a five-digit JIS code' })
  municipalityCode!: string;
}

@InputType()
export class UpdatePersonInput extends PersonFieldsInput {
  @Field(() => ID)
  @IsUUID()
  id!: string;

  @Field(() => Int, { description: 'The version you edited; a stale one is refused with CONFLICT.' })
  @IsInt()
  @Min(1)
  version!: number;

  @Field(() => RosterStatus, { nullable: true })
  @IsOptional()
  @IsEnum(RosterStatus)
  rosterStatus?: RosterStatus;

  @Field(() => String, { nullable: true, description: 'Required when excluding (施設入所, 長期入院, 転出, 死亡…).' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_LIMITS.reason)
  rosterExcludedReason?: string | null;
}

@InputType({ description: 'Roster search. All filters combine with AND.' })
export class PersonFilterInput {
  @Field({ nullable: true, description: 'Part of the name or kana.' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  text?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(/^\d{5}$/)
  municipalityCode?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(/^\d{5}-\d{2}$/)
  districtCode?: string;

  @Field(() => [SupportReason], { nullable: true })
  @IsOptional()
  @IsEnum(SupportReason, { each: true })
  needs?: SupportReason[];

  @Field(() => [MedicalDependency], { nullable: true })
  @IsOptional()
  @IsEnum(MedicalDependency, { each: true })
  medicalDependencies?: MedicalDependency[];

  @Field(() => [String], { nullable: true, description: 'DRAFT, IN_REVIEW, AGREED.' })
  @IsOptional()
  @IsArray()
  @Matches(/^(DRAFT|IN_REVIEW|AGREED)$/, { each: true })
  planStatus?: string[];

  @Field({ nullable: true, description: 'Only people without a plan yet.' })
  @IsOptional()
  @IsBoolean()
  noPlan?: boolean;

  @Field(() => RosterStatus, { nullable: true })
  @IsOptional()
  @IsEnum(RosterStatus)
  rosterStatus?: RosterStatus;
}

@ArgsType()
export class PeopleArgs {
  @Field(() => PersonFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => PersonFilterInput)
  filter?: PersonFilterInput;

  @Field(() => Int, { defaultValue: 50, description: 'Page size, 1–500.' })
  @IsInt()
  @Min(1)
  @Max(500)
  first: number = 50;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^\d{1,3}:[0-9a-f-]{36}$/, { message: 'after must be an endCursor from a previous page' })
  after?: string;
}
