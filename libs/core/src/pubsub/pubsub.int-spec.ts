import { createServer } from 'node:net';
import { OwnRedis } from '../../../../test/support/own-redis';
import { InMemoryPubSub, PubSub, RedisPubSub } from './pubsub';

/** A loopback port nobody listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Milliseconds until `p` settles, and whether it rejected. */
async function timed(p: Promise<unknown>): Promise<{ ms: number; rejected: boolean }> {
  const t0 = Date.now();
  const rejected = await p.then(
    () => false,
    () => true,
  );
  return { ms: Date.now() - t0, rejected };
}

async function firstOf(it: AsyncIterableIterator<unknown>): Promise<unknown> {
  const r = await it.next();
  await it.return?.();
  return r.value;
}

describe(PubSub.name, () => {
  const cases: [string, () => PubSub][] = [['in memory', () => new InMemoryPubSub()]];
  if (process.env.REDIS_URL) {
    const prefix = `${process.env.ANPI_TEST_REDIS_PREFIX ?? 'anpi-test'}:live`;
    cases.push(['Redis', () => new RedisPubSub(process.env.REDIS_URL as string, prefix)]);
  } else console.warn('PubSub: REDIS_URL is not set, so only the in-memory pub/sub is tested in this run');

  it.each(cases)('delivers a message to every subscriber of its topic only (%s)', async (_name, make) => {
    const a = make();
    const b = make(); // a second API instance
    try {
      const onA = a.subscribe('incident.1');
      const onB = b.subscribe('incident.1');
      const other = b.subscribe('incident.2');
      if (a instanceof RedisPubSub && b instanceof RedisPubSub) {
        await a.ready();
        await b.ready();
      }
      const pa = firstOf(onA);
      const pb = firstOf(onB);
      // Only the instance's own subscriber sees in-memory messages; Redis fans out across instances.
      await a.publish('incident.1', { taskId: 't1', status: 'SAFE' });
      expect(await pa).toEqual({ taskId: 't1', status: 'SAFE' });
      if (a instanceof RedisPubSub) expect(await pb).toEqual({ taskId: 't1', status: 'SAFE' });
      else {
        await b.publish('incident.1', { taskId: 't2' });
        expect(await pb).toEqual({ taskId: 't2' });
      }
      await other.return?.();
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('RedisPubSub while Redis is away (RELIABILITY R2: a check-in must not wait for live updates)', () => {
  it('publish resolves within 2 s, without rejecting, when nothing listens at the Redis address', async () => {
    const p = new RedisPubSub(`redis://127.0.0.1:${await closedPort()}`, 'anpi-test:live');
    try {
      for (let i = 0; i < 3; i++) {
        const r = await timed(p.publish('incident.1', { taskId: `t${i}` }));
        expect(r.rejected).toBe(false);
        expect(r.ms).toBeLessThan(2000);
      }
    } finally {
      await p.close();
    }
  });

  if (!process.env.REDIS_URL) {
    it.skip('needs REDIS_URL (and redis-server) to kill and restart a Redis of its own', () => undefined);
    return;
  }

  it('drops messages at once while Redis is killed, and delivers again once it is back', async () => {
    const redis = await OwnRedis.start();
    const p = new RedisPubSub(redis.url, 'anpi-test:live');
    try {
      const sub = p.subscribe('incident.1');
      await p.ready();
      await redis.kill();
      const r = await timed(Promise.all(Array.from({ length: 20 }, (_, i) => p.publish('incident.1', { taskId: `down${i}` }))));
      expect(r.rejected).toBe(false);
      expect(r.ms).toBeLessThan(2000);
      await redis.start();
      // The subscriber resubscribes by itself; publish until a message makes the round trip.
      const got = sub.next();
      let delivered: IteratorResult<unknown> | null = null;
      got.then((v) => (delivered = v), () => undefined);
      const until = Date.now() + 15_000;
      while (!delivered && Date.now() < until) {
        await p.publish('incident.1', { taskId: 'back' });
        await new Promise((res) => setTimeout(res, 200));
      }
      expect(delivered).toEqual({ value: { taskId: 'back' }, done: false });
      await sub.return?.();
    } finally {
      await p.close();
      await redis.kill();
    }
  });
});
