import { bySize } from './support/env';
import { Q, gql, must } from './support/gql';
import { checkInput, checkLoad } from './support/load';
import { seedCareTeams, seedDistricts, seedRoster, team, teamSpecs, waitGenerated } from './support/roster';
import { Stack } from './support/stack';
import { cpuSeconds, postgresCpuSeconds } from './support/processes';

async function main() {
  void bySize;
  const s = await Stack.create('probe');
  try {
    const t = team(await s.setup(teamSpecs(20)));
    await s.startApi();
    await s.startWorker();
    await seedDistricts(s);
    await seedRoster(s, 20000);
    await seedCareTeams(s, t);
    const admin = await s.login(t.admin);
    const inc = must(await gql(s.apiUrl, Q.DECLARE, { i: { kind: 'EARTHQUAKE', title: 'probe', municipalityCodes: ['13219', '13204'] } }, admin), 'd').declareIncident;
    await waitGenerated(s, inc.id, 120000);
    const tokens: string[] = [];
    for (const a of t.staff) tokens.push(await s.login(a));
    const ids = (await s.query<{ id: string }>(`SELECT id FROM task WHERE incident_id = $1 ORDER BY md5(id::text)`, [inc.id])).map((r) => r.id);
    let k = 0;
    for (const q of ['{ __typename }', '{ me { id } }']) {
      for (const clients of [1, 10]) {
        const lat: number[] = [];
        const t0 = performance.now();
        await Promise.all(Array.from({ length: clients }, async (_, c) => { for (let i = 0; i < 300 / clients; i++) { const r = await gql(s.apiUrl, q, {}, tokens[c]); lat.push(r.ms); if (r.errors) console.log(JSON.stringify(r.errors)); } }));
        lat.sort((a, b) => a - b);
        console.log(JSON.stringify({ q, clients, perSec: Math.round(300 / ((performance.now() - t0) / 1000)), p50: lat[Math.floor(lat.length / 2)] }));
      }
    }
    for (const clients of (process.env.PROBE_CLIENTS ?? '1,10,50').split(',').map(Number)) {
      const waits: Record<string, number> = {};
      let stop = false;
      const sampler = (async () => {
        while (!stop) {
          for (const r of await s.query<{ w: string; n: number }>(`SELECT coalesce(wait_event_type || ':' || wait_event, state) AS w, count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'anpi' GROUP BY 1`)) waits[r.w] = (waits[r.w] ?? 0) + r.n;
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      const per = Math.max(5, Math.floor(600 / clients));
      const c0 = { api: cpuSeconds(s.api!.pid), worker: cpuSeconds(s.worker!.pid), pg: postgresCpuSeconds(), me: process.cpuUsage() };
      const load = await checkLoad(s.apiUrl, clients, (c, i) => ({ token: tokens[c % tokens.length], input: checkInput(ids[k++ % ids.length], i) }), { perClient: per });
      stop = true;
      const me = process.cpuUsage(c0.me);
      console.log(JSON.stringify({ cpuSec: { api: cpuSeconds(s.api!.pid) - c0.api, worker: cpuSeconds(s.worker!.pid) - c0.worker, pg: postgresCpuSeconds() - c0.pg, harness: (me.user + me.system) / 1e6 } }));
      await sampler;
      console.log(JSON.stringify({ clients, perSec: load.perSec, lat: load.latencyMs, ok: load.ok, req: load.requests, err: load.errorCodes, http: load.httpErrors, waits }));
    }
  } finally {
    await s.close();
  }
  process.exit(0);
}
void main();
