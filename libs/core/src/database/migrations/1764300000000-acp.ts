import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * ACP (libs/acp): discussion records (人生会議) and physician orders, both immutable by trigger
 * (anpi_immutable_guard from the foundation migration). A correction is a new discussion row whose
 * corrects_id points at the corrected one; the unique index makes corrections a chain, and the check
 * makes a reason required exactly when a row corrects another.
 */
export class Acp1764300000000 implements MigrationInterface {
  name = 'Acp1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "acp_discussion" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "held_at" TIMESTAMP WITH TIME ZONE NOT NULL, "place" text, "facilitator_account_id" uuid NOT NULL, "recorded_by" uuid NOT NULL, "participants" jsonb NOT NULL DEFAULT '[]', "capacity_status" text, "values_checklist" text array NOT NULL DEFAULT '{}', "values_text" text, "preferred_place_of_care" text, "preferred_place_of_death" text, "place_note" text, "disclosure_preference" text, "preferences" jsonb NOT NULL DEFAULT '[]', "surrogates" jsonb, "comfort_wishes" text, "spiritual_wishes" text, "after_death_wishes" text, "next_review_trigger" text, "next_review_on" date, "declined" boolean NOT NULL DEFAULT false, "declined_note" text, "corrects_id" uuid, "correction_reason" text, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_acp_discussion_correction" CHECK (("corrects_id" IS NULL) = ("correction_reason" IS NULL)), CONSTRAINT "pk_acp_discussion" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_acp_discussion_person" ON "acp_discussion" ("person_id", "held_at")`);
    await q.query(`CREATE UNIQUE INDEX "uq_acp_discussion_corrects" ON "acp_discussion" ("corrects_id")`);
    await q.query(`CREATE TABLE "acp_physician_order" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "kind" text NOT NULL, "code" text NOT NULL, "status" text NOT NULL DEFAULT 'ACTIVE', "instructions" text, "ordered_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ordered_by" uuid NOT NULL, "basis_discussion_id" uuid, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_acp_physician_order" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_acp_physician_order_person" ON "acp_physician_order" ("person_id", "kind", "ordered_at")`);
    await q.query(`ALTER TABLE "acp_discussion" ADD CONSTRAINT "fk_acp_discussion_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "acp_discussion" ADD CONSTRAINT "fk_acp_discussion_facilitator" FOREIGN KEY ("facilitator_account_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "acp_discussion" ADD CONSTRAINT "fk_acp_discussion_recorded_by" FOREIGN KEY ("recorded_by") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "acp_discussion" ADD CONSTRAINT "fk_acp_discussion_corrects" FOREIGN KEY ("corrects_id") REFERENCES "acp_discussion"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "acp_physician_order" ADD CONSTRAINT "fk_acp_physician_order_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "acp_physician_order" ADD CONSTRAINT "fk_acp_physician_order_ordered_by" FOREIGN KEY ("ordered_by") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "acp_physician_order" ADD CONSTRAINT "fk_acp_physician_order_basis" FOREIGN KEY ("basis_discussion_id") REFERENCES "acp_discussion"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`CREATE TRIGGER trg_acp_discussion_immutable BEFORE UPDATE OR DELETE ON acp_discussion FOR EACH ROW EXECUTE FUNCTION anpi_immutable_guard()`);
    await q.query(`CREATE TRIGGER trg_acp_physician_order_immutable BEFORE UPDATE OR DELETE ON acp_physician_order FOR EACH ROW EXECUTE FUNCTION anpi_immutable_guard()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "acp_physician_order" CASCADE`);
    await q.query(`DROP TABLE "acp_discussion" CASCADE`);
  }
}
