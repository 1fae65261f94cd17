/**
 * The API and worker on a Redis of the test's own that is killed, restarted empty and misconfigured
 * (RELIABILITY R2, R3, R4; the drill redis-outage measures the same at scale).
 */
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { bootApp, TestApp } from '../support/app';
import { OwnRedis } from '../support/own-redis';

const DECLARE = `mutation($i: DeclareIncidentInput!) { declareIncident(input: $i) { id generationStatus } }`;
const INCIDENT = `query($id: ID!) { incident(id: $id) { id generationStatus } }`;
const MY_TASKS = `query($id: ID!) { myTasks(incidentId: $id, first: 20) { nodes { id } } }`;
const RECORD = `mutation($i: RecordCheckInput!) { recordCheck(input: $i) { task { id status } } }`;

async function waitFor<T>(what: string, f: () => Promise<T | undefined | null | false>, ms: number): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > until) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = Date.now();
  const value = await f();
  return { ms: Date.now() - t0, value };
}

if (!process.env.REDIS_URL) {
  describe('Redis outage (API + worker)', () => {
    it.skip('needs REDIS_URL (server mode, and redis-server to run a Redis of its own)', () => undefined);
  });
  console.warn('redis-outage e2e: REDIS_URL is not set, so the server-mode outage tests are skipped');
} else {
  describe('Redis outage (API + worker on a Redis of their own)', () => {
    let redis: OwnRedis;
    let t: TestApp;
    let admin: string;
    const ready = async () => {
      const r = await fetch(`${t.url}/ready`);
      return { status: r.status, body: (await r.json()) as { queue: string; database: string; reason?: string; warnings?: string[] } };
    };
    const generation = async (id: string) => (await t.gql(INCIDENT, { id }, admin)).data?.incident.generationStatus as string | undefined;

    beforeAll(async () => {
      redis = await OwnRedis.start();
      t = await bootApp({ REDIS_URL: redis.url, DEMO_DATA: 'true', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error' });
      admin = (await t.login('admin.komae')).accessToken;
    });
    afterAll(async () => {
      await t?.close();
      await redis?.kill();
    });

    it('is ready on a fit Redis, with a warning that this one keeps nothing across a restart', async () => {
      const r = await ready();
      expect(r.status).toBe(200);
      expect(r.body.queue).toBe('up');
      expect(r.body.warnings?.join(' ')).toMatch(/no persistence/);
    });

    it('while Redis is down: checks and declarations answer promptly, /ready is 503; once it is back the reconciler generates what was declared', async () => {
      const before = (await t.gql(DECLARE, { i: { kind: 'EARTHQUAKE', title: 'before the outage (test)', isDrill: true, municipalityCodes: ['13219'] } }, admin)).data!.declareIncident.id as string;
      await waitFor('generation before the outage', async () => (await generation(before)) === 'DONE', 60_000);
      const nurse = (await t.login('nurse.komae')).accessToken;
      const tasks = (await t.gql(MY_TASKS, { id: before }, nurse)).data!.myTasks.nodes as { id: string }[];
      expect(tasks.length).toBeGreaterThan(2);

      await redis.kill();
      const down = await ready();
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ queue: 'down', database: 'up' });
      expect(down.body.reason).toMatch(/Redis/);

      // A check touches only the database; its live update must not make the responder wait for Redis.
      for (const task of tasks.slice(0, 3)) {
        const c = await timed(() => t.gql(RECORD, { i: { taskId: task.id, outcome: 'SAFE_AT_HOME', observedAt: new Date().toISOString(), clientEventId: randomUUID() } }, nurse));
        expect(c.value.errors).toBeUndefined();
        expect(c.ms).toBeLessThan(3000);
      }

      // The incident is committed and answered as PENDING; the enqueue failed fast.
      const d = await timed(() => t.gql(DECLARE, { i: { kind: 'FLOOD', title: 'during the outage (test)', isDrill: true, municipalityCodes: ['13219'] } }, admin));
      expect(d.value.errors).toBeUndefined();
      expect(d.value.data?.declareIncident.generationStatus).toBe('PENDING');
      expect(d.ms).toBeLessThan(5000);
      const during = d.value.data!.declareIncident.id as string;
      expect(await generation(during)).toBe('PENDING');

      // Back, empty (no persistence): the worker registers its schedulers again on reconnect, ReconcileGeneration
      // runs at once and queues the generation nobody could queue during the outage.
      await redis.start();
      await waitFor('generation of the incident declared during the outage', async () => (await generation(during)) === 'DONE', 90_000);
      await waitFor('/ready 200 again', async () => (await ready()).status === 200, 30_000);
    });

    it('answers 503 "misconfigured", naming noeviction, while Redis may evict keys', async () => {
      const admin2 = new Redis(redis.url);
      try {
        await admin2.config('SET', 'maxmemory-policy', 'allkeys-lru');
        const r = await ready();
        expect(r.status).toBe(503);
        expect(r.body.queue).toBe('misconfigured');
        expect(r.body.reason).toMatch(/maxmemory-policy is "allkeys-lru".*noeviction/);
      } finally {
        await admin2.config('SET', 'maxmemory-policy', 'noeviction');
        admin2.disconnect();
      }
      expect((await ready()).status).toBe(200);
    });
  });
}
