import Redis from 'ioredis';
import { redisOptionsFromUrl } from '@anpi/core';

/**
 * BullMQ loses jobs silently if Redis may evict keys (RELIABILITY R4). The worker refuses to start
 * unless maxmemory-policy is noeviction. Returns a problem description, or null when Redis is fit.
 */
export async function redisProblem(url: string): Promise<string | null> {
  const redis = new Redis({ ...redisOptionsFromUrl(url), maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
    const policy = reply[1];
    if (policy !== 'noeviction') {
      return `Redis maxmemory-policy is "${policy}"; BullMQ needs "noeviction" or queued jobs may be evicted. Set maxmemory-policy noeviction in redis.conf (docker/compose.yaml does).`;
    }
    return null;
  } catch (e) {
    return `Redis at ${new URL(url).host} is not reachable: ${(e as Error).message}`;
  } finally {
    redis.disconnect();
  }
}
