/**
 * Argument builders: for every root field that reaches a sensitive class, how to ask it about a target
 * person. The schema walk fails for a root field with sensitive paths and no builder here, so a new query
 * or subscription that can reach personal data cannot go unwalked.
 */
import type { Target } from './targets';

export interface WalkContext {
  incidentId: string;
  municipalityCode: string;
  /** Task ids of the incident by person id. */
  tasksOf: Map<string, string[]>;
}

export interface ArgSet {
  args: Record<string, unknown>;
  /** The person the answer is about when the answer itself does not say (person-id arguments). */
  owner: string | null;
}

export type Builder = (ctx: WalkContext, target: Target) => ArgSet[];

const box = (x: Target, d = 0.003) => [x.lng - d, x.lat - d, x.lng + d, x.lat + d];
const needsSupport = { statuses: [{ $enum: 'HOME_NEEDS_SUPPORT' }] };

export const QUERY_BUILDERS: Record<string, Builder> = {
  person: (_c, x) => [{ args: { id: x.id }, owner: x.id }],
  // first: 1 is "the first hit of a name search".
  people: (_c, x) => [{ args: { filter: { text: x.name }, first: 1 }, owner: null }],
  plan: (_c, x) => [{ args: { personId: x.id }, owner: x.id }],
  planRevisions: (_c, x) => [{ args: { personId: x.id, first: 5 }, owner: x.id }],
  planSharePreview: (_c, x) => [{ args: { personId: x.id }, owner: x.id }],
  consents: (_c, x) => [{ args: { personId: x.id }, owner: x.id }],
  acpDiscussions: (_c, x) => [{ args: { personId: x.id, first: 3 }, owner: x.id }],
  acpStance: (_c, x) => [{ args: { personId: x.id }, owner: x.id }],
  acpEmergencySummary: (_c, x) => [{ args: { personId: x.id }, owner: x.id }],
  acpFhirBundle: (_c, x) => [{ args: { personId: x.id }, owner: x.id }],
  acpSummaryPdf: (_c, x) => [{ args: { personId: x.id }, owner: x.id }],
  task: (c, x) => (c.tasksOf.get(x.id) ?? []).map((id) => ({ args: { id }, owner: null })),
  // The walk ticks the targets' tasks HOME_NEEDS_SUPPORT, so this filter brings them to the first page.
  tasks: (c) => [{ args: { incidentId: c.incidentId, filter: needsSupport, first: 10 }, owner: null }],
  myTasks: (c) => [{ args: { incidentId: c.incidentId, filter: needsSupport, first: 10 }, owner: null }],
  incidentMap: (c, x) => [{ args: { incidentId: c.incidentId, zoom: 17, bbox: box(x) }, owner: null }],
  auditLog: (_c, x) => [{ args: { filter: { personId: x.id }, first: 10 }, owner: x.id }],
  auditLogCsv: (_c, x) => [{ args: { filter: { personId: x.id } }, owner: x.id }],
  breakGlassGrants: () => [{ args: {}, owner: null }],
  // Paper lists: CSV so the walk can read them (the PDF is drawn from the same rows).
  taskListExport: (c) => [
    { args: { incidentId: c.incidentId, format: { $enum: 'CSV' }, scope: { $enum: 'MINE' } }, owner: null },
    { args: { incidentId: c.incidentId, format: { $enum: 'CSV' }, scope: { $enum: 'POOL' } }, owner: null },
  ],
  pfifExport: (c) => [{ args: { incidentId: c.incidentId }, owner: null }],
};

export const SUBSCRIPTION_BUILDERS: Record<string, Builder> = {
  breakGlassOpened: (c) => [{ args: { municipalityCode: c.municipalityCode }, owner: null }],
};
