/** Roster queries (apps/api/schema.gql: people, person, consents, recordConsent). */
import type { ApiClient } from './api';
import type { ConsentRecord, PeopleFilter, PersonDetail, PersonSummary, PlanView } from './types';

export const ROSTER_PAGE_SIZE = 30;

const SUMMARY = 'id name nameKana age address municipalityCode districtCode medicalDependencies planStatus priority { score factors }';

const PEOPLE = `query People($filter: PersonFilterInput, $first: Int!, $after: String) {
  people(filter: $filter, first: $first, after: $after) { nodes { ${SUMMARY} } endCursor }
}`;

const PERSON = `query Person($id: ID!) {
  person(id: $id) {
    ${SUMMARY}
    birthDate sex phone otherContacts careLevel household supportReasons supportReasonNote hazardFlags
    rosterStatus rosterExcludedReason lat lng updatedAt version
    plan { revision status nextReviewAt agreedAt agreedRevision updatedAt shelterAccess
      destination { type name shelterId preArranged }
      supporters { key name relation redacted } }
  }
}`;

const CONSENT_FIELDS = 'id scope decision legalBasis method signerRelation explainedItems recipientsAllowed supporterKey obtainedAt recordedAt';
const CONSENTS = `query Consents($id: ID!) { consents(personId: $id) { ${CONSENT_FIELDS} } }`;
const RECORD_CONSENT = `mutation RecordConsent($input: RecordConsentInput!) { recordConsent(input: $input) { ${CONSENT_FIELDS} } }`;

export interface PeoplePage {
  nodes: PersonSummary[];
  endCursor: string | null;
}

/** `people` with only the filters that are set (an empty list means "any", so it is left out). */
export async function fetchPeople(client: ApiClient, filter: PeopleFilter, after: string | null): Promise<PeoplePage> {
  const f: Record<string, unknown> = {};
  if (filter.text?.trim()) f.text = filter.text.trim();
  if (filter.municipalityCode) f.municipalityCode = filter.municipalityCode;
  if (filter.districtCode) f.districtCode = filter.districtCode;
  if (filter.needs?.length) f.needs = filter.needs;
  if (filter.medicalDependencies?.length) f.medicalDependencies = filter.medicalDependencies;
  if (filter.noPlan) f.noPlan = true;
  else if (filter.planStatus?.length) f.planStatus = filter.planStatus;
  const data = await client.request<{ people: PeoplePage }>(PEOPLE, { filter: f, first: ROSTER_PAGE_SIZE, after });
  return data.people;
}

export type PlanHeadline = Pick<PlanView, 'revision' | 'status' | 'nextReviewAt' | 'agreedAt' | 'agreedRevision' | 'updatedAt' | 'shelterAccess' | 'destination'> & {
  supporters: { key: string; name: string | null; relation: string; redacted: boolean }[];
};

export async function fetchPerson(client: ApiClient, id: string): Promise<PersonDetail & { plan: PlanHeadline | null }> {
  const data = await client.request<{ person: PersonDetail & { plan: PlanHeadline | null } }>(PERSON, { id });
  return data.person;
}

export async function fetchConsents(client: ApiClient, personId: string): Promise<ConsentRecord[]> {
  return (await client.request<{ consents: ConsentRecord[] }>(CONSENTS, { id: personId })).consents;
}

export interface RecordConsentInput {
  personId: string;
  scope: string;
  decision: string;
  legalBasis: string;
  method: string;
  signerRelation: string;
  explainedItems: string;
  recipientsAllowed: string[];
  obtainedAt: string;
  supporterKey?: string | null;
}

export async function recordConsent(client: ApiClient, input: RecordConsentInput): Promise<ConsentRecord> {
  return (await client.request<{ recordConsent: ConsentRecord }>(RECORD_CONSENT, { input })).recordConsent;
}
