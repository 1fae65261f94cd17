/**
 * One drill's world: its own fresh database on the DATABASE_URL server, its own Redis key prefix, the API and
 * the worker as separate processes (as in production), and a pg pool for the drill's own SQL. `close()` stops
 * the processes, drops the database and deletes the prefix's keys (unless DRILL_KEEP is set).
 */
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { AccountRepository, PasswordService, Role, newTotpSecret, totpCode } from '@anpi/access';
import { loadConfig } from '@anpi/core';
import { DemoSeedService } from '@anpi/demo';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../../../apps/api/src/main';
import { API_MAIN, DATABASE_URL, KEEP, REDIS_URL, WORKER_MAIN, note, waitFor } from './env';
import { gql, must, Q } from './gql';
import { Proc, freePort, spawnNode } from './processes';

export const PASSWORD = 'drill-password-0123456789';

/** DRILL_PG_SETTINGS (diagnostic): server settings applied to the drill's database, e.g. "jit=off". */
export const PG_OVERRIDES = (process.env.DRILL_PG_SETTINGS ?? '').split(',').map((x) => x.trim()).filter(Boolean);

export interface AccountSpec {
  login: string;
  role: Role;
  /** Memberships: municipality codes, and optionally the welfare-volunteer district. */
  municipalityCodes: string[];
  districtCode?: string | null;
  /** A TOTP secret (the account then logs in with a second factor). */
  secondFactor?: boolean;
}

export interface DrillAccount extends AccountSpec {
  id: string;
  totpSecret: string | null;
}

export class Stack {
  readonly pool: Pool;
  api: Proc | null = null;
  apiUrl = '';
  worker: Proc | null = null;
  private readonly extraProcs: Proc[] = [];
  readonly jwtSecret = randomBytes(32).toString('hex');

  private constructor(
    readonly name: string,
    readonly dbName: string,
    readonly dbUrl: string,
    readonly prefix: string,
    public redisUrl: string,
  ) {
    this.pool = new Pool({ connectionString: dbUrl, max: 10, application_name: 'anpi-drill' });
    this.pool.on('error', () => undefined);
  }

  /** Creates the drill's database (migrated, region loaded) and picks its Redis prefix. */
  static async create(name: string, opts: { redisUrl?: string } = {}): Promise<Stack> {
    const tag = randomBytes(3).toString('hex');
    const dbName = `anpi_drill_${name.replace(/[^a-z0-9]/g, '_')}_${tag}`;
    const admin = new Pool({ connectionString: DATABASE_URL, max: 1 });
    await admin.query(`CREATE DATABASE ${dbName}`);
    // Diagnostics only (never the default): DRILL_PG_SETTINGS="jit=off,work_mem=64MB" applies server settings to
    // the drill's database, to measure what a configuration change would buy. Reported in the figures.
    for (const kv of PG_OVERRIDES) {
      const [k, v] = kv.split('=');
      if (!/^[a-z_]+$/.test(k) || !/^[A-Za-z0-9_.]+$/.test(v ?? '')) throw new Error(`DRILL_PG_SETTINGS: bad "${kv}"`);
      await admin.query(`ALTER DATABASE ${dbName} SET ${k} = '${v}'`);
    }
    await admin.end();
    const url = new URL(DATABASE_URL);
    url.pathname = `/${dbName}`;
    const stack = new Stack(name, dbName, url.toString(), `drill-${name}-${tag}`.slice(0, 40), opts.redisUrl ?? REDIS_URL);
    note(`${name}: database ${dbName}, Redis prefix ${stack.prefix} on ${stack.redisUrl}`);
    return stack;
  }

  /** Environment of the API and worker processes (production mode, quiet logs, this drill's database and prefix). */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      NODE_ENV: 'production',
      DATABASE_URL: this.dbUrl,
      REDIS_URL: this.redisUrl,
      REDIS_PREFIX: this.prefix,
      JWT_SECRET: this.jwtSecret,
      DEMO_DATA: 'false',
      LOG_LEVEL: 'warn',
      // Long enough that a soak never has to refresh mid-run; refresh is not what a drill measures.
      ACCESS_TOKEN_TTL_SECONDS: '3600',
      SESSION_IDLE_TIMEOUT_SECONDS: '7200',
      ...extra,
    };
  }

  /**
   * Boots the real application once in this process to migrate the database and load the region (what
   * `cli migrate` and `cli seed` do), lets `fn` create accounts and data through the product's own services,
   * then closes it. Returns the accounts.
   */
  async setup(accounts: AccountSpec[]): Promise<DrillAccount[]> {
    const config = loadConfig({ ...this.env(), LOG_LEVEL: 'error' });
    let app: NestExpressApplication | null = null;
    try {
      app = await createApp(config);
      await app.get(DemoSeedService).seed(false);
      const hash = await app.get(PasswordService).hash(PASSWORD);
      const repo = app.get(AccountRepository);
      const out: DrillAccount[] = [];
      for (const a of accounts) {
        const totpSecret = a.secondFactor ? newTotpSecret() : null;
        const created = await repo.create(
          { login: a.login, displayName: `Drill ${a.login}`, passwordHash: hash, role: a.role, organisation: 'Drill', isDemo: false, totpSecret, pledgeAcceptedAt: new Date() },
          a.municipalityCodes.map((m, i) => ({ municipalityCode: m, districtCode: i === 0 ? (a.districtCode ?? null) : null })),
        );
        out.push({ ...a, id: created.id, totpSecret });
      }
      return out;
    } finally {
      await app?.close();
    }
  }

  async startApi(extra: Record<string, string> = {}): Promise<void> {
    const port = await freePort();
    this.api = spawnNode(`api-${this.name}`, API_MAIN, this.env({ PORT: String(port), ...extra }));
    this.apiUrl = `http://127.0.0.1:${port}`;
    await waitFor('the API to answer /health', async () => {
      if (!this.api?.running) throw new Error(`API exited:\n${this.api?.output.slice(-30).join('\n')}`);
      return fetch(`${this.apiUrl}/health`).then((r) => r.ok).catch(() => false);
    }, 60000, 100);
  }

  async startWorker(extra: Record<string, string> = {}): Promise<Proc> {
    const w = spawnNode(`worker-${this.name}`, WORKER_MAIN, this.env({ LOG_LEVEL: 'log', ...extra }));
    this.worker = w;
    await w.waitForLine(/worker started/, 60000);
    return w;
  }

  /** A process the drill started itself and wants stopped on close. */
  track(p: Proc): void {
    this.extraProcs.push(p);
  }

  async ready(): Promise<{ status: number; body: { status?: string; database?: string; queue?: string } | null; ms: number }> {
    const t0 = performance.now();
    try {
      const r = await fetch(`${this.apiUrl}/ready`, { signal: AbortSignal.timeout(5000) });
      return { status: r.status, body: (await r.json()) as { status?: string }, ms: performance.now() - t0 };
    } catch {
      return { status: 0, body: null, ms: performance.now() - t0 };
    }
  }

  /** Logs an account in through the API (password, and the TOTP code when it has a second factor). */
  async login(a: DrillAccount): Promise<string> {
    const r = await gql<{ login: { accessToken: string } }>(this.apiUrl, Q.LOGIN, {
      i: { login: a.login, password: PASSWORD, ...(a.totpSecret ? { totpCode: totpCode(a.totpSecret) } : {}) },
    });
    return must(r, `login ${a.login}`).login.accessToken;
  }

  async query<T = Record<string, any>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pool.query(sql, params)).rows as T[];
  }

  async one<T = Record<string, any>>(sql: string, params: unknown[] = []): Promise<T> {
    return (await this.query<T>(sql, params))[0];
  }

  /** Every key under this drill's prefix on `url` (the shared Redis unless told otherwise). */
  async redisKeys(url = this.redisUrl): Promise<string[]> {
    const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await redis.scan(cursor, 'MATCH', `${this.prefix}:*`, 'COUNT', 1000);
        cursor = next;
        keys.push(...batch);
      } while (cursor !== '0');
      return keys;
    } finally {
      redis.disconnect();
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.api?.stop(), this.worker?.stop(), ...this.extraProcs.map((p) => p.stop())]);
    await this.pool.end().catch(() => undefined);
    if (KEEP) {
      note(`${this.name}: kept database ${this.dbName} and Redis prefix ${this.prefix}`);
      return;
    }
    const admin = new Pool({ connectionString: DATABASE_URL, max: 1 });
    await admin.query(`DROP DATABASE IF EXISTS ${this.dbName} WITH (FORCE)`).catch((e) => note(`drop ${this.dbName}: ${(e as Error).message}`));
    await admin.end();
    const redis = new Redis(this.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${this.prefix}:*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
    } catch {
      /* the drill's own redis-server may be gone already */
    } finally {
      redis.disconnect();
    }
  }
}
