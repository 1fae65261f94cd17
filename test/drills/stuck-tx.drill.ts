/**
 * Drill 6 — a stuck transaction (RELIABILITY C4).
 *
 * Another connection opens a transaction, takes `SELECT … FOR UPDATE` on one task and holds it for 60 s (small:
 * 10 s). Meanwhile 10 clients keep recording checks on other tasks, and 3 clients keep trying the locked task
 * (arriving one second apart, each retrying as soon as it is answered, as an impatient responder would).
 *
 * Invariants: check-ins on other tasks all succeed, with p95 ≤ max(300 ms, 2 × the p95 measured before the lock);
 * every check-in on the locked task fails cleanly — an answer with an error code, no 5xx, no network error — within
 * DB_LOCK_TIMEOUT_MS (5 s) + 1.5 s, and none succeeds while the lock is held; after the lock is released no API
 * connection is left waiting on a lock within 10 s, and a check-in on the task succeeds.
 */
import { Client } from 'pg';
import { DrillLine } from './support/drill';
import { bySize, note, sleep } from './support/env';
import { Q, firstCode, gql, must } from './support/gql';
import { checkInput, checkLoad } from './support/load';
import { seedDistricts, seedRoster, team, teamSpecs, waitGenerated } from './support/roster';
import { Stack } from './support/stack';
import { Invariants, latency, round } from './support/stats';

const LOCK_TIMEOUT_MS = 5000; // the default of DB_LOCK_TIMEOUT_MS, which the drill leaves as it is

export async function stuckTxDrill(): Promise<DrillLine[]> {
  const holdMs = bySize(10_000, 60_000);
  const inv = new Invariants();
  const s = await Stack.create('stuck-tx');
  const holder = new Client({ connectionString: s.dbUrl, application_name: 'anpi-drill-holder' });
  try {
    const t = team(await s.setup(teamSpecs(13)));
    await s.startApi();
    await s.startWorker();
    await seedDistricts(s);
    await seedRoster(s, 10_000, { municipalities: ['13219', '13204'] });
    const admin = await s.login(t.admin);
    const inc = must(await gql(s.apiUrl, Q.DECLARE, { i: { kind: 'EARTHQUAKE', title: 'drill stuck tx', isDrill: true, municipalityCodes: ['13219', '13204'] } }, admin), 'declare').declareIncident;
    await waitGenerated(s, inc.id, 120_000);
    const tokens = await Promise.all(t.staff.map((a) => s.login(a)));
    const ids = (await s.query<{ id: string }>(`SELECT id FROM task WHERE incident_id = $1 ORDER BY md5(id::text)`, [inc.id])).map((r) => r.id);
    const locked = ids[0];
    let k = 1;
    const other = (c: number, i: number) => ({ token: tokens[c], input: checkInput(ids[1 + (k++ % (ids.length - 1))], i) });

    // Normal latency first (after a warm-up).
    await checkLoad(s.apiUrl, 10, other, { perClient: 5 });
    const before = await checkLoad(s.apiUrl, 10, other, { perClient: 20 });

    // The stray transaction.
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT id FROM task WHERE id = $1 FOR UPDATE', [locked]);
    const lockedAt = Date.now();
    note(`stuck-tx: task ${locked} locked for ${holdMs / 1000} s`);
    let release = false;
    const others = checkLoad(s.apiUrl, 10, other, { until: () => release });
    const lockedTries: { ms: number; status: number; code?: string; net?: string; ok: boolean; endedAfterLockMs: number }[] = [];
    // Responders arrive one second apart (as they would), so their waits overlap instead of timing out together.
    const lockedClients = Promise.all([10, 11, 12].map(async (c, n) => {
      await sleep(n * 1000);
      for (let i = 0; !release; i++) {
        const r = await gql(s.apiUrl, Q.RECORD, { i: checkInput(locked, i) }, tokens[c], 30_000);
        lockedTries.push({ ms: r.ms, status: r.status, code: firstCode(r), net: r.networkError, ok: !r.errors && !r.networkError && r.status === 200, endedAfterLockMs: Date.now() - lockedAt });
      }
    }));
    const waitSamples: number[] = [];
    while (Date.now() - lockedAt < holdMs) {
      waitSamples.push(Number((await s.one<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'anpi' AND wait_event_type = 'Lock'`)).n));
      await sleep(250);
    }
    await holder.query('ROLLBACK');
    const releasedAt = Date.now();
    release = true;
    const during = await others;
    await lockedClients;

    // The pool after the release: no connection left waiting on a lock, and the task takes a check again.
    let drainedMs: number | null = null;
    for (let i = 0; i < 100; i++) {
      const n = Number((await s.one<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'anpi' AND (wait_event_type = 'Lock' OR state = 'idle in transaction')`)).n);
      if (n === 0) {
        drainedMs = Date.now() - releasedAt;
        break;
      }
      await sleep(100);
    }
    const after = await gql(s.apiUrl, Q.RECORD, { i: checkInput(locked, 99) }, tokens[0], 10_000);
    const connections = Number((await s.one<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'anpi'`)).n);
    const afterLoad = await checkLoad(s.apiUrl, 10, other, { perClient: 20 });

    // Attempts that began while the lock was held (their answer may arrive just after the release), and those
    // answered before the release (which must all be failures).
    const heldMs = releasedAt - lockedAt;
    const whileLocked = lockedTries.filter((x) => x.endedAfterLockMs - x.ms < heldMs);
    const answeredWhileLocked = whileLocked.filter((x) => x.endedAfterLockMs <= heldMs);
    const longest = [...whileLocked].sort((a, b) => b.ms - a.ms)[0];
    const lockedLat = latency(whileLocked.map((x) => x.ms));
    const codes = whileLocked.reduce<Record<string, number>>((m, x) => ({ ...m, [x.code ?? (x.net ? 'network' : x.ok ? 'OK' : 'none')]: (m[x.code ?? (x.net ? 'network' : x.ok ? 'OK' : 'none')] ?? 0) + 1 }), {});
    const p95Limit = Math.max(300, 2 * before.latencyMs.p95);
    const f = {
      holdMs, lockTimeoutMs: LOCK_TIMEOUT_MS,
      baselineP50Ms: before.latencyMs.p50, baselineP95Ms: before.latencyMs.p95,
      othersDuringLock: during.requests, othersOkDuringLock: during.ok, othersP50Ms: during.latencyMs.p50, othersP95Ms: during.latencyMs.p95, othersP99Ms: during.latencyMs.p99, othersPerSec: during.perSec,
      lockedAttempts: whileLocked.length, lockedAnsweredBeforeRelease: answeredWhileLocked.length, lockedCodes: codes,
      lockedLongest: longest ? { ms: round(longest.ms, 0), startedAfterLockMs: round(longest.endedAfterLockMs - longest.ms, 0), outcome: longest.ok ? 'OK after the release' : (longest.code ?? longest.net) } : null, lockedP50Ms: lockedLat.p50, lockedMaxMs: lockedLat.max,
      maxApiConnectionsWaitingOnLock: Math.max(0, ...waitSamples), drainedAfterReleaseMs: drainedMs, apiConnectionsAfter: connections,
      checkOnTaskAfterRelease: after.errors ? firstCode(after) : after.networkError ? 'network' : 'OK', afterReleaseP95Ms: afterLoad.latencyMs.p95,
    };
    inv.check('other tasks: every check-in succeeded while the row was locked', during.requests > 0 && during.ok === during.requests, { errors: during.errorCodes, http: during.httpErrors });
    inv.check(`other tasks: p95 ≤ max(300 ms, 2 × baseline p95) = ${round(p95Limit, 0)} ms`, during.latencyMs.p95 <= p95Limit, { p95: during.latencyMs.p95, baseline: before.latencyMs.p95 });
    inv.check('locked task: attempts were made while locked', whileLocked.length > 0, { n: lockedTries.length });
    inv.check('locked task: every attempt answered before the release failed with an error code (no success, no 5xx, no network error)', answeredWhileLocked.length > 0 && answeredWhileLocked.every((x) => !x.ok && x.status === 200 && !x.net && Boolean(x.code)), codes);
    inv.check(`locked task: every attempt made while locked was answered within DB_LOCK_TIMEOUT_MS + 1.5 s (${LOCK_TIMEOUT_MS + 1500} ms)`, whileLocked.every((x) => x.ms <= LOCK_TIMEOUT_MS + 1500), { longest: f.lockedLongest });
    inv.check('pool: no connection waiting on a lock within 10 s of the release', drainedMs !== null && drainedMs <= 10_000, { drainedMs });
    inv.check('pool: the task takes a check again after the release', f.checkOnTaskAfterRelease === 'OK', { after: after.errors ?? after.networkError });
    inv.check('pool: check-ins after the release all succeed', afterLoad.ok === afterLoad.requests, { errors: afterLoad.errorCodes });
    const lockCodes = Object.keys(codes).filter((c) => c !== 'OK');
    if (lockCodes.some((c) => c === 'INTERNAL' || c === 'INTERNAL_SERVER_ERROR')) {
      inv.warn(`a check-in on a locked task fails as ${lockCodes.join('/')} (masked "Internal server error" with a correlation id); RELIABILITY C4 wants a retryable code such as LOCKED, so an outbox can tell "try again" from a real fault`);
    }
    return [{ drill: 'stuck-tx', figures: f, inv }];
  } finally {
    await holder.end().catch(() => undefined);
    await s.close();
  }
}
