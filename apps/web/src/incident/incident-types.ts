/** Shapes of the incident and safety-check part of the GraphQL API (apps/api/schema.gql). */
import type { MultiPolygon, Polygon } from 'geojson';

export const TASK_STATUSES = [
  'UNCHECKED',
  'NEEDS_HELP',
  'MISSING',
  'NOT_REACHABLE',
  'HOME_NEEDS_SUPPORT',
  'HOSPITALISED',
  'EVACUATED',
  'SAFE_AT_HOME',
  'DECEASED',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** What a responder may record, in the order of the tick sheet (DECEASED / MISSING only for some roles). */
export const CHECK_OUTCOMES = ['SAFE_AT_HOME', 'EVACUATED', 'HOME_NEEDS_SUPPORT', 'HOSPITALISED', 'NOT_REACHABLE', 'NEEDS_HELP', 'MISSING', 'DECEASED'] as const;
export type CheckOutcome = (typeof CHECK_OUTCOMES)[number];
export const RESTRICTED_OUTCOMES: ReadonlySet<CheckOutcome> = new Set(['DECEASED', 'MISSING']);

export const RESPONDER_GROUPS = ['MEDICAL', 'CARE', 'WELFARE_VOLUNTEER', 'MUNICIPAL'] as const;
export type ResponderGroup = (typeof RESPONDER_GROUPS)[number];

export interface IncidentAreaPart {
  kind: string;
  municipalityCode: string | null;
  /** GeoJSON MultiPolygon (polygon parts). */
  geometry: MultiPolygon | Polygon | null;
  areaVersion: number;
}

export interface Incident {
  id: string;
  kind: string;
  title: string;
  isDrill: boolean;
  status: 'ACTIVE' | 'CLOSED';
  declaredAt: string;
  closedAt: string | null;
  generationStatus: string;
  area: IncidentAreaPart[];
}

export interface TaskPerson {
  id: string;
  name: string;
  nameKana: string;
  age: number;
  address: string;
  phone: string | null;
  lat: number;
  lng: number;
  medicalDependencies: string[];
  careLevel: string;
  household: string;
}

export interface Task {
  id: string;
  incidentId: string;
  status: TaskStatus;
  statusVersion: number;
  responderGroup: string;
  priority: number;
  priorityFactors: string[];
  dueAt: string;
  overdue: boolean;
  escalated: boolean;
  assignedToMe: boolean;
  inPool: boolean;
  claimedBy: string | null;
  claimedByName: string | null;
  claimedUntil: string | null;
  needsReview: boolean;
  municipalityCode: string;
  districtCode: string | null;
  lastEventAt: string | null;
  isDrill: boolean;
  person: TaskPerson | null;
  approximateLocation: { lat: number; lng: number } | null;
  supporters: { name: string | null; relation: string; phone: string | null }[];
}

export interface TaskPage {
  nodes: Task[];
  endCursor: string | null;
}

export interface TaskFilter {
  mine?: boolean;
  groups?: string[];
  statuses?: TaskStatus[];
  minPriority?: number;
}

export interface MapPoint {
  personId: string | null;
  lat: number;
  lng: number;
  approximate: boolean;
  status: TaskStatus;
  priority: number;
  taskIds: string[];
  cannotReachShelter: boolean;
  cannotReachReasons: string[];
}

export interface MapCluster {
  lat: number;
  lng: number;
  count: number;
  worstStatus: TaskStatus;
  needsHelp: number;
  unchecked: number;
}

export interface IncidentMapData {
  mode: 'POINTS' | 'CLUSTERS';
  points: MapPoint[];
  clusters: MapCluster[];
  truncated: boolean;
}

export interface ProgressGroup {
  key: string;
  total: number;
  checked: number;
  byStatus: { status: TaskStatus; count: number }[];
}

export interface IncidentProgress {
  incidentId: string;
  total: number;
  checked: number;
  needsHelp: number;
  needsReview: number;
  escalated: number;
  overdue: number;
  generationStatus: string;
  byGroup: ProgressGroup[];
  byMunicipality: ProgressGroup[];
}

/** A live task change (ids and statuses only, never personal data). */
export interface TaskChange {
  taskId: string;
  status: TaskStatus;
  statusVersion: number;
  claimedBy: string | null;
  /** Display name of the claiming account (older servers leave it out). */
  claimedByName?: string | null;
  needsReview: boolean;
  at: string;
}

export interface CheckEvent {
  id: string;
  clientEventId: string;
  outcome: CheckOutcome;
  note: string | null;
  observedAt: string;
  receivedAt: string;
  flags: string[];
}

export interface CheckResult {
  replayed: boolean;
  task: Task;
  event: CheckEvent;
}

/** Priority bands (the same cut-offs as the roster's priority badge). */
export type PriorityBand = 'high' | 'mid' | 'low';
export function priorityBand(score: number): PriorityBand {
  if (score >= 60) return 'high';
  if (score >= 35) return 'mid';
  return 'low';
}

/** Severity order for "worst status" (matches the server's ordering). */
export const STATUS_SEVERITY: Record<TaskStatus, number> = {
  NEEDS_HELP: 9,
  MISSING: 8,
  UNCHECKED: 7,
  NOT_REACHABLE: 6,
  HOME_NEEDS_SUPPORT: 5,
  HOSPITALISED: 4,
  DECEASED: 3,
  EVACUATED: 2,
  SAFE_AT_HOME: 1,
};

export function worstStatus(statuses: TaskStatus[]): TaskStatus {
  return statuses.reduce<TaskStatus>((w, s) => (STATUS_SEVERITY[s] > STATUS_SEVERITY[w] ? s : w), statuses[0] ?? 'UNCHECKED');
}
