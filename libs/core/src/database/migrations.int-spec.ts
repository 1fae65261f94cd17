import { MigrationInterface, QueryRunner } from 'typeorm';
import { ALL_ENTITIES } from '../../../../apps/api/src/domain';
import { freshDatabase } from '../../../../test/support/database';
import { closeDataSource, createDataSource, MIGRATIONS_TABLE, runMigrations } from './data-source.factory';
import { MIGRATIONS } from './migrations';

class BrokenMigration9999999999999 implements MigrationInterface {
  name = 'BrokenMigration9999999999999';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE broken_probe (id int)`);
    await q.query(`SELECT * FROM table_that_does_not_exist`);
  }
  async down(): Promise<void> {}
}

async function tables(ds: { query(sql: string): Promise<{ table_name: string }[]> }): Promise<string[]> {
  const rows = await ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`);
  return rows.map((r) => r.table_name);
}

describe('migrations', () => {
  it('apply to an empty database and agree with the entities, and undo cleanly', async () => {
    const db = await freshDatabase();
    const ds = await createDataSource(db.config, ALL_ENTITIES);
    try {
      const applied = await runMigrations(ds);
      expect(applied).toEqual(MIGRATIONS.map((m) => new m().name));
      const diff = await ds.driver.createSchemaBuilder().log();
      expect(diff.upQueries.map((q) => q.query)).toEqual([]);
      expect(await runMigrations(ds)).toEqual([]); // a second run applies nothing

      for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'all' });
      expect(await tables(ds)).toEqual([MIGRATIONS_TABLE]);
    } finally {
      await closeDataSource(ds);
      await db.drop();
    }
  });

  it('leave the database as it was when one of them fails', async () => {
    const db = await freshDatabase();
    // The real migrations, plus one that fails half-way.
    const ds = await createDataSource(db.config, ALL_ENTITIES, [...MIGRATIONS, BrokenMigration9999999999999]);
    try {
      await expect(runMigrations(ds)).rejects.toThrow(/table_that_does_not_exist/);
      const left = await tables(ds);
      expect(left).not.toContain('broken_probe');
      expect(left).not.toContain('person'); // the foundation migration of the same run was rolled back too
    } finally {
      await closeDataSource(ds);
      await db.drop();
    }
  });
});
