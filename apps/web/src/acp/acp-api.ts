/**
 * ACP queries and mutations (apps/api/schema.gql: acpStance, acpDiscussions, acpEmergencySummary,
 * acpSummaryPdf, recordAcpDiscussion, correctAcpDiscussion, recordPhysicianOrder).
 *
 * The API's complexity limit (5000) counts each nested list at 50 entries and the page size of a list
 * from its literal `first`: the queries here are one per screen part, and page sizes are literals.
 */
import type { ApiClient } from '../api';

export const INTERVENTIONS = ['CPR', 'INTUBATION_VENTILATION', 'HOSPITAL_TRANSFER', 'ICU', 'TUBE_FEEDING', 'PEG', 'TPN', 'IV_HYDRATION', 'DIALYSIS', 'SURGERY', 'ANTIBIOTICS'] as const;
export const SCENARIOS = ['ANY', 'NO_RECOVERY_EXPECTED', 'RECOVERY_EXPECTED', 'FRAILTY', 'SUDDEN_DETERIORATION'] as const;
export const CHOICES = ['WANTS', 'DOES_NOT_WANT', 'TRIAL', 'SURROGATE_DECIDES', 'UNDECIDED'] as const;
export const CAPACITIES = ['CAN_EXPRESS', 'PARTIALLY', 'CANNOT_EXPRESS'] as const;
export const PLACES = ['HOME', 'CARE_FACILITY', 'HOSPITAL', 'PALLIATIVE_CARE_UNIT', 'OTHER', 'UNDECIDED'] as const;
export const DISCLOSURES = ['WANTS_TO_BE_TOLD', 'DOES_NOT_WANT_TO_BE_TOLD', 'LEAVES_TO_OTHERS', 'UNDECIDED'] as const;
export const PARTICIPANT_ROLES = ['PERSON', 'FAMILY', 'DOCTOR', 'NURSE', 'CARE_MANAGER', 'CARE_WORKER', 'FACILITATOR', 'OTHER'] as const;
export const VALUES = [
  'STAYING_AT_HOME', 'TIME_WITH_FAMILY', 'FREE_FROM_PAIN', 'NOT_BURDENING_OTHERS', 'LIVING_AS_LONG_AS_POSSIBLE', 'DOING_THINGS_MYSELF',
  'EATING_BY_MOUTH', 'HOBBIES', 'FAITH', 'FRIENDS_AND_COMMUNITY',
] as const;
export const ORDER_CODES_BY_KIND = {
  CPR: ['DO_NOT_ATTEMPT_RESUSCITATION', 'ATTEMPT_RESUSCITATION'],
  INITIAL_TREATMENT: ['COMFORT_FOCUSED', 'SELECTIVE_TREATMENT', 'FULL_TREATMENT'],
  ARTIFICIAL_NUTRITION: ['NO_ARTIFICIAL_NUTRITION', 'TRIAL_ARTIFICIAL_NUTRITION', 'LONG_TERM_ARTIFICIAL_NUTRITION'],
  ADDITIONAL: ['OTHER_INSTRUCTIONS'],
} as const;

export type Intervention = (typeof INTERVENTIONS)[number];
export type Scenario = (typeof SCENARIOS)[number];
export type Choice = (typeof CHOICES)[number];
export type Capacity = (typeof CAPACITIES)[number];
export type Place = (typeof PLACES)[number];
export type Disclosure = (typeof DISCLOSURES)[number];
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];
export type Value = (typeof VALUES)[number];
export type OrderKind = keyof typeof ORDER_CODES_BY_KIND;
export type OrderCode = (typeof ORDER_CODES_BY_KIND)[OrderKind][number];

export interface Participant {
  role: ParticipantRole;
  name: string;
  relation: string | null;
  accountId: string | null;
}

export interface Preference {
  intervention: Intervention;
  scenario: Scenario;
  choice: Choice;
  note: string | null;
}

export interface Surrogate {
  rank: number;
  name: string;
  relation: string;
  phone: string;
  scopeNote: string | null;
}

export interface Discussion {
  id: string;
  personId: string;
  heldAt: string;
  place: string | null;
  facilitatorAccountId: string;
  facilitatorName: string | null;
  recordedBy: string;
  recordedAt: string;
  participants: Participant[];
  capacityStatus: Capacity | null;
  valuesChecklist: Value[];
  valuesText: string | null;
  preferredPlaceOfCare: Place | null;
  preferredPlaceOfDeath: Place | null;
  placeNote: string | null;
  disclosurePreference: Disclosure | null;
  preferences: Preference[];
  surrogates: Surrogate[] | null;
  comfortWishes: string | null;
  spiritualWishes: string | null;
  afterDeathWishes: string | null;
  nextReviewTrigger: string | null;
  nextReviewOn: string | null;
  declined: boolean;
  declinedNote: string | null;
  correctsId: string | null;
  correctionReason: string | null;
  supersededById: string | null;
  cursor: string;
}

export interface Statement {
  topic: string;
  key: string;
  intervention: Intervention | null;
  scenario: Scenario | null;
  choice: Choice | null;
  place: Place | null;
  disclosure: Disclosure | null;
  values: Value[];
  text: string | null;
  note: string | null;
  discussionId: string;
  heldAt: string;
  facilitatorAccountId: string;
  facilitatorName: string | null;
  presentNames: string[];
}

export interface TimelineEntry extends Statement {
  changed: boolean;
}

export interface PhysicianOrder {
  id: string;
  kind: OrderKind;
  code: OrderCode;
  status: 'ACTIVE' | 'WITHDRAWN';
  instructions: string | null;
  orderedAt: string;
  orderedByName: string | null;
  basisDiscussionId: string | null;
}

export interface Stance {
  personId: string;
  discussionCount: number;
  lastDiscussionAt: string | null;
  declined: boolean;
  current: Statement[];
  history: TimelineEntry[];
  surrogates: Surrogate[];
  physicianOrders: PhysicianOrder[];
}

export interface UrgentWish {
  intervention: Intervention;
  scenario: Scenario;
  choice: Choice;
  note: string | null;
  statedAt: string;
}

export interface EmergencySummary {
  personId: string;
  surrogates: { rank: number; name: string; relation: string; phone: string }[];
  physicianOrders: PhysicianOrder[];
  urgentWishes: UrgentWish[];
  lastDiscussionAt: string | null;
  declined: boolean;
  noDiscussion: boolean;
}

export interface AcpPerson {
  id: string;
  name: string;
  nameKana: string;
  age: number;
}

/** What recordAcpDiscussion / correctAcpDiscussion take (apps/api/schema.gql AcpDiscussionFieldsInput). */
export interface DiscussionFieldsInput {
  heldAt: string;
  facilitatorAccountId: string;
  place: string | null;
  participants: { role: ParticipantRole; name: string; relation: string | null; accountId: string | null }[];
  capacityStatus: Capacity | null;
  valuesChecklist: Value[];
  valuesText: string | null;
  preferredPlaceOfCare: Place | null;
  preferredPlaceOfDeath: Place | null;
  placeNote: string | null;
  disclosurePreference: Disclosure | null;
  preferences: Preference[];
  surrogates: Surrogate[] | null;
  comfortWishes: string | null;
  spiritualWishes: string | null;
  afterDeathWishes: string | null;
  nextReviewTrigger: string | null;
  nextReviewOn: string | null;
  declined: boolean;
  declinedNote: string | null;
}

const ORDER_FIELDS = 'id kind code status instructions orderedAt orderedByName basisDiscussionId';
const STATEMENT_FIELDS = 'topic key intervention scenario choice place disclosure values text note discussionId heldAt facilitatorAccountId facilitatorName presentNames';
/** Full records a few at a time: each costs ~600 under the complexity limit (written into the query as a literal). */
export const DISCUSSION_PAGE_SIZE = 5;

const DISCUSSION_FIELDS = `id personId heldAt place facilitatorAccountId facilitatorName recordedBy recordedAt
  participants { role name relation accountId } capacityStatus valuesChecklist valuesText preferredPlaceOfCare preferredPlaceOfDeath placeNote
  disclosurePreference preferences { intervention scenario choice note } surrogates { rank name relation phone scopeNote }
  comfortWishes spiritualWishes afterDeathWishes nextReviewTrigger nextReviewOn declined declinedNote correctsId correctionReason supersededById cursor`;


const PERSON = `query AcpPerson($id: ID!) { person(id: $id) { id name nameKana age } }`;
const STANCE = `query AcpStance($id: ID!) { acpStance(personId: $id) {
  personId discussionCount lastDiscussionAt declined
  current { ${STATEMENT_FIELDS} }
  history { ${STATEMENT_FIELDS} changed }
  surrogates { rank name relation phone scopeNote }
  physicianOrders { ${ORDER_FIELDS} } } }`;
const DISCUSSIONS = `query AcpDiscussions($id: ID!, $after: String) { acpDiscussions(personId: $id, first: ${DISCUSSION_PAGE_SIZE}, after: $after) { ${DISCUSSION_FIELDS} } }`;
/** Lean: to find out whether a record sent before a dropped connection arrived after all. */
const RECENT = `query AcpRecent($id: ID!) { acpDiscussions(personId: $id, first: 10) { id heldAt recordedBy correctsId } }`;
const SUMMARY = `query AcpEmergency($id: ID!) { acpEmergencySummary(personId: $id) {
  personId surrogates { rank name relation phone } physicianOrders { ${ORDER_FIELDS} }
  urgentWishes { intervention scenario choice note statedAt } lastDiscussionAt declined noDiscussion } }`;
const PDF = `query AcpSummaryPdf($id: ID!) { acpSummaryPdf(personId: $id) { filename mimeType contentBase64 pages } }`;
const RECORD = `mutation RecordAcpDiscussion($input: RecordAcpDiscussionInput!) { recordAcpDiscussion(input: $input) { id } }`;
const CORRECT = `mutation CorrectAcpDiscussion($input: CorrectAcpDiscussionInput!) { correctAcpDiscussion(input: $input) { id } }`;
const ORDER = `mutation RecordPhysicianOrder($input: RecordPhysicianOrderInput!) { recordPhysicianOrder(input: $input) { id } }`;

export async function fetchAcpPerson(client: ApiClient, id: string): Promise<AcpPerson> {
  return (await client.request<{ person: AcpPerson }>(PERSON, { id })).person;
}

export async function fetchStance(client: ApiClient, id: string): Promise<Stance> {
  return (await client.request<{ acpStance: Stance }>(STANCE, { id })).acpStance;
}

export async function fetchDiscussions(client: ApiClient, id: string, after: string | null): Promise<Discussion[]> {
  return (await client.request<{ acpDiscussions: Discussion[] }>(DISCUSSIONS, { id, after })).acpDiscussions;
}

export async function fetchRecent(client: ApiClient, id: string): Promise<{ id: string; heldAt: string; recordedBy: string; correctsId: string | null }[]> {
  return (await client.request<{ acpDiscussions: { id: string; heldAt: string; recordedBy: string; correctsId: string | null }[] }>(RECENT, { id })).acpDiscussions;
}

export async function fetchEmergencySummary(client: ApiClient, id: string): Promise<EmergencySummary> {
  return (await client.request<{ acpEmergencySummary: EmergencySummary }>(SUMMARY, { id })).acpEmergencySummary;
}

export async function fetchSummaryPdf(client: ApiClient, id: string): Promise<{ filename: string; mimeType: string; contentBase64: string; pages: number }> {
  return (await client.request<{ acpSummaryPdf: { filename: string; mimeType: string; contentBase64: string; pages: number } }>(PDF, { id })).acpSummaryPdf;
}

export async function recordDiscussion(client: ApiClient, personId: string, fields: DiscussionFieldsInput): Promise<string> {
  return (await client.request<{ recordAcpDiscussion: { id: string } }>(RECORD, { input: { personId, ...fields } })).recordAcpDiscussion.id;
}

export async function correctDiscussion(client: ApiClient, correctsId: string, reason: string, fields: DiscussionFieldsInput): Promise<string> {
  return (await client.request<{ correctAcpDiscussion: { id: string } }>(CORRECT, { input: { correctsId, reason, ...fields } })).correctAcpDiscussion.id;
}

export interface OrderInput {
  personId: string;
  kind: OrderKind;
  code: OrderCode;
  status: 'ACTIVE' | 'WITHDRAWN';
  instructions: string | null;
  orderedAt: string;
  basisDiscussionId: string | null;
}

export async function recordOrder(client: ApiClient, input: OrderInput): Promise<string> {
  return (await client.request<{ recordPhysicianOrder: { id: string } }>(ORDER, { input })).recordPhysicianOrder.id;
}
