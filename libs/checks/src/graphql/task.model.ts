import { Extensions, Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PersonModel } from '@anpi/people';
import { CheckOutcome, TaskStatus } from '../task-status';

registerEnumType(CheckOutcome, { name: 'CheckOutcome', description: 'What a safety check found (DOMAIN §7.6). DECEASED and MISSING are restricted.' });
registerEnumType(TaskStatus, { name: 'TaskStatus', description: 'Derived from the check events; NEEDS_HELP is sticky.' });

@ObjectType('TaskSupporter', { description: 'A named supporter of the person, as far as you may see them.' })
export class TaskSupporterModel {
  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field()
  relation!: string;

  @Field(() => String, { nullable: true })
  phone!: string | null;
}

@ObjectType('ApproximateLocation', { description: 'A location rounded to about 500 m, for people whose details you may not see.' })
export class ApproximateLocationModel {
  @Field(() => Float)
  lat!: number;

  @Field(() => Float)
  lng!: number;
}

@ObjectType('Task', { description: 'A safety-check task (安否確認) for one person and one responder group in an incident.' })
export class TaskModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  incidentId!: string;

  @Field({ description: 'MEDICAL, CARE, WELFARE_VOLUNTEER or MUNICIPAL.' })
  responderGroup!: string;

  @Field(() => TaskStatus)
  status!: TaskStatus;

  @Field(() => Int, { description: 'Send back with recordCheck to detect ticks made against an older state.' })
  statusVersion!: number;

  @Field(() => Int)
  priority!: number;

  @Field(() => [String], { description: 'Why this task comes early (priority factors).' })
  priorityFactors!: string[];

  @Field()
  dueAt!: Date;

  @Field()
  overdue!: boolean;

  @Field({ description: 'Unchecked past its due time and handed to the municipal coordinators.' })
  escalated!: boolean;

  @Field({ description: 'Assigned to you by name (you are the named supporter or care professional).' })
  assignedToMe!: boolean;

  @Field({ description: 'In a pool (not assigned to a named account).' })
  inPool!: boolean;

  @Field(() => String, { nullable: true })
  claimedBy!: string | null;

  /** Resolved on demand (TaskFieldsResolver). */
  claimedByName!: string | null;

  @Field(() => Date, { nullable: true })
  claimedUntil!: Date | null;

  @Field({ description: 'A coordinator should look (stale report after "needs help", tick after reassignment).' })
  needsReview!: boolean;

  @Field(() => Int)
  eventCount!: number;

  @Field(() => Date, { nullable: true })
  lastEventAt!: Date | null;

  @Field()
  isDrill!: boolean;

  @Field()
  municipalityCode!: string;

  @Field(() => String, { nullable: true })
  districtCode!: string | null;

  // person, approximateLocation and supporters are resolved on demand, per request and batched, through the
  // access policy (TaskFieldsResolver): a tick that selects none of them reads no personal data.
  person!: PersonModel | null;

  approximateLocation!: ApproximateLocationModel | null;

  supporters!: TaskSupporterModel[];
}

@ObjectType('TaskConnection')
export class TaskConnectionModel {
  @Field(() => [TaskModel])
  nodes!: TaskModel[];

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType('CheckEvent', { description: 'One recorded safety check (append-only).' })
export class CheckEventModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  clientEventId!: string;

  @Field(() => CheckOutcome)
  outcome!: CheckOutcome;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field(() => String, { nullable: true })
  shelterId!: string | null;

  @Field()
  observedAt!: Date;

  @Field()
  receivedAt!: Date;

  @Field(() => ID)
  accountId!: string;

  @Field(() => [String])
  flags!: string[];
}

@ObjectType('CheckResult')
export class CheckResultModel {
  @Field(() => TaskModel)
  task!: TaskModel;

  @Field(() => CheckEventModel)
  event!: CheckEventModel;

  @Field({ description: 'The same client event id was stored before; nothing new was written.' })
  replayed!: boolean;
}

@ObjectType('TaskChange', { description: 'A live task update: ids and statuses only.' })
export class TaskChangeModel {
  @Field(() => ID)
  incidentId!: string;

  @Field(() => ID, { description: 'Map points list their task ids: a client finds the marker by task, never by person.' })
  taskId!: string;

  @Field(() => TaskStatus)
  status!: TaskStatus;

  @Field(() => Int)
  statusVersion!: number;

  @Field(() => String, { nullable: true })
  claimedBy!: string | null;

  @Field(() => String, { nullable: true, description: 'Display name of the account that claimed it (a responder; nothing about the person).' })
  claimedByName!: string | null;

  @Field()
  needsReview!: boolean;

  @Field()
  at!: string;
}

@ObjectType('StatusCount')
export class StatusCountModel {
  @Field(() => TaskStatus)
  status!: TaskStatus;

  @Field(() => Int)
  count!: number;
}

@ObjectType('ProgressGroup', { description: 'Counts for one responder group or one municipality.' })
export class ProgressGroupModel {
  @Field()
  key!: string;

  @Field(() => Int)
  total!: number;

  @Field(() => Int)
  checked!: number;

  @Extensions({ maxItems: 9 })
  @Field(() => [StatusCountModel])
  byStatus!: StatusCountModel[];
}

@ObjectType('IncidentProgress')
export class IncidentProgressModel {
  @Field(() => ID)
  incidentId!: string;

  @Field(() => Int)
  total!: number;

  @Field(() => Int)
  checked!: number;

  @Field(() => Int)
  needsHelp!: number;

  @Field(() => Int)
  escalated!: number;

  @Field(() => Int)
  overdue!: number;

  @Field(() => Int)
  needsReview!: number;

  @Extensions({ maxItems: 4 })
  @Field(() => [ProgressGroupModel])
  byGroup!: ProgressGroupModel[];

  @Extensions({ maxItems: 10 })
  @Field(() => [ProgressGroupModel])
  byMunicipality!: ProgressGroupModel[];

  @Field({ description: 'Task generation state: PENDING, RUNNING or DONE.' })
  generationStatus!: string;
}

@ObjectType('MapPoint', { description: 'A person on the incident map, with the worst status of your tasks for them.' })
export class MapPointModel {
  @Field(() => ID, { nullable: true, description: 'Null when the point is approximate (details hidden).' })
  personId!: string | null;

  @Field(() => Float)
  lat!: number;

  @Field(() => Float)
  lng!: number;

  @Field({ description: 'True when the location is rounded because you may not see details.' })
  approximate!: boolean;

  @Field(() => TaskStatus)
  status!: TaskStatus;

  @Field(() => Int)
  priority!: number;

  @Field(() => [ID])
  taskIds!: string[];

  @Field({ description: 'Cannot get to a shelter (DOMAIN §8.4).' })
  cannotReachShelter!: boolean;

  @Field(() => [String], { description: 'Why: NEEDS_HELP_OR_SUPPORT and NO_SUPPORTER_CHECK_IN from the tasks; DESTINATION_NOT_OPEN and NO_WAY_TO_SHELTER from the plan, shown only when you may read the plan.' })
  cannotReachReasons!: string[];
}

@ObjectType('MapCluster', { description: 'People grouped on a grid cell at low zoom.' })
export class MapClusterModel {
  @Field(() => Float)
  lat!: number;

  @Field(() => Float)
  lng!: number;

  @Field(() => Int)
  count!: number;

  @Field(() => TaskStatus)
  worstStatus!: TaskStatus;

  @Field(() => Int)
  needsHelp!: number;

  @Field(() => Int)
  unchecked!: number;
}

@ObjectType('IncidentMap')
export class IncidentMapModel {
  @Field({ description: 'POINTS (zoomed in) or CLUSTERS (zoomed out).' })
  mode!: string;

  @Field(() => [MapPointModel])
  points!: MapPointModel[];

  @Field(() => [MapClusterModel])
  clusters!: MapClusterModel[];

  @Field({ description: 'More points than the limit matched; zoom in.' })
  truncated!: boolean;
}
