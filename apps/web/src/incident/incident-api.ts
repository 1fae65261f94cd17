/**
 * GraphQL operations of the incident screens. Page sizes are literals in the query text (the server's
 * complexity limit reads them there; a task page of 50 with its person and supporters stays well under it).
 */
import type { ApiClient } from '../api';
import type { Incident, IncidentMapData, IncidentProgress, Task, TaskFilter, TaskPage } from './incident-types';

/** The list leaves out the area (a list in a list would cost ×50×50 against the complexity limit). */
const INCIDENT_LIST_FIELDS = 'id kind title isDrill status declaredAt closedAt generationStatus';
const INCIDENT_FIELDS = `${INCIDENT_LIST_FIELDS} area { kind municipalityCode geometry areaVersion }`;

export const TASK_FIELDS = `id incidentId status statusVersion responderGroup priority priorityFactors dueAt overdue escalated assignedToMe inPool
  claimedBy claimedByName claimedUntil needsReview municipalityCode districtCode lastEventAt isDrill
  person { id name nameKana age address phone lat lng medicalDependencies careLevel household }
  approximateLocation { lat lng }
  supporters { name relation phone }`;

export const TASK_PAGE_SIZE = 50;

const INCIDENTS = `query Incidents($status: IncidentStatus) { incidents(status: $status) { ${INCIDENT_LIST_FIELDS} } }`;
const INCIDENT = `query Incident($id: ID!) { incident(id: $id) { ${INCIDENT_FIELDS} } }`;
const TASKS = `query Tasks($incidentId: ID!, $filter: TaskFilterInput, $after: String) {
  tasks(incidentId: $incidentId, filter: $filter, after: $after, first: ${TASK_PAGE_SIZE}) { endCursor nodes { ${TASK_FIELDS} } }
}`;
const TASK = `query Task($id: ID!) { task(id: $id) { ${TASK_FIELDS} } }`;
const MAP = `query IncidentMap($incidentId: ID!, $zoom: Int!, $bbox: [Float!], $filter: MapFilterInput) {
  incidentMap(incidentId: $incidentId, zoom: $zoom, bbox: $bbox, filter: $filter) {
    mode truncated
    points { personId lat lng approximate status priority taskIds cannotReachShelter cannotReachReasons }
    clusters { lat lng count worstStatus needsHelp unchecked }
  }
}`;
const PROGRESS_FIELDS = `incidentId total checked needsHelp needsReview escalated overdue generationStatus
  byGroup { key total checked byStatus { status count } } byMunicipality { key total checked byStatus { status count } }`;
const PROGRESS = `query IncidentProgress($id: ID!) { incidentProgress(incidentId: $id) { ${PROGRESS_FIELDS} } }`;
export const PROGRESS_SUBSCRIPTION = `subscription IncidentProgressChanged($id: ID!) { incidentProgressChanged(incidentId: $id) { ${PROGRESS_FIELDS} } }`;
export const TASK_SUBSCRIPTION = `subscription TaskChanged($id: ID!) { taskChanged(incidentId: $id) { taskId status statusVersion claimedBy claimedByName needsReview at } }`;
const CLAIM = `mutation ClaimTask($id: ID!) { claimTask(taskId: $id) { ${TASK_FIELDS} } }`;
const RELEASE = `mutation ReleaseTask($id: ID!) { releaseTask(taskId: $id) { ${TASK_FIELDS} } }`;
const CLEAR_REVIEW = `mutation ClearTaskReview($id: ID!) { clearTaskReview(taskId: $id) { ${TASK_FIELDS} } }`;
const EVENTS = `query TaskEvents($id: ID!) { taskEvents(taskId: $id) { id clientEventId outcome note observedAt receivedAt flags } }`;

export const RECORD_CHECK = `mutation RecordCheck($input: RecordCheckInput!) {
  recordCheck(input: $input) { replayed event { id clientEventId outcome note observedAt receivedAt flags } task { ${TASK_FIELDS} } }
}`;

export class IncidentApi {
  constructor(private readonly client: ApiClient) {}

  /** Without their areas (`area` is empty here); `incident(id)` has it. */
  async incidents(status?: 'ACTIVE' | 'CLOSED'): Promise<Incident[]> {
    const list = (await this.client.request<{ incidents: Omit<Incident, 'area'>[] }>(INCIDENTS, { status: status ?? null })).incidents;
    return list.map((i) => ({ ...i, area: [] }));
  }

  async incident(id: string): Promise<Incident> {
    return (await this.client.request<{ incident: Incident }>(INCIDENT, { id })).incident;
  }

  async tasks(incidentId: string, filter: TaskFilter, after: string | null): Promise<TaskPage> {
    return (await this.client.request<{ tasks: TaskPage }>(TASKS, { incidentId, filter: cleanFilter(filter), after })).tasks;
  }

  async task(id: string): Promise<Task> {
    return (await this.client.request<{ task: Task }>(TASK, { id })).task;
  }

  /**
   * CLUSTERS for the whole incident below zoom 14 (no bbox), POINTS inside `bbox` from zoom 14. `filter`
   * narrows both on the server (the page sends it for clusters, which it cannot filter itself).
   */
  async map(incidentId: string, zoom: number, bbox: [number, number, number, number] | null, filter: TaskFilter = {}): Promise<IncidentMapData> {
    return (await this.client.request<{ incidentMap: IncidentMapData }>(MAP, { incidentId, zoom, bbox, filter: cleanFilter(filter) })).incidentMap;
  }

  async progress(incidentId: string): Promise<IncidentProgress> {
    return (await this.client.request<{ incidentProgress: IncidentProgress }>(PROGRESS, { id: incidentId })).incidentProgress;
  }

  async claim(taskId: string): Promise<Task> {
    return (await this.client.request<{ claimTask: Task }>(CLAIM, { id: taskId })).claimTask;
  }

  async release(taskId: string): Promise<Task> {
    return (await this.client.request<{ releaseTask: Task }>(RELEASE, { id: taskId })).releaseTask;
  }

  async clearReview(taskId: string): Promise<Task> {
    return (await this.client.request<{ clearTaskReview: Task }>(CLEAR_REVIEW, { id: taskId })).clearTaskReview;
  }

  async events(taskId: string): Promise<{ id: string; outcome: string; note: string | null; observedAt: string; flags: string[] }[]> {
    return (await this.client.request<{ taskEvents: { id: string; outcome: string; note: string | null; observedAt: string; flags: string[] }[] }>(EVENTS, { id: taskId })).taskEvents;
  }
}

function cleanFilter(f: TaskFilter): TaskFilter | null {
  const out: TaskFilter = {};
  if (f.mine) out.mine = true;
  if (f.groups?.length) out.groups = f.groups;
  if (f.statuses?.length) out.statuses = f.statuses;
  if (f.minPriority) out.minPriority = f.minPriority;
  return Object.keys(out).length ? out : null;
}
