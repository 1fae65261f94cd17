/**
 * RELIABILITY §7 D S3 (production configuration), with NODE_ENV unset: Apollo's own defaults would turn
 * introspection and stack traces on then, so this proves Anpi sets them itself. graphql-hardening covers the
 * same limits with NODE_ENV=test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@anpi/core';
import { bootApp, TestApp } from '../support/app';
import { createAccount } from '../support/factories';

describe('S3: production configuration with NODE_ENV unset', () => {
  let t: TestApp;
  let token: string;

  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers }, body: JSON.stringify(body) });
    return { status: res.status, text: await res.text() };
  };
  const get = async (query: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${t.url}/graphql?query=${encodeURIComponent(query)}`, { method: 'GET', headers });
    return { status: res.status, text: await res.text() };
  };

  beforeAll(async () => {
    t = await bootApp({ NODE_ENV: undefined });
    const a = await createAccount(t.app);
    const r = await t.gql<{ login: { accessToken: string } }>(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { login: a.login, password: a.password } });
    token = r.data!.login.accessToken;
  }, 120000);
  afterAll(() => t?.close());

  it('runs as development when NODE_ENV is unset (the case under test)', () => {
    expect(t.config.nodeEnv).toBe('development');
    expect(t.config.graphqlIntrospection).toBe(false);
  });

  it.each([
    ['__schema', `{ __schema { types { name } } }`],
    ['__type', `{ __type(name: "Person") { fields { name } } }`],
    ['a fragment named __schema (graphql-armor PR #823)', `query Q { ...__schema } fragment __schema on Query { __schema { queryType { name } } }`],
  ])('rejects introspection: %s', async (_name, query) => {
    const r = await post({ query });
    expect(r.status).toBe(400);
    const body = JSON.parse(r.text);
    expect(body.data ?? null).toBeNull();
    expect(body.errors.map((e: { extensions?: { code?: string } }) => e.extensions?.code)).toContain('GRAPHQL_VALIDATION_FAILED');
    expect(r.text).toMatch(/introspection/i);
    expect(r.text).not.toMatch(/"(types|fields|queryType)"/);
  });

  it('gives no "Did you mean" hint for a misspelled field, and no stack trace', async () => {
    const r = await post({ query: `{ persn(id: "x") { nme } }` });
    expect(r.status).toBe(400);
    expect(r.text).not.toMatch(/Did you mean|stacktrace|\.ts:\d+|\.js:\d+/);
    const unauth = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ me { id } }' }) });
    const text = await unauth.text();
    expect(JSON.parse(text).errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
    expect(text).not.toMatch(/stacktrace|exception|\.ts:\d+|\.js:\d+/i);
  });

  it('refuses a GET without a preflight header as a possible CSRF (400), and answers one with it', async () => {
    const blocked = await get('{ __typename }');
    expect(blocked.status).toBe(400);
    expect(blocked.text).toMatch(/CSRF|Cross-Site Request Forgery/i);
    const allowed = await get('{ __typename }', { 'apollo-require-preflight': 'true' });
    expect(allowed.status).toBe(200);
    expect(JSON.parse(allowed.text)).toEqual({ data: { __typename: 'Query' } });
  });

  it('refuses a GET with Content-Type text/plain: 400 as CSRF, 415 even with the preflight header (GHSA-9q82-xgwf-vj6h)', async () => {
    const plain = await get('{ __typename }', { 'content-type': 'text/plain' });
    expect(plain.status).toBe(400);
    const preflighted = await get('{ __typename }', { 'content-type': 'text/plain', 'apollo-require-preflight': 'true' });
    expect(preflighted.status).toBe(415);
    for (const r of [plain, preflighted]) expect(r.text).not.toContain('"__typename"');
  });

  it('refuses a batched (JSON array) body with 400', async () => {
    const r = await post([{ query: '{ __typename }' }, { query: '{ __typename }' }]);
    expect(r.status).toBe(400);
    expect(r.text).toContain('Operation batching disabled');
  });

  it('runs an @apollo/server with the CSRF/XS-Search fix (>= 5.5.0)', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot(), 'node_modules', '@apollo', 'server', 'package.json'), 'utf8')) as { version: string };
    const [major, minor] = pkg.version.split('.').map(Number);
    expect(major > 5 || (major === 5 && minor >= 5)).toBe(true);
  });
});
