import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { JobName, JobQueue, QueueName } from '@anpi/core';
import { bootApp, TestApp } from '../support/app';

const DECLARE = `mutation($i: DeclareIncidentInput!) { declareIncident(input: $i) { id isDrill generationStatus area { kind municipalityCode } } }`;
const INCIDENT = `query($id: ID!) { incident(id: $id) { id status generationStatus areaVersion disclosures { active } } }`;
const MY_TASKS = `query($id: ID!, $f: TaskFilterInput) { myTasks(incidentId: $id, filter: $f, first: 200) { nodes { id status statusVersion responderGroup priority assignedToMe person { id name } approximateLocation { lat } supporters { name } } endCursor } }`;
const RECORD = `mutation($i: RecordCheckInput!) { recordCheck(input: $i) { replayed task { id status needsReview eventCount } event { id flags } } }`;

async function waitFor<T>(f: () => Promise<T | undefined | null | false>, ms = 30000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('incidents: declare, generate task lists, record checks (GraphQL over HTTP)', () => {
  let t: TestApp;
  let ds: DataSource;
  let admin: string;
  let incidentId: string;

  beforeAll(async () => {
    t = await bootApp({ DEMO_DATA: 'true', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error' });
    ds = t.app.get(DataSource);
    admin = (await t.login('admin.komae')).accessToken;
    const r = await t.gql(DECLARE, { i: { kind: 'EARTHQUAKE', title: '多摩直下地震 (test)', municipalityCodes: ['13219'] } }, admin);
    if (!r.data) throw new Error(JSON.stringify(r.errors));
    incidentId = r.data.declareIncident.id;
    await waitFor(async () => (await t.gql(INCIDENT, { id: incidentId }, admin)).data?.incident.generationStatus === 'DONE');
  });
  afterAll(() => t.close());

  it('generates one task per person and group for everyone on Komae\'s roster, following the plan', async () => {
    const [people] = await ds.query(`SELECT count(*)::int AS n FROM person WHERE municipality_code = '13219' AND roster_status = 'LISTED'`);
    const [inArea] = await ds.query(`SELECT count(*)::int AS n FROM incident_person WHERE incident_id = $1`, [incidentId]);
    expect(inArea.n).toBe(people.n);
    const [dup] = await ds.query(`SELECT count(*)::int AS n, count(DISTINCT (person_id, responder_group))::int AS d FROM task WHERE incident_id = $1`, [incidentId]);
    expect(dup.n).toBe(dup.d);
    // Device users get a medical task, assigned to the named nurse or doctor of their care team.
    const [devices] = await ds.query(
      `SELECT count(*)::int AS n FROM person p WHERE p.municipality_code = '13219' AND cardinality(p.medical_dependencies) > 0
         AND NOT EXISTS (SELECT 1 FROM task t WHERE t.incident_id = $1 AND t.person_id = p.id AND t.responder_group = 'MEDICAL')`,
      [incidentId],
    );
    expect(devices.n).toBe(0);
    // Everyone has at least one task, and municipal tasks go only to people nobody else covers.
    const [uncovered] = await ds.query(`SELECT count(*)::int AS n FROM incident_person ip WHERE ip.incident_id = $1 AND NOT EXISTS (SELECT 1 FROM task t WHERE t.incident_id = ip.incident_id AND t.person_id = ip.person_id)`, [incidentId]);
    expect(uncovered.n).toBe(0);
    const [named] = await ds.query(
      `SELECT count(*)::int AS n FROM task t JOIN account a ON a.id = t.assignee_account_id WHERE t.incident_id = $1 AND a.login = 'supporter.komae' AND t.responder_group = 'WELFARE_VOLUNTEER'`,
      [incidentId],
    );
    expect(named.n).toBe(5);
  });

  it('adds nothing when generation runs again (a retried or duplicated job)', async () => {
    const [before] = await ds.query(`SELECT count(*)::int AS n FROM task WHERE incident_id = $1`, [incidentId]);
    await ds.query(`DELETE FROM generation_chunk WHERE incident_id = $1`, [incidentId]);
    await ds.query(`UPDATE incident SET generation_status = 'PENDING' WHERE id = $1`, [incidentId]);
    await t.app.get(JobQueue).add(QueueName.Incidents, JobName.GenerateTasks, { incidentId, areaVersion: 1 }, { jobId: `again-${randomUUID()}` });
    await waitFor(async () => (await t.gql(INCIDENT, { id: incidentId }, admin)).data?.incident.generationStatus === 'DONE');
    const [after] = await ds.query(`SELECT count(*)::int AS n FROM task WHERE incident_id = $1`, [incidentId]);
    expect(after.n).toBe(before.n);
  });

  it('gives the nurse a prioritised list of their people and records a check once, however often it is replayed', async () => {
    const nurse = (await t.login('nurse.komae')).accessToken;
    const list = await t.gql(MY_TASKS, { id: incidentId }, nurse);
    const nodes = list.data?.myTasks.nodes;
    expect(nodes.length).toBeGreaterThan(0);
    // Her named patients and the unassigned medical pool of her municipality; nothing of other groups.
    expect(nodes.every((n: { responderGroup: string }) => n.responderGroup === 'MEDICAL')).toBe(true);
    expect(nodes.some((n: { assignedToMe: boolean }) => n.assignedToMe)).toBe(true);
    const priorities = nodes.map((n: { priority: number }) => n.priority);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
    expect(nodes[0].person?.name).toBeTruthy(); // her own patients: identity visible

    const input = { taskId: nodes[0].id, outcome: 'SAFE_AT_HOME', observedAt: new Date().toISOString(), clientEventId: randomUUID(), note: '停電中、内部バッテリーで稼働' };
    const first = await t.gql(RECORD, { i: input }, nurse);
    expect(first.data?.recordCheck).toMatchObject({ replayed: false, task: { status: 'SAFE_AT_HOME', eventCount: 1 } });
    const again = await t.gql(RECORD, { i: input }, nurse);
    expect(again.data?.recordCheck).toMatchObject({ replayed: true, task: { eventCount: 1 } });
    const reused = await t.gql(RECORD, { i: { ...input, outcome: 'NEEDS_HELP' } }, nurse);
    expect(reused.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('keeps "needs help" against a stale "safe" synced later, and flags it for the coordinator', async () => {
    const nurse = (await t.login('nurse.komae')).accessToken;
    const task = (await t.gql(MY_TASKS, { id: incidentId, f: { statuses: ['UNCHECKED'] } }, nurse)).data?.myTasks.nodes[0];
    const now = Date.now();
    await t.gql(RECORD, { i: { taskId: task.id, outcome: 'NEEDS_HELP', observedAt: new Date(now - 60000).toISOString(), clientEventId: randomUUID() } }, nurse);
    const stale = await t.gql(RECORD, { i: { taskId: task.id, outcome: 'SAFE_AT_HOME', observedAt: new Date(now - 600000).toISOString(), clientEventId: randomUUID() } }, nurse);
    expect(stale.data?.recordCheck.task).toMatchObject({ status: 'NEEDS_HELP', needsReview: true, eventCount: 2 });
  });

  it('keeps "needs help" against a later "safe" from a responder (the one-statement path), flags it and audits the flag', async () => {
    const nurse = (await t.login('nurse.komae')).accessToken;
    const task = (await t.gql(MY_TASKS, { id: incidentId, f: { statuses: ['UNCHECKED'] } }, nurse)).data?.myTasks.nodes[0];
    const now = Date.now();
    const help = await t.gql(RECORD, { i: { taskId: task.id, outcome: 'NEEDS_HELP', observedAt: new Date(now - 120000).toISOString(), clientEventId: randomUUID() } }, nurse);
    expect(help.data?.recordCheck.task).toMatchObject({ status: 'NEEDS_HELP', needsReview: false, eventCount: 1 });
    const later = await t.gql(RECORD, { i: { taskId: task.id, outcome: 'SAFE_AT_HOME', observedAt: new Date(now - 60000).toISOString(), clientEventId: randomUUID() } }, nurse);
    expect(later.data?.recordCheck.task).toMatchObject({ status: 'NEEDS_HELP', needsReview: true, eventCount: 2 });
    const audits = await ds.query(`SELECT detail FROM audit_log WHERE detail->>'taskId' = $1 AND action = 'WRITE' ORDER BY id`, [task.id]);
    expect(audits.map((a: { detail: { outcome: string; flags: string[] } }) => [a.detail.outcome, a.detail.flags])).toEqual([
      ['NEEDS_HELP', []],
      ['SAFE_AT_HOME', ['STALE_AFTER_NEEDS_HELP']],
    ]);
    const [row] = await ds.query(`SELECT status, status_version, last_observed_at FROM task WHERE id = $1`, [task.id]);
    expect(row).toMatchObject({ status: 'NEEDS_HELP', status_version: 2 });
    expect(new Date(row.last_observed_at).getTime()).toBe(new Date(now - 60000).getTime());
    // A coordinator's later report lowers it.
    const staff = (await t.login('staff.komae')).accessToken;
    const coord = await t.gql(RECORD, { i: { taskId: task.id, outcome: 'SAFE_AT_HOME', observedAt: new Date(now - 30000).toISOString(), clientEventId: randomUUID() } }, staff);
    expect(coord.data?.recordCheck.task).toMatchObject({ status: 'SAFE_AT_HOME', needsReview: true, eventCount: 3 });
  });

  it('stores every one of 200 simultaneous checks on one task and ends in one deterministic status', async () => {
    const nurse = (await t.login('nurse.komae')).accessToken;
    const task = (await t.gql(MY_TASKS, { id: incidentId, f: { statuses: ['UNCHECKED'] } }, nurse)).data?.myTasks.nodes[0];
    const base = Date.now() - 3600000;
    const outcomes = ['SAFE_AT_HOME', 'NOT_REACHABLE', 'EVACUATED', 'HOME_NEEDS_SUPPORT'];
    const inputs = Array.from({ length: 200 }, (_, i) => ({ taskId: task.id, outcome: outcomes[i % 4], observedAt: new Date(base + i * 1000).toISOString(), clientEventId: randomUUID() }));
    const results = await Promise.all(inputs.map((i) => t.gql(RECORD, { i }, nurse)));
    expect(results.filter((r) => r.errors).map((r) => r.errors)).toEqual([]);
    const [events] = await ds.query(`SELECT count(*)::int AS n FROM check_event WHERE task_id = $1`, [task.id]);
    expect(events.n).toBe(200);
    const [final] = await ds.query(`SELECT status, event_count FROM task WHERE id = $1`, [task.id]);
    expect(final).toEqual({ status: outcomes[199 % 4], event_count: 200 }); // the latest observation
    const [audited] = await ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE detail->>'taskId' = $1 AND action = 'WRITE'`, [task.id]);
    expect(audited.n).toBe(200);
  });

  it('lets one responder claim a task so nobody visits twice', async () => {
    const nurse = (await t.login('nurse.komae')).accessToken;
    const staff = (await t.login('staff.komae')).accessToken;
    const task = (await t.gql(MY_TASKS, { id: incidentId }, nurse)).data?.myTasks.nodes[1];
    const CLAIM = `mutation($id: ID!) { claimTask(taskId: $id) { claimedBy claimedByName } }`;
    expect((await t.gql(CLAIM, { id: task.id }, nurse)).data?.claimTask.claimedByName).toBe('訪問看護師 中和泉 恵');
    expect((await t.gql(CLAIM, { id: task.id }, staff)).errors?.[0].extensions?.code).toBe('CONFLICT');
    expect((await t.gql(`mutation($id: ID!) { releaseTask(taskId: $id) { claimedBy } }`, { id: task.id }, nurse)).data?.releaseTask.claimedBy).toBeNull();
  });

  it('escalates what stays unchecked past its due time, and counts it', async () => {
    await ds.query(`UPDATE task SET due_at = now() - interval '1 minute' WHERE incident_id = $1 AND status = 'UNCHECKED' AND responder_group = 'CARE'`, [incidentId]);
    const [due] = await ds.query(`SELECT count(*)::int AS n FROM task WHERE incident_id = $1 AND status = 'UNCHECKED' AND responder_group = 'CARE'`, [incidentId]);
    await t.app.get(JobQueue).add(QueueName.Incidents, JobName.EscalateOverdueTasks, {}, { jobId: `esc-${randomUUID()}` });
    const progress = await waitFor(async () => {
      const p = (await t.gql(`query($id: ID!) { incidentProgress(incidentId: $id) { total checked needsHelp escalated byGroup { key total } } }`, { id: incidentId }, admin)).data?.incidentProgress;
      return p?.escalated >= due.n && due.n > 0 ? p : null;
    });
    expect(progress.needsHelp).toBe(1);
    expect(progress.byGroup.map((g: { key: string }) => g.key).sort()).toEqual(expect.arrayContaining(['MEDICAL', 'WELFARE_VOLUNTEER']));
  });

  it('shows a welfare volunteer only consenting people until disclosure is on, everyone in the district while it is, and never ACP', async () => {
    const vol = (await t.login('volunteer.komae')).accessToken;
    const countVisible = async () => {
      const nodes = (await t.gql(MY_TASKS, { id: incidentId }, vol)).data?.myTasks.nodes as { person: unknown; approximateLocation: unknown }[];
      return { visible: nodes.filter((n) => n.person).length, hidden: nodes.filter((n) => !n.person && n.approximateLocation).length };
    };
    const before = await countVisible();
    expect(before.hidden).toBeGreaterThan(0);
    const on = await t.gql(`mutation($i: SetDisasterDisclosureInput!) { setDisasterDisclosure(input: $i) { disclosures { active } } }`, { i: { incidentId, on: true, reason: '震度6強; 安否確認のため', expiresAt: new Date(Date.now() + 86400000).toISOString() } }, admin);
    expect(on.data?.setDisasterDisclosure.disclosures[0].active).toBe(true);
    const during = await countVisible();
    expect(during).toEqual({ visible: before.visible + before.hidden, hidden: 0 });
    const noReason = await t.gql(`mutation($i: SetDisasterDisclosureInput!) { setDisasterDisclosure(input: $i) { id } }`, { i: { incidentId, on: true, expiresAt: new Date(Date.now() + 3600000).toISOString() } }, admin);
    expect(noReason.errors?.[0].extensions?.fields?.[0].field).toBe('input.reason');
    await t.gql(`mutation($i: SetDisasterDisclosureInput!) { setDisasterDisclosure(input: $i) { id } }`, { i: { incidentId, on: false } }, admin);
    expect(await countVisible()).toEqual(before);
  });

  it('refuses bad areas with a clear message and creates nothing', async () => {
    const [before] = await ds.query(`SELECT count(*)::int AS n FROM incident`);
    const open = await t.gql(DECLARE, { i: { kind: 'FLOOD', title: 'x', polygons: [{ type: 'Polygon', coordinates: [[[139.56, 35.62], [139.6, 35.62], [139.6, 35.65]]] }] } }, admin);
    expect(open.errors?.[0].extensions?.fields?.[0]).toEqual({ field: 'input.polygons.0.coordinates.0', message: expect.stringMatching(/at least 4|open/) });
    const unknown = await t.gql(DECLARE, { i: { kind: 'FLOOD', title: 'x', municipalityCodes: ['99999'] } }, admin);
    expect(unknown.errors?.[0].extensions?.fields?.[0]).toEqual({ field: 'input.municipalityCodes.0', message: 'unknown municipality code 99999' });
    const none = await t.gql(DECLARE, { i: { kind: 'FLOOD', title: 'x' } }, admin);
    expect(none.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const nurse = (await t.login('nurse.komae')).accessToken;
    expect((await t.gql(DECLARE, { i: { kind: 'FLOOD', title: 'x', municipalityCodes: ['13219'] } }, nurse)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const [after] = await ds.query(`SELECT count(*)::int AS n FROM incident`);
    expect(after.n).toBe(before.n);
  });

  it('widens a polygon incident to new people only, marks drills, and refuses checks once closed', async () => {
    const square = { type: 'Polygon', coordinates: [[[139.57, 35.625], [139.58, 35.625], [139.58, 35.635], [139.57, 35.635], [139.57, 35.625]]] };
    const drill = (await t.gql(DECLARE, { i: { kind: 'FLOOD', title: '総合防災訓練', isDrill: true, polygons: [square] } }, admin)).data?.declareIncident;
    expect(drill.isDrill).toBe(true);
    await waitFor(async () => (await t.gql(INCIDENT, { id: drill.id }, admin)).data?.incident.generationStatus === 'DONE');
    const [first] = await ds.query(`SELECT count(*)::int AS n FROM incident_person WHERE incident_id = $1`, [drill.id]);
    const [tasksFirst] = await ds.query(`SELECT count(*)::int AS n, bool_and(is_drill) AS drill FROM task WHERE incident_id = $1`, [drill.id]);
    expect(tasksFirst.drill).toBe(true);
    await t.gql(`mutation($i: ExtendIncidentAreaInput!) { extendIncidentArea(input: $i) { areaVersion } }`, { i: { incidentId: drill.id, municipalityCodes: ['13219'] } }, admin);
    await waitFor(async () => {
      const i = (await t.gql(INCIDENT, { id: drill.id }, admin)).data?.incident;
      return i.areaVersion === 2 && i.generationStatus === 'DONE';
    });
    const [all] = await ds.query(`SELECT count(*)::int AS n FROM incident_person WHERE incident_id = $1`, [drill.id]);
    const [komae] = await ds.query(`SELECT count(*)::int AS n FROM person WHERE municipality_code = '13219' AND roster_status = 'LISTED'`);
    expect(first.n).toBeGreaterThan(0);
    expect(first.n).toBeLessThan(all.n);
    expect(all.n).toBe(komae.n);
    const [dup] = await ds.query(`SELECT count(*)::int AS n, count(DISTINCT (person_id, responder_group))::int AS d FROM task WHERE incident_id = $1`, [drill.id]);
    expect(dup.n).toBe(dup.d);

    await t.gql(`mutation($id: ID!) { closeIncident(id: $id) { status } }`, { id: drill.id }, admin);
    const [task] = await ds.query(`SELECT t.id FROM task t JOIN account a ON a.id = t.assignee_account_id WHERE t.incident_id = $1 AND a.login = 'nurse.komae' LIMIT 1`, [drill.id]);
    const nurse = (await t.login('nurse.komae')).accessToken;
    const closed = await t.gql(RECORD, { i: { taskId: task.id, outcome: 'SAFE_AT_HOME', observedAt: new Date().toISOString(), clientEventId: randomUUID() } }, nurse);
    expect(closed.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT' }, message: expect.stringMatching(/closed/) });
  });

  it('stores 1,000 queued offline check-ins exactly once when the phone replays the whole queue twice', async () => {
    const staff = (await t.login('staff.komae')).accessToken;
    const tasks: { id: string }[] = await ds.query(`SELECT id FROM task WHERE incident_id = $1 AND responder_group = 'MUNICIPAL' AND event_count = 0 ORDER BY id`, [incidentId]);
    expect(tasks.length).toBeGreaterThan(10);
    const [auditBefore] = await ds.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'WRITE' AND detail->>'operation' = 'recordCheck' AND detail->>'taskId' = ANY($1::text[])`,
      [tasks.map((x) => x.id)],
    );
    const base = Date.now() - 2 * 3600000;
    const outcomes = ['NOT_REACHABLE', 'SAFE_AT_HOME'];
    // What an outbox holds after a night offline: 1,000 ticks over Komae's municipal tasks, oldest first.
    const queue = Array.from({ length: 1000 }, (_, i) => ({
      taskId: tasks[i % tasks.length].id, outcome: outcomes[Math.floor(i / tasks.length) % 2], note: `巡回 ${i}`,
      observedAt: new Date(base + i * 1000).toISOString(), clientEventId: randomUUID(),
    }));
    const send = async (items: typeof queue) => {
      const out: { replayed?: boolean; errors?: unknown }[] = [];
      for (let k = 0; k < items.length; k += 50) {
        const batch = await Promise.all(items.slice(k, k + 50).map((i) => t.gql(RECORD, { i }, staff)));
        out.push(...batch.map((r) => ({ replayed: r.data?.recordCheck.replayed, errors: r.errors })));
      }
      return out;
    };
    const first = await send(queue);
    expect(first.filter((r) => r.errors).map((r) => r.errors)).toEqual([]);
    expect(first.every((r) => r.replayed === false)).toBe(true);
    // The connection dropped before the answers arrived: the phone sends everything again, twice, in another order.
    for (const round of [[...queue].reverse(), [...queue].sort((a, b) => a.clientEventId.localeCompare(b.clientEventId))]) {
      const again = await send(round);
      expect(again.filter((r) => r.errors).map((r) => r.errors)).toEqual([]);
      expect(again.every((r) => r.replayed === true)).toBe(true);
    }
    const [stored] = await ds.query(`SELECT count(*)::int AS n, count(DISTINCT client_event_id)::int AS d FROM check_event WHERE client_event_id = ANY($1::uuid[])`, [queue.map((q) => q.clientEventId)]);
    expect(stored).toEqual({ n: 1000, d: 1000 });
    const [audited] = await ds.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'WRITE' AND detail->>'operation' = 'recordCheck' AND detail->>'taskId' = ANY($1::text[])`,
      [tasks.map((x) => x.id)],
    );
    expect(audited.n - auditBefore.n).toBe(1000);
    // Each task's status is its latest observation, as if every tick had arrived once.
    const last = new Map(queue.map((q) => [q.taskId, q.outcome]));
    const rows: { id: string; status: string; event_count: number }[] = await ds.query(`SELECT id, status, event_count FROM task WHERE id = ANY($1::uuid[])`, [tasks.map((x) => x.id)]);
    for (const r of rows) expect({ id: r.id, status: r.status }).toEqual({ id: r.id, status: last.get(r.id) });
    expect(rows.reduce((a, r) => a + Number(r.event_count), 0)).toBe(1000);
  });
});
