/**
 * The policy decision for every field of the API: which data class of DOMAIN §8.1 it carries (R, P, M, A, E)
 * or NONE (not about one person: region, incidents, aggregates, the caller's own account, task bookkeeping).
 *
 * The schema walk (test/e2e/schema-walk.e2e-spec.ts) reads this table against the live schema and fails for
 * any object type or field that is not in it: a new field without a policy decision fails the suite. An
 * override naming a field that does not exist fails too, so a typo cannot silently fall back to the default.
 *
 * Semantics used by the walk:
 * - A field's class is its override, else its type's default. Edges (fields returning objects) have a class
 *   too; a value reached through a path reveals every class on that path, so it may be non-null only when the
 *   policy decides none of those classes DENY for the person the value belongs to.
 * - `redact` says what a REDACT decision for the field's class still shows: `shown` (part of the redacted
 *   shape), `hidden` (must be null), `consentedSupporter` (only the details of supporters who gave their own
 *   consent, SUPPORTER_PLAN_SHARE). Default: `shown` for P (the mapper blanks supporters only), `hidden` for
 *   every other class (M redact = device summary only).
 * - `deny: 'approximate'` marks a location that is the redacted form of R: under DENY it may be non-null when
 *   rounded to the ~500 m grid (0.005°).
 * - `dynamic` picks the rule from the sibling values (a plan diff names the field it changes).
 */
export type Cls = 'R' | 'P' | 'M' | 'A' | 'E' | 'NONE';
export type SensitiveCls = Exclude<Cls, 'NONE'>;
export const SENSITIVE: readonly SensitiveCls[] = ['R', 'P', 'M', 'A', 'E'];

export interface FieldRule {
  cls: Cls;
  redact?: 'shown' | 'hidden' | 'consentedSupporter';
  deny?: 'approximate';
  /** The rule for this value, from the object it sits in (e.g. FieldChange.field). */
  dynamic?: (parent: Record<string, unknown>) => FieldRule;
  /** The person this value itself names (a cursor that embeds a person id), when not its object's. */
  ownerOfValue?: (value: unknown) => string | null;
  /**
   * An export about many people (CSV, XML, FHIR JSON; `base64` when encoded): the walk also scans it for what
   * the policy denies the reader about each target person, class by class.
   */
  document?: 'text' | 'base64' | 'json';
  why?: string;
}

export interface TypeRule {
  /** Class of every field not overridden; null: every field must be overridden. */
  cls: Cls | null;
  /** What REDACT shows of the fields that take the type default (see FieldRule.redact). */
  redact?: FieldRule['redact'];
  fields?: Record<string, Cls | FieldRule>;
  why: string;
}

const hiddenUnderRedact = (cls: Cls, why?: string): FieldRule => ({ cls, redact: 'hidden', why });
const supporterDetail: FieldRule = { cls: 'P', redact: 'consentedSupporter', why: '49-15(2): a supporter\'s details need their own consent' };
const approximate: FieldRule = { cls: 'R', deny: 'approximate', why: 'the redacted form of a location: rounded to ~500 m' };

/** FieldChange.before/after: a device diff is M, a supporter diff is blanked for redacted plan views. */
const planDiffValue: FieldRule = {
  cls: 'P',
  dynamic: (parent) => {
    if (parent.field === 'medicalDevices') return hiddenUnderRedact('M', 'device diff');
    if (parent.field === 'supporters') return hiddenUnderRedact('P', 'supporter diff: blanked without full plan access');
    return { cls: 'P' };
  },
};

export const CLASSIFICATION: Record<string, TypeRule> = {
  // ── Operation roots: their fields are operations; only scalar results carry a class of their own.
  Query: {
    cls: 'NONE',
    fields: {
      acpFhirBundle: { cls: 'A', document: 'json', why: 'FHIR export of the ACP record' },
      auditLogCsv: { cls: 'R', document: 'text', why: 'audit CSV names people' },
      pfifExport: { cls: 'R', document: 'text', why: 'PFIF XML for public person finders: names, age, sex, status' },
    },
    why: 'root: edges, and exports returned as strings',
  },
  Mutation: { cls: 'NONE', why: 'root: edges and acknowledgements' },
  Subscription: { cls: 'NONE', why: 'root: edges' },

  // ── Roster (R): 49-10(2)(i)–(vi) and location.
  Person: { cls: 'R', fields: { plan: 'P' }, why: 'roster entry (49-10(2)); its plan is P' },
  Priority: { cls: 'R', why: 'derived from roster and plan (needs, devices, living alone)' },
  PersonConnection: {
    cls: 'NONE',
    fields: {
      endCursor: {
        cls: 'R',
        ownerOfValue: (v) => (typeof v === 'string' ? (/^\d+:([0-9a-f-]{36})$/.exec(v)?.[1] ?? null) : null),
        why: '"priority:personId" of the last row scanned: a person id and priority score',
      },
    },
    why: 'page of people',
  },
  ApproximateLocation: { cls: 'R', fields: { lat: approximate, lng: approximate }, why: 'location of a hidden person, rounded' },
  MapPoint: {
    cls: 'NONE',
    fields: { personId: 'R', lat: approximate, lng: approximate },
    why: 'map point: identity and exact location are R; status, priority and task ids are task bookkeeping',
  },
  AuditEntry: { cls: 'R', why: 'who read whose data: names people (admins with REVIEW_AUDIT only)' },
  BreakGlassGrant: { cls: 'R', why: 'names the person whose ACP was opened, and the reason' },
  BreakGlassAlert: { cls: 'R', why: 'names the person whose ACP was opened' },
  TaskChange: {
    cls: 'NONE',
    why: 'live task update: task ids and statuses only (the person id stays on the server); claimedByName is a responder account\'s display name, as on Task',
  },
  RosterImportAcceptedRow: { cls: 'R', why: 'external ids and person ids of imported roster rows' },
  RosterImportProblem: { cls: 'R', why: 'external id and a message about a roster row' },

  // ── Plan (P): supporters, destination, route, care notes, consents.
  Plan: {
    cls: 'P',
    fields: {
      medicalDevices: hiddenUnderRedact('M', 'device details'),
      backupRuntimeHours: hiddenUnderRedact('M', 'device runtime'),
      deviceSummary: { cls: 'M', redact: 'shown', why: 'M redacted: on life support yes/no and device types' },
    },
    why: '個別避難計画',
  },
  Supporter: {
    cls: 'P',
    fields: { name: supporterDetail, phone: supporterDetail, address: supporterDetail, accountId: supporterDetail },
    why: '避難支援等実施者; relation and availability are shown to redacted views',
  },
  TaskSupporter: { cls: 'P', fields: { name: supporterDetail, phone: supporterDetail }, why: 'a plan supporter as a task shows it' },
  Destination: { cls: 'P', why: 'plan destination' },
  PlanRoute: { cls: 'P', why: 'plan route' },
  EmergencyContact: { cls: 'P', why: 'plan emergency contacts' },
  CareProfessional: { cls: 'P', why: 'care professionals named in the plan' },
  PlanRevision: { cls: 'P', fields: { author: 'NONE' }, why: 'plan history' },
  FieldChange: { cls: 'P', fields: { before: planDiffValue, after: planDiffValue }, why: 'plan diff' },
  PlanComment: { cls: 'P', fields: { author: 'NONE' }, why: 'comments on a plan' },
  ShareRecipient: { cls: 'P', why: 'whom the plan reaches, from the person\'s consents (49-14(2))' },
  ConsentRecord: { cls: 'P', why: 'consent decisions behind roster and plan sharing' },

  // ── Medical devices (M).
  MedicalDevice: { cls: 'M', why: 'medical-device plan' },
  DeviceSummary: { cls: 'M', redact: 'shown', why: 'the redacted form of M (DOMAIN §8.2: device summary)' },

  // ── ACP full record (A).
  AcpDiscussion: { cls: 'A', why: '人生会議記録' },
  AcpParticipant: { cls: 'A', why: 'who took part in an ACP discussion' },
  AcpPreference: { cls: 'A', why: 'treatment wishes' },
  AcpSurrogate: { cls: 'A', why: 'surrogates named in ACP' },
  AcpStance: { cls: 'A', fields: { physicianOrders: 'E' }, why: 'derived ACP stance; physician orders are E' },
  AcpStatement: { cls: 'A', why: 'ACP statements' },
  AcpTimelineEntry: { cls: 'A', why: 'ACP history' },
  AcpSummaryPdf: {
    cls: 'NONE',
    fields: { personId: 'A', contentBase64: { cls: 'A', document: 'base64', why: 'the person\'s printed copy of their ACP' } },
    why: 'export envelope (file name, pages, export id); the file is the ACP record',
  },

  // ── ACP emergency summary (E).
  AcpEmergencySummary: { cls: 'E', why: 'ACP emergency summary' },
  AcpEmergencyContact: { cls: 'E', why: 'surrogates to call' },
  AcpUrgentWish: { cls: 'E', why: 'next-hour wishes' },
  PhysicianOrder: { cls: 'E', why: 'DNAR and other orders (DOMAIN §8.1: E includes physician orders)' },

  // ── Not about one person.
  Account: { cls: 'NONE', why: 'the caller\'s own account' },
  Membership: { cls: 'NONE', why: 'the caller\'s own memberships' },
  AuthPayload: { cls: 'NONE', why: 'the caller\'s own tokens' },
  TotpEnrollment: { cls: 'NONE', why: 'the caller\'s own second factor' },
  AccountRef: { cls: 'NONE', why: 'staff who wrote something (display name, role, organisation)' },
  AuditPage: { cls: 'NONE', why: 'page of audit rows (cursor is a row number)' },
  AuditChainStatus: { cls: 'NONE', why: 'hash-chain check result' },
  AlertProposal: { cls: 'NONE', why: 'a parsed public alert' },
  Incident: { cls: 'NONE', why: 'incident metadata' },
  IncidentAreaPart: { cls: 'NONE', why: 'incident area' },
  DisasterDisclosure: { cls: 'NONE', why: 'a municipal determination (49-11(3))' },
  IncidentProgress: { cls: 'NONE', why: 'counts' },
  ProgressGroup: { cls: 'NONE', why: 'counts' },
  StatusCount: { cls: 'NONE', why: 'counts' },
  IncidentMap: { cls: 'NONE', why: 'map envelope' },
  MapCluster: { cls: 'NONE', why: 'aggregated grid cell' },
  Task: {
    cls: 'NONE',
    fields: { person: 'R', supporters: 'P', approximateLocation: approximate },
    why: 'safety-check task bookkeeping (status, priority, claim), visible to whoever serves the task; the person (R) and supporters (P) go through the policy',
  },
  TaskConnection: { cls: 'NONE', why: 'page of tasks (cursor: priority and task id, both shown in the nodes)' },
  CheckEvent: { cls: 'NONE', why: 'append-only tick of a task, visible with the task (DESIGN §5: everyone sees ticks)' },
  CheckResult: { cls: 'NONE', why: 'envelope' },
  Municipality: { cls: 'NONE', why: 'region' },
  District: { cls: 'NONE', why: 'region' },
  Shelter: { cls: 'NONE', why: 'public shelter list' },
  MapSettings: { cls: 'NONE', why: 'map configuration' },
  RosterImportColumn: { cls: 'NONE', why: 'column mapping' },
  RosterImportMapping: { cls: 'NONE', why: 'column mapping' },
  RosterImportCounts: { cls: 'NONE', why: 'counts' },
  RosterImportReport: { cls: 'NONE', why: 'import envelope (rows are classified on their own types)' },
  ExportFile: {
    cls: 'NONE',
    fields: { contentBase64: { cls: 'R', document: 'base64', why: 'the printed task list: names, addresses, supporters' } },
    why: 'export envelope (file name, counts, export id)',
  },
  ExportCount: { cls: 'NONE', why: 'export counts per account (staff, not people)' },
};

/**
 * Where the person a value belongs to can be read: the object's own field naming the person, or a task id
 * (resolved through the database). Objects without one inherit the person of their parent, or of the root
 * field's arguments.
 */
export const OWNER_FIELDS: Record<string, { personField?: string; taskIdField?: string; taskIdsField?: string }> = {
  Person: { personField: 'id' },
  Plan: { personField: 'personId' },
  AcpDiscussion: { personField: 'personId' },
  AcpStance: { personField: 'personId' },
  AcpEmergencySummary: { personField: 'personId' },
  AcpSummaryPdf: { personField: 'personId' },
  PhysicianOrder: { personField: 'personId' },
  AuditEntry: { personField: 'personId' },
  BreakGlassGrant: { personField: 'personId' },
  BreakGlassAlert: { personField: 'personId' },
  MapPoint: { personField: 'personId', taskIdsField: 'taskIds' },
  Task: { taskIdField: 'id' },
};

/** Fields always selected with an object so the walk can tell which supporter a value belongs to. */
export const ANCHOR_FIELDS: Record<string, string[]> = {
  Supporter: ['key', 'redacted'],
  FieldChange: ['field'],
};

export function ruleOf(typeName: string, fieldName: string): FieldRule | null {
  const t = CLASSIFICATION[typeName];
  if (!t) return null;
  const o = t.fields?.[fieldName];
  if (o !== undefined) return typeof o === 'string' ? { cls: o } : o;
  if (t.cls === null) return null;
  return t.redact ? { cls: t.cls, redact: t.redact } : { cls: t.cls };
}

/** How a REDACT decision treats a field whose rule does not say. */
export function redactRule(rule: FieldRule): NonNullable<FieldRule['redact']> {
  return rule.redact ?? (rule.cls === 'P' ? 'shown' : 'hidden');
}
