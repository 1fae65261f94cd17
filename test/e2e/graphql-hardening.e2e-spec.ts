import { getIntrospectionQuery } from 'graphql';
import { AuthService } from '@anpi/access';
import { GRAPHQL_LIMITS } from '../../apps/api/src/graphql-limits';
import { bootApp, GqlResult, TestApp } from '../support/app';
import { createAccount } from '../support/factories';

const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken refreshToken } }`;
const { maxDepth, maxAliases, maxTokens, maxDocumentLength } = GRAPHQL_LIMITS;

/** The web client's queries (apps/web/src/region.ts, auth.ts): the deepest is 3, the costliest 606. */
const REGION_QUERY = `query Region {
  mapSettings { tileUrl tileAttribution dataAttribution }
  municipalities { code nameJa nameEn boundary }
  shelters { id nameJa address kind hazards lat lng isOpen }
}`;
const DEEPEST_CLIENT_QUERY = `{ me { id login role organisation memberships { municipalityCode districtCode } } }`;

/**
 * The real schema has no recursive type, so depth is built from the introspection types (`__Type.ofType`).
 * `me { id }` is selected too: if the operation ever executed, the AuthGuard would run.
 */
function typeDepth(depth: number): string {
  const ofTypes = depth - 2; // __type(…) and the leaf
  return `{ me { id } __type(name: "Account") { ${'ofType { '.repeat(ofTypes)}name${' }'.repeat(ofTypes)} } }`;
}

/** The same depth hidden in a chain of named fragments, every other level also behind an inline fragment. */
function hiddenDepth(depth: number): string {
  const levels = depth - 2;
  const fragments = Array.from({ length: levels }, (_, i) => {
    const inner = i === levels - 1 ? 'name' : `...L${i + 1}`;
    return i % 2 ? `fragment L${i} on __Type { ... on __Type { ofType { ${inner} } } }` : `fragment L${i} on __Type { ofType { ${inner} } }`;
  });
  return `query Hidden { me { id } __type(name: "Account") { ...L0 } } ${fragments.join(' ')}`;
}

interface Sent {
  status: number;
  body: GqlResult & { errors?: { message: string; extensions?: { code?: string } }[] };
}

function client(t: TestApp, token: () => string) {
  return async (body: unknown): Promise<Sent> => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token()}` },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Sent['body'] };
  };
}

async function signIn(t: TestApp): Promise<string> {
  const a = await createAccount(t.app);
  const r = await t.gql<{ login: { accessToken: string } }>(LOGIN, { i: { login: a.login, password: a.password } });
  if (!r.data?.login) throw new Error(`login failed: ${JSON.stringify(r.errors)}`);
  return r.data.login.accessToken;
}

/** AuthService.actorFromAccessToken is the first database access of an authenticated operation (AuthGuard, at execution). */
const firstDbAccess = jest.spyOn(AuthService.prototype, 'actorFromAccessToken');
afterAll(() => firstDbAccess.mockRestore());

function expectRejected(r: Sent, status: number, code: string, message: string | RegExp): void {
  expect(r.status).toBe(status);
  expect(r.body.data ?? null).toBeNull();
  const messages = (r.body.errors ?? []).map((e) => e.message);
  expect(messages).toContainEqual(typeof message === 'string' ? message : expect.stringMatching(message));
  expect(r.body.errors?.every((e) => e.extensions?.code === code)).toBe(true);
  for (const m of messages) expect(m).not.toContain('Did you mean');
  expect(firstDbAccess).not.toHaveBeenCalled();
}

describe('GraphQL hardening over HTTP (introspection off, as deployed)', () => {
  let t: TestApp;
  let token = '';
  let send: (body: unknown) => Promise<Sent>;

  beforeAll(async () => {
    t = await bootApp();
    token = await signIn(t);
    send = client(t, () => token);
  });
  afterAll(() => t?.close());
  beforeEach(() => firstDbAccess.mockClear());

  it('answers a normal query, which reaches the database through the AuthGuard (control)', async () => {
    const r = await send({ query: '{ me { id } }' });
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data).toEqual({ me: { id: expect.any(String) } });
    expect(firstDbAccess).toHaveBeenCalledTimes(1);
  });

  it('still answers the real clients: deepest query depth 3, region query cost 606', async () => {
    for (const query of [DEEPEST_CLIENT_QUERY, REGION_QUERY]) {
      const r = await send({ query });
      expect(r.status).toBe(200);
      expect(r.body.errors).toBeUndefined();
    }
  });

  it('rejects a query 20 levels deep at validation', async () => {
    const r = await send({ query: typeDepth(20) });
    // Introspection being off is a second error; the depth limit is reported on its own all the same.
    expectRejected(r, 400, 'GRAPHQL_VALIDATION_FAILED', `Operation depth is 20; the maximum depth is ${maxDepth}.`);
  });

  it('rejects depth built from misspelled fields, without "Did you mean" hints', async () => {
    const r = await send({ query: `{ me { membership { ${'x { '.repeat(17)}y${' }'.repeat(17)} } } }` });
    expectRejected(r, 400, 'GRAPHQL_VALIDATION_FAILED', `Operation depth is 20; the maximum depth is ${maxDepth}.`);
    expect(r.body.errors?.map((e) => e.message)).toContain('Cannot query field "membership" on type "Account".');
  });

  it('rejects depth max+1 hidden in named and inline fragments', async () => {
    const r = await send({ query: hiddenDepth(maxDepth + 1) });
    expectRejected(r, 400, 'GRAPHQL_VALIDATION_FAILED', `Operation "Hidden" depth is ${maxDepth + 1}; the maximum depth is ${maxDepth}.`);
  });

  it('rejects 100 aliases of me', async () => {
    const query = `{ ${Array.from({ length: 100 }, (_, i) => `m${i}: me { id }`).join(' ')} }`;
    expectRejected(await send({ query }), 400, 'GRAPHQL_VALIDATION_FAILED', `Operation uses 100 aliases; the maximum is ${maxAliases} aliases.`);
  });

  it('rejects 16 aliases hidden in a fragment spread several times', async () => {
    const query = `{ me { ...Ids ...Ids } } fragment Ids on Account { ${Array.from({ length: 8 }, (_, i) => `i${i}: id`).join(' ')} }`;
    expectRejected(await send({ query }), 400, 'GRAPHQL_VALIDATION_FAILED', `Operation uses 16 aliases; the maximum is ${maxAliases} aliases.`);
  });

  it('rejects a document over the token limit at parse time', async () => {
    const query = `{ me { ${'id '.repeat(maxTokens)}} }`;
    expect(query.length).toBeLessThan(maxDocumentLength); // the token limit, not the length limit, refuses it
    expectRejected(await send({ query }), 400, 'GRAPHQL_PARSE_FAILED', new RegExp(`${maxTokens} tokens`));
  });

  it('rejects a document over the length limit before parsing it', async () => {
    const query = `# ${'x'.repeat(maxDocumentLength)}\n{ me { id } }`;
    expectRejected(await send({ query }), 400, 'GRAPHQL_PARSE_FAILED', `Syntax Error: Source contains more than ${maxDocumentLength} UTF-16 code units. Parsing aborted.`);
  });

  it('rejects a batched (JSON array) request with 400', async () => {
    const r = await send([{ query: '{ me { id } }' }, { query: '{ me { login } }' }]);
    expectRejected(r, 400, 'BAD_REQUEST', 'Operation batching disabled.');
  });
});

describe('GraphQL hardening over HTTP (introspection on, as in development)', () => {
  let t: TestApp;
  let token = '';
  let send: (body: unknown) => Promise<Sent>;

  beforeAll(async () => {
    t = await bootApp({ GRAPHQL_INTROSPECTION: 'true' });
    token = await signIn(t);
    send = client(t, () => token);
  });
  afterAll(() => t?.close());
  beforeEach(() => firstDbAccess.mockClear());

  it('lets the standard introspection query (depth 15) through', async () => {
    const r = await send({ query: getIntrospectionQuery() });
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data).toHaveProperty('__schema.queryType.name', 'Query');
  });

  it('runs a valid query exactly at the depth limit, hidden in fragments', async () => {
    const r = await send({ query: hiddenDepth(maxDepth) });
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    expect(firstDbAccess).toHaveBeenCalledTimes(1);
  });

  it('rejects the same valid query one level deeper, for its depth alone', async () => {
    const r = await send({ query: hiddenDepth(maxDepth + 1) });
    expectRejected(r, 400, 'GRAPHQL_VALIDATION_FAILED', `Operation "Hidden" depth is ${maxDepth + 1}; the maximum depth is ${maxDepth}.`);
    expect(r.body.errors).toHaveLength(1);
  });

  it('rejects a valid query 20 levels deep for its depth alone', async () => {
    const r = await send({ query: typeDepth(20) });
    expectRejected(r, 400, 'GRAPHQL_VALIDATION_FAILED', `Operation depth is 20; the maximum depth is ${maxDepth}.`);
    expect(r.body.errors).toHaveLength(1);
  });
});
