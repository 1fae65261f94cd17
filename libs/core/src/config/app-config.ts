/**
 * The one typed configuration of Anpi. `loadConfig` is the only place in the code base that reads
 * `process.env`; everything else receives an `AppConfig` through injection (`APP_CONFIG`).
 * A bad or missing variable stops the process with a list of every problem found, not just the first.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

export const APP_CONFIG = Symbol('APP_CONFIG');

/** Password of the demo accounts unless DEMO_PASSWORD is set (listed in the README). */
export const DEFAULT_DEMO_PASSWORD = 'anpi-demo-2026';

export type NodeEnv = 'development' | 'production' | 'test';

export interface AppConfig {
  nodeEnv: NodeEnv;
  port: number;
  /** Server PostgreSQL; when undefined, embedded PostgreSQL (PGlite) persisted to `pgliteDir`. */
  databaseUrl?: string;
  pgliteDir: string;
  /** Redis for BullMQ and pub/sub; when undefined, the queue runs in-process and pub/sub is in memory. */
  redisUrl?: string;
  /** Prefix of every Redis key this process writes (queues and pub/sub channels). */
  redisPrefix: string;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** A session unused for this long ends (MHLW 6.0: idle timeout). */
  sessionIdleTimeoutSeconds: number;
  /** Load the North Tama South demo region, synthetic people and demo accounts into an empty database. */
  demoData: boolean;
  demoPassword: string;
  /** Folder of the built web app served at `/`. */
  webDir: string;
  mapTileUrl: string;
  mapTileAttribution: string;
  /** Introspection is off unless explicitly enabled, whatever NODE_ENV says. */
  graphqlIntrospection: boolean;
  logLevel: 'error' | 'warn' | 'log' | 'debug';
  /** PostgreSQL statement and lock timeouts (ms) applied to every pooled connection. */
  dbStatementTimeoutMs: number;
  dbLockTimeoutMs: number;
  dbPoolSize: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** The repository (or install) root: the folder with package.json and nest-cli.json. */
export function repoRoot(): string {
  // Compiled code lives in dist/libs/core/src/config; sources in libs/core/src/config.
  let dir = resolve(__dirname);
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'nest-cli.json'))) return dir;
    dir = resolve(dir, '..');
  }
  return process.cwd();
}

export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const root = repoRoot();

  const str = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const int = (name: string, def: number, min: number, max: number): number => {
    const raw = str(name);
    if (raw === undefined) return def;
    if (!/^\d+$/.test(raw)) {
      problems.push(`${name} must be a whole number between ${min} and ${max} (got "${raw}")`);
      return def;
    }
    const n = Number(raw);
    if (n < min || n > max) problems.push(`${name} must be between ${min} and ${max} (got ${n})`);
    return n;
  };
  const bool = (name: string, def: boolean): boolean => {
    const raw = str(name);
    if (raw === undefined) return def;
    if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
    if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
    problems.push(`${name} must be true or false (got "${raw}")`);
    return def;
  };
  const url = (name: string, protocols: string[]): string | undefined => {
    const raw = str(name);
    if (raw === undefined) return undefined;
    try {
      const u = new URL(raw);
      if (!protocols.includes(u.protocol)) {
        problems.push(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')} (got "${u.protocol}//…")`);
      }
    } catch {
      problems.push(`${name} is not a valid URL`);
    }
    return raw;
  };
  const dir = (name: string, def: string): string => {
    const raw = str(name) ?? def;
    return isAbsolute(raw) ? raw : resolve(root, raw);
  };

  const nodeEnvRaw = str('NODE_ENV') ?? 'development';
  let nodeEnv: NodeEnv = 'development';
  if (nodeEnvRaw === 'development' || nodeEnvRaw === 'production' || nodeEnvRaw === 'test') nodeEnv = nodeEnvRaw;
  else problems.push(`NODE_ENV must be development, production or test (got "${nodeEnvRaw}")`);

  const databaseUrl = url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const redisUrl = url('REDIS_URL', ['redis:', 'rediss:']);
  const pgliteDir = dir('PGLITE_DIR', 'data/pglite');
  const embedded = databaseUrl === undefined;

  let jwtSecret = str('JWT_SECRET');
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    problems.push('JWT_SECRET must be at least 32 characters');
  }
  if (jwtSecret === undefined) {
    if (embedded || nodeEnv === 'test') {
      jwtSecret = embedded ? embeddedSecret(pgliteDir) : randomBytes(32).toString('hex');
    } else {
      problems.push('JWT_SECRET is required when DATABASE_URL is set (at least 32 characters)');
      jwtSecret = '';
    }
  }

  const demoPassword = str('DEMO_PASSWORD') ?? DEFAULT_DEMO_PASSWORD;
  if (demoPassword.length < 13) problems.push('DEMO_PASSWORD must be at least 13 characters');

  const logLevel = (str('LOG_LEVEL') ?? (nodeEnv === 'test' ? 'warn' : 'log')) as AppConfig['logLevel'];
  if (!['error', 'warn', 'log', 'debug'].includes(logLevel)) problems.push(`LOG_LEVEL must be error, warn, log or debug (got "${logLevel}")`);

  const redisPrefix = str('REDIS_PREFIX') ?? 'anpi';
  if (!/^[a-zA-Z0-9_-]{1,40}$/.test(redisPrefix)) problems.push('REDIS_PREFIX may hold only letters, digits, "-" and "_" (1–40 characters)');

  const config: AppConfig = {
    nodeEnv,
    port: int('PORT', 3000, 1, 65535),
    databaseUrl,
    pgliteDir,
    redisUrl,
    redisPrefix,
    jwtSecret,
    accessTokenTtlSeconds: int('ACCESS_TOKEN_TTL_SECONDS', 900, 30, 3600),
    refreshTokenTtlSeconds: int('REFRESH_TOKEN_TTL_SECONDS', 12 * 3600, 300, 30 * 24 * 3600),
    sessionIdleTimeoutSeconds: int('SESSION_IDLE_TIMEOUT_SECONDS', 30 * 60, 60, 24 * 3600),
    demoData: bool('DEMO_DATA', embedded),
    demoPassword,
    webDir: dir('WEB_DIR', 'dist/web'),
    mapTileUrl: str('MAP_TILE_URL') ?? 'https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png',
    mapTileAttribution:
      str('MAP_TILE_ATTRIBUTION') ?? '<a href="https://maps.gsi.go.jp/development/ichiran.html">地理院タイル</a>',
    graphqlIntrospection: bool('GRAPHQL_INTROSPECTION', false),
    logLevel,
    dbStatementTimeoutMs: int('DB_STATEMENT_TIMEOUT_MS', 30000, 100, 3600000),
    dbLockTimeoutMs: int('DB_LOCK_TIMEOUT_MS', 5000, 10, 600000),
    dbPoolSize: int('DB_POOL_SIZE', 20, 1, 200),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** In embedded mode a random signing secret is made once and kept beside the data, so sessions survive restarts. */
function embeddedSecret(pgliteDir: string): string {
  const file = join(pgliteDir, '..', 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(join(pgliteDir, '..'), { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
