import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Check-in speed: the task keeps the latest observation time of its events, so a tick observed after
 * every earlier one (the usual case) updates the derived status without reloading the task's events.
 * Existing tasks get it from their events.
 */
export class CheckinSpeed1764600000000 implements MigrationInterface {
  name = 'CheckinSpeed1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "task" ADD "last_observed_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(
      `UPDATE "task" t SET "last_observed_at" = e.m FROM (SELECT task_id, max(observed_at) AS m FROM check_event GROUP BY task_id) e WHERE e.task_id = t.id`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "task" DROP COLUMN "last_observed_at"`);
  }
}
