/**
 * Drill 5 — 200 simultaneous check-ins on one task (RELIABILITY C1, in the form the product chose: every tick is
 * an append-only event; the task's status is a deterministic reduction of its events).
 *
 * Repeated 50 times (small: 10), each time on a fresh task. Each round fires, at the same moment, 200 checks with
 * distinct client event ids from 20 responders (10 coordinators, 10 fire/police in the municipal pool), with
 * mixed outcomes (NEEDS_HELP among them, so the sticky rule matters) and colliding observation times, plus 20
 * exact replays of some of those checks (same client id, same payload, same account).
 *
 * Invariants per round: no 5xx, no network error, no GraphQL error; 200 events stored, each client id once; a
 * replay and its original answer with the same event; event_count = 200 and status_version = 200; the stored
 * status equals reduceTaskStatus(events) over the stored events; 200 audit rows for the task whose account
 * ids are exactly the events' account ids.
 */
import { randomUUID } from 'node:crypto';
import { Role } from '@anpi/access';
import { CheckOutcome, reduceTaskStatus } from '@anpi/checks';
import { DrillLine } from './support/drill';
import { bySize, note } from './support/env';
import { GqlCall, Q, gql, must } from './support/gql';
import { seedDistricts, seedRoster, team, teamSpecs, waitGenerated } from './support/roster';
import { AccountSpec, Stack } from './support/stack';
import { Invariants, latency } from './support/stats';

const OUTCOMES: CheckOutcome[] = [CheckOutcome.SAFE_AT_HOME, CheckOutcome.EVACUATED, CheckOutcome.HOME_NEEDS_SUPPORT, CheckOutcome.NOT_REACHABLE, CheckOutcome.NEEDS_HELP, CheckOutcome.HOSPITALISED];

export async function raceDrill(): Promise<DrillLine[]> {
  const rounds = bySize(10, 50);
  const perRound = 200;
  const replays = 20;
  const inv = new Invariants();
  const s = await Stack.create('race');
  try {
    const responders: AccountSpec[] = [];
    for (let i = 0; i < 10; i++) responders.push({ login: `drill-fire-${i}`, role: Role.FIRE_POLICE, municipalityCodes: ['13219'] });
    const accounts = await s.setup([...teamSpecs(10), ...responders]);
    const t = team(accounts);
    const who = [...t.staff, ...accounts.filter((a) => a.login.startsWith('drill-fire-'))];
    await s.startApi();
    await s.startWorker();
    await seedDistricts(s);
    await seedRoster(s, 3000, { municipalities: ['13219'] });
    const admin = await s.login(t.admin);
    const inc = must(await gql(s.apiUrl, Q.DECLARE, { i: { kind: 'EARTHQUAKE', title: 'drill race', isDrill: true, municipalityCodes: ['13219'] } }, admin), 'declare').declareIncident;
    await waitGenerated(s, inc.id, 120_000);
    const tokens = await Promise.all(who.map((a) => s.login(a)));
    const tasks = (await s.query<{ id: string }>(`SELECT id FROM task WHERE incident_id = $1 AND responder_group = 'MUNICIPAL' ORDER BY md5(id::text) LIMIT $2`, [inc.id, rounds])).map((r) => r.id);
    if (tasks.length < rounds) throw new Error(`only ${tasks.length} municipal tasks for ${rounds} rounds`);

    const allLat: number[] = [];
    const perRoundFigures: { round: number; wallMs: number; p50: number; p99: number; status: string; stale: number }[] = [];
    let failedRounds = 0;
    for (let r = 0; r < rounds; r++) {
      const taskId = tasks[r];
      const base = Date.now() - 3600_000;
      const inputs = Array.from({ length: perRound }, (_, i) => ({
        account: i % who.length,
        input: {
          taskId, outcome: OUTCOMES[(i * 7 + r) % OUTCOMES.length],
          // Colliding observation times: ties are broken by receipt time, then event id.
          observedAt: new Date(base + Math.floor(i / 4) * 60_000).toISOString(),
          clientEventId: randomUUID(), note: i % 50 === 0 ? `round ${r} check ${i}` : null,
        },
      }));
      const sends = [...inputs, ...inputs.slice(0, replays)];
      const t0 = performance.now();
      const answers: GqlCall[] = await Promise.all(sends.map((x) => gql(s.apiUrl, Q.RECORD, { i: x.input }, tokens[x.account], 60_000)));
      const wallMs = performance.now() - t0;
      allLat.push(...answers.map((a) => a.ms));
      const lat = latency(answers.map((a) => a.ms));
      const bad = answers.filter((a) => a.status !== 200 || a.networkError || a.errors?.length);
      const byClient = new Map<string, string>();
      let replayMismatch = 0;
      answers.forEach((a, i) => {
        const id = a.data?.recordCheck?.event?.id as string | undefined;
        const key = String(sends[i].input.clientEventId);
        if (!id) return;
        if (byClient.has(key) && byClient.get(key) !== id) replayMismatch++;
        byClient.set(key, id);
      });
      const events = await s.query<{ id: string; outcome: CheckOutcome; observed_at: Date; received_at: Date; by_coordinator: boolean; account_id: string; client_event_id: string }>(
        `SELECT id, outcome, observed_at, received_at, by_coordinator, account_id, client_event_id FROM check_event WHERE task_id = $1`, [taskId],
      );
      const task = await s.one<{ status: string; event_count: number; status_version: number }>(`SELECT status, event_count, status_version FROM task WHERE id = $1`, [taskId]);
      const reduction = reduceTaskStatus(events.map((e) => ({ id: e.id, outcome: e.outcome, observedAt: e.observed_at, receivedAt: e.received_at, byCoordinator: e.by_coordinator })));
      const audits = await s.query<{ account_id: string }>(`SELECT account_id FROM audit_log WHERE action = 'WRITE' AND detail->>'operation' = 'recordCheck' AND detail->>'taskId' = $1`, [taskId]);
      const sortIds = (xs: string[]) => [...xs].sort().join(',');
      const expectedIds = new Set(inputs.map((x) => String(x.input.clientEventId)));
      const checks: [string, boolean, unknown][] = [
        ['no 5xx, no network error, no GraphQL error', bad.length === 0, bad.slice(0, 3).map((b) => ({ status: b.status, net: b.networkError, errors: b.errors }))],
        ['200 events stored, each client id exactly once', events.length === perRound && new Set(events.map((e) => e.client_event_id)).size === perRound && events.every((e) => expectedIds.has(e.client_event_id)), { events: events.length }],
        ['a replay answers with the event of its original', replayMismatch === 0, { replayMismatch }],
        ['event_count = 200 and status_version = 200', task.event_count === perRound && task.status_version === perRound, task],
        ['status = reduceTaskStatus(stored events)', task.status === reduction.status, { stored: task.status, reduced: reduction.status }],
        ['200 audit rows with the events\' account ids', audits.length === perRound && sortIds(audits.map((a) => a.account_id)) === sortIds(events.map((e) => e.account_id)), { audits: audits.length }],
      ];
      let roundOk = true;
      for (const [name, ok, detail] of checks) if (!inv.check(`round ${r + 1}: ${name}`, ok, detail)) roundOk = false;
      if (!roundOk) failedRounds++;
      perRoundFigures.push({ round: r + 1, wallMs: Math.round(wallMs), p50: lat.p50, p99: lat.p99, status: task.status, stale: reduction.staleAfterNeedsHelp.length });
      note(`race round ${r + 1}/${rounds}: ${roundOk ? 'ok' : 'FAILED'} in ${Math.round(wallMs)} ms, status ${task.status}`);
    }
    const lat = latency(allLat);
    return [{
      drill: 'race',
      figures: {
        rounds, checksPerRound: perRound, replaysPerRound: replays, responders: who.length, failedRounds,
        p50Ms: lat.p50, p95Ms: lat.p95, p99Ms: lat.p99, maxMs: lat.max,
        roundWallMsMax: Math.max(...perRoundFigures.map((x) => x.wallMs)),
        statuses: perRoundFigures.reduce<Record<string, number>>((m, x) => ({ ...m, [x.status]: (m[x.status] ?? 0) + 1 }), {}),
      },
      inv,
    }];
  } finally {
    await s.close();
  }
}
