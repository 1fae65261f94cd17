import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig, loadConfig } from '@anpi/core';

/** Whether this run talks to server PostgreSQL / Redis (CI) or to PGlite / the in-process queue. */
export const onServerPostgres = Boolean(process.env.ANPI_TEST_DATABASE_URL);
export const onRedis = Boolean(process.env.REDIS_URL);

/**
 * The configuration tests run with: the run's fresh database (or a fresh PGlite folder per call),
 * the run's Redis prefix, quiet logs. `overrides` are environment variables, as an operator would set them.
 */
export function testConfig(overrides: Record<string, string | undefined> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: process.env.ANPI_TEST_DATABASE_URL,
    PGLITE_DIR: mkdtempSync(join(tmpdir(), `anpi-pglite-${process.env.ANPI_TEST_RUN_ID ?? 'adhoc'}-`)),
    REDIS_URL: process.env.REDIS_URL,
    REDIS_PREFIX: process.env.ANPI_TEST_REDIS_PREFIX ?? 'anpi-test',
    JWT_SECRET: 'test-secret-test-secret-test-secret-0000',
    LOG_LEVEL: 'error',
    DEMO_DATA: 'false',
    ...overrides,
  });
}
