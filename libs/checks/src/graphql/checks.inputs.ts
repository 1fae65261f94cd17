import { ArgsType, Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDate, IsEnum, IsIn, IsInt, IsLatitude, IsLongitude, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CheckOutcome, TaskStatus } from '../task-status';

@InputType({ description: 'One safety check, as ticked on the phone (possibly offline, replayed later).' })
export class RecordCheckInput {
  @Field(() => ID)
  @IsUUID()
  taskId!: string;

  @Field(() => CheckOutcome)
  @IsEnum(CheckOutcome)
  outcome!: CheckOutcome;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string | null;

  @Field({ description: 'When the responder observed it (device time).' })
  @Type(() => Date)
  @IsDate()
  observedAt!: Date;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsLatitude()
  lat?: number | null;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsLongitude()
  lng?: number | null;

  @Field(() => String, { nullable: true, description: 'The shelter the person went to (EVACUATED).' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  shelterId?: string | null;

  @Field(() => ID, { description: 'Made on the device when the responder taps; a replay with the same id counts once.' })
  @IsUUID()
  clientEventId!: string;
}

@InputType()
export class TaskFilterInput {
  @Field({ nullable: true, description: 'Only tasks named to me, claimed by me, or in my pools.' })
  @IsOptional()
  mine?: boolean;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4)
  @IsIn(['MEDICAL', 'CARE', 'WELFARE_VOLUNTEER', 'MUNICIPAL'], { each: true })
  groups?: string[];

  @Field(() => [TaskStatus], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(TaskStatus, { each: true })
  statuses?: TaskStatus[];

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  minPriority?: number;

  @Field({ nullable: true, description: 'true: only tasks handed to the municipal coordinators after their due time; false: only the others.' })
  @IsOptional()
  @IsBoolean()
  escalated?: boolean;

  @Field({ nullable: true, description: 'true: only tasks a coordinator should look at; false: only the others.' })
  @IsOptional()
  @IsBoolean()
  needsReview?: boolean;

  @Field({ nullable: true, description: 'true: only tasks still unchecked past their due time; false: only the others.' })
  @IsOptional()
  @IsBoolean()
  overdue?: boolean;
}

@InputType({ description: 'Narrows the map like the task list; applies to points and clusters alike.' })
export class MapFilterInput {
  @Field({ nullable: true, description: 'Only people with a task named to me, claimed by me, or in my pools.' })
  @IsOptional()
  @IsBoolean()
  mine?: boolean;

  @Field(() => [String], { nullable: true, description: 'Only people with a task of these groups; their status and priority are those of these tasks.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4)
  @IsIn(['MEDICAL', 'CARE', 'WELFARE_VOLUNTEER', 'MUNICIPAL'], { each: true })
  groups?: string[];

  @Field(() => [TaskStatus], { nullable: true, description: 'Only people whose worst status is one of these.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(9)
  @IsEnum(TaskStatus, { each: true })
  statuses?: TaskStatus[];

  @Field(() => Int, { nullable: true, description: 'Only people whose highest task priority is at least this.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  minPriority?: number;
}

@ArgsType()
export class TasksArgs {
  @Field(() => ID)
  @IsUUID()
  incidentId!: string;

  @Field(() => TaskFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => TaskFilterInput)
  filter?: TaskFilterInput;

  @Field(() => Int, { defaultValue: 50, description: 'Page size, 1–200.' })
  @IsInt()
  @Min(1)
  @Max(200)
  first: number = 50;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^\d{1,3}:[0-9a-f-]{36}$/, { message: 'after must be an endCursor from a previous page' })
  after?: string;
}

@ArgsType()
export class IncidentMapArgs {
  @Field(() => ID)
  @IsUUID()
  incidentId!: string;

  @Field(() => [Float], { nullable: true, description: '[west, south, east, north] in degrees.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4)
  bbox?: number[];

  @Field(() => Int, { description: 'Map zoom; below 14 the answer is clusters.' })
  @IsInt()
  @Min(0)
  @Max(22)
  zoom!: number;

  @Field(() => MapFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => MapFilterInput)
  filter?: MapFilterInput;
}
