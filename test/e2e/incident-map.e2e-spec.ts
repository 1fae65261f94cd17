import { DataSource } from 'typeorm';
import { ChecksService, STATUS_SEVERITY, TaskRepository, TaskScope } from '@anpi/checks';
import { AccessPolicyService, AuthService, DataClass, Purpose } from '@anpi/access';
import { bootApp, GqlResult, TestApp } from '../support/app';

const DECLARE = `mutation($i: DeclareIncidentInput!) { declareIncident(input: $i) { id } }`;
const INCIDENT = `query($id: ID!) { incident(id: $id) { generationStatus } }`;
const MAP = `query($id: ID!, $zoom: Int!, $bbox: [Float!], $f: MapFilterInput) {
  incidentMap(incidentId: $id, zoom: $zoom, bbox: $bbox, filter: $f) {
    mode truncated points { personId status priority taskIds cannotReachShelter cannotReachReasons } clusters { count worstStatus needsHelp unchecked }
  }
}`;
const TASKS = `query($id: ID!, $f: TaskFilterInput, $after: String) { tasks(incidentId: $id, filter: $f, after: $after, first: 200) { nodes { id overdue escalated needsReview } endCursor } }`;

const SEVERITY_SQL = `CASE t.status ${Object.entries(STATUS_SEVERITY).map(([s, n]) => `WHEN '${s}' THEN ${n}`).join(' ')} END`;

/**
 * The map query as it was before the viewport went through the point index (aggregate every task of the
 * incident, then filter by bbox): the reference the faster query must agree with, row for row.
 */
async function referenceMapPeople(ds: DataSource, incidentId: string, scope: TaskScope, bbox: [number, number, number, number]) {
  return ds.query(
    `WITH mine AS (
       SELECT t.person_id, max(${SEVERITY_SQL}) AS severity, max(t.priority) AS priority, array_agg(t.id ORDER BY t.responder_group) AS task_ids,
              array_agg(t.status ORDER BY t.responder_group) AS statuses,
              bool_or(t.status IN ('NEEDS_HELP', 'HOME_NEEDS_SUPPORT')) AS needs,
              bool_or(t.responder_group = 'WELFARE_VOLUNTEER' AND t.status = 'UNCHECKED' AND t.assignee_account_id IS NOT NULL
                      AND t.created_at < now() - interval '60 minutes') AS no_supporter_ack
         FROM task t WHERE t.incident_id = $4 AND ${TaskRepository.SCOPE_SQL}
        GROUP BY t.person_id)
     SELECT m.person_id, p.lat, p.lng, m.severity, m.priority, m.task_ids, m.statuses,
            (m.needs OR m.no_supporter_ack OR coalesce(plan_info.shelter_closed, false) OR coalesce(plan_info.no_way, true)) AS cannot_reach,
            array_remove(ARRAY[
              CASE WHEN m.needs THEN 'NEEDS_HELP_OR_SUPPORT' END,
              CASE WHEN m.no_supporter_ack THEN 'NO_SUPPORTER_CHECK_IN' END,
              CASE WHEN coalesce(plan_info.shelter_closed, false) THEN 'DESTINATION_NOT_OPEN' END,
              CASE WHEN coalesce(plan_info.no_way, true) THEN 'NO_WAY_TO_SHELTER' END], NULL) AS reasons
       FROM mine m
       JOIN person p ON p.id = m.person_id
       LEFT JOIN LATERAL (
         SELECT (r.content->'destination'->>'shelterId') IS NOT NULL AND NOT coalesce(s.is_open, false) AS shelter_closed,
                (r.content->'destination' IS NULL OR jsonb_typeof(r.content->'destination') = 'null'
                 OR (r.content->'destination'->>'type' NOT IN ('STAY_HOME', 'HOSPITAL')
                     AND jsonb_array_length(coalesce(r.content->'supporters', '[]')) = 0
                     AND coalesce(r.content->>'transport', '') !~ '^(徒歩|自家用車|自力)')) AS no_way
           FROM plan pl JOIN plan_revision r ON r.person_id = pl.person_id AND r.revision = pl.current_revision
           LEFT JOIN shelter s ON s.id = r.content->'destination'->>'shelterId'
          WHERE pl.person_id = m.person_id) plan_info ON true
      WHERE p.lng BETWEEN $5 AND $7 AND p.lat BETWEEN $6 AND $8`,
    [scope.accountId, scope.pools, scope.coordinatorOf, incidentId, ...bbox],
  );
}

function scopeOf(actor: { accountId: string; role: string; municipalityCodes: string[] }): TaskScope {
  return t0Checks!.scopeOf(actor as never);
}
let t0Checks: ChecksService | null = null;

type Row = { person_id: string; lat: number; lng: number; severity: number; priority: number; task_ids: string[]; statuses: string[]; cannot_reach: boolean; reasons: string[] };
const canonical = (rows: Row[]) =>
  rows
    .map((r) => ({ ...r, lat: Number(r.lat), lng: Number(r.lng), severity: Number(r.severity), priority: Number(r.priority) }))
    .sort((a, b) => a.person_id.localeCompare(b.person_id));

describe('incident map: viewport through the point index, filters on points and clusters (GraphQL over HTTP)', () => {
  let t: TestApp;
  let ds: DataSource;
  let repo: TaskRepository;
  let admin: string;
  let incidentId: string;
  let scopes: Record<string, TaskScope>;
  let all: [number, number, number, number];

  beforeAll(async () => {
    t = await bootApp({ DEMO_DATA: 'true', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error' });
    ds = t.app.get(DataSource);
    repo = t.app.get(TaskRepository);
    t0Checks = t.app.get(ChecksService);
    admin = (await t.login('admin.komae')).accessToken;
    const r = await t.gql(DECLARE, { i: { kind: 'EARTHQUAKE', title: '地図 (test)', municipalityCodes: ['13219'] } }, admin);
    if (!r.data) throw new Error(JSON.stringify(r.errors));
    incidentId = r.data.declareIncident.id;
    const until = Date.now() + 30000;
    while ((await t.gql(INCIDENT, { id: incidentId }, admin)).data?.incident.generationStatus !== 'DONE') {
      if (Date.now() > until) throw new Error('generation did not finish');
      await new Promise((res) => setTimeout(res, 100));
    }
    // A spread of statuses, review flags, escalations and due times, set directly (the map reads what is stored).
    const statuses = Object.keys(STATUS_SEVERITY);
    await ds.query(
      `UPDATE task t SET status = CASE WHEN x.n % 2 = 0 THEN ($2::text[])[1 + (x.n % cardinality($2::text[]))] ELSE 'UNCHECKED' END,
              needs_review = x.n % 5 = 0, escalated_at = CASE WHEN x.n % 7 = 0 THEN now() END,
              due_at = CASE WHEN x.n % 3 = 0 THEN now() - interval '1 hour' ELSE now() + interval '1 hour' END
         FROM (SELECT id, (row_number() OVER (ORDER BY id))::int AS n FROM task WHERE incident_id = $1) x
        WHERE x.id = t.id`,
      [incidentId, statuses],
    );
    const account = async (login: string) => (await ds.query(`SELECT id FROM account WHERE login = $1`, [login]))[0].id as string;
    scopes = {
      admin: { accountId: await account('admin.komae'), pools: ['MUNICIPAL:13219'], coordinatorOf: ['13219'] },
      nurse: { accountId: await account('nurse.komae'), pools: ['MEDICAL:13219'], coordinatorOf: [] },
      volunteer: { accountId: await account('volunteer.komae'), pools: ['WELFARE_VOLUNTEER:13219-01'], coordinatorOf: [] },
    };
    const [b] = await ds.query(`SELECT min(p.lng) AS w, min(p.lat) AS s, max(p.lng) AS e, max(p.lat) AS n FROM task t JOIN person p ON p.id = t.person_id WHERE t.incident_id = $1`, [incidentId]);
    all = [Number(b.w), Number(b.s), Number(b.e), Number(b.n)];
  });
  afterAll(() => t.close());

  it('answers a viewport with exactly the people, statuses and reasons of the former query, for every scope and box', async () => {
    const [w, s, e, n] = all;
    const mid = [(w + e) / 2, (s + n) / 2];
    // A person exactly on each edge of a box must stay in (BETWEEN is inclusive).
    const [edge] = await ds.query(`SELECT p.lng, p.lat FROM task t JOIN person p ON p.id = t.person_id WHERE t.incident_id = $1 ORDER BY p.lng LIMIT 1 OFFSET 3`, [incidentId]);
    const boxes: [number, number, number, number][] = [
      all,
      [w, s, mid[0], mid[1]],
      [mid[0], mid[1], e, n],
      [Number(edge.lng), s, e, Number(edge.lat)],
      [w, Number(edge.lat), Number(edge.lng), n],
      [w - 1, s - 1, w - 0.5, s - 0.5],
    ];
    let compared = 0;
    for (const [who, scope] of Object.entries(scopes)) {
      for (const box of boxes) {
        const expected = canonical(await referenceMapPeople(ds, incidentId, scope, box));
        const actual = canonical(await repo.mapPeople(incidentId, scope, box, 100000));
        expect({ who, box, rows: actual }).toEqual({ who, box, rows: expected });
        compared += expected.length;
      }
    }
    expect(compared).toBeGreaterThan(20); // not vacuous
    // The edge person is found by the boxes whose edges pass through them.
    const onEdge = await repo.mapPeople(incidentId, scopes.admin, [Number(edge.lng), Number(edge.lat), Number(edge.lng), Number(edge.lat)], 100);
    expect(onEdge.length).toBeGreaterThan(0);
  });

  it('applies the same filter to clusters as to points: counts agree for groups, statuses, priority and mine', async () => {
    const [{ p: someP }] = await ds.query(`SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY priority) AS p FROM task WHERE incident_id = $1`, [incidentId]);
    const filters = [{}, { groups: ['MEDICAL'] }, { groups: ['WELFARE_VOLUNTEER', 'CARE'] }, { statuses: ['NEEDS_HELP', 'UNCHECKED'] }, { minPriority: someP }, { mine: true }];
    const counts: number[] = [];
    for (const f of filters) {
      const points = (await t.gql(MAP, { id: incidentId, zoom: 16, bbox: all, f }, admin)).data?.incidentMap;
      const clusters = (await t.gql(MAP, { id: incidentId, zoom: 10, f }, admin)).data?.incidentMap;
      expect(points.mode).toBe('POINTS');
      expect(points.truncated).toBe(false);
      expect(clusters.mode).toBe('CLUSTERS');
      const inClusters = clusters.clusters.reduce((a: number, c: { count: number }) => a + c.count, 0);
      expect({ f, inClusters }).toEqual({ f, inClusters: points.points.length });
      const needsHelp = clusters.clusters.reduce((a: number, c: { needsHelp: number }) => a + c.needsHelp, 0);
      expect({ f, needsHelp }).toEqual({ f, needsHelp: points.points.filter((p: { status: string }) => p.status === 'NEEDS_HELP').length });
      counts.push(points.points.length);
      if ('statuses' in f) expect(points.points.every((p: { status: string }) => (f.statuses as string[]).includes(p.status))).toBe(true);
      if ('minPriority' in f) expect(points.points.every((p: { priority: number }) => p.priority >= (f.minPriority as number))).toBe(true);
    }
    // Each filter narrows (the test data has people of every kind), and the group filter matches the tasks in the database.
    expect(counts[0]).toBeGreaterThan(0);
    for (const c of counts.slice(1)) expect(c).toBeLessThan(counts[0]);
    const [medical] = await ds.query(`SELECT count(DISTINCT person_id)::int AS n FROM task WHERE incident_id = $1 AND responder_group = 'MEDICAL'`, [incidentId]);
    expect(counts[1]).toBe(medical.n);
    expect(counts[1]).toBeGreaterThan(0);
  });

  it('takes a group\'s status and priority from that group\'s tasks', async () => {
    const f = { groups: ['MEDICAL'] };
    const points = (await t.gql(MAP, { id: incidentId, zoom: 16, bbox: all, f }, admin)).data?.incidentMap.points;
    const rows = await ds.query(
      `SELECT array_agg(id ORDER BY responder_group) AS ids, max(priority) AS priority FROM task WHERE incident_id = $1 AND responder_group = 'MEDICAL' GROUP BY person_id`,
      [incidentId],
    );
    const byTasks = new Map(rows.map((r: { ids: string[]; priority: number }) => [r.ids.join(), Number(r.priority)]));
    for (const p of points) expect(byTasks.get(p.taskIds.join())).toBe(p.priority);
  });

  it('filters the task list by escalated, needsReview and overdue, as the task fields say', async () => {
    const counted = await ds.query(
      `SELECT count(*) FILTER (WHERE escalated_at IS NOT NULL)::int AS escalated, count(*) FILTER (WHERE needs_review)::int AS review,
              count(*) FILTER (WHERE status = 'UNCHECKED' AND due_at < now())::int AS overdue, count(*)::int AS n
         FROM task WHERE incident_id = $1`,
      [incidentId],
    );
    const list = async (f: Record<string, boolean>) => {
      const out: { overdue: boolean; escalated: boolean; needsReview: boolean }[] = [];
      let after: string | null = null;
      do {
        const r: GqlResult<Record<string, any>> = await t.gql(TASKS, { id: incidentId, f, after }, admin);
        if (!r.data) throw new Error(JSON.stringify(r.errors));
        out.push(...r.data.tasks.nodes);
        after = r.data.tasks.endCursor;
      } while (after);
      return out;
    };
    for (const key of ['escalated', 'needsReview', 'overdue'] as const) {
      const yes = await list({ [key]: true });
      const no = await list({ [key]: false });
      expect(yes.length).toBeGreaterThan(0);
      expect(no.length).toBeGreaterThan(0);
      expect(yes.every((x) => x[key])).toBe(true);
      expect(no.every((x) => !x[key])).toBe(true);
      expect(yes.length + no.length).toBe(counted[0].n);
    }
    expect((await list({ escalated: true })).length).toBe(counted[0].escalated);
    expect((await list({ needsReview: true })).length).toBe(counted[0].review);
    expect((await list({ overdue: true })).length).toBe(counted[0].overdue);
    const both = await list({ overdue: true, needsReview: true });
    expect(both.every((x) => x.overdue && x.needsReview)).toBe(true);
  });

  it('shows the plan-derived reasons (destination, route) only to responders who may read that person\'s plan', async () => {
    const PLAN = ['DESTINATION_NOT_OPEN', 'NO_WAY_TO_SHELTER'];
    const policy = t.app.get(AccessPolicyService);
    let withPlanReasons = 0;
    let withheld = 0;
    for (const login of ['admin.komae', 'nurse.komae', 'volunteer.komae', 'caremanager.komae']) {
      const token = (await t.login(login)).accessToken;
      const actor = (await t.app.get(AuthService).actorFromAccessToken(token))!;
      const pts = (await t.gql(MAP, { id: incidentId, zoom: 16, bbox: all }, token)).data?.incidentMap.points as { personId: string | null; taskIds: string[]; cannotReachReasons: string[] }[];
      // The raw reasons, straight from the repository (what the resolver starts from).
      const raw = new Map((await repo.mapPeople(incidentId, scopeOf(actor), all, 100000)).map((r) => [r.task_ids.join(), r]));
      const ids = [...raw.values()].map((r) => r.person_id);
      const decisions = await policy.authorize(actor, ids, [DataClass.R, DataClass.P], { purpose: Purpose.SAFETY_CHECK, incidentId, operation: 'test', auditRosterPerPerson: false });
      for (const p of pts) {
        const r = raw.get(p.taskIds.join())!;
        const planReasons = r.reasons.filter((x) => PLAN.includes(x));
        if (decisions.allows(r.person_id, DataClass.P)) {
          expect(p.cannotReachReasons).toEqual(r.reasons);
          withPlanReasons += planReasons.length ? 1 : 0;
        } else {
          expect(p.cannotReachReasons.filter((x) => PLAN.includes(x))).toEqual([]);
          withheld += planReasons.length ? 1 : 0;
        }
      }
    }
    // Both sides happen with the demo data, so neither branch is vacuous.
    expect(withPlanReasons).toBeGreaterThan(0);
    expect(withheld).toBeGreaterThan(0);
  });
});
