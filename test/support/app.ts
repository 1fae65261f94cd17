import type { NestExpressApplication } from '@nestjs/platform-express';
import { totpCode } from '@anpi/access';
import { AppConfig } from '@anpi/core';
import { DEMO_ACCOUNTS, DemoSeedService, demoTotpSecret } from '@anpi/demo';
import { createApp } from '../../apps/api/src/main';
import { startWorker } from '../../apps/worker/src/main';
import type { INestApplicationContext } from '@nestjs/common';
import { freshDatabase } from './database';
import { testConfig } from './test-config';

export interface GqlResult<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: { code?: string; fields?: { field: string; message: string }[] } }[];
}

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  url: string;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResult<T>>;
  login(login: string, password?: string): Promise<{ accessToken: string; refreshToken: string }>;
  close(): Promise<void>;
  /** The worker booted beside the API in server mode (null in embedded mode). */
  worker: INestApplicationContext | null;
}

/** Boots the real API (database, queue, GraphQL) on a random port and returns a small GraphQL client. */
export async function bootApp(env: Record<string, string | undefined> = {}): Promise<TestApp> {
  // Each booted app gets its own fresh database on the test server (or its own PGlite folder), so suites
  // never see each other's rows — nor each other's one-time-code steps for the shared demo accounts.
  const db = env.DATABASE_URL === undefined && process.env.ANPI_TEST_DATABASE_URL ? await freshDatabase() : null;
  const config = testConfig(db ? { DATABASE_URL: db.config.databaseUrl, ...env } : env);
  const app = await createApp(config);
  // Server mode loads the region with `cli seed`; the tests do the same (idempotent, region only unless DEMO_DATA).
  if (config.databaseUrl) await app.get(DemoSeedService).seed(config.demoData);
  // In server mode the API only enqueues; a worker runs the jobs, as in production.
  const worker = config.redisUrl ? await startWorker(config) : null;
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  const sessions = new Map<string, { accessToken: string; refreshToken: string }>();
  const gql = async <T>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResult<T>> => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GqlResult<T>;
  };
  return {
    app,
    config,
    url,
    gql,
    /**
     * Logs in a demo account (or any account with `password`), answering the TOTP challenge with the
     * README's demo secret. Sessions are cached per login: a TOTP code is single-use per 30-s step.
     */
    async login(login: string, password = config.demoPassword) {
      const cached = sessions.get(login);
      if (cached) return cached;
      const demo = DEMO_ACCOUNTS.find((a) => a.login === login);
      const secret = demo ? demoTotpSecret(demo) : null;
      const r = await gql<{ login: { accessToken: string; refreshToken: string } }>(
        `mutation($i: LoginInput!) { login(input: $i) { accessToken refreshToken } }`,
        { i: { login, password, ...(secret ? { totpCode: totpCode(secret) } : {}) } },
      );
      if (!r.data?.login) throw new Error(`login ${login} failed: ${JSON.stringify(r.errors)}`);
      sessions.set(login, r.data.login);
      return r.data.login;
    },
    worker,
    close: async () => {
      await worker?.close();
      await app.close();
      await db?.drop();
    },
  };
}
