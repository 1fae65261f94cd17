import type Redis from 'ioredis';

/** What Anpi needs to know of a Redis before trusting it with jobs (RELIABILITY §2.2, R4). */
export interface RedisFitness {
  /** maxmemory-policy, or null when the server does not say. */
  policy: string | null;
  /** Append-only file on; null when unknown. */
  aof: boolean | null;
  /** RDB snapshots configured (a non-empty `save`); null when CONFIG is not allowed (managed Redis). */
  rdb: boolean | null;
}

function infoField(info: string, field: string): string | null {
  const m = new RegExp(`^${field}:(.*)$`, 'm').exec(info);
  return m ? m[1].trim() : null;
}

/** Reads the eviction policy and persistence with INFO (allowed everywhere) and CONFIG GET save (when allowed). */
export async function readRedisFitness(redis: Redis): Promise<RedisFitness> {
  const memory = await redis.info('memory');
  let policy = infoField(memory, 'maxmemory_policy');
  if (policy === null) {
    const reply = (await redis.config('GET', 'maxmemory-policy').catch(() => [])) as string[];
    policy = reply[1] ?? null;
  }
  const persistence = await redis.info('persistence');
  const aofField = infoField(persistence, 'aof_enabled');
  const aof = aofField === null ? null : aofField === '1';
  const save = (await redis.config('GET', 'save').catch(() => null)) as string[] | null;
  const rdb = save && save.length >= 2 ? save[1].trim() !== '' : null;
  return { policy, aof, rdb };
}

/** Why this Redis may lose queued jobs silently, or null when its eviction policy is safe. */
export function evictionProblem(f: RedisFitness): string | null {
  if (f.policy === null || f.policy === 'noeviction') return null;
  return `Redis maxmemory-policy is "${f.policy}"; BullMQ needs "noeviction" or queued jobs may be evicted. Set maxmemory-policy noeviction in redis.conf (docker/compose.yaml does).`;
}

/** A warning when Redis keeps nothing across a restart (neither AOF nor RDB), or null. */
export function persistenceWarning(f: RedisFitness): string | null {
  if (f.aof !== false || f.rdb !== false) return null;
  return 'Redis has no persistence (appendonly no, save ""): a Redis restart loses every queued job and the job schedulers until the worker registers them again; enable appendonly yes (appendfsync everysec).';
}
