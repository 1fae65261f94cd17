import type { RedisOptions } from 'ioredis';

/** Reconnect quickly once Redis is back (ioredis keeps retrying forever; this only caps the pause between tries). */
export function reconnectDelayMs(times: number, capMs: number): number {
  return Math.min(250 * times, capMs);
}

/**
 * ioredis options from a redis:// or rediss:// URL, for connections that must survive an outage and carry on
 * by themselves: BullMQ workers (which need no per-request retry limit) and the pub/sub subscriber. Commands
 * wait in ioredis' offline queue while Redis is away; reconnection is retried every ≤ 5 s, forever (RELIABILITY R8).
 */
export function redisOptionsFromUrl(url: string): RedisOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 6379,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname && u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    retryStrategy: (times) => reconnectDelayMs(times, 5000),
  };
}

/**
 * Options for connections that *produce* (enqueue a job, publish a live update) on behalf of a request: they
 * fail fast instead of waiting for Redis (RELIABILITY §2.2). No offline queue (a command while disconnected
 * is refused at once), one try per command, every command bounded by `commandTimeoutMs` and a connection
 * attempt by 2 s. They still reconnect by themselves, every ≤ 2 s.
 */
export function producerRedisOptions(url: string, commandTimeoutMs = 1500): RedisOptions {
  return {
    ...redisOptionsFromUrl(url),
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    commandTimeout: commandTimeoutMs,
    connectTimeout: 2000,
    retryStrategy: (times) => reconnectDelayMs(times, 2000),
  };
}
