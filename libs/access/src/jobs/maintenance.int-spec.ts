import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig, ConfigModule, DatabaseModule, JobName, JobQueue, PubSubModule, QueueModule, QueueName } from '@anpi/core';
import { ALL_ENTITIES } from '../../../../apps/api/src/domain';
import { testConfig } from '../../../../test/support/test-config';
import { AccessModule } from '../access.module';
import { AccountRepository } from '../account.repository';
import { Role } from '../role';
import { MaintenanceProcessor } from './maintenance.processor';

/** Boots what the worker boots: database, queue module hosting the real processor. */
async function bootQueueHost(config: AppConfig): Promise<INestApplicationContext> {
  @Module({
    imports: [
      ConfigModule.forRoot(config),
      DatabaseModule.forRoot(ALL_ENTITIES, { migrate: true }),
      PubSubModule.forRoot(config),
      QueueModule.forRoot(config, { processors: [MaintenanceProcessor], imports: [AccessModule], hostProcessors: true }),
      AccessModule,
    ],
  })
  class HostModule {}
  const app = await NestFactory.createApplicationContext(HostModule, { logger: ['error'], abortOnError: false });
  await app.init();
  return app;
}

async function waitFor(check: () => Promise<boolean>, ms = 15000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('condition not met in time');
}

/** The same processor class runs through the in-process runner and through BullMQ on Redis. */
describe(MaintenanceProcessor.name, () => {
  const backends: [string, Record<string, string | undefined>][] = [['in-process', { REDIS_URL: '' }]];
  if (process.env.REDIS_URL) backends.push(['BullMQ on Redis', {}]);
  else console.warn('MaintenanceProcessor: REDIS_URL is not set, so only the in-process backend is tested in this run');

  it.each(backends)('purges ended sessions through the %s queue', async (_name, env) => {
    const config = testConfig(env);
    const app = await bootQueueHost(config);
    try {
      const ds = app.get(DataSource);
      const account = await app.get(AccountRepository).create(
        { login: `purge-${Date.now()}-${Math.random()}`, displayName: 't', passwordHash: 'x', role: Role.MUNICIPAL_STAFF, organisation: 'o', isDemo: false },
        [],
      );
      const [ended] = await ds.query(
        `INSERT INTO session (account_id, last_seen_at, expires_at, revoked_at) VALUES ($1, now(), now() - interval '30 days', now() - interval '10 days') RETURNING id`,
        [account.id],
      );
      const [live] = await ds.query(`INSERT INTO session (account_id, last_seen_at, expires_at) VALUES ($1, now(), now() + interval '1 hour') RETURNING id`, [account.id]);

      await app.get(JobQueue).add(QueueName.Maintenance, JobName.PurgeExpiredSessions, {});

      await waitFor(async () => (await ds.query(`SELECT 1 FROM session WHERE id = $1`, [ended.id])).length === 0);
      expect(await ds.query(`SELECT 1 FROM session WHERE id = $1`, [live.id])).toHaveLength(1);
    } finally {
      await app.close();
    }
  });
});
