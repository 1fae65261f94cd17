import Redis from 'ioredis';
import { RedisFitness, evictionProblem, readRedisFitness, redisOptionsFromUrl } from '@anpi/core';

/**
 * BullMQ loses jobs silently if Redis may evict keys (RELIABILITY R4). The worker refuses to start
 * unless maxmemory-policy is noeviction. Returns a problem description, or null when Redis is fit.
 */
export async function redisProblem(url: string): Promise<string | null> {
  return (await inspectRedis(url)).problem;
}

/** `redisProblem`, plus what was read (for the persistence warning at start). */
export async function inspectRedis(url: string): Promise<{ problem: string | null; fitness: RedisFitness | null }> {
  const redis = new Redis({ ...redisOptionsFromUrl(url), maxRetriesPerRequest: 1, lazyConnect: true, retryStrategy: () => null });
  let lastError: Error | null = null;
  redis.on('error', (e: Error) => (lastError = e));
  try {
    await redis.connect();
    const fitness = await readRedisFitness(redis);
    return { problem: evictionProblem(fitness), fitness };
  } catch (e) {
    // "Connection is closed" says less than the socket error behind it (e.g. connect ECONNREFUSED).
    const reason = (lastError as Error | null)?.message ?? (e as Error).message;
    return { problem: `Redis at ${new URL(url).host} is not reachable: ${reason}`, fitness: null };
  } finally {
    redis.disconnect();
  }
}
