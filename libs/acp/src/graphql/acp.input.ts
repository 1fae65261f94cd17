import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsDate, IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, Max, Min, ValidateNested,
} from 'class-validator';
import {
  AcpCapacityStatus, AcpChoice, AcpDisclosurePreference, AcpIntervention, AcpParticipantRole, AcpPlace, AcpScenario, AcpValue,
  PhysicianOrderCode, PhysicianOrderKind, PhysicianOrderStatus,
} from '../acp.enums';
import { ACP_LIMITS } from '../acp-content';

// Required-ness and text limits are checked by validateAcpDiscussion (one place, with field paths);
// these decorators check types and shapes at the edge.

@InputType({ description: 'Someone who took part in the discussion. role and name are required; relation for family and others.' })
export class AcpParticipantInput {
  @Field(() => AcpParticipantRole, { nullable: true, description: 'Their role. Required.' })
  @IsOptional()
  @IsEnum(AcpParticipantRole)
  role?: AcpParticipantRole;

  @Field(() => String, { nullable: true, description: 'Name. Required; at most 100 characters.' })
  @IsOptional()
  @IsString()
  name?: string;

  @Field(() => String, { nullable: true, description: 'Relation to the person (続柄); required for FAMILY and OTHER.' })
  @IsOptional()
  @IsString()
  relation?: string | null;

  @Field(() => ID, { nullable: true, description: 'Their Anpi account, if any.' })
  @IsOptional()
  @IsUUID()
  accountId?: string | null;
}

@InputType({ description: 'One treatment wish in one situation. intervention, scenario and choice are required.' })
export class AcpPreferenceInput {
  @Field(() => AcpIntervention, { nullable: true, description: 'The treatment. Required.' })
  @IsOptional()
  @IsEnum(AcpIntervention)
  intervention?: AcpIntervention;

  @Field(() => AcpScenario, { nullable: true, description: 'The situation. Required; each treatment once per scenario.' })
  @IsOptional()
  @IsEnum(AcpScenario)
  scenario?: AcpScenario;

  @Field(() => AcpChoice, { nullable: true, description: 'What the person wants. Required.' })
  @IsOptional()
  @IsEnum(AcpChoice)
  choice?: AcpChoice;

  @Field(() => String, { nullable: true, description: 'The person’s words or conditions; at most 4,000 characters.' })
  @IsOptional()
  @IsString()
  note?: string | null;
}

@InputType({ description: 'A surrogate (本人の意思を推定する者). rank (1 or 2), name, relation and phone are required.' })
export class AcpSurrogateInput {
  @Field(() => Int, { nullable: true, description: '1 = first, 2 = alternate. Required.' })
  @IsOptional()
  @IsInt()
  rank?: number;

  @Field(() => String, { nullable: true, description: 'Name. Required.' })
  @IsOptional()
  @IsString()
  name?: string;

  @Field(() => String, { nullable: true, description: 'Relation to the person (続柄). Required.' })
  @IsOptional()
  @IsString()
  relation?: string;

  @Field(() => String, { nullable: true, description: 'Japanese phone number. Required.' })
  @IsOptional()
  @IsString()
  phone?: string;

  @Field(() => String, { nullable: true, description: 'What the surrogate may decide, or limits; at most 4,000 characters.' })
  @IsOptional()
  @IsString()
  scopeNote?: string | null;
}

@InputType({ description: 'What one discussion recorded. Text fields hold at most 4,000 characters.' })
export class AcpDiscussionFieldsInput {
  @Field(() => Date, { nullable: true, description: 'When the discussion took place. Required; not in the future.' })
  @IsOptional()
  @IsDate()
  heldAt?: Date | null;

  @Field(() => ID, { nullable: true, description: 'Account of the facilitator, a member of the person’s care team. Required.' })
  @IsOptional()
  @IsUUID()
  facilitatorAccountId?: string | null;

  @Field(() => String, { nullable: true, description: 'Where it took place.' })
  @IsOptional()
  @IsString()
  place?: string | null;

  @Field(() => [AcpParticipantInput], { nullable: true, description: 'Who took part; at least one unless declined.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ACP_LIMITS.participants)
  @ValidateNested({ each: true })
  @Type(() => AcpParticipantInput)
  participants?: AcpParticipantInput[] | null;

  @Field(() => AcpCapacityStatus, { nullable: true, description: 'Whether the person could express their will. Required unless declined.' })
  @IsOptional()
  @IsEnum(AcpCapacityStatus)
  capacityStatus?: AcpCapacityStatus | null;

  @Field(() => [AcpValue], { nullable: true, description: 'What matters to the person (checklist).' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ACP_LIMITS.values)
  @IsEnum(AcpValue, { each: true })
  valuesChecklist?: AcpValue[] | null;

  @Field(() => String, { nullable: true, description: 'What matters to the person, in their own words.' })
  @IsOptional()
  @IsString()
  valuesText?: string | null;

  @Field(() => AcpPlace, { nullable: true, description: 'Preferred place of care.' })
  @IsOptional()
  @IsEnum(AcpPlace)
  preferredPlaceOfCare?: AcpPlace | null;

  @Field(() => AcpPlace, { nullable: true, description: 'Preferred place of death.' })
  @IsOptional()
  @IsEnum(AcpPlace)
  preferredPlaceOfDeath?: AcpPlace | null;

  @Field(() => String, { nullable: true, description: 'Notes on the places.' })
  @IsOptional()
  @IsString()
  placeNote?: string | null;

  @Field(() => AcpDisclosurePreference, { nullable: true, description: 'Wish to be told the diagnosis and prognosis.' })
  @IsOptional()
  @IsEnum(AcpDisclosurePreference)
  disclosurePreference?: AcpDisclosurePreference | null;

  @Field(() => [AcpPreferenceInput], { nullable: true, description: 'Treatment wishes by scenario.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ACP_LIMITS.preferences)
  @ValidateNested({ each: true })
  @Type(() => AcpPreferenceInput)
  preferences?: AcpPreferenceInput[] | null;

  @Field(() => [AcpSurrogateInput], { nullable: true, description: 'Surrogates; omit when not discussed, [] when discussed and nobody named.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2)
  @ValidateNested({ each: true })
  @Type(() => AcpSurrogateInput)
  surrogates?: AcpSurrogateInput[] | null;

  @Field(() => String, { nullable: true, description: 'Comfort wishes (苦痛緩和).' })
  @IsOptional()
  @IsString()
  comfortWishes?: string | null;

  @Field(() => String, { nullable: true, description: 'Spiritual wishes and faith.' })
  @IsOptional()
  @IsString()
  spiritualWishes?: string | null;

  @Field(() => String, { nullable: true, description: 'After-death wishes (臓器提供・葬儀).' })
  @IsOptional()
  @IsString()
  afterDeathWishes?: string | null;

  @Field(() => String, { nullable: true, description: 'What should trigger the next review.' })
  @IsOptional()
  @IsString()
  nextReviewTrigger?: string | null;

  @Field(() => String, { nullable: true, description: 'Planned next review date, YYYY-MM-DD.' })
  @IsOptional()
  @IsString()
  nextReviewOn?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'The person declined ACP this time; then nothing else is required, and no wish may be recorded beside it.' })
  @IsOptional()
  @IsBoolean()
  declined?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Note on the refusal (declined discussions only).' })
  @IsOptional()
  @IsString()
  declinedNote?: string | null;
}

@InputType({ description: 'A new ACP discussion record. personId, heldAt and facilitatorAccountId are required.' })
export class RecordAcpDiscussionInput extends AcpDiscussionFieldsInput {
  @Field(() => ID, { nullable: true, description: 'The person the discussion was about. Required.' })
  @IsOptional()
  @IsUUID()
  personId?: string | null;
}

@InputType({ description: 'A correction: a complete new record replacing the one it points at, with a reason. The earlier record stays in the history.' })
export class CorrectAcpDiscussionInput extends AcpDiscussionFieldsInput {
  @Field(() => ID, { nullable: true, description: 'The record this corrects (the latest version of its chain). Required.' })
  @IsOptional()
  @IsUUID()
  correctsId?: string | null;

  @Field(() => String, { nullable: true, description: 'Why the earlier record was wrong. Required; at most 4,000 characters.' })
  @IsOptional()
  @IsString()
  reason?: string | null;
}

@InputType({ description: 'A physician order; only home-care doctors in the person’s care team may record one.' })
export class RecordPhysicianOrderInput {
  @Field(() => ID, { description: 'The person the order is for.' })
  @IsUUID()
  personId!: string;

  @Field(() => PhysicianOrderKind, { description: 'Kind of order.' })
  @IsEnum(PhysicianOrderKind)
  kind!: PhysicianOrderKind;

  @Field(() => PhysicianOrderCode, { description: 'What is ordered; must belong to the kind.' })
  @IsEnum(PhysicianOrderCode)
  code!: PhysicianOrderCode;

  @Field(() => PhysicianOrderStatus, { nullable: true, description: 'ACTIVE (default) or WITHDRAWN to end the order of this kind.' })
  @IsOptional()
  @IsEnum(PhysicianOrderStatus)
  status?: PhysicianOrderStatus | null;

  @Field(() => String, { nullable: true, description: 'Instructions (required for ADDITIONAL orders); at most 4,000 characters.' })
  @IsOptional()
  @IsString()
  instructions?: string | null;

  @Field(() => Date, { description: 'When the doctor gave the order; not in the future.' })
  @IsDate()
  orderedAt!: Date;

  @Field(() => ID, { nullable: true, description: 'The discussion the order was based on, if any.' })
  @IsOptional()
  @IsUUID()
  basisDiscussionId?: string | null;
}

@ArgsType()
export class AcpDiscussionsArgs {
  @Field(() => ID, { description: 'The person.' })
  @IsUUID()
  personId!: string;

  @Field(() => Int, { defaultValue: 20, description: 'Page size, 1–500 (the operation complexity limit applies: full records come a few at a time).' })
  @IsInt()
  @Min(1)
  @Max(500)
  first: number = 20;

  @Field(() => String, { nullable: true, description: 'The `cursor` of the last record of the previous page.' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z_[0-9a-f-]{36}$/, { message: 'after must be the cursor of a discussion from a previous page' })
  after?: string;
}
