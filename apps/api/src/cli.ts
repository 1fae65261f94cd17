/**
 * Operator commands, run against DATABASE_URL (or the embedded PGlite folder):
 *   node dist/apps/api/src/cli.js migrate        apply pending migrations
 *   node dist/apps/api/src/cli.js seed           load the demo region (and, with DEMO_DATA=true, demo people and accounts)
 *   node dist/apps/api/src/cli.js schema-check   exit 1 if the entities and the migrations disagree, printing the SQL
 *   node dist/apps/api/src/cli.js demo-code LOGIN  print the current one-time code of a demo account (no database needed)
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, ConfigError, ConfigModule, DatabaseModule, closeDataSource, createDataSource, loadConfig, runMigrations } from '@anpi/core';
import { totpCode } from '@anpi/access';
import { DEMO_ACCOUNTS, DemoModule, DemoSeedService, demoTotpSecret } from '@anpi/demo';
import { ALL_ENTITIES } from './domain';

async function seed(config: AppConfig): Promise<number> {
  @Module({ imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot(ALL_ENTITIES, { migrate: true }), DemoModule] })
  class SeedModule {}
  const app = await NestFactory.createApplicationContext(SeedModule, { logger: ['error', 'warn'] });
  try {
    const report = await app.get(DemoSeedService).seed(config.demoData);
    console.log(JSON.stringify(report));
    if (!config.demoData) console.log('region loaded; demo people and accounts are loaded only with DEMO_DATA=true');
    return 0;
  } finally {
    await app.close();
  }
}

function demoCode(login: string | undefined): number {
  const account = DEMO_ACCOUNTS.find((a) => a.login === login);
  const secret = account ? demoTotpSecret(account) : null;
  if (!secret) {
    console.error(`usage: demo-code LOGIN, where LOGIN is a demo account with a second factor: ${DEMO_ACCOUNTS.filter((a) => demoTotpSecret(a)).map((a) => a.login).join(', ')}`);
    return 2;
  }
  console.log(`${totpCode(secret)}  (valid for ${30 - (Math.floor(Date.now() / 1000) % 30)} s)`);
  return 0;
}

async function main(cmd: string | undefined): Promise<number> {
  if (cmd === 'demo-code') return demoCode(process.argv[3]);
  const config = loadConfig();
  if (cmd === 'seed') return seed(config);
  const ds = await createDataSource(config, ALL_ENTITIES);
  try {
    switch (cmd) {
      case 'migrate': {
        const applied = await runMigrations(ds);
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
        return 0;
      }
      case 'schema-check': {
        await runMigrations(ds);
        const sql = await ds.driver.createSchemaBuilder().log();
        for (const q of sql.upQueries) console.log(`${q.query};`);
        if (sql.upQueries.length) {
          console.error(`entities and migrations disagree: ${sql.upQueries.length} statement(s) above`);
          return 1;
        }
        console.log('entities and migrations agree');
        return 0;
      }
      default:
        console.error('usage: cli.js migrate | seed | schema-check | demo-code LOGIN');
        return 2;
    }
  } finally {
    await closeDataSource(ds);
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof ConfigError ? e.message : e);
    process.exit(1);
  },
);
