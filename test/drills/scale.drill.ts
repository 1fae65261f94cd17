/**
 * Drill 1 — region scale (and drill 8, no personal data in Redis, which runs inside it).
 *
 * A roster of 1,000,000 people (small: 20,000) inside the real boundaries; an incident over a polygon holding
 * ~20 % of them; then:
 * - generation time and tasks/s, against a raw INSERT … SELECT of the same rows into a copy of `task` with the
 *   same indexes and constraints, in the same run (ratio);
 * - `incidentMap` through GraphQL: a zoomed-in viewport of ≤ 5,000 points and the zoomed-out overview (p50/p95);
 * - check-in throughput of 200 (small: 50) concurrent clients through GraphQL recordCheck, with the audit rows
 *   counted afterwards;
 * - with canary strings seeded into names, kana, addresses, phones, contacts, notes and check notes: every key of
 *   the run's Redis prefix (all types) and every pub/sub message published under it, searched for them.
 */
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { pointInPolygon } from '@anpi/core';
import { DrillLine } from './support/drill';
import { bySize, intFromEnv, note } from './support/env';
import { Q, gql, must } from './support/gql';
import { checkInput, checkLoad } from './support/load';
import { ChannelTap, scanPrefix } from './support/redis-scan';
import {
  canaries, canaryList, checkTaskSet, circleCovering, seedCareTeams, seedDistricts, seedRoster, taskSetExact, team, teamSpecs, waitGenerated,
} from './support/roster';
import { Stack } from './support/stack';
import { CpuMeter } from './support/processes';
import { Invariants, latency, round } from './support/stats';

export async function scaleDrill(opts: { piiOnly?: boolean } = {}): Promise<DrillLine[]> {
  const people = intFromEnv('DRILL_PEOPLE', bySize(20_000, 1_000_000));
  // Map figures only (no check-in load, no Redis scan): for iterating on the map queries at a mid size.
  const skipCheckin = !opts.piiOnly && Boolean(process.env.DRILL_SKIP_CHECKIN);
  const share = 0.2;
  const clients = opts.piiOnly ? 10 : bySize(50, 200);
  const perClient = opts.piiOnly ? 10 : bySize(20, 25);
  const mapRuns = bySize(20, 30);
  const tag = randomBytes(4).toString('hex');
  const canary = canaries(tag);
  const needles = canaryList(canary);
  const inv = new Invariants();
  const pii = new Invariants();
  const f: Record<string, unknown> = { people };
  const s = await Stack.create(opts.piiOnly ? 'pii' : 'scale');
  let tap: ChannelTap | null = null;
  try {
    const staffAccounts = Math.min(clients, 20);
    const t = team(await s.setup(teamSpecs(staffAccounts)));
    await s.startApi();
    await s.startWorker();
    tap = new ChannelTap(s.redisUrl, s.prefix, needles);
    await tap.ready();

    await seedDistricts(s);
    const roster = await seedRoster(s, people, { canary, canaryEvery: 97 });
    await seedCareTeams(s, t);
    f.seedMs = roster.ms;

    const admin = await s.login(t.admin);
    const { polygon, radiusKm } = await circleCovering(s, share);
    f.areaRadiusKm = radiusKm;

    // Generation, from the declare mutation to generation_status DONE (and the job's own figure from its log).
    const t0 = Date.now();
    const inc = must(await gql(s.apiUrl, Q.DECLARE, { i: { kind: 'EARTHQUAKE', title: `drill scale ${tag}`, isDrill: true, polygons: [polygon] } }, admin), 'declare').declareIncident;
    const generationMs = await waitGenerated(s, inc.id, bySize(120_000, 600_000), t0);
    const set = await checkTaskSet(s, inc.id);
    const jobLine = s.worker!.output.find((l) => l.includes(`GenerateTasks ${inc.id}`));
    const jobMs = jobLine ? Number(/in (\d+) ms/.exec(jobLine)?.[1]) : null;
    f.inArea = set.peopleActual;
    f.tasks = set.actual;
    f.generationMs = generationMs;
    f.generationJobMs = jobMs;
    f.tasksPerSec = round((set.actual / generationMs) * 1000, 0);
    f.tasksPerSecJob = jobMs ? round((set.actual / jobMs) * 1000, 0) : null;
    inv.check('task set exact (count = expected, no duplicates, expected EXCEPT actual = ∅, 16 chunks, DONE)', taskSetExact(set), set);
    note(`scale: ${set.peopleActual} people in area, ${set.actual} tasks in ${generationMs} ms (job ${jobMs} ms)`);

    // The exact count of people inside the polygon (even-odd test in JS on the raw degrees), against the DB's.
    const ring = polygon.coordinates[0] as [number, number][];
    const xs = ring.map((p) => p[0]);
    const ys = ring.map((p) => p[1]);
    const candidates = await s.query<{ lat: number; lng: number }>(
      `SELECT lat, lng FROM person WHERE roster_status = 'LISTED' AND lng BETWEEN $1 AND $2 AND lat BETWEEN $3 AND $4`,
      [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)],
    );
    const exact = candidates.filter((p) => pointInPolygon([p.lng, p.lat], [ring])).length;
    f.inAreaExact = exact;
    inv.check('people in area = exact point-in-polygon count (scaled geometry, DESIGN §1)', exact === set.peopleActual, { db: set.peopleActual, exact });

    if (!opts.piiOnly) {
      // Raw INSERT … SELECT of the same rows into a copy of task with the same indexes, defaults and foreign keys.
      await s.query(`CREATE TABLE drill_task_copy (LIKE task INCLUDING ALL)`);
      await s.query(`ALTER TABLE drill_task_copy ADD FOREIGN KEY (incident_id) REFERENCES incident(id) ON DELETE CASCADE, ADD FOREIGN KEY (person_id) REFERENCES person(id) ON DELETE CASCADE`);
      const r0 = Date.now();
      await s.query(`INSERT INTO drill_task_copy SELECT * FROM task WHERE incident_id = $1`, [inc.id]);
      const rawMs = Math.max(1, Date.now() - r0);
      await s.query(`DROP TABLE drill_task_copy`);
      f.rawInsertMs = rawMs;
      f.rawInsertPerSec = round((set.actual / rawMs) * 1000, 0);
      f.ratio = round((f.tasksPerSec as number) / (f.rawInsertPerSec as number), 2);
      f.ratioJob = jobMs ? round((f.tasksPerSecJob as number) / (f.rawInsertPerSec as number), 2) : null;

      // Map: a zoomed-in viewport around the centre holding ≤ 5,000 people of the incident, and the overview.
      let half = 0.01;
      let inBox = 0;
      for (let i = 0; i < 12; i++) {
        inBox = Number((await s.one<{ n: number }>(
          `SELECT count(*)::int AS n FROM incident_person ip JOIN person p ON p.id = ip.person_id WHERE ip.incident_id = $1 AND p.lng BETWEEN $2 AND $3 AND p.lat BETWEEN $4 AND $5`,
          [inc.id, 139.545 - half, 139.545 + half, 35.665 - half * 0.8, 35.665 + half * 0.8],
        )).n);
        if (inBox > 5000) half *= 0.7;
        else if (inBox < 2500 && half < 0.2) half *= 1.3;
        else break;
      }
      const bbox = [139.545 - half, 35.665 - half * 0.8, 139.545 + half, 35.665 + half * 0.8].map((v) => Math.round(v * 1e6) / 1e6);
      const zoomIn: number[] = [];
      const zoomOut: number[] = [];
      let points = 0;
      let truncated = false;
      let clusters = 0;
      let mapErrors = 0;
      for (let i = 0; i < mapRuns; i++) {
        const a = await gql(s.apiUrl, Q.MAP, { id: inc.id, bbox, zoom: 16 }, admin, 120000);
        if (a.errors || a.networkError) mapErrors++;
        else {
          zoomIn.push(a.ms);
          points = a.data.incidentMap.points.length;
          truncated = a.data.incidentMap.truncated;
        }
        const b = await gql(s.apiUrl, Q.MAP, { id: inc.id, zoom: 11 }, admin, 120000);
        if (b.errors || b.networkError) mapErrors++;
        else {
          zoomOut.push(b.ms);
          clusters = b.data.incidentMap.clusters.length;
        }
      }
      const zi = latency(zoomIn);
      const zo = latency(zoomOut);
      Object.assign(f, {
        viewportBbox: bbox, viewportPeople: inBox, viewportPoints: points, viewportTruncated: truncated, viewportP50Ms: zi.p50, viewportP95Ms: zi.p95,
        overviewClusters: clusters, overviewP50Ms: zo.p50, overviewP95Ms: zo.p95,
      });
      inv.check('map queries answer without error', mapErrors === 0, { mapErrors });
      inv.check('zoomed-in viewport returns every person in it (≤ 5,000, not truncated)', points === inBox && !truncated, { points, inBox, truncated });
    }

    if (skipCheckin) {
      f.checkinSkipped = true;
      return [{ drill: 'scale', figures: f, inv }];
    }

    // Check-in throughput: `clients` closed-loop clients, each on its own tasks, through GraphQL recordCheck.
    const tokens: string[] = [];
    for (const a of t.staff) tokens.push(await s.login(a));
    const need = clients * perClient + 200;
    const taskIds = (await s.query<{ id: string }>(`SELECT id FROM task WHERE incident_id = $1 ORDER BY md5(id::text) LIMIT $2`, [inc.id, need])).map((r) => r.id);
    // Warm-up (not measured): JIT, pools, prepared plans.
    await checkLoad(s.apiUrl, 20, (c, i) => ({ token: tokens[c % tokens.length], input: checkInput(taskIds[clients * perClient + c * 10 + i], i) }), { perClient: 10 });
    const cpu = new CpuMeter(s.api!.pid, s.worker!.pid).start();
    const load = await checkLoad(
      s.apiUrl,
      clients,
      (c, i) => ({ token: tokens[c % tokens.length], input: checkInput(taskIds[c * perClient + i], i, i % 10 === 0 ? canary.checkNote : null) }),
      { perClient },
    );
    const cpuPerCheck = cpu.perRequest(load.requests);
    const stored = await s.one<{ events: number; audits: number }>(
      `SELECT (SELECT count(*) FROM check_event WHERE client_event_id = ANY($1::uuid[]))::int AS events,
              (SELECT count(*) FROM audit_log WHERE action = 'WRITE' AND detail->>'operation' = 'recordCheck' AND incident_id = $2
                  AND detail->>'taskId' = ANY($3::text[]))::int AS audits`,
      [load.stored, inc.id, taskIds.slice(0, clients * perClient)],
    );
    Object.assign(f, {
      checkinClients: clients, checkinRequests: load.requests, checkinOk: load.ok, checkinPerSec: load.perSec,
      checkinP50Ms: load.latencyMs.p50, checkinP95Ms: load.latencyMs.p95, checkinP99Ms: load.latencyMs.p99, checkinMaxMs: load.latencyMs.max,
      checkinErrors: { ...load.errorCodes, ...Object.fromEntries(Object.entries(load.httpErrors).map(([k, v]) => [`http${k}`, v])) },
      checkEventsStored: stored.events, auditRows: stored.audits, checkinCpuMsPerRequest: cpuPerCheck,
    });
    inv.check('every check-in answered without error', load.ok === load.requests, { errorCodes: load.errorCodes, httpErrors: load.httpErrors });
    inv.check('every acknowledged check is stored once', stored.events === load.ok, stored);
    inv.check('one audit row per check', stored.audits === load.ok, stored);

    // Let a scheduled EscalateOverdueTasks run against real data too (due times moved into the past).
    await s.query(`UPDATE task SET due_at = now() - interval '1 minute' WHERE incident_id = $1 AND id IN (SELECT id FROM task WHERE incident_id = $1 AND status = 'UNCHECKED' LIMIT 500)`, [inc.id]);

    // Drill 8: every key under the prefix, all types, plus every pub/sub message seen, searched for the canaries.
    const control = `${s.prefix}:drill-control`;
    {
      const r = new Redis(s.redisUrl);
      await r.hset(control, 'v', JSON.stringify({ n: canary.name }));
      const seen = await scanPrefix(s.redisUrl, s.prefix, needles);
      await r.del(control);
      r.disconnect();
      pii.check('positive control: the scanner finds a canary planted in a hash (JSON-escaped)', seen.hits.some((h) => h.includes(control)), seen.hits);
    }
    const scan = await scanPrefix(s.redisUrl, s.prefix, needles);
    tap.stop();
    const canaryPeople = Number((await s.one<{ n: number }>(`SELECT count(*)::int AS n FROM person WHERE name = $1`, [canary.name])).n);
    const canaryChecks = Number((await s.one<{ n: number }>(`SELECT count(*)::int AS n FROM check_event WHERE note = $1`, [canary.checkNote])).n);
    pii.check('canaries are in the database (the search is not vacuous)', canaryPeople > 0 && canaryChecks > 0, { canaryPeople, canaryChecks });
    pii.check('the prefix holds queue data to search', scan.keys > 0, scan.byType);
    pii.check('no canary in any Redis key (strings, hashes, lists, sets, zsets, streams)', scan.hits.length === 0, scan.hits.slice(0, 20));
    pii.check('no canary in any pub/sub message under the prefix', tap.hits.length === 0, tap.hits.slice(0, 20));
    const piiLine: DrillLine = {
      drill: 'no-pii-in-redis',
      figures: {
        duringDrill: 'scale', people, canaryPeople, canaryCheckNotes: canaryChecks, canaryStrings: needles.length, keysScanned: scan.keys, keysByType: scan.byType,
        bytesScanned: scan.bytesScanned, pubsubMessages: tap.messages, pubsubBytes: tap.bytes, hits: scan.hits.length + tap.hits.length,
      },
      inv: pii,
    };
    return opts.piiOnly ? [piiLine] : [{ drill: 'scale', figures: f, inv }, piiLine];
  } finally {
    tap?.stop();
    await s.close();
  }
}
