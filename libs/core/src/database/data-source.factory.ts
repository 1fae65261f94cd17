import { mkdirSync } from 'node:fs';
import { DataSource, DataSourceOptions, EntitySchema, MixedList } from 'typeorm';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { AppConfig } from '../config/app-config';
import { MIGRATIONS } from './migrations';

const pgliteOf = new WeakMap<DataSource, PGlite>();

export const MIGRATIONS_TABLE = 'schema_migrations';

/** Builds and initialises the DataSource: `pg` for DATABASE_URL, PGlite in `config.pgliteDir` otherwise. */
export async function createDataSource(
  config: Pick<AppConfig, 'databaseUrl' | 'pgliteDir' | 'dbStatementTimeoutMs' | 'dbLockTimeoutMs' | 'dbPoolSize'>,
  entities: MixedList<Function | string | EntitySchema>,
  migrations: MixedList<Function | string> = MIGRATIONS,
): Promise<DataSource> {
  const common = {
    type: 'postgres' as const,
    entities,
    migrations,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'all' as const,
    synchronize: false,
    uuidExtension: 'pgcrypto' as const,
    logging: false,
  };
  let options: DataSourceOptions;
  let pglite: PGlite | undefined;
  if (config.databaseUrl) {
    options = {
      ...common,
      url: config.databaseUrl,
      extra: {
        max: config.dbPoolSize,
        // Every pooled connection gets bounded statement and lock waits, so one stuck row lock cannot
        // starve the pool (RELIABILITY C4). Timestamps are always UTC. JIT off: the policy's per-person
        // subqueries make a 3k-person map or list read look expensive to the planner, and compiling it
        // took 1.4 s of a 1.6 s query on a busy 2-core machine (EXPLAIN ANALYZE, 200k roster); these are
        // short index-driven queries that JIT never pays back. PGlite has no JIT.
        options: `-c statement_timeout=${config.dbStatementTimeoutMs} -c lock_timeout=${config.dbLockTimeoutMs} -c TimeZone=UTC -c jit=off`,
        application_name: 'anpi',
      },
    };
  } else {
    mkdirSync(config.pgliteDir, { recursive: true });
    pglite = await PGlite.create({ dataDir: config.pgliteDir });
    await pglite.exec(`SET TimeZone = 'UTC'`);
    options = { ...common, extra: createPgConfig(pglite) };
  }
  const ds = new DataSource(options);
  await ds.initialize();
  if (pglite) pgliteOf.set(ds, pglite);
  return ds;
}

/** Applies pending migrations under a PostgreSQL advisory lock, so two starting instances never race. */
export async function runMigrations(ds: DataSource): Promise<string[]> {
  if (pgliteOf.has(ds)) {
    // PGlite has one connection and one process: no race to guard against, and a lock held on the
    // only connection would block the migration itself.
    return (await ds.runMigrations({ transaction: 'all' })).map((m) => m.name);
  }
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(827364501)');
    const done = await ds.runMigrations({ transaction: 'all' });
    return done.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock(827364501)').catch(() => undefined);
    await runner.release();
  }
}

/** Closes the pool and, in embedded mode, PGlite itself, so its folder is left consistent. */
export async function closeDataSource(ds: DataSource): Promise<void> {
  if (ds.isInitialized) await ds.destroy();
  const pglite = pgliteOf.get(ds);
  if (pglite && !pglite.closed) await pglite.close();
}

export function isEmbedded(ds: DataSource): boolean {
  return pgliteOf.has(ds);
}
