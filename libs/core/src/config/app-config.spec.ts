import { ConfigError, loadConfig } from './app-config';

describe(loadConfig.name, () => {
  it('defaults to embedded mode with demo data and a generated secret when nothing is set', () => {
    const c = loadConfig({ PGLITE_DIR: '/tmp/anpi-config-spec/pglite' });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.redisUrl).toBeUndefined();
    expect(c.demoData).toBe(true);
    expect(c.port).toBe(3000);
    expect(c.jwtSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(c.graphqlIntrospection).toBe(false);
  });

  it('keeps the generated embedded secret across restarts', () => {
    const a = loadConfig({ PGLITE_DIR: '/tmp/anpi-config-spec/pglite' });
    const b = loadConfig({ PGLITE_DIR: '/tmp/anpi-config-spec/pglite' });
    expect(a.jwtSecret).toBe(b.jwtSecret);
  });

  it('does not load demo data on server PostgreSQL unless asked', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@h/db', JWT_SECRET: 'x'.repeat(32) });
    expect(c.demoData).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db', JWT_SECRET: 'x'.repeat(32), DEMO_DATA: 'true' }).demoData).toBe(true);
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x/y',
        REDIS_URL: 'not a url',
        DEMO_DATA: 'maybe',
        NODE_ENV: 'staging',
        ACCESS_TOKEN_TTL_SECONDS: '5',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'DATABASE_URL', 'REDIS_URL', 'DEMO_DATA', 'NODE_ENV', 'ACCESS_TOKEN_TTL_SECONDS', 'JWT_SECRET']) {
      expect(problems).toContain(name);
    }
    expect((error as ConfigError).message).toMatch(/^Invalid configuration:\n {2}- /);
  });

  it('requires a long JWT_SECRET with server PostgreSQL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u@h/db' })).toThrow(/JWT_SECRET is required/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u@h/db', JWT_SECRET: 'short' })).toThrow(/at least 32/);
  });

  it('refuses a short demo password', () => {
    expect(() => loadConfig({ PGLITE_DIR: '/tmp/anpi-config-spec/pglite', DEMO_PASSWORD: 'short' })).toThrow(/DEMO_PASSWORD/);
  });
});
