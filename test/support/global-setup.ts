/**
 * With DATABASE_URL set, creates a fresh database for this run on that server (so tests never touch
 * data they did not make) and points the tests at it through ANPI_TEST_DATABASE_URL.
 */
import { Client } from 'pg';
import { randomBytes } from 'node:crypto';

export default async function globalSetup(): Promise<void> {
  process.env.TZ = 'UTC';
  process.env.ANPI_TEST_RUN_ID = randomBytes(4).toString('hex');
  const base = process.env.DATABASE_URL;
  if (!base) return;
  const name = `anpi_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  process.env.ANPI_TEST_DATABASE_URL = url.toString();
  process.env.ANPI_TEST_DATABASE_NAME = name;
  process.env.ANPI_TEST_REDIS_PREFIX = `anpi-test-${randomBytes(4).toString('hex')}`;
}
