import { Client } from 'pg';
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Drops the run's database (and clears the run's Redis keys) unless KEEP_TEST_DB is set. */
export default async function globalTeardown(): Promise<void> {
  const runId = process.env.ANPI_TEST_RUN_ID;
  if (runId) {
    for (const d of readdirSync(tmpdir()).filter((n) => n.startsWith(`anpi-pglite-${runId}-`))) {
      rmSync(join(tmpdir(), d), { recursive: true, force: true });
    }
  }
  const base = process.env.DATABASE_URL;
  const name = process.env.ANPI_TEST_DATABASE_NAME;
  if (base && name && !process.env.KEEP_TEST_DB) {
    const admin = new Client({ connectionString: base });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }
  const redisUrl = process.env.REDIS_URL;
  const prefix = process.env.ANPI_TEST_REDIS_PREFIX;
  if (redisUrl && prefix) {
    const { default: Redis } = await import('ioredis');
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  }
}
