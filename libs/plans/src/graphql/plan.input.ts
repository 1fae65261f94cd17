import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsObject, IsDateString, IsEnum, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested,
} from 'class-validator';
import { JSONScalar } from '@anpi/core';
import { DestinationType } from '../plan-content';

const GROUPS = ['MEDICAL', 'CARE', 'WELFARE_VOLUNTEER', 'MUNICIPAL'];

@InputType()
export class AvailabilityInput {
  @Field()
  @IsBoolean()
  day!: boolean;

  @Field()
  @IsBoolean()
  night!: boolean;
}

@InputType({ description: '避難支援等実施者: a named supporter.' })
export class SupporterInput {
  @Field(() => String, { nullable: true, description: 'Keep the key of an existing supporter; omit for a new one.' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  key?: string | null;

  @Field({ description: 'Name or organisation name.' })
  @IsString()
  @MaxLength(100)
  @Matches(/\S/, { message: 'name must not be empty' })
  name!: string;

  @Field({ description: '続柄 or role: 長男, 近隣住民, 町会, 民生委員…' })
  @IsString()
  @MaxLength(50)
  relation!: string;

  @Field({ description: 'MEDICAL, CARE, WELFARE_VOLUNTEER or MUNICIPAL.' })
  @IsIn(GROUPS)
  responderGroup!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  phone?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  address?: string | null;

  @Field(() => ID, { nullable: true, description: "The supporter's own Anpi account, if any." })
  @IsOptional()
  @IsUUID()
  accountId?: string | null;

  @Field(() => AvailabilityInput)
  @ValidateNested()
  @Type(() => AvailabilityInput)
  availability!: AvailabilityInput;
}

@InputType()
export class DestinationInput {
  @Field(() => DestinationType)
  @IsEnum(DestinationType)
  type!: DestinationType;

  @Field(() => String, { nullable: true, description: 'GSI id of the shelter, for shelter destinations.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  shelterId?: string | null;

  @Field({ description: 'Name shown on the plan (filled from the shelter when one is chosen).' })
  @IsString()
  @MaxLength(200)
  name!: string;

  @Field({ description: 'Arranged in advance (e.g. direct evacuation to a welfare shelter).' })
  @IsBoolean()
  preArranged!: boolean;
}

@InputType({ description: 'An evacuation route drawn on the map.' })
export class RouteInput {
  @Field(() => JSONScalar, { description: 'GeoJSON LineString, at most 500 vertices, inside Japan.' })
  @IsObject({ message: 'geometry must be a GeoJSON LineString object' })
  geometry!: unknown;

  @Field()
  @IsString()
  @MaxLength(1000)
  description!: string;
}

@InputType()
export class EmergencyContactInput {
  @Field()
  @IsString()
  @MaxLength(100)
  @Matches(/\S/, { message: 'name must not be empty' })
  name!: string;

  @Field()
  @IsString()
  @MaxLength(50)
  relation!: string;

  @Field()
  @IsString()
  @MaxLength(20)
  phone!: string;
}

@InputType({ description: 'ケアマネ, 訪問看護, 在宅医 and other professionals around the person.' })
export class CareProfessionalInput {
  @Field({ description: 'CARE_MANAGER, VISITING_NURSE, HOME_CARE_DOCTOR or OTHER.' })
  @IsIn(['CARE_MANAGER', 'VISITING_NURSE', 'HOME_CARE_DOCTOR', 'OTHER'])
  role!: string;

  @Field()
  @IsString()
  @MaxLength(100)
  @Matches(/\S/, { message: 'name must not be empty' })
  name!: string;

  @Field()
  @IsString()
  @MaxLength(200)
  organisation!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  phone?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  accountId?: string | null;
}

@InputType({ description: 'Medical-device plan (class M): device, settings, batteries, backup power.' })
export class MedicalDeviceInput {
  @Field({ description: 'VENTILATOR, OXYGEN, SUCTION, …' })
  @IsIn(['VENTILATOR', 'OXYGEN', 'SUCTION', 'DIALYSIS', 'TUBE_FEEDING', 'OTHER_DEVICE'])
  device!: string;

  @Field()
  @IsString()
  @MaxLength(500)
  settingsSummary!: string;

  @Field(() => Float, { description: 'Hours on the internal battery (0–200).' })
  @IsNumber()
  @Min(0)
  @Max(200)
  internalBatteryHours!: number;

  @Field(() => [Float], { description: 'Hours of each external battery (0–200 each, at most 10).' })
  @IsArray()
  @ArrayMaxSize(10)
  @IsNumber({}, { each: true })
  @Min(0, { each: true })
  @Max(200, { each: true })
  externalBatteryHours!: number[];

  @Field(() => String, { nullable: true, description: 'Generator, car inverter, …' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  backupPower?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  oxygenSupplier?: string | null;

  @Field({ nullable: true, description: 'Registered with the power company for priority restoration.' })
  @IsOptional()
  @IsBoolean()
  powerCompanyRegistered?: boolean;
}

@InputType({ description: 'The whole content of a plan revision.' })
export class PlanContentInput {
  @Field(() => [SupporterInput])
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => SupporterInput)
  supporters!: SupporterInput[];

  @Field(() => DestinationInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => DestinationInput)
  destination?: DestinationInput | null;

  @Field(() => [RouteInput], { defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => RouteInput)
  routes: RouteInput[] = [];

  @Field(() => String, { nullable: true, description: '避難開始のタイミング, e.g. 警戒レベル3 高齢者等避難.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  evacuationTrigger?: string | null;

  @Field(() => String, { nullable: true, description: '徒歩, 車いす, ストレッチャー, 車両, 福祉タクシー…' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  transport?: string | null;

  @Field(() => String, { nullable: true, description: '避難時の配慮事項.' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  careNotes?: string | null;

  @Field(() => [EmergencyContactInput], { defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => EmergencyContactInput)
  emergencyContacts: EmergencyContactInput[] = [];

  @Field(() => [CareProfessionalInput], { defaultValue: [] })
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => CareProfessionalInput)
  careProfessionals: CareProfessionalInput[] = [];

  @Field(() => [MedicalDeviceInput], { nullable: true, description: 'Omit (or null) to leave the device plan as it is — what someone without device access must do.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => MedicalDeviceInput)
  medicalDevices?: MedicalDeviceInput[] | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  thingsToBring?: string | null;
}

@InputType()
export class SavePlanInput {
  @Field(() => ID)
  @IsUUID()
  personId!: string;

  @Field(() => Int, { description: 'The revision you edited (0 for a new plan). A stale one is refused with CONFLICT.' })
  @IsInt()
  @Min(0)
  baseRevision!: number;

  @Field(() => PlanContentInput)
  @ValidateNested()
  @Type(() => PlanContentInput)
  content!: PlanContentInput;

  @Field(() => String, { nullable: true, description: 'Next review date, YYYY-MM-DD.' })
  @IsOptional()
  @IsDateString({ strict: true })
  nextReviewAt?: string | null;

  @Field(() => String, { nullable: true, description: 'What this save changes, for the history.' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  comment?: string | null;
}

@InputType()
export class PlanRevisionRefInput {
  @Field(() => ID)
  @IsUUID()
  personId!: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  revision!: number;
}

@InputType()
export class PlanCommentInput extends PlanRevisionRefInput {
  @Field()
  @IsString()
  @MaxLength(2000)
  @Matches(/\S/, { message: 'body must not be empty' })
  body!: string;
}

