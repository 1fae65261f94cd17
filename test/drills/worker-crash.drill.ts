/**
 * Drill 2 — worker crash during generation (RELIABILITY R1).
 *
 * The worker runs as its own process (the compiled apps/worker main). For each of three runs, an incident over
 * the whole region is declared; when 10 %, 50 % and 90 % of the 16 generation chunks are recorded (watching
 * generation_chunk), the worker is killed with SIGKILL and a new worker process is started. Nothing else is
 * done by hand: the stalled BullMQ job or the ReconcileGeneration schedule must finish the rest.
 *
 * Invariants per run: count(task) = E (the expected set computed by SQL from the area and DOMAIN §8.4),
 * no duplicate (incident, person, group), expected EXCEPT actual = ∅ and actual EXCEPT expected = ∅, 16 chunk
 * rows whose task counts add up to the tasks, generation DONE within 10 minutes of the restart.
 */
import Redis from 'ioredis';
import { DrillLine } from './support/drill';
import { bySize, note, sleep } from './support/env';
import { Q, gql, must } from './support/gql';
import { MUNICIPALITIES, checkTaskSet, chunksDone, seedCareTeams, seedDistricts, seedRoster, taskSetExact, team, teamSpecs, waitGenerated } from './support/roster';
import { Stack } from './support/stack';
import { Invariants, round } from './support/stats';

/** BullMQ's record of a job: attempts, stalled count, and whether it is still there. */
async function jobInfo(s: Stack, jobId: string): Promise<Record<string, string>> {
  const r = new Redis(s.redisUrl, { maxRetriesPerRequest: 1 });
  try {
    return await r.hgetall(`${s.prefix}:bull:incidents:${jobId}`);
  } finally {
    r.disconnect();
  }
}

/** Events BullMQ logged for the incidents queue (its events stream): counts by event name, for the job ids given. */
async function queueEvents(s: Stack, jobIdPrefix: string): Promise<Record<string, number>> {
  const r = new Redis(s.redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const entries = (await r.xrange(`${s.prefix}:bull:incidents:events`, '-', '+')) as [string, string[]][];
    const out: Record<string, number> = {};
    for (const [, fields] of entries) {
      const o: Record<string, string> = {};
      for (let i = 0; i < fields.length; i += 2) o[fields[i]] = fields[i + 1];
      if (o.jobId?.startsWith(jobIdPrefix)) out[o.event] = (out[o.event] ?? 0) + 1;
    }
    return out;
  } finally {
    r.disconnect();
  }
}

export async function workerCrashDrill(): Promise<DrillLine[]> {
  const people = bySize(40_000, 200_000);
  const targets = [0.1, 0.5, 0.9];
  const inv = new Invariants();
  const runs: Record<string, unknown>[] = [];
  const s = await Stack.create('worker-crash');
  try {
    const t = team(await s.setup(teamSpecs(0)));
    await s.startApi();
    let worker = await s.startWorker();
    await seedDistricts(s);
    await seedRoster(s, people);
    await seedCareTeams(s, t);
    const admin = await s.login(t.admin);
    let stallLogged = false;
    let peopleInArea = 0;

    for (const target of targets) {
      const killAt = Math.max(1, Math.ceil(16 * target));
      const inc = must(await gql(s.apiUrl, Q.DECLARE, { i: { kind: 'EARTHQUAKE', title: `drill crash ${target}`, isDrill: true, municipalityCodes: MUNICIPALITIES } }, admin), 'declare').declareIncident;
      const t0 = Date.now();
      let seen = 0;
      while ((seen = await chunksDone(s, inc.id)) < killAt) {
        if (Date.now() - t0 > 300_000) throw new Error(`generation did not reach ${killAt} chunks in 5 minutes`);
        await sleep(5);
      }
      await worker.kill9();
      const killedAfterMs = Date.now() - t0;
      const atKill = await chunksDone(s, inc.id);
      // Nothing may move while no worker runs (the killed worker's open chunk transaction is rolled back).
      await sleep(1500);
      const whileDown = await chunksDone(s, inc.id);
      const inflight = Number((await s.one<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'anpi' AND state <> 'idle'`)).n);
      note(`worker-crash ${target * 100}%: killed after ${seen} chunks (${atKill} at kill, ${whileDown} 1.5 s later)`);
      const restartAt = Date.now();
      worker = await s.startWorker();
      let recoveryMs: number | null = null;
      try {
        recoveryMs = await waitGenerated(s, inc.id, bySize(300_000, 600_000), restartAt);
      } catch (e) {
        note((e as Error).message);
      }
      const set = await checkTaskSet(s, inc.id);
      peopleInArea = set.peopleExpected;
      const job = await jobInfo(s, `gen-${inc.id}-v1`);
      const events = await queueEvents(s, `gen-${inc.id}`);
      const reconciled = (await s.redisKeys()).filter((k) => k.includes(`gen-${inc.id}-v1-r`) && !k.includes(':logs')).length;
      const finishedBy = reconciled > 0 ? 'ReconcileGeneration' : Number(job.stc ?? 0) > 0 || (events.stalled ?? 0) > 0 ? 'stalled job retried' : job.finishedOn ? 'original job' : 'unknown';
      runs.push({
        target: `${target * 100}%`, killAtChunk: killAt, chunksAtKill: atKill, chunksWhileDown: whileDown, killedAfterMs, openConnectionsAfterKill: inflight,
        recoveryMs, finishedBy, stalledEvents: events.stalled ?? 0, jobAttempts: Number(job.atm ?? 0), expected: set.expected, tasks: set.actual,
        duplicates: set.duplicates, missing: set.missing, unexpected: set.unexpected, chunks: set.chunks,
      });
      inv.check(`${target * 100}%: the kill landed mid-generation (1 ≤ chunks < 16)`, atKill >= 1 && atKill < 16, { atKill });
      inv.check(`${target * 100}%: no chunk was recorded while no worker ran`, whileDown === atKill, { atKill, whileDown });
      inv.check(`${target * 100}%: generation DONE after the restart, without manual steps, within the limit`, recoveryMs !== null, { status: set.status });
      inv.check(`${target * 100}%: exactly the expected task set (count, duplicates, EXCEPT both ways, chunk sums)`, taskSetExact(set), set);
      if (worker.output.some((l) => /stall/i.test(l))) stallLogged = true;
    }
    if (!stallLogged) inv.warn('no worker logged a "stalled" event for the job it took over (R1: stalled jobs must be logged and alerted; nothing listens to the Worker "stalled" event)');
    const recoveries = runs.map((r) => r.recoveryMs).filter((v): v is number => typeof v === 'number');
    return [{
      drill: 'worker-crash',
      figures: { people, expectedTasksPerIncident: (runs[0]?.expected as number) ?? null, peopleInArea, runs, maxRecoveryMs: recoveries.length ? Math.max(...recoveries) : null, meanRecoveryS: recoveries.length ? round(recoveries.reduce((a, b) => a + b, 0) / recoveries.length / 1000, 1) : null },
      inv,
    }];
  } finally {
    await s.close();
  }
}
