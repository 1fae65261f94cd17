import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Incidents and safety checks: incidents with their areas (municipalities or scaled polygons with a
 * GiST index), disaster-disclosure decisions, generation progress per chunk, the people in each
 * incident, tasks (unique per incident, person and responder group) and append-only check events.
 */
export class Incidents1764400000000 implements MigrationInterface {
  name = 'Incidents1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "check_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "client_event_id" uuid NOT NULL, "payload_hash" text NOT NULL, "task_id" uuid NOT NULL, "incident_id" uuid NOT NULL, "person_id" uuid NOT NULL, "account_id" uuid NOT NULL, "by_coordinator" boolean NOT NULL DEFAULT false, "outcome" text NOT NULL, "shelter_id" text, "note" text, "observed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "lat" double precision, "lng" double precision, "flags" text array NOT NULL DEFAULT '{}', CONSTRAINT "pk_check_event" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_check_event_client_event_id" ON "check_event" ("client_event_id")`);
    await q.query(`CREATE INDEX "ix_check_event_incident" ON "check_event" ("incident_id", "received_at")`);
    await q.query(`CREATE INDEX "ix_check_event_task" ON "check_event" ("task_id", "observed_at")`);
    await q.query(`CREATE TABLE "task" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "incident_id" uuid NOT NULL, "person_id" uuid NOT NULL, "responder_group" text NOT NULL, "assignee_account_id" uuid, "pool_key" text NOT NULL, "municipality_code" text NOT NULL, "district_code" text, "priority" integer NOT NULL, "priority_factors" text array NOT NULL DEFAULT '{}', "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" text NOT NULL DEFAULT 'UNCHECKED', "status_version" integer NOT NULL DEFAULT '0', "event_count" integer NOT NULL DEFAULT '0', "last_event_at" TIMESTAMP WITH TIME ZONE, "needs_review" boolean NOT NULL DEFAULT false, "claimed_by" uuid, "claimed_until" TIMESTAMP WITH TIME ZONE, "escalated_at" TIMESTAMP WITH TIME ZONE, "is_drill" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_task" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_task_person" ON "task" ("person_id")`);
    await q.query(`CREATE INDEX "ix_task_due" ON "task" ("due_at") WHERE "status" = 'UNCHECKED' AND "escalated_at" IS NULL`);
    await q.query(`CREATE INDEX "ix_task_pool" ON "task" ("incident_id", "pool_key")`);
    await q.query(`CREATE INDEX "ix_task_assignee" ON "task" ("assignee_account_id", "incident_id")`);
    await q.query(`CREATE INDEX "ix_task_incident_status" ON "task" ("incident_id", "status")`);
    await q.query(`CREATE UNIQUE INDEX "uq_task_incident_person_group" ON "task" ("incident_id", "person_id", "responder_group")`);
    await q.query(`CREATE TABLE "disaster_disclosure" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "incident_id" uuid NOT NULL, "decided_by" uuid NOT NULL, "decided_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "reason" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE, "ended_by" uuid, CONSTRAINT "pk_disaster_disclosure" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_disaster_disclosure_incident" ON "disaster_disclosure" ("incident_id")`);
    await q.query(`CREATE TABLE "generation_chunk" ("incident_id" uuid NOT NULL, "area_version" integer NOT NULL, "chunk" integer NOT NULL, "people" integer NOT NULL, "tasks_inserted" integer NOT NULL, "done_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_generation_chunk" PRIMARY KEY ("incident_id", "area_version", "chunk"))`);
    await q.query(`CREATE TABLE "incident_area" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "incident_id" uuid NOT NULL, "kind" text NOT NULL, "municipality_code" text, "geometry" jsonb, "area_version" integer NOT NULL, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "added_by" uuid NOT NULL, CONSTRAINT "pk_incident_area" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_incident_area_incident" ON "incident_area" ("incident_id")`);
    await q.query(`CREATE TABLE "incident_area_ring" ("id" SERIAL NOT NULL, "area_id" uuid NOT NULL, "incident_id" uuid NOT NULL, "polygon_no" integer NOT NULL, "ring_no" integer NOT NULL, "ring" polygon NOT NULL, CONSTRAINT "pk_incident_area_ring" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_incident_area_ring_area" ON "incident_area_ring" ("area_id")`);
    await q.query(`CREATE TABLE "incident_person" ("incident_id" uuid NOT NULL, "person_id" uuid NOT NULL, "area_version" integer NOT NULL, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_incident_person" PRIMARY KEY ("incident_id", "person_id"))`);
    await q.query(`CREATE INDEX "ix_incident_person_person" ON "incident_person" ("person_id")`);
    await q.query(`CREATE TABLE "incident" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" text NOT NULL, "title" text NOT NULL, "is_drill" boolean NOT NULL DEFAULT false, "status" text NOT NULL DEFAULT 'ACTIVE', "declared_by" uuid NOT NULL, "declared_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "closed_at" TIMESTAMP WITH TIME ZONE, "closed_by" uuid, "source" text NOT NULL DEFAULT 'MANUAL', "source_ref" text, "expected_outage_hours" integer NOT NULL DEFAULT '12', "area_version" integer NOT NULL DEFAULT '1', "generation_status" text NOT NULL DEFAULT 'PENDING', CONSTRAINT "pk_incident" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_incident_source_ref" ON "incident" ("source_ref") WHERE "source_ref" IS NOT NULL`);
    await q.query(`CREATE INDEX "ix_incident_status" ON "incident" ("status", "declared_at")`);
    await q.query(`ALTER TABLE "check_event" ADD CONSTRAINT "fk_check_event_task" FOREIGN KEY ("task_id") REFERENCES "task"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "task" ADD CONSTRAINT "fk_task_incident" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "task" ADD CONSTRAINT "fk_task_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "disaster_disclosure" ADD CONSTRAINT "fk_disaster_disclosure_incident" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "generation_chunk" ADD CONSTRAINT "fk_generation_chunk_incident" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "incident_area" ADD CONSTRAINT "fk_incident_area_incident" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "incident_area_ring" ADD CONSTRAINT "fk_incident_area_ring_area" FOREIGN KEY ("area_id") REFERENCES "incident_area"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "incident_person" ADD CONSTRAINT "fk_incident_person_incident" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "incident_person" ADD CONSTRAINT "fk_incident_person_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`CREATE INDEX "ix_incident_area_ring_ring" ON "incident_area_ring" USING gist ("ring")`);
    await q.query(`CREATE TRIGGER trg_check_event_immutable BEFORE UPDATE OR DELETE ON check_event FOR EACH ROW EXECUTE FUNCTION anpi_immutable_guard()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "check_event" CASCADE`);
    await q.query(`DROP TABLE "task" CASCADE`);
    await q.query(`DROP TABLE "generation_chunk" CASCADE`);
    await q.query(`DROP TABLE "incident_person" CASCADE`);
    await q.query(`DROP TABLE "disaster_disclosure" CASCADE`);
    await q.query(`DROP TABLE "incident_area_ring" CASCADE`);
    await q.query(`DROP TABLE "incident_area" CASCADE`);
    await q.query(`DROP TABLE "incident" CASCADE`);
  }
}
