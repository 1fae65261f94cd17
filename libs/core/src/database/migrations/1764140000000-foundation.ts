import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Region, accounts and sessions, roster, plan revisions. Geometry: GiST indexes on points scaled by
 * GEO_SCALE (100000) and on scaled boundary rings, so containment is exact to about a micrometre
 * (DESIGN §1). The expressions must match `scaledPointSql` in libs/core/src/geo/geo.ts.
 * Append-only by trigger: audit_log (except the one-time sealing of its hash chain), consent_record
 * and plan_revision refuse UPDATE and DELETE; audit_log also refuses TRUNCATE.
 */
export class Foundation1764140000000 implements MigrationInterface {
  name = 'Foundation1764140000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "account" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "login" text NOT NULL, "display_name" text NOT NULL, "password_hash" text NOT NULL, "role" text NOT NULL, "organisation" text NOT NULL, "totp_secret" text, "totp_pending_secret" text, "totp_last_step" bigint, "pledge_accepted_at" TIMESTAMP WITH TIME ZONE, "failed_login_count" integer NOT NULL DEFAULT '0', "locked_until" TIMESTAMP WITH TIME ZONE, "disabled_at" TIMESTAMP WITH TIME ZONE, "is_demo" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_account" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_account_login" ON "account" ("login")`);
    await q.query(`CREATE TABLE "care_team_member" ("person_id" uuid NOT NULL, "account_id" uuid NOT NULL, "responder_group" text, "source" text NOT NULL DEFAULT 'PLAN', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_care_team_member" PRIMARY KEY ("person_id", "account_id"))`);
    await q.query(`CREATE INDEX "ix_care_team_member_account" ON "care_team_member" ("account_id")`);
    await q.query(`CREATE TABLE "membership" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "account_id" uuid NOT NULL, "municipality_code" text NOT NULL, "district_code" text, CONSTRAINT "pk_membership" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_membership_account" ON "membership" ("account_id")`);
    await q.query(`CREATE UNIQUE INDEX "uq_membership_scope" ON "membership" ("account_id", "municipality_code", "district_code")`);
    await q.query(`CREATE TABLE "refresh_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "session_id" uuid NOT NULL, "token_hash" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_refresh_token" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_refresh_token_session" ON "refresh_token" ("session_id")`);
    await q.query(`CREATE UNIQUE INDEX "uq_refresh_token_hash" ON "refresh_token" ("token_hash")`);
    await q.query(`CREATE TABLE "session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "account_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "second_factor" boolean NOT NULL DEFAULT false, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_reason" text, CONSTRAINT "pk_session" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_session_account" ON "session" ("account_id")`);
    await q.query(`CREATE TABLE "audit_log" ("id" BIGSERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "account_id" uuid, "role" text, "organisation" text, "action" text NOT NULL, "data_class" text, "person_id" uuid, "purpose" text, "incident_id" uuid, "break_glass" boolean NOT NULL DEFAULT false, "decision" text, "detail" jsonb NOT NULL DEFAULT '{}', "chain_seq" bigint, "chain_hash" text, CONSTRAINT "pk_audit_log" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_audit_log_at" ON "audit_log" ("at")`);
    await q.query(`CREATE UNIQUE INDEX "uq_audit_log_chain_seq" ON "audit_log" ("chain_seq")`);
    await q.query(`CREATE INDEX "ix_audit_log_account" ON "audit_log" ("account_id", "at")`);
    await q.query(`CREATE INDEX "ix_audit_log_person" ON "audit_log" ("person_id", "at")`);
    await q.query(`CREATE TABLE "break_glass_grant" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "account_id" uuid NOT NULL, "person_id" uuid NOT NULL, "incident_id" uuid, "reason" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "reviewed_at" TIMESTAMP WITH TIME ZONE, "reviewed_by" uuid, "review_note" text, CONSTRAINT "pk_break_glass_grant" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_break_glass_grant_lookup" ON "break_glass_grant" ("account_id", "person_id", "expires_at")`);
    await q.query(`CREATE TABLE "person" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "external_id" text, "municipality_code" text NOT NULL, "district_code" text, "name" text NOT NULL, "name_kana" text NOT NULL, "birth_date" date NOT NULL, "sex" text NOT NULL, "address" text NOT NULL, "phone" text, "other_contacts" jsonb NOT NULL DEFAULT '[]', "lat" double precision NOT NULL, "lng" double precision NOT NULL, "support_reasons" text array NOT NULL DEFAULT '{}', "support_reason_note" text, "medical_dependencies" text array NOT NULL DEFAULT '{}', "care_level" text NOT NULL DEFAULT 'NONE', "household" text NOT NULL, "hazard_flags" text array NOT NULL DEFAULT '{}', "roster_status" text NOT NULL DEFAULT 'LISTED', "roster_excluded_reason" text, "location_override_reason" text, "priority_score" integer NOT NULL DEFAULT '0', "priority_factors" text array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "pk_person" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_person_municipality" ON "person" ("municipality_code")`);
    await q.query(`CREATE INDEX "ix_person_district" ON "person" ("district_code")`);
    await q.query(`CREATE INDEX "ix_person_priority" ON "person" ("priority_score")`);
    await q.query(`CREATE UNIQUE INDEX "uq_person_external_id" ON "person" ("municipality_code", "external_id") WHERE "external_id" IS NOT NULL`);
    await q.query(`CREATE TABLE "district" ("code" text NOT NULL, "municipality_code" text NOT NULL, "name_ja" text NOT NULL, CONSTRAINT "pk_district" PRIMARY KEY ("code"))`);
    await q.query(`CREATE INDEX "ix_district_municipality" ON "district" ("municipality_code")`);
    await q.query(`CREATE TABLE "municipality_area_part" ("id" SERIAL NOT NULL, "municipality_code" text NOT NULL, "polygon_no" integer NOT NULL, "ring_no" integer NOT NULL, "ring" polygon NOT NULL, CONSTRAINT "pk_municipality_area_part" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_municipality_area_part_code" ON "municipality_area_part" ("municipality_code")`);
    await q.query(`CREATE TABLE "municipality" ("code" text NOT NULL, "name_ja" text NOT NULL, "name_en" text NOT NULL, "boundary" jsonb NOT NULL, "ordinance_pattern" text NOT NULL DEFAULT 'EXPLICIT_CONSENT', "designated_recipients" text array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_municipality" PRIMARY KEY ("code"))`);
    await q.query(`CREATE TABLE "shelter" ("id" text NOT NULL, "municipality_code" text NOT NULL, "name_ja" text NOT NULL, "address" text NOT NULL, "kind" text NOT NULL, "hazards" text array NOT NULL DEFAULT '{}', "accepts_ja" text, "notes_ja" text, "lat" double precision NOT NULL, "lng" double precision NOT NULL, "is_open" boolean NOT NULL DEFAULT false, "source" text NOT NULL, CONSTRAINT "pk_shelter" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_shelter_municipality" ON "shelter" ("municipality_code")`);
    await q.query(`CREATE TABLE "consent_record" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "scope" text NOT NULL, "supporter_key" text, "decision" text NOT NULL, "legal_basis" text NOT NULL, "recipients_allowed" text array NOT NULL DEFAULT '{}', "explained_items" text NOT NULL, "obtained_by" uuid NOT NULL, "obtained_at" TIMESTAMP WITH TIME ZONE NOT NULL, "method" text NOT NULL, "signer_relation" text NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_consent_record" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_consent_record_person_scope" ON "consent_record" ("person_id", "scope", "obtained_at")`);
    await q.query(`CREATE TABLE "plan_comment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "revision" integer NOT NULL, "author_account_id" uuid NOT NULL, "body" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_plan_comment" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_plan_comment_person_revision" ON "plan_comment" ("person_id", "revision")`);
    await q.query(`CREATE TABLE "plan_revision" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "revision" integer NOT NULL, "content" jsonb NOT NULL, "changed_fields" text array NOT NULL DEFAULT '{}', "author_account_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_plan_revision" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_plan_revision" ON "plan_revision" ("person_id", "revision")`);
    await q.query(`CREATE TABLE "plan" ("person_id" uuid NOT NULL, "current_revision" integer NOT NULL, "status" text NOT NULL DEFAULT 'DRAFT', "next_review_at" date, "agreed_at" TIMESTAMP WITH TIME ZONE, "agreed_revision" integer, "agreed_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_plan" PRIMARY KEY ("person_id"))`);
    await q.query(`ALTER TABLE "care_team_member" ADD CONSTRAINT "fk_care_team_member_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "care_team_member" ADD CONSTRAINT "fk_care_team_member_account" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "membership" ADD CONSTRAINT "fk_membership_account" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "refresh_token" ADD CONSTRAINT "fk_refresh_token_session" FOREIGN KEY ("session_id") REFERENCES "session"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "session" ADD CONSTRAINT "fk_session_account" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "break_glass_grant" ADD CONSTRAINT "fk_break_glass_grant_account" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "person" ADD CONSTRAINT "fk_person_municipality" FOREIGN KEY ("municipality_code") REFERENCES "municipality"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "district" ADD CONSTRAINT "fk_district_municipality" FOREIGN KEY ("municipality_code") REFERENCES "municipality"("code") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "municipality_area_part" ADD CONSTRAINT "fk_municipality_area_part_municipality" FOREIGN KEY ("municipality_code") REFERENCES "municipality"("code") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "shelter" ADD CONSTRAINT "fk_shelter_municipality" FOREIGN KEY ("municipality_code") REFERENCES "municipality"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "consent_record" ADD CONSTRAINT "fk_consent_record_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "plan_comment" ADD CONSTRAINT "fk_plan_comment_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "plan_comment" ADD CONSTRAINT "fk_plan_comment_author" FOREIGN KEY ("author_account_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "plan_revision" ADD CONSTRAINT "fk_plan_revision_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "plan_revision" ADD CONSTRAINT "fk_plan_revision_author" FOREIGN KEY ("author_account_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "plan" ADD CONSTRAINT "fk_plan_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`CREATE INDEX "ix_person_point" ON "person" USING gist (point("lng" * 100000, "lat" * 100000))`);
    await q.query(`CREATE INDEX "ix_shelter_point" ON "shelter" USING gist (point("lng" * 100000, "lat" * 100000))`);
    await q.query(`CREATE INDEX "ix_municipality_area_part_ring" ON "municipality_area_part" USING gist ("ring")`);
    await q.query(`CREATE FUNCTION anpi_audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $fn$ BEGIN IF TG_OP = 'UPDATE' THEN IF OLD.chain_seq IS NULL AND NEW.chain_seq IS NOT NULL AND (to_jsonb(NEW) - 'chain_seq' - 'chain_hash') = (to_jsonb(OLD) - 'chain_seq' - 'chain_hash') THEN RETURN NEW; END IF; END IF; RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = '42501'; END $fn$`);
    await q.query(`CREATE TRIGGER trg_audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION anpi_audit_log_guard()`);
    await q.query(`CREATE TRIGGER trg_audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION anpi_audit_log_guard()`);
    await q.query(`CREATE FUNCTION anpi_immutable_guard() RETURNS trigger LANGUAGE plpgsql AS $fn$ BEGIN RAISE EXCEPTION '% is immutable: % refused; record a new row instead', TG_TABLE_NAME, TG_OP USING ERRCODE = '42501'; END $fn$`);
    await q.query(`CREATE TRIGGER trg_consent_record_immutable BEFORE UPDATE OR DELETE ON consent_record FOR EACH ROW EXECUTE FUNCTION anpi_immutable_guard()`);
    await q.query(`CREATE TRIGGER trg_plan_revision_immutable BEFORE UPDATE OR DELETE ON plan_revision FOR EACH ROW EXECUTE FUNCTION anpi_immutable_guard()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "plan" CASCADE`);
    await q.query(`DROP TABLE "plan_revision" CASCADE`);
    await q.query(`DROP TABLE "plan_comment" CASCADE`);
    await q.query(`DROP TABLE "consent_record" CASCADE`);
    await q.query(`DROP TABLE "shelter" CASCADE`);
    await q.query(`DROP TABLE "municipality" CASCADE`);
    await q.query(`DROP TABLE "municipality_area_part" CASCADE`);
    await q.query(`DROP TABLE "district" CASCADE`);
    await q.query(`DROP TABLE "person" CASCADE`);
    await q.query(`DROP TABLE "break_glass_grant" CASCADE`);
    await q.query(`DROP TABLE "audit_log" CASCADE`);
    await q.query(`DROP TABLE "session" CASCADE`);
    await q.query(`DROP TABLE "refresh_token" CASCADE`);
    await q.query(`DROP TABLE "membership" CASCADE`);
    await q.query(`DROP TABLE "care_team_member" CASCADE`);
    await q.query(`DROP TABLE "account" CASCADE`);
    await q.query(`DROP FUNCTION IF EXISTS anpi_audit_log_guard()`);
    await q.query(`DROP FUNCTION IF EXISTS anpi_immutable_guard()`);
  }
}
