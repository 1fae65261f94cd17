import { Extensions, Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import {
  AcpCapacityStatus, AcpChoice, AcpDisclosurePreference, AcpIntervention, AcpParticipantRole, AcpPlace, AcpScenario, AcpTopic, AcpValue,
  PhysicianOrderCode, PhysicianOrderKind, PhysicianOrderStatus, labelOf,
} from '../acp.enums';
import { ACP_LIMITS } from '../acp-content';
import { URGENT_INTERVENTIONS } from '../emergency-summary';

/** Each enum value described by its Japanese label (or, without one, its own name in words). */
const described = (e: Record<string, string>) =>
  Object.fromEntries(Object.values(e).map((v) => [v, { description: labelOf(v) === v ? v.toLowerCase().replace(/_/g, ' ') : labelOf(v) }]));

registerEnumType(AcpIntervention, { name: 'AcpIntervention', valuesMap: described(AcpIntervention), description: 'Treatments a person states a wish about (延命治療等): CPR, intubation/ventilation, tube feeding, PEG, TPN, IV hydration, dialysis, hospital transfer, ICU, surgery, antibiotics.' });
registerEnumType(AcpScenario, { name: 'AcpScenario', valuesMap: described(AcpScenario), description: 'The situation a wish applies to: 回復見込みあり, 回復見込みなし, 老衰, 急変, or any situation.' });
registerEnumType(AcpChoice, { name: 'AcpChoice', valuesMap: described(AcpChoice), description: 'What the person wants: 希望する, 希望しない, 期間を決めて試す, 代理人に任せる, 未定.' });
registerEnumType(AcpCapacityStatus, { name: 'AcpCapacityStatus', valuesMap: described(AcpCapacityStatus), description: 'Whether the person could express their will at the discussion (意思表示の可否).' });
registerEnumType(AcpPlace, { name: 'AcpPlace', valuesMap: described(AcpPlace), description: 'Preferred place of care or of death: 自宅, 介護施設, 病院, 緩和ケア病棟, その他, 未定.' });
registerEnumType(AcpDisclosurePreference, { name: 'AcpDisclosurePreference', valuesMap: described(AcpDisclosurePreference), description: 'Wish to be told the diagnosis and prognosis (病名・余命の告知希望).' });
registerEnumType(AcpParticipantRole, { name: 'AcpParticipantRole', valuesMap: described(AcpParticipantRole), description: 'Role of someone who took part in a discussion.' });
registerEnumType(AcpValue, { name: 'AcpValue', valuesMap: described(AcpValue), description: 'What matters to the person (価値観シート checklist).' });
registerEnumType(AcpTopic, { name: 'AcpTopic', valuesMap: described(AcpTopic), description: 'A topic whose current stance and history are derived from the discussions.' });
registerEnumType(PhysicianOrderKind, { name: 'PhysicianOrderKind', valuesMap: described(PhysicianOrderKind), description: 'Kind of physician order (POLST-like portable medical order).' });
registerEnumType(PhysicianOrderCode, { name: 'PhysicianOrderCode', valuesMap: described(PhysicianOrderCode), description: 'What the physician ordered; each code belongs to one kind (DNAR is DO_NOT_ATTEMPT_RESUSCITATION of kind CPR).' });
registerEnumType(PhysicianOrderStatus, { name: 'PhysicianOrderStatus', valuesMap: described(PhysicianOrderStatus), description: 'ACTIVE orders are in force until replaced; WITHDRAWN ends the order of that kind.' });

@ObjectType('AcpParticipant', { description: 'Someone who took part in an ACP discussion (参加者).' })
export class AcpParticipantModel {
  @Field(() => AcpParticipantRole, { description: 'Their role in the discussion.' })
  role!: AcpParticipantRole;

  @Field({ description: 'Name as given.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Relation to the person (続柄) for family and others.' })
  relation!: string | null;

  @Field(() => ID, { nullable: true, description: 'Their Anpi account, when they have one.' })
  accountId!: string | null;
}

@ObjectType('AcpPreference', { description: 'One stated wish about one treatment in one situation.' })
export class AcpPreferenceModel {
  @Field(() => AcpIntervention, { description: 'The treatment.' })
  intervention!: AcpIntervention;

  @Field(() => AcpScenario, { description: 'The situation the wish applies to.' })
  scenario!: AcpScenario;

  @Field(() => AcpChoice, { description: 'What the person wants.' })
  choice!: AcpChoice;

  @Field(() => String, { nullable: true, description: 'The person’s own words or conditions.' })
  note!: string | null;
}

@ObjectType('AcpSurrogate', { description: 'A surrogate (本人の意思を推定する者), ranked 1 (first) or 2 (alternate).' })
export class AcpSurrogateModel {
  @Field(() => Int, { description: '1 = first, 2 = alternate.' })
  rank!: number;

  @Field({ description: 'Name.' })
  name!: string;

  @Field({ description: 'Relation to the person (続柄).' })
  relation!: string;

  @Field({ description: 'Phone number, normalised.' })
  phone!: string;

  @Field(() => String, { nullable: true, description: 'What the surrogate may decide, or limits the person set.' })
  scopeNote!: string | null;
}

@ObjectType('AcpDiscussion', { description: 'One ACP discussion (人生会議記録): an immutable record of one conversation. Corrections are new records.' })
export class AcpDiscussionModel {
  @Field(() => ID, { description: 'Record id.' })
  id!: string;

  @Field(() => ID, { description: 'The person the discussion was about.' })
  personId!: string;

  @Field({ description: 'When the discussion took place.' })
  heldAt!: Date;

  @Field(() => String, { nullable: true, description: 'Where it took place.' })
  place!: string | null;

  @Field(() => ID, { description: 'Account of the facilitator.' })
  facilitatorAccountId!: string;

  @Field(() => String, { nullable: true, description: 'Display name of the facilitator.' })
  facilitatorName!: string | null;

  @Field(() => ID, { description: 'Account that recorded it.' })
  recordedBy!: string;

  @Field({ description: 'When it was recorded.' })
  recordedAt!: Date;

  @Extensions({ maxItems: ACP_LIMITS.participants }) // refused above this when recorded
  @Field(() => [AcpParticipantModel], { description: 'Who took part.' })
  participants!: AcpParticipantModel[];

  @Field(() => AcpCapacityStatus, { nullable: true, description: 'Whether the person could express their will; null for a declined discussion that did not assess it.' })
  capacityStatus!: AcpCapacityStatus | null;

  @Field(() => [AcpValue], { description: 'What matters to the person (checklist).' })
  valuesChecklist!: AcpValue[];

  @Field(() => String, { nullable: true, description: 'What matters to the person, in their own words.' })
  valuesText!: string | null;

  @Field(() => AcpPlace, { nullable: true, description: 'Preferred place of care; null when not discussed.' })
  preferredPlaceOfCare!: AcpPlace | null;

  @Field(() => AcpPlace, { nullable: true, description: 'Preferred place of death; null when not discussed.' })
  preferredPlaceOfDeath!: AcpPlace | null;

  @Field(() => String, { nullable: true, description: 'Notes on the places.' })
  placeNote!: string | null;

  @Field(() => AcpDisclosurePreference, { nullable: true, description: 'Wish to be told the diagnosis and prognosis.' })
  disclosurePreference!: AcpDisclosurePreference | null;

  @Field(() => [AcpPreferenceModel], { description: 'Treatment wishes by scenario.' })
  preferences!: AcpPreferenceModel[];

  @Extensions({ maxItems: 2 }) // a first surrogate and an alternate; refused above this when recorded
  @Field(() => [AcpSurrogateModel], { nullable: true, description: 'Surrogates named; null when not discussed, empty when discussed and nobody named.' })
  surrogates!: AcpSurrogateModel[] | null;

  @Field(() => String, { nullable: true, description: 'Comfort wishes (苦痛緩和).' })
  comfortWishes!: string | null;

  @Field(() => String, { nullable: true, description: 'Spiritual wishes and faith (信仰).' })
  spiritualWishes!: string | null;

  @Field(() => String, { nullable: true, description: 'After-death wishes (臓器提供・葬儀).' })
  afterDeathWishes!: string | null;

  @Field(() => String, { nullable: true, description: 'What should trigger the next review (入退院, 病状変化…).' })
  nextReviewTrigger!: string | null;

  @Field(() => String, { nullable: true, description: 'Planned next review date, YYYY-MM-DD.' })
  nextReviewOn!: string | null;

  @Field({ description: 'The person declined ACP this time; a valid record, respected as such.' })
  declined!: boolean;

  @Field(() => String, { nullable: true, description: 'Note on the refusal.' })
  declinedNote!: string | null;

  @Field(() => ID, { nullable: true, description: 'The record this one corrects.' })
  correctsId!: string | null;

  @Field(() => String, { nullable: true, description: 'Why the corrected record was wrong.' })
  correctionReason!: string | null;

  @Field(() => ID, { nullable: true, description: 'The correction that superseded this record; null while it is in force.' })
  supersededById!: string | null;

  @Field({ description: 'Pass as `after` to acpDiscussions for the discussions before this one.' })
  cursor!: string;
}

@ObjectType('AcpStatement', { description: 'What the person said about one topic, with when and before whom.' })
export class AcpStatementModel {
  @Field(() => AcpTopic, { description: 'The topic.' })
  topic!: AcpTopic;

  @Field({ description: 'Stable key of the topic, e.g. TREATMENT:CPR:NO_RECOVERY_EXPECTED.' })
  key!: string;

  @Field(() => AcpIntervention, { nullable: true, description: 'For treatment wishes: the treatment.' })
  intervention!: AcpIntervention | null;

  @Field(() => AcpScenario, { nullable: true, description: 'For treatment wishes: the situation.' })
  scenario!: AcpScenario | null;

  @Field(() => AcpChoice, { nullable: true, description: 'For treatment wishes: the choice.' })
  choice!: AcpChoice | null;

  @Field(() => AcpPlace, { nullable: true, description: 'For place topics: the place.' })
  place!: AcpPlace | null;

  @Field(() => AcpDisclosurePreference, { nullable: true, description: 'For the disclosure topic: the wish.' })
  disclosure!: AcpDisclosurePreference | null;

  @Field(() => [AcpValue], { description: 'For the values topic: the checklist.' })
  values!: AcpValue[];

  @Field(() => String, { nullable: true, description: 'Free text of the statement (values, comfort, spiritual, after death); for surrogates, who was named, by rank.' })
  text!: string | null;

  @Field(() => String, { nullable: true, description: 'Note attached to the statement.' })
  note!: string | null;


  @Field(() => ID, { description: 'The discussion that made the statement.' })
  discussionId!: string;

  @Field({ description: 'When that discussion took place.' })
  heldAt!: Date;

  @Field(() => ID, { description: 'Facilitator of that discussion.' })
  facilitatorAccountId!: string;

  @Field(() => String, { nullable: true, description: 'Display name of the facilitator.' })
  facilitatorName!: string | null;

  @Field(() => [AcpParticipantRole], { description: 'Roles of the people present (本人, 家族等, 医師…).' })
  presentRoles!: AcpParticipantRole[];

  @Field(() => [String], { description: 'Who was present, as "name（relation）".' })
  presentNames!: string[];
}

@ObjectType('AcpTimelineEntry', { description: 'One statement in the history of a topic.' })
export class AcpTimelineEntryModel extends AcpStatementModel {
  @Field({ description: 'False when the person said the same as at the previous discussion of this topic.' })
  changed!: boolean;
}

@ObjectType('PhysicianOrder', { description: 'A physician order (医師指示: DNAR, treatment scope, artificial nutrition), kept apart from the person’s wishes.' })
export class PhysicianOrderModel {
  @Field(() => ID, { description: 'Order id.' })
  id!: string;

  @Field(() => ID, { description: 'The person the order is for.' })
  personId!: string;

  @Field(() => PhysicianOrderKind, { description: 'Kind of order.' })
  kind!: PhysicianOrderKind;

  @Field(() => PhysicianOrderCode, { description: 'What was ordered.' })
  code!: PhysicianOrderCode;

  @Field(() => PhysicianOrderStatus, { description: 'ACTIVE, or WITHDRAWN (ends the order of this kind).' })
  status!: PhysicianOrderStatus;

  @Field(() => String, { nullable: true, description: 'Instructions, trial period and other details.' })
  instructions!: string | null;

  @Field({ description: 'When the doctor gave the order.' })
  orderedAt!: Date;

  @Field(() => ID, { description: 'Account of the ordering doctor.' })
  orderedByAccountId!: string;

  @Field(() => String, { nullable: true, description: 'Display name of the ordering doctor.' })
  orderedByName!: string | null;

  @Field(() => ID, { nullable: true, description: 'The discussion the order was based on, if any.' })
  basisDiscussionId!: string | null;

  @Field({ description: 'When the order was recorded in Anpi.' })
  recordedAt!: Date;
}

@ObjectType('AcpStance', { description: 'The person’s current stance per topic (latest statements, corrections applied) and how each wish changed; physician orders shown apart.' })
export class AcpStanceModel {
  @Field(() => ID, { description: 'The person.' })
  personId!: string;

  @Field(() => Int, { description: 'Discussions in force (superseded records not counted).' })
  discussionCount!: number;

  @Field(() => Date, { nullable: true, description: 'When the latest discussion in force took place.' })
  lastDiscussionAt!: Date | null;

  @Field({ description: 'The latest discussion was declined by the person; earlier statements stand as they were said.' })
  declined!: boolean;

  @Field(() => [AcpStatementModel], { description: 'The latest statement per topic.' })
  current!: AcpStatementModel[];

  @Field(() => [AcpTimelineEntryModel], { description: 'How each wish changed: every statement in force, grouped by topic key (in the order of `current`), oldest first within a key.' })
  history!: AcpTimelineEntryModel[];

  @Field(() => [AcpSurrogateModel], { description: 'Surrogates named at the latest discussion that discussed them.' })
  surrogates!: AcpSurrogateModel[];

  @Field(() => [PhysicianOrderModel], { description: 'Physician orders in force (not wishes).' })
  physicianOrders!: PhysicianOrderModel[];
}

@ObjectType('AcpEmergencyContact', { description: 'A surrogate to call in an emergency.' })
export class AcpEmergencyContactModel {
  @Field(() => Int, { description: '1 = first, 2 = alternate.' })
  rank!: number;

  @Field({ description: 'Name.' })
  name!: string;

  @Field({ description: 'Relation to the person.' })
  relation!: string;

  @Field({ description: 'Phone number.' })
  phone!: string;
}

@ObjectType('AcpUrgentWish', { description: 'A wish that matters in the next hour (resuscitation, ventilation, hospital transport).' })
export class AcpUrgentWishModel {
  @Field(() => AcpIntervention, { description: 'The treatment.' })
  intervention!: AcpIntervention;

  @Field(() => AcpScenario, { description: 'The situation.' })
  scenario!: AcpScenario;

  @Field(() => AcpChoice, { description: 'The wish.' })
  choice!: AcpChoice;

  @Field(() => String, { nullable: true, description: 'The person’s note.' })
  note!: string | null;

  @Field({ description: 'When the person said it.' })
  statedAt!: Date;
}

@ObjectType('AcpEmergencySummary', { description: 'ACP emergency summary (data class E): derived from the discussions and orders, never typed twice.' })
export class AcpEmergencySummaryModel {
  @Field(() => ID, { description: 'The person.' })
  personId!: string;

  @Extensions({ maxItems: 2 })
  @Field(() => [AcpEmergencyContactModel], { description: 'Surrogates 1 and 2 with phone.' })
  surrogates!: AcpEmergencyContactModel[];

  @Field(() => [PhysicianOrderModel], { description: 'Physician orders in force (DNAR…).' })
  physicianOrders!: PhysicianOrderModel[];

  @Extensions({ maxItems: URGENT_INTERVENTIONS.length * Object.keys(AcpScenario).length }) // one per intervention and scenario
  @Field(() => [AcpUrgentWishModel], { description: 'The person’s wishes on resuscitation, intubation/ventilation and hospital transport.' })
  urgentWishes!: AcpUrgentWishModel[];

  @Field(() => Date, { nullable: true, description: 'Date of the latest discussion.' })
  lastDiscussionAt!: Date | null;

  @Field({ description: 'The latest discussion was declined by the person.' })
  declined!: boolean;

  @Field({ description: 'No discussion is on record.' })
  noDiscussion!: boolean;
}
