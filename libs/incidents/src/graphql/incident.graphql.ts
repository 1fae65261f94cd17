import { Extensions, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDate, IsEnum, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { JSONScalar } from '@anpi/core';
import { IncidentKind, IncidentStatus } from '../incident.entity';

registerEnumType(IncidentKind, { name: 'IncidentKind' });
registerEnumType(IncidentStatus, { name: 'IncidentStatus' });

@ObjectType('IncidentAreaPart', { description: 'A whole municipality, or a polygon.' })
export class IncidentAreaPartModel {
  @Field()
  kind!: string;

  @Field(() => String, { nullable: true })
  municipalityCode!: string | null;

  @Field(() => JSONScalar, { nullable: true, description: 'GeoJSON MultiPolygon for polygon parts.' })
  geometry!: unknown;

  @Field(() => Int)
  areaVersion!: number;
}

@ObjectType('DisasterDisclosure', { description: 'The municipality\'s decision to share roster and plan data without consent for this incident (49-11(3), 49-15(3)). Never covers ACP.' })
export class DisasterDisclosureModel {
  @Field(() => ID)
  id!: string;

  @Field()
  reason!: string;

  @Field(() => ID)
  decidedBy!: string;

  @Field()
  decidedAt!: Date;

  @Field()
  expiresAt!: Date;

  @Field(() => Date, { nullable: true })
  endedAt!: Date | null;

  @Field({ description: 'On now (not ended, not expired, incident active).' })
  active!: boolean;
}

@ObjectType('Incident', { description: 'A declared incident (災害事案). Drills are marked isDrill and kept apart.' })
export class IncidentModel {
  @Field(() => ID)
  id!: string;

  @Field(() => IncidentKind)
  kind!: IncidentKind;

  @Field()
  title!: string;

  @Field({ description: '訓練: a drill, never mixed with real incidents.' })
  isDrill!: boolean;

  @Field(() => IncidentStatus)
  status!: IncidentStatus;

  @Field()
  declaredAt!: Date;

  @Field(() => Date, { nullable: true })
  closedAt!: Date | null;

  @Field({ description: 'MANUAL, JMA or CAP.' })
  source!: string;

  @Field(() => Int)
  expectedOutageHours!: number;

  @Field(() => Int)
  areaVersion!: number;

  @Field({ description: 'PENDING, RUNNING or DONE.' })
  generationStatus!: string;

  @Extensions({ maxItems: 70 })
  @Field(() => [IncidentAreaPartModel])
  area!: IncidentAreaPartModel[];

  @Extensions({ maxItems: 20 })
  @Field(() => [DisasterDisclosureModel], { description: 'Disclosure decisions, newest first.' })
  disclosures!: DisasterDisclosureModel[];
}

@InputType({ description: 'Disaster disclosure to switch on together with the declaration.' })
export class DisclosureInput {
  @Field({ description: 'Why (the determination of necessity).' })
  @IsString()
  @Length(1, 1000)
  reason!: string;

  @Field({ description: 'When it ends by itself (at most 14 days ahead).' })
  @Type(() => Date)
  @IsDate()
  expiresAt!: Date;
}

@InputType()
export class AreaFields {
  @Field(() => [String], { nullable: true, description: 'Whole municipalities by JIS code.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^\d{5}$/, { each: true, message: 'each municipality code must have five digits' })
  municipalityCodes?: string[];

  @Field(() => [JSONScalar], { nullable: true, description: 'GeoJSON Polygon or MultiPolygon objects (closed rings, ≤ 5,000 vertices in all, inside Japan).' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  polygons?: unknown[];
}

@InputType()
export class DeclareIncidentInput extends AreaFields {
  @Field(() => IncidentKind)
  @IsEnum(IncidentKind)
  kind!: IncidentKind;

  @Field()
  @IsString()
  @Length(1, 200)
  title!: string;

  @Field({ defaultValue: false })
  @IsBoolean()
  isDrill: boolean = false;

  @Field(() => Int, { nullable: true, description: 'Hours until power is expected back (default 12).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(720)
  expectedOutageHours?: number;

  @Field(() => DisclosureInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => DisclosureInput)
  disclosure?: DisclosureInput | null;
}

@InputType()
export class ExtendIncidentAreaInput extends AreaFields {
  @Field(() => ID)
  @IsUUID()
  incidentId!: string;
}

@InputType()
export class SetDisasterDisclosureInput {
  @Field(() => ID)
  @IsUUID()
  incidentId!: string;

  @Field()
  @IsBoolean()
  on!: boolean;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  expiresAt?: Date | null;
}

export enum AlertFormat {
  JMA = 'JMA',
  CAP = 'CAP',
}
registerEnumType(AlertFormat, { name: 'AlertFormat', description: 'JMA disaster-information XML (seismic intensity) or OASIS CAP 1.2.' });

@InputType()
export class AlertInput {
  @Field(() => AlertFormat)
  @IsEnum(AlertFormat)
  format!: AlertFormat;

  @Field({ description: 'The alert document as received (at most 500,000 characters).' })
  @IsString()
  @MaxLength(500000)
  xml!: string;

  @Field({ defaultValue: '5-', description: 'JMA: the lowest seismic intensity (1, 2, 3, 4, 5-, 5+, 6-, 6+, 7) that makes a municipality affected.' })
  @Matches(/^(1|2|3|4|5-|5\+|6-|6\+|7)$/, { message: 'minIntensity must be one of 1, 2, 3, 4, 5-, 5+, 6-, 6+, 7' })
  minIntensity: string = '5-';

  @Field(() => DisclosureInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => DisclosureInput)
  disclosure?: DisclosureInput | null;
}

@ObjectType('AlertProposal', { description: 'What an alert would declare; nothing is created until declareIncidentFromAlert.' })
export class AlertProposalModel {
  @Field()
  source!: string;

  @Field()
  sourceRef!: string;

  @Field(() => IncidentKind)
  kind!: IncidentKind;

  @Field()
  title!: string;

  @Field()
  isDrill!: boolean;

  @Field({ description: 'The alert withdraws an earlier one (取消 / Cancel).' })
  cancellation!: boolean;

  @Field(() => [String], { description: 'Affected municipalities among yours.' })
  municipalityCodes!: string[];

  @Extensions({ maxItems: 20 })
  @Field(() => [JSONScalar])
  polygons!: unknown[];

  @Field(() => [String], { description: '震度５弱以上未入電: no reading yet, counted as affected.' })
  unreportedAtLeast5Lower!: string[];

  @Field(() => String, { nullable: true })
  headline!: string | null;
}
