import Redis from 'ioredis';
import { redisProblem } from './redis-check';

describe(redisProblem.name, () => {
  const url = process.env.REDIS_URL;
  if (!url) {
    it('needs REDIS_URL (only a connection failure can be tested without Redis)', async () => {
      expect(await redisProblem('redis://127.0.0.1:1')).toMatch(/not reachable/);
    });
    return;
  }

  it('accepts a Redis with maxmemory-policy noeviction', async () => {
    expect(await redisProblem(url)).toBeNull();
  });

  it('refuses a Redis that may evict keys, naming the setting to fix', async () => {
    const redis = new Redis(url);
    const [, before] = (await redis.config('GET', 'maxmemory-policy')) as string[];
    try {
      await redis.config('SET', 'maxmemory-policy', 'allkeys-lru');
      expect(await redisProblem(url)).toMatch(/maxmemory-policy is "allkeys-lru".*noeviction/);
    } finally {
      await redis.config('SET', 'maxmemory-policy', before);
      redis.disconnect();
    }
  });

  it('reports an unreachable Redis', async () => {
    expect(await redisProblem('redis://127.0.0.1:1')).toMatch(/not reachable/);
  });
});
