import { InMemoryPubSub, PubSub, RedisPubSub } from './pubsub';

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
