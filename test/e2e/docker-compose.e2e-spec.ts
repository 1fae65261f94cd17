import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '@anpi/core';

/**
 * The Docker engine does not run on this machine, so the compose file is checked for the shape the
 * product depends on (`.ci/run` also runs `docker-compose config` where that tool exists).
 */
describe('docker/compose.yaml', () => {
  const compose = parse(readFileSync(join(repoRoot(), 'docker', 'compose.yaml'), 'utf8')) as {
    services: Record<string, { image?: string; command?: string[]; depends_on?: Record<string, { condition: string }>; environment?: Record<string, string> }>;
  };
  const s = compose.services;

  it('has PostgreSQL 16, Redis 7, a migration step, the API and the worker', () => {
    expect(Object.keys(s).sort()).toEqual(['api', 'migrate', 'postgres', 'redis', 'worker']);
    expect(s.postgres.image).toBe('postgres:16');
    expect(s.redis.image).toBe('redis:7');
  });

  it('runs Redis with append-only persistence and without eviction', () => {
    const cmd = (s.redis.command ?? []).join(' ');
    expect(cmd).toContain('--appendonly yes');
    expect(cmd).toContain('--maxmemory-policy noeviction');
  });

  it('starts the API and the worker only after migrations succeeded', () => {
    for (const name of ['api', 'worker']) {
      expect(s[name].depends_on?.migrate.condition).toBe('service_completed_successfully');
      expect(s[name].environment?.DATABASE_URL).toMatch(/^postgres:\/\//);
      expect(s[name].environment?.REDIS_URL).toBe('redis://redis:6379');
    }
    expect(s.worker.command).toEqual(['node', 'dist/apps/worker/src/main.js']);
    expect((s.migrate.command ?? []).join(' ')).toContain('cli.js migrate');
  });
});
