/** Plan queries and mutations (apps/api/schema.gql: plan, savePlan, planRevisions, …). */
import type { ApiClient } from './api';
import type { PlanContentInput } from './plan-model';
import type { PersonDetail, PlanRevision, PlanView, ShareRecipient } from './types';

export const PLAN_FIELDS = `revision status nextReviewAt agreedAt agreedRevision updatedAt backupRuntimeHours shelterAccess
  supporters { key name relation responderGroup phone address accountId availableDay availableNight redacted }
  destination { type name shelterId preArranged }
  routes { description geometry }
  evacuationTrigger transport careNotes thingsToBring
  emergencyContacts { name relation phone }
  careProfessionals { role name organisation phone accountId }
  medicalDevices { device settingsSummary internalBatteryHours externalBatteryHours backupPower oxygenSupplier powerCompanyRegistered }
  deviceSummary { devices onLifeSupport }`;

const PLAN_PAGE = `query PlanPage($id: ID!) {
  person(id: $id) { id name nameKana age address lat lng municipalityCode medicalDependencies planStatus plan { ${PLAN_FIELDS} } }
}`;
const PLAN = `query Plan($id: ID!) { plan(personId: $id) { ${PLAN_FIELDS} } }`;
const SAVE = `mutation SavePlan($input: SavePlanInput!) { savePlan(input: $input) { ${PLAN_FIELDS} } }`;
const SUBMIT = `mutation SubmitPlan($input: PlanRevisionRefInput!) { submitPlanForReview(input: $input) { ${PLAN_FIELDS} } }`;
const AGREE = `mutation AgreePlan($input: PlanRevisionRefInput!) { agreePlan(input: $input) { ${PLAN_FIELDS} } }`;
const SHARE_PREVIEW = `query PlanSharePreview($id: ID!) { planSharePreview(personId: $id) { recipient when basis } }`;

/**
 * Revisions newest first. The server's query-complexity limit counts each nested list at 50 entries and
 * checks the document before it sees variables (a `$first` counts as 50), so the page size is written
 * into the query and kept small (≤ 10).
 */
export const HISTORY_PAGE_SIZE = 8;
const REVISIONS = `query PlanRevisions($id: ID!, $before: Int) {
  planRevisions(personId: $id, first: ${HISTORY_PAGE_SIZE}, before: $before) {
    revision createdAt changedFields
    author { id displayName role organisation }
    changes { field before after }
    comments { id body createdAt author { displayName role } }
  }
}`;
const AUTHORS = `query PlanAuthors($id: ID!, $first: Int! = 10) { planRevisions(personId: $id, first: $first) { revision createdAt author { id displayName role organisation } } }`;
const COMMENT = `mutation AddPlanComment($input: PlanCommentInput!) { addPlanComment(input: $input) }`;

export type PlanPerson = Pick<PersonDetail, 'id' | 'name' | 'nameKana' | 'age' | 'address' | 'lat' | 'lng' | 'municipalityCode' | 'medicalDependencies' | 'planStatus'> & {
  plan: PlanView | null;
};

export async function fetchPlanPage(client: ApiClient, personId: string): Promise<PlanPerson> {
  return (await client.request<{ person: PlanPerson }>(PLAN_PAGE, { id: personId })).person;
}

export async function fetchPlan(client: ApiClient, personId: string): Promise<PlanView | null> {
  return (await client.request<{ plan: PlanView | null }>(PLAN, { id: personId })).plan;
}

export interface SavePlanInput {
  personId: string;
  baseRevision: number;
  content: PlanContentInput;
  nextReviewAt: string | null;
  comment: string | null;
}

export async function savePlan(client: ApiClient, input: SavePlanInput): Promise<PlanView> {
  return (await client.request<{ savePlan: PlanView }>(SAVE, { input })).savePlan;
}

export async function submitPlanForReview(client: ApiClient, personId: string, revision: number): Promise<PlanView> {
  return (await client.request<{ submitPlanForReview: PlanView }>(SUBMIT, { input: { personId, revision } })).submitPlanForReview;
}

export async function agreePlan(client: ApiClient, personId: string, revision: number): Promise<PlanView> {
  return (await client.request<{ agreePlan: PlanView }>(AGREE, { input: { personId, revision } })).agreePlan;
}

export async function fetchSharePreview(client: ApiClient, personId: string): Promise<ShareRecipient[]> {
  return (await client.request<{ planSharePreview: ShareRecipient[] }>(SHARE_PREVIEW, { id: personId })).planSharePreview;
}

export async function fetchRevisions(client: ApiClient, personId: string, before?: number): Promise<PlanRevision[]> {
  const vars: Record<string, unknown> = { id: personId };
  if (before) vars.before = before;
  return (await client.request<{ planRevisions: PlanRevision[] }>(REVISIONS, vars)).planRevisions;
}

/** Authors of the newest `first` revisions (≤ 10), to name who changed a plan in a conflict. */
export async function fetchRecentAuthors(client: ApiClient, personId: string, first: number): Promise<Pick<PlanRevision, 'revision' | 'createdAt' | 'author'>[]> {
  const n = Math.max(1, Math.min(10, first));
  return (await client.request<{ planRevisions: Pick<PlanRevision, 'revision' | 'createdAt' | 'author'>[] }>(AUTHORS, { id: personId, first: n })).planRevisions;
}

export async function addPlanComment(client: ApiClient, personId: string, revision: number, body: string): Promise<void> {
  await client.request<{ addPlanComment: boolean }>(COMMENT, { input: { personId, revision, body } });
}
