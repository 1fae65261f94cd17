/**
 * What every drill reads from the environment: the size, the servers, and where child processes and logs go.
 *
 *   DRILL_SIZE     small (default; CI, minutes) or full (the sizes of RELIABILITY §7 / issue 8)
 *   DATABASE_URL   a PostgreSQL server where the drill may CREATE and DROP its own database
 *   REDIS_URL      the shared Redis; each drill writes only under its own key prefix
 *   DRILL_LOG_DIR  where the API, worker and redis-server logs of a run are kept (default: a temp folder)
 *   DRILL_KEEP     keep the drill's database, Redis keys and logs (for a post-mortem)
 *   DRILL_PEOPLE   scale drill only: roster size instead of the size's default (e.g. 200000, a mid size)
 *   DRILL_SKIP_CHECKIN  scale drill only: stop after the map figures (no check-in load, no Redis PII scan)
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export type Size = 'small' | 'full';

function sizeFromEnv(): Size {
  const raw = (process.env.DRILL_SIZE ?? 'small').trim().toLowerCase();
  if (raw !== 'small' && raw !== 'full') throw new Error(`DRILL_SIZE must be small or full (got "${raw}")`);
  return raw;
}

export const SIZE: Size = sizeFromEnv();

/** The small value in CI, the full one with DRILL_SIZE=full. */
export function bySize<T>(small: T, full: T): T {
  return SIZE === 'full' ? full : small;
}

/** A positive integer from the environment, or `fallback` when unset. */
export function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer (got "${raw}")`);
  return n;
}

export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const KEEP = Boolean(process.env.DRILL_KEEP);

/** The repository root (dist/drills/test/drills/support → five levels up). */
export const ROOT = resolve(__dirname, '..', '..', '..', '..', '..');
/** The compiled API and worker, built from the same sources in the same step as the drills. */
export const API_MAIN = process.env.DRILL_API_MAIN ?? join(ROOT, 'dist', 'drills', 'apps', 'api', 'src', 'main.js');
export const WORKER_MAIN = process.env.DRILL_WORKER_MAIN ?? join(ROOT, 'dist', 'drills', 'apps', 'worker', 'src', 'main.js');

let logDir: string | undefined;
export function drillLogDir(): string {
  logDir ??= process.env.DRILL_LOG_DIR ?? mkdtempSync(join(tmpdir(), 'anpi-drill-'));
  return logDir;
}

/** Progress notes go to stderr, so stdout carries only the JSON figure lines. */
export function note(msg: string): void {
  if (process.env.DRILL_QUIET) return;
  process.stderr.write(`[drill ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `f` every `everyMs` until it returns something truthy; throws after `ms`. */
export async function waitFor<T>(what: string, f: () => Promise<T | undefined | null | false>, ms: number, everyMs = 100): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}
