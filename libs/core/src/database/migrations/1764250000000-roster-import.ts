import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Roster import (libs/people/src/import): each municipality's saved CSV column mapping. People are
 * matched on re-import by the existing partial unique index uq_person_external_id
 * (municipality_code, external_id) WHERE external_id IS NOT NULL, which the import's
 * INSERT … ON CONFLICT names as its arbiter.
 */
export class RosterImport1764250000000 implements MigrationInterface {
  name = 'RosterImport1764250000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "roster_import_mapping" ("municipality_code" text NOT NULL, "mapping" jsonb NOT NULL, "updated_by" uuid NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_roster_import_mapping" PRIMARY KEY ("municipality_code"))`);
    await q.query(`ALTER TABLE "roster_import_mapping" ADD CONSTRAINT "fk_roster_import_mapping_municipality" FOREIGN KEY ("municipality_code") REFERENCES "municipality"("code") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "roster_import_mapping" ADD CONSTRAINT "fk_roster_import_mapping_updated_by" FOREIGN KEY ("updated_by") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "roster_import_mapping" CASCADE`);
  }
}
