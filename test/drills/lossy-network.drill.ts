/**
 * Drill 7 — lossy network soak (RELIABILITY O4).
 *
 * 30 responders × 5 ticks (full: 300 × 20) talk to the API through a chaos proxy on loopback that refuses,
 * blackholes and resets connections (before the request reaches the server, and after the server answered) and
 * delays every chunk (small: 50–400 ms; full: 1–3 s). Each responder is a device with its own outbox (see
 * support/outbox.ts: one client event id per tick, retried with backoff until acknowledged; `replayed: true`
 * counts as delivered). Ticks are spread over the chaos window (small: 20 s; full: 5 min); then the network
 * heals and every outbox must drain.
 *
 * Invariants: distinct server events for the drill's incident = distinct client ids = responders × ticks
 * (0 lost, 0 duplicated, none extra), every outbox empty within 5 min of healing, nothing rejected,
 * one audit row per event; afterwards the API answers /health, a login through the proxy works, and no API
 * connection is left active or idle in a transaction.
 */
import { DrillLine } from './support/drill';
import { bySize, note, sleep } from './support/env';
import { Q, gql, must } from './support/gql';
import { checkInput } from './support/load';
import { Chaos, ChaosProxy } from './support/chaos-proxy';
import { Outbox } from './support/outbox';
import { seedDistricts, seedRoster, team, teamSpecs, waitGenerated } from './support/roster';
import { PASSWORD, Stack } from './support/stack';
import { Invariants, latency, round } from './support/stats';

export async function lossyNetworkDrill(): Promise<DrillLine[]> {
  const responders = bySize(30, 300);
  const ticks = bySize(5, 20);
  const chaosMs = bySize(20_000, 300_000);
  const drainLimitMs = 300_000; // O4: every outbox empty within 5 minutes of the network returning to normal
  const requestTimeoutMs = bySize(4_000, 12_000);
  const chaos: Chaos = bySize(
    { refuse: 0.1, blackhole: 0.03, drop: 0.1, cut: 0.15, minDelayMs: 50, maxDelayMs: 400 },
    { refuse: 0.1, blackhole: 0.03, drop: 0.1, cut: 0.15, minDelayMs: 1000, maxDelayMs: 3000 },
  );
  const inv = new Invariants();
  const s = await Stack.create('lossy-network');
  let proxy: ChaosProxy | null = null;
  try {
    const t = team(await s.setup(teamSpecs(Math.min(responders, 30))));
    await s.startApi();
    await s.startWorker();
    await seedDistricts(s);
    await seedRoster(s, Math.max(3000, responders * 3), { municipalities: ['13219', '13204'] });
    const admin = await s.login(t.admin);
    const inc = must(await gql(s.apiUrl, Q.DECLARE, { i: { kind: 'FLOOD', title: 'drill lossy network', isDrill: true, municipalityCodes: ['13219', '13204'] } }, admin), 'declare').declareIncident;
    await waitGenerated(s, inc.id, 120_000);
    const tokens = await Promise.all(t.staff.map((a) => s.login(a)));
    const ids = (await s.query<{ id: string }>(`SELECT id FROM task WHERE incident_id = $1 ORDER BY md5(id::text) LIMIT $2`, [inc.id, responders * 2])).map((r) => r.id);
    if (ids.length < responders * 2) throw new Error(`only ${ids.length} tasks for ${responders} responders`);
    const baselineConnections = Number((await s.one<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'anpi'`)).n);

    proxy = new ChaosProxy(Number(new URL(s.apiUrl).port), chaos);
    await proxy.start();
    const px = proxy;
    const outboxes = Array.from({ length: responders }, (_, r) => new Outbox((input) => gql(px.url, Q.RECORD, { i: input }, tokens[r % tokens.length], requestTimeoutMs)));
    const made: string[] = [];
    const start = Date.now();
    let healedAt = 0;
    note(`lossy-network: ${responders} responders × ${ticks} ticks through the chaos proxy for ${chaosMs / 1000} s`);
    const devices = outboxes.map(async (box, r) => {
      const due = Array.from({ length: ticks }, (_, j) => start + ((j + Math.random()) * chaosMs) / ticks).sort((a, b) => a - b);
      let next = 0;
      while (next < ticks || box.pending > 0) {
        while (next < ticks && due[next] <= Date.now()) {
          const input = checkInput(ids[r * 2 + (next % 2)], r + next);
          made.push(String(input.clientEventId));
          box.enqueue(input);
          next++;
        }
        await box.flush();
        if (healedAt && Date.now() - healedAt > drainLimitMs) break;
        await sleep(100 + Math.random() * 150);
      }
    });
    await sleep(chaosMs);
    proxy.heal();
    healedAt = Date.now();
    // A lossy network never went "offline", so no 'online' event: the devices find out on their own backoff timers.
    note('lossy-network: network healed');
    await Promise.all(devices);
    const drainMs = Date.now() - healedAt;
    const pending = outboxes.reduce((n, b) => n + b.pending, 0);

    // Server side: what the incident holds, against what the devices made.
    const ev = await s.one<{ total: number; distinct_ids: number; made: number; audits: number }>(
      `SELECT (SELECT count(*) FROM check_event WHERE incident_id = $1)::int AS total,
              (SELECT count(DISTINCT client_event_id) FROM check_event WHERE incident_id = $1)::int AS distinct_ids,
              (SELECT count(*) FROM check_event WHERE incident_id = $1 AND client_event_id = ANY($2::uuid[]))::int AS made,
              (SELECT count(*) FROM audit_log WHERE incident_id = $1 AND action = 'WRITE' AND detail->>'operation' = 'recordCheck')::int AS audits`,
      [inc.id, made],
    );
    await sleep(3000);
    const conns = await s.one<{ total: number; busy: number }>(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE state <> 'idle')::int AS busy FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'anpi'`,
    );
    const health = await fetch(`${s.apiUrl}/health`).then((r) => r.status).catch(() => 0);
    const login = await gql(proxy.url, Q.LOGIN, { i: { login: t.staff[0].login, password: PASSWORD } });
    const acked = outboxes.flatMap((b) => b.acked);
    const rejected = outboxes.flatMap((b) => b.rejected);
    const failures = outboxes.reduce<Record<string, number>>((m, b) => {
      for (const [k, v] of Object.entries(b.failures)) m[k] = (m[k] ?? 0) + v;
      return m;
    }, {});
    const delivered = latency(acked.map((a) => a.deliveredMs));
    const expected = responders * ticks;
    const f = {
      responders, ticksPerResponder: ticks, clientIds: new Set(made).size, chaosMs, chaos, requestTimeoutMs,
      attempts: outboxes.reduce((n, b) => n + b.attempts, 0), acked: acked.length, ackedAsReplay: acked.filter((a) => a.replayed).length, rejected: rejected.length,
      failuresByKind: failures, maxAttemptsForOneTick: Math.max(0, ...acked.map((a) => a.attempts)),
      deliveredP50Ms: delivered.p50, deliveredP95Ms: delivered.p95, deliveredMaxMs: delivered.max, drainAfterHealMs: drainMs, pendingAtEnd: pending,
      serverEvents: ev.total, serverDistinctIds: ev.distinct_ids, serverEventsOfClientIds: ev.made, lost: expected - ev.made, duplicated: ev.total - ev.distinct_ids,
      auditRows: ev.audits, proxy: proxy.stats, apiConnectionsBefore: baselineConnections, apiConnectionsAfter: conns.total, apiConnectionsBusyAfter: conns.busy,
      healthAfter: health, loginThroughProxyAfter: login.data?.login ? 'OK' : (login.errors?.[0]?.extensions?.code ?? login.networkError ?? 'failed'),
    };
    inv.check('every device made its ticks, each with its own client id', made.length === expected && new Set(made).size === expected, { made: made.length, expected });
    inv.check('0 lost: every client id is stored', ev.made === expected, { stored: ev.made, expected });
    inv.check('0 duplicated and none extra: server events = distinct client ids = responders × ticks', ev.total === expected && ev.distinct_ids === expected, ev);
    inv.check(`every outbox empty within ${drainLimitMs / 1000} s of the network healing`, pending === 0 && drainMs <= drainLimitMs, { pending, drainMs });
    inv.check('nothing rejected by the server', rejected.length === 0, rejected.slice(0, 5));
    inv.check('one audit row per stored event', ev.audits === ev.total, ev);
    inv.check('the chaos actually bit (some attempts failed, some acknowledgements were replays)', Object.keys(failures).length > 0 && acked.some((a) => a.replayed), { failures, replays: acked.filter((a) => a.replayed).length });
    inv.check('afterwards: /health answers 200 and a login through the proxy works', health === 200 && f.loginThroughProxyAfter === 'OK', { health, login: f.loginThroughProxyAfter });
    inv.check('afterwards: no API connection left active or idle in a transaction', conns.busy === 0, conns);
    note(`lossy-network: ${acked.length} acked (${f.ackedAsReplay} as replays) after ${f.attempts} attempts; drained ${round(drainMs / 1000, 1)} s after healing`);
    return [{ drill: 'lossy-network', figures: f, inv }];
  } finally {
    await proxy?.stop();
    await s.close();
  }
}
