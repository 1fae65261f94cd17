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
