/**
 * RELIABILITY §7 D S5, generalised: walks the live GraphQL schema and asks every path from the Query and
 * Subscription roots to roster (R), plan (P), device (M), ACP (A) and emergency-summary (E) data, as every
 * role, about two people (see test/support/schema-walk/targets.ts), in normal times and with disaster
 * disclosure on. The expected answer for each value is the real policy's: AccessFactsRepository.factsFor +
 * decide() for the person the value belongs to. A non-null value under DENY is a leak; under REDACT only the
 * redacted shape may show.
 */
import { randomUUID } from 'node:crypto';
import { GraphQLSchema } from 'graphql';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { DataSource } from 'typeorm';
import { Decision, Role } from '@anpi/access';
import { bootApp, GqlResult, TestApp } from '../support/app';
import { Builder, QUERY_BUILDERS, SUBSCRIPTION_BUILDERS, WalkContext } from '../support/schema-walk/builders';
import { SENSITIVE, SensitiveCls } from '../support/schema-walk/classification';
import { demoSession, freshTotp, listen, Listening, newSession, Session, sleep, waitFor, wsClient } from '../support/schema-walk/sessions';
import { CANARY, createTargets, Target } from '../support/schema-walk/targets';
import {
  argsText, checkAnswer, CheckOutcome, chunkPaths, classificationProblems, collectIds, enumeratePaths, Leak, PolicyOracle, renderOperation, RootKind, WalkPath,
} from '../support/schema-walk/walker';

/* eslint-disable @typescript-eslint/no-explicit-any */
const DEMO_LOGINS = [
  'admin.komae', 'staff.komae', 'volunteer.komae', 'bousai.komae', 'fire.komae', 'shakyo.komae', 'supporter.komae',
  'caremanager.komae', 'nurse.komae', 'doctor.komae', 'facilitator.komae', 'person.komae',
];
/** The three who must never get any of a person's ACP (DESIGN §4), whatever the policy's other answers. */
const ACP_OUTSIDERS = ['volunteer.komae', 'staff.komae', 'nurse.outside'];
const ACP_CANARIES = CANARY.acp;
const ALL_CANARIES = [...CANARY.acp, ...CANARY.plan, ...CANARY.device];

interface Exec {
  role: string;
  root: RootKind;
  rootField: string;
  target: string;
  args: Record<string, unknown>;
  owner: string | null;
  paths: WalkPath[];
  result: GqlResult<any>;
  outcome?: CheckOutcome;
}

interface PhaseResult {
  execs: Exec[];
  leaks: (Leak & { role: string; root: string; target: string })[];
  unowned: string[];
  counts: Map<string, { queries: number; paths: number; byClass: Record<SensitiveCls, number>; seen: Record<SensitiveCls, number> }>;
}

async function pool<T>(items: T[], n: number, f: (x: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: Math.min(n, queue.length) }, async () => {
    for (let x = queue.shift(); x !== undefined; x = queue.shift()) await f(x);
  }));
}

const zero = (): Record<SensitiveCls, number> => ({ R: 0, P: 0, M: 0, A: 0, E: 0 });

describe('schema walk: every path to personal data, for every role', () => {
  let t: TestApp;
  let schema: GraphQLSchema;
  let ds: DataSource;
  let paths: WalkPath[];
  const sessions = new Map<string, Session>();
  let roles: Session[];
  let targets: { T: Target; H: Target };
  let ctx: WalkContext;
  const phases: Record<string, PhaseResult> = {};
  const chunkCache = new Map<string, WalkPath[][]>();

  const s = (name: string) => {
    const x = sessions.get(name);
    if (!x) throw new Error(`no session ${name}`);
    return x;
  };
  async function ok(token: string, query: string, variables: Record<string, unknown> = {}): Promise<any> {
    const r = await t.gql(query, variables, token);
    if (!r.data || r.errors) throw new Error(`${query.slice(0, 80)} failed: ${JSON.stringify(r.errors)}`);
    return r.data;
  }

  beforeAll(async () => {
    t = await bootApp({ DEMO_DATA: 'true' });
    ds = t.app.get(DataSource);
    schema = t.app.get(GraphQLSchemaHost).schema;
    paths = enumeratePaths(schema, 8);
    for (const login of DEMO_LOGINS) sessions.set(login, await demoSession(t, login));
    // Beyond the demo accounts: a nurse of Komae outside every care team, and two roles with a second factor
    // (fire/EMS and a named supporter), whose device view is the redacted device summary.
    sessions.set('nurse.outside', await newSession(t, 'nurse.outside', { role: Role.VISITING_NURSE, organisation: '他事業所 訪問看護' }));
    sessions.set('fire.2fa', await newSession(t, 'fire.2fa', { role: Role.FIRE_POLICE, organisation: '東京消防庁 狛江消防署' }));
    sessions.set('supporter.2fa', await newSession(t, 'supporter.2fa', { role: Role.SUPPORTER, organisation: '個人（近隣住民）' }));
    roles = [...sessions.values()];
    targets = await createTargets(
      t,
      { staff: s('staff.komae'), nurse: s('nurse.komae'), doctor: s('doctor.komae'), caremanager: s('caremanager.komae'), facilitator: s('facilitator.komae'), person: s('person.komae'), supporter: s('supporter.komae') },
      [{ accountId: s('supporter.2fa').accountId, group: 'WELFARE_VOLUNTEER' }],
    );
    // An active incident over Komae, declared by the admin; tasks generated for everyone on the roster.
    const admin = s('admin.komae').token;
    const incident = (await ok(admin, `mutation($i: DeclareIncidentInput!) { declareIncident(input: $i) { id } }`, { i: { kind: 'FLOOD', title: 'schema walk (test)', municipalityCodes: ['13219'] } })).declareIncident;
    await waitFor(async () => (await t.gql(`query($id: ID!) { incident(id: $id) { generationStatus } }`, { id: incident.id }, admin)).data?.incident.generationStatus === 'DONE', 120000, 'task generation');
    const rows: { id: string; person_id: string; responder_group: string }[] = await ds.query(
      `SELECT id, person_id, responder_group FROM task WHERE incident_id = $1 AND person_id = ANY($2::uuid[]) ORDER BY responder_group`,
      [incident.id, [targets.T.id, targets.H.id]],
    );
    const tasksOf = new Map<string, string[]>();
    for (const r of rows) tasksOf.set(r.person_id, [...(tasksOf.get(r.person_id) ?? []), r.id]);
    ctx = { incidentId: incident.id, municipalityCode: '13219', tasksOf };
    // A tick on every task of the two: the task lists' status filter then finds them on the first page.
    for (const r of rows) {
      await ok(admin, `mutation($i: RecordCheckInput!) { recordCheck(input: $i) { task { id } } }`, {
        i: { taskId: r.id, outcome: 'HOME_NEEDS_SUPPORT', observedAt: new Date().toISOString(), clientEventId: randomUUID(), note: '玄関先で確認' },
      });
    }
  }, 300000);

  afterAll(async () => {
    if (ctx && t) {
      const admin = s('admin.komae').token;
      await t.gql(`mutation($id: ID!) { closeIncident(id: $id) { status } }`, { id: ctx.incidentId }, admin).catch(() => undefined);
    }
    await t?.close();
  });

  const sensitiveRoots = (root: RootKind) => [...new Set(paths.filter((p) => p.root === root).map((p) => p.rootField))];
  const builders = (root: RootKind): Record<string, Builder> => (root === 'query' ? QUERY_BUILDERS : SUBSCRIPTION_BUILDERS);

  function chunksFor(root: RootKind, rootField: string, args: Record<string, unknown>): WalkPath[][] {
    // Complexity depends on the argument shape (page sizes), not on the ids: cache by field and shape.
    const shape = `${root}:${rootField}:${argsText(args).replace(/"[0-9a-f-]{36}"/g, '"id"').replace(/-?\d+\.\d+/g, '0.0')}`;
    let c = chunkCache.get(shape);
    if (!c) {
      c = chunkPaths(schema, root, rootField, args, paths.filter((p) => p.root === root && p.rootField === rootField));
      chunkCache.set(shape, c);
    }
    return c;
  }

  async function check(role: Session, execs: Exec[], oracle: PolicyOracle): Promise<void> {
    // Exports are scanned for the two people's texts, so their facts are always needed.
    const persons = new Set<string>([targets.T.id, targets.H.id]);
    const tasks = new Set<string>();
    for (const e of execs) {
      const ids = collectIds(schema, e.root, e.rootField, e.result.data ?? undefined, e.owner);
      ids.persons.forEach((x) => persons.add(x));
      ids.tasks.forEach((x) => tasks.add(x));
    }
    await oracle.loadTasks([...tasks]);
    for (const x of tasks) {
      const p = oracle.taskOwner.get(x);
      if (p) persons.add(p);
    }
    await oracle.load(role.actor, [...persons]);
    for (const e of execs) e.outcome = checkAnswer(schema, e.root, role.actor, oracle, e.result.data ?? undefined, e.owner);
  }

  function record(phase: PhaseResult, role: Session, e: Exec): void {
    phase.execs.push(e);
    const c = phase.counts.get(role.name) ?? { queries: 0, paths: 0, byClass: zero(), seen: zero() };
    phase.counts.set(role.name, c);
    c.queries++;
    c.paths += e.paths.length;
    for (const p of e.paths) for (const cls of p.classes) c.byClass[cls]++;
    for (const [cls, n] of Object.entries(e.outcome?.seen ?? {})) c.seen[cls as SensitiveCls] += n ?? 0;
    for (const l of e.outcome?.leaks ?? []) phase.leaks.push({ ...l, role: role.name, root: e.rootField, target: e.target });
    phase.unowned.push(...(e.outcome?.unowned ?? []).map((u) => `${role.name} ${e.rootField}: ${u}`));
  }

  async function walkQueries(phase: PhaseResult, oracle: PolicyOracle): Promise<void> {
    await pool(roles, 4, async (role) => {
      const execs: Exec[] = [];
      const done = new Map<string, Exec[]>();
      for (const target of [targets.T, targets.H]) {
        for (const rootField of sensitiveRoots('query')) {
          const b = QUERY_BUILDERS[rootField];
          if (!b) continue; // reported by its own test
          for (const a of b(ctx, target)) {
            const key = `${rootField}${argsText(a.args)}`;
            const same = done.get(key);
            if (same) {
              for (const e of same) e.target = 'incident'; // arguments that do not name a person: asked once
              continue;
            }
            done.set(key, []);
            for (const chunk of chunksFor('query', rootField, a.args)) {
              const result = await t.gql(renderOperation(schema, 'query', rootField, a.args, chunk), undefined, role.token);
              const e: Exec = { role: role.name, root: 'query', rootField, target: target.label, args: a.args, owner: a.owner, paths: chunk, result };
              execs.push(e);
              done.get(key)!.push(e);
            }
          }
        }
      }
      await check(role, execs, oracle);
      for (const e of execs) record(phase, role, e);
    });
  }

  /** Subscribes every role to every subscription path, makes things happen, and checks what arrives. */
  async function walkSubscriptions(phase: PhaseResult, oracle: PolicyOracle, breakGlass: boolean): Promise<void> {
    const open: { role: Session; rootField: string; target: string; args: Record<string, unknown>; owner: string | null; paths: WalkPath[]; l: Listening }[] = [];
    const clients = roles.map((role) => ({ role, client: wsClient(t, role.token) }));
    try {
      for (const { role, client } of clients) {
        for (const rootField of sensitiveRoots('subscription')) {
          const b = SUBSCRIPTION_BUILDERS[rootField];
          if (!b) continue;
          const seen = new Set<string>();
          for (const target of [targets.T, targets.H]) {
            for (const a of b(ctx, target)) {
              const key = argsText(a.args);
              if (seen.has(key)) {
                for (const o of open.filter((x) => x.role === role && x.rootField === rootField && argsText(x.args) === key)) o.target = 'incident';
                continue;
              }
              seen.add(key);
              for (const chunk of chunksFor('subscription', rootField, a.args)) {
                open.push({ role, rootField, target: target.label, args: a.args, owner: a.owner, paths: chunk, l: listen(client, renderOperation(schema, 'subscription', rootField, a.args, chunk)) });
              }
            }
          }
        }
      }
      await sleep(1000); // graphql-ws has no "subscribed" acknowledgement
      // Things happen: a coordinator claims and releases the two people's tasks; a doctor outside H's team opens break-glass.
      const admin = s('admin.komae').token;
      for (const id of [...(ctx.tasksOf.get(targets.T.id) ?? []), ...(ctx.tasksOf.get(targets.H.id) ?? [])]) {
        await ok(admin, `mutation($id: ID!) { claimTask(taskId: $id) { id } }`, { id });
        await ok(admin, `mutation($id: ID!) { releaseTask(taskId: $id) { id } }`, { id });
      }
      if (breakGlass) {
        const doctor = await newSession(t, 'doctor.trigger', { role: Role.HOME_CARE_DOCTOR, organisation: '応援 在宅クリニック' });
        await ok(doctor.token, `mutation($i: BreakGlassInput!) { openBreakGlass(input: $i) { id } }`, {
          i: { personId: targets.H.id, reason: 'schema walk: 呼吸苦の通報、意思確認のため', totpCode: await freshTotp(t, doctor.accountId, doctor.secret!, true) },
        });
      }
      if (breakGlass) await waitFor(async () => open.some((o) => o.rootField === 'breakGlassOpened' && o.role.name === 'admin.komae' && o.l.results.length > 0), 10000, 'a break-glass alert');
      await sleep(1500);
    } finally {
      for (const o of open) o.l.stop();
      for (const { client } of clients) await client.dispose();
    }
    for (const role of roles) {
      const execs: Exec[] = [];
      for (const o of open.filter((x) => x.role === role)) {
        const results = o.l.results.length ? o.l.results : [{ errors: o.l.failure ? [{ message: String((o.l.failure as Error)?.message ?? JSON.stringify(o.l.failure)) }] : undefined }];
        for (const result of results) execs.push({ role: role.name, root: 'subscription', rootField: o.rootField, target: o.target, args: o.args, owner: o.owner, paths: o.paths, result });
      }
      await check(role, execs, oracle);
      for (const e of execs) record(phase, role, e);
    }
  }

  async function runPhase(name: string, breakGlass: boolean): Promise<PhaseResult> {
    const phase: PhaseResult = { execs: [], leaks: [], unowned: [], counts: new Map() };
    phases[name] = phase;
    const t0 = Date.now();
    const oracle = new PolicyOracle(t.app);
    oracle.scanTargets = [targets.T, targets.H];
    await walkQueries(phase, oracle);
    await walkSubscriptions(phase, oracle, breakGlass);
    let total = 0;
    const byClass = zero();
    for (const [role, c] of phase.counts) {
      console.log(JSON.stringify({ schemaWalk: name, role, queries: c.queries, pathsTried: c.paths, byClass: c.byClass, nonNullValuesSeen: c.seen }));
      total += c.paths;
      for (const cls of SENSITIVE) byClass[cls] += c.byClass[cls];
    }
    console.log(JSON.stringify({ schemaWalk: name, roles: phase.counts.size, operations: phase.execs.length, pathsTried: total, byClass, leaks: phase.leaks.length, ms: Date.now() - t0 }));
    return phase;
  }

  function expectNoLeaks(phase: PhaseResult): void {
    const who = (id: string | null) => (id === targets.T.id ? `T(${id})` : id === targets.H.id ? `H(${id})` : String(id));
    const leaks = phase.leaks.map((l) => `${l.role} ${l.root}(${l.target}) ${l.path} [${l.cls} ${l.decision} ${l.reason}] person=${who(l.personId)} ${l.why}: ${JSON.stringify(l.value).slice(0, 80)}`);
    expect([...new Set(leaks)]).toEqual([]);
    expect(phase.unowned.filter((u) => !/\(R\)$/.test(u))).toEqual([]);
  }

  function expectNoAcpInErrors(phase: PhaseResult): void {
    const bad: string[] = [];
    for (const e of phase.execs) {
      const text = JSON.stringify(e.result.errors ?? []);
      for (const c of ALL_CANARIES) if (text.includes(c)) bad.push(`${e.role} ${e.rootField}(${e.target}): error mentions "${c}"`);
    }
    expect(bad).toEqual([]);
  }

  /** Nothing of a person's ACP for volunteers, municipal staff and nurses outside the care team, by any route. */
  function expectNoAcpForOutsiders(phase: PhaseResult): void {
    const got: string[] = [];
    for (const e of phase.execs.filter((x) => ACP_OUTSIDERS.includes(x.role))) {
      const text = JSON.stringify(e.result);
      for (const c of ACP_CANARIES) if (text.includes(c)) got.push(`${e.role} ${e.root} ${e.rootField}(${e.target}) carries "${c}"`);
      for (const cls of ['A', 'E'] as const) if (e.outcome?.seen[cls]) got.push(`${e.role} ${e.root} ${e.rootField}(${e.target}) returned ${e.outcome.seen[cls]} non-null ${cls} value(s)`);
    }
    // Every route to A and E was asked, by all three.
    const acpRoots = [...new Set(paths.filter((p) => p.classes.includes('A') || p.classes.includes('E')).map((p) => `${p.root}:${p.rootField}`))];
    for (const role of ACP_OUTSIDERS) {
      const asked = new Set(phase.execs.filter((e) => e.role === role).map((e) => `${e.root}:${e.rootField}`));
      expect(acpRoots.filter((r) => !asked.has(r))).toEqual([]);
    }
    expect([...new Set(got)]).toEqual([]);
  }

  it('classifies every object type and field of the live schema (a new field without a policy decision fails)', () => {
    const p = classificationProblems(schema);
    if (p.staleTypes.length) console.log(JSON.stringify({ schemaWalk: 'stale classification entries', types: p.staleTypes }));
    expect(p.missing).toEqual([]);
    expect(p.unknownOverrides).toEqual([]);
  });

  it('has an argument builder for every root field that reaches roster, plan, device or ACP data', () => {
    const missing: string[] = [];
    for (const root of ['query', 'subscription'] as const) for (const f of sensitiveRoots(root)) if (!builders(root)[f]) missing.push(`${root}.${f}`);
    expect(missing).toEqual([]);
    // Builders for fields that no longer reach anything sensitive are dead weight: keep the table honest.
    for (const root of ['query', 'subscription'] as const) expect(Object.keys(builders(root)).filter((f) => !sensitiveRoots(root).includes(f))).toEqual([]);
    const deepest = Math.max(...paths.map((p) => p.steps.length));
    const distinctByClass = Object.fromEntries(SENSITIVE.map((c) => [c, paths.filter((p) => p.classes.includes(c)).length]));
    console.log(JSON.stringify({ schemaWalk: 'paths', total: paths.length, deepest, byClass: distinctByClass, byRoot: Object.fromEntries(['query', 'subscription'].flatMap((r) => sensitiveRoots(r as RootKind).map((f) => [`${r}.${f}`, paths.filter((p) => p.root === r && p.rootField === f).length]))) }));
  });

  it('normal times: no path returns data the policy denies, for any role, by query or subscription', async () => {
    const phase = await runPhase('normal', true);
    expectNoLeaks(phase);
    expectNoAcpInErrors(phase);
  }, 300000);

  it('normal times: REDACT answers carry only the redacted shape (supporters without consent, device summary)', async () => {
    const oracle = new PolicyOracle(t.app);
    const T = targets.T;
    const welfareTask = (await ds.query(`SELECT id FROM task WHERE incident_id = $1 AND person_id = $2 AND responder_group = 'WELFARE_VOLUNTEER'`, [ctx.incidentId, T.id]))[0]?.id;
    const redactP: string[] = [];
    const redactM: string[] = [];
    for (const role of roles) {
      await oracle.load(role.actor, [T.id]);
      const dP = oracle.decision(role.actor, T.id, 'P').decision;
      const dM = oracle.decision(role.actor, T.id, 'M').decision;
      const r = await t.gql(`query($p: ID!) { plan(personId: $p) { supporters { key name phone address accountId relation redacted } medicalDevices { device } backupRuntimeHours deviceSummary { onLifeSupport devices } } }`, { p: T.id }, role.token);
      const plan = r.data?.plan;
      if (dP === Decision.DENY) {
        expect(plan ?? null).toBeNull();
        continue;
      }
      expect({ role: role.name, errors: r.errors }).toEqual({ role: role.name, errors: undefined });
      for (const sup of plan.supporters) {
        const known = T.supporters.find((x) => x.key === sup.key)!;
        const visible = dP === Decision.ALLOW || known.consented;
        expect({ role: role.name, key: known.name, shown: sup.name !== null, redacted: sup.redacted }).toEqual({ role: role.name, key: known.name, shown: visible, redacted: !visible });
        if (!visible) expect({ phone: sup.phone, address: sup.address, accountId: sup.accountId, relation: typeof sup.relation }).toEqual({ phone: null, address: null, accountId: null, relation: 'string' });
      }
      if (dP === Decision.REDACT) redactP.push(role.name);
      if (dM === Decision.ALLOW) expect(plan.medicalDevices).toEqual([{ device: 'VENTILATOR' }]);
      else expect({ role: role.name, devices: plan.medicalDevices, hours: plan.backupRuntimeHours }).toEqual({ role: role.name, devices: null, hours: null });
      if (dM === Decision.REDACT) {
        redactM.push(role.name);
        expect(plan.deviceSummary).toEqual({ onLifeSupport: true, devices: ['VENTILATOR'] });
      }
      if (dM === Decision.DENY) expect(plan.deviceSummary).toBeNull();
      // The same supporters seen through the safety-check task.
      const task = await t.gql(`query($id: ID!) { task(id: $id) { supporters { name phone relation } } }`, { id: welfareTask }, role.token);
      if (task.data?.task && dP === Decision.REDACT) {
        const shown = task.data.task.supporters.filter((x: { name: string | null }) => x.name !== null).map((x: { name: string }) => x.name);
        expect({ role: role.name, shown }).toEqual({ role: role.name, shown: ['猪方 一郎'] });
        expect(task.data.task.supporters.filter((x: { name: string | null; phone: string | null }) => x.name === null && x.phone !== null)).toEqual([]);
      }
    }
    console.log(JSON.stringify({ schemaWalk: 'redacted views of T', planRedacted: redactP, deviceSummaryOnly: redactM }));
    expect(redactP.length).toBeGreaterThan(0);
    expect(redactM.length).toBeGreaterThan(0);
  });

  it('normal times: a welfare volunteer, municipal staff and a nurse outside the care team get nothing of the ACP by any route', () => {
    expectNoAcpForOutsiders(phases.normal);
  });

  it('with disaster disclosure on: still no leak, and the walk sees what disclosure opens', async () => {
    const admin = s('admin.komae').token;
    await ok(admin, `mutation($i: SetDisasterDisclosureInput!) { setDisasterDisclosure(input: $i) { id } }`, {
      i: { incidentId: ctx.incidentId, on: true, reason: '浸水想定区域、安否確認のため (test)', expiresAt: new Date(Date.now() + 86400000).toISOString() },
    });
    const phase = await runPhase('disclosure', false);
    expectNoLeaks(phase);
    expectNoAcpInErrors(phase);
    // Disclosure opens H's roster entry to the district volunteer (consent or not): the walk saw it.
    const vol = phase.execs.filter((e) => e.role === 'volunteer.komae' && e.rootField === 'person' && e.target === 'H');
    expect(vol.some((e) => e.result.data?.person?.id === targets.H.id)).toBe(true);
  }, 300000);

  it('with disaster disclosure on: ACP stays out for the welfare volunteer, municipal staff and the outside nurse', () => {
    expectNoAcpForOutsiders(phases.disclosure);
  });

  it('reads the exports it scans: the nurse\'s printed list names her patients, the PFIF export carries T', () => {
    const decode = (e: Exec | undefined) => (e ? Buffer.from(e.result.data?.taskListExport?.contentBase64 ?? '', 'base64').toString('utf8') : '');
    const mine = phases.normal.execs.find((e) => e.role === 'nurse.komae' && e.rootField === 'taskListExport' && (e.args.scope as { $enum: string }).$enum === 'MINE');
    expect(decode(mine)).toContain(targets.T.name);
    expect(decode(mine)).toContain(targets.H.name);
    const pfif = phases.normal.execs.find((e) => e.role === 'admin.komae' && e.rootField === 'pfifExport');
    expect(pfif?.result.data?.pfifExport ?? '').toContain(targets.T.id);
  });

  it('tried paths of every sensitive class for every role, and saw real data where the policy allows it', () => {
    const total = zero();
    const seen = zero();
    for (const phase of Object.values(phases)) {
      for (const [, c] of phase.counts) for (const cls of SENSITIVE) {
        total[cls] += c.byClass[cls];
        seen[cls] += c.seen[cls];
      }
      expect([...phase.counts.keys()].sort()).toEqual(roles.map((r) => r.name).sort());
      for (const [role, c] of phase.counts) {
        for (const cls of ['A', 'E', 'M', 'P'] as const) expect({ role, cls, tried: c.byClass[cls] > 0 }).toEqual({ role, cls, tried: true });
      }
    }
    console.log(JSON.stringify({ schemaWalk: 'total', pathsTriedByClass: total, nonNullValuesSeenByClass: seen }));
    for (const cls of ['A', 'E', 'M', 'P'] as const) {
      expect({ cls, tried: total[cls] > 0 }).toEqual({ cls, tried: true });
      expect({ cls, seen: seen[cls] > 0 }).toEqual({ cls, seen: true });
    }
  });
});
