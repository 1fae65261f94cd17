/**
 * Incident benchmarks (STYLE: test/bench prints figures, one JSON line each, and never asserts a time).
 *
 *   npm run bench:incidents            # DATABASE_URL / REDIS_URL default to the local servers, as the drills do
 *   npm run bench:incidents -- postgresql --generation-only   # one backend (postgresql | pglite | all), no check-ins
 *
 * Built with the drills (test/drills/tsconfig.json) and run with node, so the API and the worker are separate
 * processes and the load generator does not share their event loop. Figures:
 * - task generation on PostgreSQL for incidents holding 10k, 100k and 200k people (of a 250k roster inside the
 *   real boundaries): declare → DONE wall time, tasks/s, and the ratio to a raw INSERT … SELECT of the same rows
 *   into a copy of `task` (same indexes, defaults and foreign keys) in the same run;
 * - the same 200k generation again with jit=off on the bench database (a diagnostic; the generator already turns
 *   JIT off in each chunk transaction, so this should now match the run above);
 * - task generation for 10k people on PGlite (embedded mode, in-process queue);
 * - check-ins/s through GraphQL recordCheck with 50 and 200 concurrent clients (p50/p99), and the CPU each
 *   request cost the API process, PostgreSQL and the load generator.
 * Targets it reports against (DESIGN §8 / issue 8): ≥ 80k tasks/s (200k people ≤ 2.5 s, ≥ 0.8× raw insert),
 * 10k people on PGlite ≤ 1 s, ≥ 2.6k check-ins/s with p99 < 50 ms on a 2-core machine.
 *
 *   BENCH_ONLY=checkins npm run bench:incidents   # only the check-in figures: a 30k roster, one incident over all
 *                                                 # six municipalities, then the 50- and 200-client loads (minutes)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AccountRepository, PasswordService, Role, newTotpSecret, totpCode } from '@anpi/access';
import { loadConfig } from '@anpi/core';
import { createApp } from '../../apps/api/src/main';
import { DATABASE_URL, note } from '../drills/support/env';
import { Q, gql, must } from '../drills/support/gql';
import { checkInput, checkLoad } from '../drills/support/load';
import { CpuMeter } from '../drills/support/processes';
import { Db, checkTaskSet, circleCovering, seedCareTeams, seedDistricts, seedRoster, taskSetExact, team, teamSpecs, waitGenerated } from '../drills/support/roster';
import { PASSWORD, Stack } from '../drills/support/stack';
import { round } from '../drills/support/stats';

function emit(figure: Record<string, unknown>): void {
  // The machine may be shared with other test runs: each line says how busy it was (1-minute load average).
  process.stdout.write(`${JSON.stringify({ bench: 'incidents', ...figure, loadAvg1m: Math.round(loadavg()[0] * 100) / 100 })}\n`);
}

/** Declares an incident over `polygon` and times it to DONE; then a raw INSERT … SELECT of the same rows. */
async function generation(db: Db, url: string, admin: string, polygon: unknown, title: string, timeoutMs: number) {
  const t0 = Date.now();
  const inc = must(await gql(url, Q.DECLARE, { i: { kind: 'EARTHQUAKE', title, isDrill: true, polygons: [polygon] } }, admin), 'declare').declareIncident;
  const ms = await waitGenerated(db, inc.id, timeoutMs, t0);
  const set = await checkTaskSet(db, inc.id);
  await db.query(`DROP TABLE IF EXISTS bench_task_copy`);
  await db.query(`CREATE TABLE bench_task_copy (LIKE task INCLUDING ALL)`);
  await db.query(`ALTER TABLE bench_task_copy ADD FOREIGN KEY (incident_id) REFERENCES incident(id) ON DELETE CASCADE, ADD FOREIGN KEY (person_id) REFERENCES person(id) ON DELETE CASCADE`);
  const r0 = Date.now();
  await db.query(`INSERT INTO bench_task_copy SELECT * FROM task WHERE incident_id = $1`, [inc.id]);
  const rawMs = Math.max(1, Date.now() - r0);
  await db.query(`DROP TABLE bench_task_copy`);
  const perSec = (set.actual / ms) * 1000;
  const rawPerSec = (set.actual / rawMs) * 1000;
  return {
    incidentId: inc.id, peopleInArea: set.peopleActual, tasks: set.actual, exact: taskSetExact(set), ms, tasksPerSec: round(perSec, 0),
    rawInsertMs: rawMs, rawInsertPerSec: round(rawPerSec, 0), ratio: round(perSec / rawPerSec, 3),
  };
}

/** BENCH_ONLY=checkins: skip the generation figures (and PGlite) and measure check-ins on a small roster. */
const CHECKINS_ONLY = process.env.BENCH_ONLY === 'checkins';
/** `--generation-only`: skip the check-in load (and the jit=off diagnostic), for quick A/B runs of the generator. */
const GENERATION_ONLY = process.argv.includes('--generation-only');

async function postgres(): Promise<void> {
  const roster = CHECKINS_ONLY ? 30_000 : 250_000;
  const s = await Stack.create('bench');
  try {
    const t = team(await s.setup(teamSpecs(20)));
    await s.startApi();
    await s.startWorker();
    await seedDistricts(s);
    const seeded = await seedRoster(s, roster);
    await seedCareTeams(s, t);
    emit({ backend: 'postgresql', figure: 'roster', people: seeded.people, seedMs: seeded.ms, peoplePerSec: round((seeded.people / seeded.ms) * 1000, 0) });
    const admin = await s.login(t.admin);
    let last = '';
    if (CHECKINS_ONLY) {
      const inc = must(await gql(s.apiUrl, Q.DECLARE, { i: { kind: 'EARTHQUAKE', title: 'bench check-ins', isDrill: true, municipalityCodes: ['13203', '13204', '13206', '13208', '13210', '13219'] } }, admin), 'declare').declareIncident;
      await waitGenerated(s, inc.id, 600_000);
      last = inc.id;
    }
    for (const n of CHECKINS_ONLY ? [] : [10_000, 100_000, 200_000]) {
      const { polygon } = await circleCovering(s, n / seeded.people);
      const g = await generation(s, s.apiUrl, admin, polygon, `bench ${n}`, 600_000);
      last = g.incidentId;
      emit({ backend: 'postgresql', figure: 'generation', targetPeople: n, ...g, incidentId: undefined, target: '≥ 80k tasks/s; 200k people ≤ 2.5 s; ≥ 0.8× raw insert' });
    }
    if (GENERATION_ONLY) return;

    const tokens = await Promise.all(t.staff.map((a) => s.login(a)));
    const ids = (await s.query<{ id: string }>(`SELECT id FROM task WHERE incident_id = $1 ORDER BY md5(id::text) LIMIT 12000`, [last])).map((r) => r.id);
    let k = 0;
    await checkLoad(s.apiUrl, 20, (c, i) => ({ token: tokens[c % tokens.length], input: checkInput(ids[k++], i) }), { perClient: 10 });
    for (const [clients, perClient] of [[50, 40], [200, 15]]) {
      const cpu = new CpuMeter(s.api!.pid, s.worker!.pid).start();
      const load = await checkLoad(s.apiUrl, clients, (c, i) => ({ token: tokens[c % tokens.length], input: checkInput(ids[k++], i) }), { perClient });
      emit({
        backend: 'postgresql', figure: 'checkins', clients, requests: load.requests, ok: load.ok, errors: { ...load.errorCodes, ...load.httpErrors }, perSec: load.perSec,
        p50Ms: load.latencyMs.p50, p95Ms: load.latencyMs.p95, p99Ms: load.latencyMs.p99, maxMs: load.latencyMs.max,
        cpuMsPerRequest: cpu.perRequest(load.requests),
        target: '≥ 2.6k/s, p99 < 50 ms',
      });
    }

    if (CHECKINS_ONLY) return;
    // Diagnostic: the 200k generation again with JIT off for the bench database (new worker connections).
    await s.query(`ALTER DATABASE ${s.dbName} SET jit = off`);
    await s.worker!.stop();
    await s.startWorker();
    const { polygon } = await circleCovering(s, 200_000 / seeded.people);
    const g = await generation(s, s.apiUrl, admin, polygon, 'bench 200k jit=off', 600_000);
    emit({ backend: 'postgresql', figure: 'generation', variant: 'jit=off (diagnostic)', targetPeople: 200_000, ...g, incidentId: undefined });
  } finally {
    await s.close();
  }
}

async function pglite(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'anpi-bench-pglite-'));
  const config = loadConfig({ NODE_ENV: 'production', PGLITE_DIR: join(dir, 'pglite'), JWT_SECRET: 'bench-secret-bench-secret-bench-secret-00', DEMO_DATA: 'false', LOG_LEVEL: 'error' });
  const app = await createApp(config);
  try {
    await app.listen(0, '127.0.0.1');
    const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    const ds = app.get(DataSource);
    const db: Db = { name: 'pglite', query: (sql, params) => ds.query(sql, params) };
    const secret = newTotpSecret();
    const hash = await app.get(PasswordService).hash(PASSWORD);
    await app.get(AccountRepository).create(
      { login: 'bench-admin', displayName: 'Bench', passwordHash: hash, role: Role.MUNICIPAL_ADMIN, organisation: 'Bench', isDemo: false, totpSecret: secret, pledgeAcceptedAt: new Date() },
      ['13219', '13204'].map((m) => ({ municipalityCode: m, districtCode: null })),
    );
    // The same responders and care teams as on PostgreSQL, so both backends generate the same mix of groups.
    const created = [];
    for (const a of teamSpecs(0)) {
      const acc = await app.get(AccountRepository).create(
        { login: a.login, displayName: a.login, passwordHash: hash, role: a.role, organisation: 'Bench', isDemo: false, pledgeAcceptedAt: new Date() },
        a.municipalityCodes.map((m, i) => ({ municipalityCode: m, districtCode: i === 0 ? (a.districtCode ?? null) : null })),
      );
      created.push({ ...a, id: acc.id, totpSecret: null });
    }
    const admin = must(await gql<{ login: { accessToken: string } }>(url, Q.LOGIN, { i: { login: 'bench-admin', password: PASSWORD, totpCode: totpCode(secret) } }), 'login').login.accessToken;
    await seedDistricts(db);
    const seeded = await seedRoster(db, 10_200, { municipalities: ['13219', '13204'] });
    await seedCareTeams(db, team(created));
    emit({ backend: 'pglite', figure: 'roster', people: seeded.people, seedMs: seeded.ms });
    const t0 = Date.now();
    const inc = must(await gql(url, Q.DECLARE, { i: { kind: 'EARTHQUAKE', title: 'bench pglite', isDrill: true, municipalityCodes: ['13219', '13204'] } }, admin), 'declare').declareIncident;
    const ms = await waitGenerated(db, inc.id, 600_000, t0);
    const set = await checkTaskSet(db, inc.id);
    await db.query(`CREATE TABLE bench_task_copy (LIKE task INCLUDING ALL)`);
    const r0 = Date.now();
    await db.query(`INSERT INTO bench_task_copy SELECT * FROM task WHERE incident_id = $1`, [inc.id]);
    const rawMs = Math.max(1, Date.now() - r0);
    emit({
      backend: 'pglite', figure: 'generation', peopleInArea: set.peopleActual, tasks: set.actual, exact: taskSetExact(set), ms, tasksPerSec: round((set.actual / ms) * 1000, 0),
      rawInsertMs: rawMs, rawInsertPerSec: round((set.actual / rawMs) * 1000, 0), ratio: round(rawMs / ms, 3), target: '10k people ≤ 1 s',
    });
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  note(`bench incidents on ${new URL(DATABASE_URL).host} (PostgreSQL) and PGlite`);
  const which = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'all';
  if (which === 'all' || which === 'postgresql') await postgres();
  if ((which === 'all' && !CHECKINS_ONLY) || which === 'pglite') await pglite();
  process.exit(0);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
