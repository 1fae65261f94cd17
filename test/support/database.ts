import { DataSource } from 'typeorm';
import { AppConfig, closeDataSource, createDataSource, runMigrations } from '@anpi/core';
import { ALL_ENTITIES } from '../../apps/api/src/domain';
import { testConfig } from './test-config';

/** A migrated DataSource on the run's database (or a fresh PGlite folder). */
export async function openTestDataSource(config: AppConfig = testConfig()): Promise<DataSource> {
  const ds = await createDataSource(config, ALL_ENTITIES);
  await runMigrations(ds);
  return ds;
}

export { closeDataSource };

/**
 * A configuration pointing at a brand-new empty database: a new database on the test server, or a new
 * PGlite folder. `drop()` removes the server database again.
 */
export async function freshDatabase(): Promise<{ config: AppConfig; drop: () => Promise<void> }> {
  const serverUrl = process.env.ANPI_TEST_DATABASE_URL;
  if (!serverUrl) return { config: testConfig(), drop: async () => undefined };
  const { Client } = await import('pg');
  const name = `${process.env.ANPI_TEST_DATABASE_NAME}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    config: testConfig({ DATABASE_URL: url.toString() }),
    drop: async () => {
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
