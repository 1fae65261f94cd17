/**
 * Runs scale and fault drills (issue 8; RELIABILITY §7) against real PostgreSQL and Redis:
 *
 *   node dist/drills/test/drills/run.js <drill>|all
 *
 * Each drill prints one JSON line of figures on stdout (progress goes to stderr) and the process exits non-zero
 * when an invariant fails. `all` runs every drill in its own child process, one after the other, and fails when
 * any failed. DRILL_SIZE=small|full (default small).
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { DrillFn, toJson } from './support/drill';
import { SIZE, note } from './support/env';
import { scaleDrill } from './scale.drill';
import { workerCrashDrill } from './worker-crash.drill';
import { redisOutageDrill } from './redis-outage.drill';
import { redisMisconfigDrill } from './redis-misconfig.drill';
import { raceDrill } from './race.drill';
import { stuckTxDrill } from './stuck-tx.drill';
import { lossyNetworkDrill } from './lossy-network.drill';

export const DRILLS: Record<string, DrillFn> = {
  scale: () => scaleDrill(),
  'worker-crash': workerCrashDrill,
  'redis-outage': redisOutageDrill,
  'redis-misconfig': redisMisconfigDrill,
  race: raceDrill,
  'stuck-tx': stuckTxDrill,
  'lossy-network': lossyNetworkDrill,
  /** Drill 8 on its own: the scale drill's data, canaries and queue traffic, with only the Redis scan reported. */
  'no-pii-in-redis': () => scaleDrill({ piiOnly: true }),
};

/** Order of `all`: scale also runs the no-PII scan, so `all` does not repeat it. */
const ALL = ['scale', 'worker-crash', 'redis-outage', 'redis-misconfig', 'race', 'stuck-tx', 'lossy-network'];

async function runOne(name: string): Promise<number> {
  const fn = DRILLS[name];
  if (!fn) {
    console.error(`unknown drill "${name}"; known: ${Object.keys(DRILLS).join(', ')}, all`);
    return 2;
  }
  const t0 = Date.now();
  // The machine is shared (other test runs may be going on): each line says how busy it was.
  const load0 = loadavg()[0];
  try {
    const lines = await fn();
    let failed = false;
    for (const l of lines) {
      const json = { ...toJson(l), drillMs: Date.now() - t0, machine: { cpus: cpus().length, loadAvg1mStart: Math.round(load0 * 100) / 100, loadAvg1mEnd: Math.round(loadavg()[0] * 100) / 100 } };
      process.stdout.write(`${JSON.stringify(json)}\n`);
      if (!json.ok) failed = true;
    }
    return failed ? 1 : 0;
  } catch (e) {
    process.stdout.write(`${JSON.stringify({ drill: name, size: SIZE, ok: false, error: (e as Error).stack ?? String(e), drillMs: Date.now() - t0 })}\n`);
    return 1;
  }
}

function runChild(name: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [__filename, name], { stdio: ['ignore', 'inherit', 'inherit'], env: process.env });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name) {
    console.error(`usage: run.js <${Object.keys(DRILLS).join('|')}|all>`);
    process.exit(2);
  }
  if (name === 'all') {
    const failed: string[] = [];
    for (const d of ALL) {
      note(`=== drill ${d} (${SIZE})`);
      if ((await runChild(d)) !== 0) failed.push(d);
    }
    note(failed.length ? `failed: ${failed.join(', ')}` : `all ${ALL.length} drills passed`);
    process.exit(failed.length ? 1 : 0);
  }
  const code = await runOne(name);
  // Nest, ioredis and pg leave handles behind on purpose in places; a drill's verdict is final.
  process.exit(code);
}

if (require.main === module) void main();
