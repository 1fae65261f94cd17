/**
 * Drill 4 — Redis misconfigured (RELIABILITY R4).
 *
 * A redis-server of the drill's own with maxmemory-policy allkeys-lru: the worker process must refuse to start,
 * exit non-zero, name "noeviction" in its message, and never report that it started; the API's /ready answers 503
 * on it. Also checked: a Redis that keeps nothing across a restart (no AOF, no RDB) is accepted with a warning
 * (the reconciler and the schedule keeper rebuild the queue from PostgreSQL), and a Redis that is not there at all
 * is refused with "not reachable".
 */
import { DrillLine } from './support/drill';
import { WORKER_MAIN, note, sleep } from './support/env';
import { RedisServer, spawnNode } from './support/processes';
import { Stack } from './support/stack';
import { Invariants } from './support/stats';

async function runWorker(s: Stack, redisUrl: string, waitMs: number): Promise<{ exitCode: number | null; ms: number; started: boolean; output: string }> {
  const t0 = Date.now();
  const w = spawnNode(`worker-${s.name}`, WORKER_MAIN, s.env({ REDIS_URL: redisUrl, LOG_LEVEL: 'log' }));
  const exited = await Promise.race([w.exited.then((e) => e), sleep(waitMs).then(() => null)]);
  const started = w.output.some((l) => /worker started/.test(l));
  if (!exited) await w.stop();
  return { exitCode: exited ? exited.code : null, ms: Date.now() - t0, started, output: w.text() };
}

export async function redisMisconfigDrill(): Promise<DrillLine[]> {
  const inv = new Invariants();
  const f: Record<string, unknown> = {};
  const lru = await RedisServer.onFreePort('allkeys-lru');
  await lru.start();
  const s = await Stack.create('redis-misconfig', { redisUrl: lru.url });
  let plain: RedisServer | null = null;
  try {
    await s.setup([]);
    const bad = await runWorker(s, lru.url, 30_000);
    Object.assign(f, { lruPort: lru.port, lruExitCode: bad.exitCode, lruExitMs: bad.ms, lruStartedAnyway: bad.started, lruMessage: bad.output.split('\n').filter((l) => /noeviction|not started/i.test(l)).join(' | ').slice(0, 400) });
    inv.check('allkeys-lru: the worker exits non-zero', bad.exitCode !== null && bad.exitCode !== 0, { exitCode: bad.exitCode });
    inv.check('allkeys-lru: the message names noeviction (and the policy found)', /noeviction/.test(bad.output) && /allkeys-lru/.test(bad.output), bad.output.slice(-600));
    inv.check('allkeys-lru: the worker never reports that it started', !bad.started, bad.output.slice(-600));
    inv.check('allkeys-lru: it refuses within 30 s', bad.exitCode !== null && bad.ms < 30_000, { ms: bad.ms });
    // The API starts (check-ins do not need Redis) but must not call itself ready on an evicting Redis.
    await s.startApi();
    const ready = await s.ready();
    f.apiReadyOnLru = `${ready.status} ${JSON.stringify(ready.body)}`;
    inv.check('allkeys-lru: the API /ready answers 503 naming noeviction', ready.status === 503 && /noeviction/.test(JSON.stringify(ready.body)), f.apiReadyOnLru);
    await s.api?.stop();
    await lru.stop();

    // Not covered by the pass criterion: persistence disabled (RELIABILITY R4, second half).
    plain = await RedisServer.onFreePort('noeviction');
    await plain.start();
    const nopersist = await runWorker(s, plain.url, 8_000);
    f.noPersistenceWorkerStarted = nopersist.started;
    f.noPersistenceExitCode = nopersist.exitCode;
    f.noPersistenceWarned = /persistence/i.test(nopersist.output);
    // Accepted by design: everything queued is rebuilt from PostgreSQL by the reconciler and the schedule keeper
    // (drill redis-outage R3), so a Redis without persistence costs time, not data. The worker must say so.
    inv.check('no persistence: the worker starts but warns', !nopersist.started || /persistence/i.test(nopersist.output), nopersist.output.slice(0, 400));
    await plain.stop();

    // An unreachable Redis: a clear refusal, not a hang.
    const gone = await runWorker(s, `redis://127.0.0.1:${plain.port}`, 30_000);
    Object.assign(f, { unreachableExitCode: gone.exitCode, unreachableExitMs: gone.ms, unreachableMessage: gone.output.split('\n').filter((l) => /not reachable|not started/i.test(l)).join(' | ').slice(0, 300) });
    inv.check('unreachable Redis: the worker exits non-zero with "not reachable" within 30 s', gone.exitCode !== null && gone.exitCode !== 0 && /not reachable/.test(gone.output), { exitCode: gone.exitCode, ms: gone.ms });
    note(`redis-misconfig: lru exit ${bad.exitCode} in ${bad.ms} ms; no-persistence started=${nopersist.started}; unreachable exit ${gone.exitCode}`);
    return [{ drill: 'redis-misconfig', figures: f, inv }];
  } finally {
    await s.close();
    await lru.stop();
    await plain?.stop();
  }
}
