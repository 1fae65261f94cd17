import * as jwt from 'jsonwebtoken';
import { DataSource } from 'typeorm';
import { AccountEntity, MAX_FAILED_LOGINS, Role } from '@anpi/access';
import { bootApp, TestApp } from '../support/app';
import { createAccount } from '../support/factories';

const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken refreshToken role displayName } }`;
const REFRESH = `mutation($i: RefreshSessionInput!) { refreshSession(input: $i) { accessToken refreshToken } }`;
const ME = `{ me { id login role organisation memberships { municipalityCode districtCode } } }`;

describe('authentication (GraphQL over HTTP)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await bootApp();
  });
  afterAll(() => t.close());

  it('answers UNAUTHENTICATED to a call without a token', async () => {
    const r = await t.gql(ME);
    expect(r.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(r.data).toBeNull();
  });

  it('logs in and answers me with the role and memberships of the account', async () => {
    const a = await createAccount(t.app, { role: Role.WELFARE_VOLUNTEER, districtCode: '13219-02' });
    const login = await t.gql(LOGIN, { i: { login: a.login, password: a.password } });
    expect(login.data?.login.role).toBe('WELFARE_VOLUNTEER');
    const me = await t.gql(ME, {}, login.data?.login.accessToken);
    expect(me.data?.me).toMatchObject({ id: a.id, login: a.login, role: 'WELFARE_VOLUNTEER', memberships: [{ municipalityCode: '13219', districtCode: '13219-02' }] });
  });

  it('gives the same answer for an unknown login and a wrong password', async () => {
    const a = await createAccount(t.app);
    const wrong = await t.gql(LOGIN, { i: { login: a.login, password: 'not the password' } });
    const unknown = await t.gql(LOGIN, { i: { login: 'nobody-here', password: 'not the password' } });
    expect(wrong.errors?.[0]).toMatchObject({ message: 'Login or password is wrong', extensions: { code: 'UNAUTHENTICATED' } });
    expect(unknown.errors?.[0]).toMatchObject({ message: 'Login or password is wrong', extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('rotates refresh tokens, and a reused one ends the whole session', async () => {
    const a = await createAccount(t.app);
    const first = (await t.gql(LOGIN, { i: { login: a.login, password: a.password } })).data?.login;
    const second = (await t.gql(REFRESH, { i: { refreshToken: first.refreshToken } })).data?.refreshSession;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await t.gql(ME, {}, second.accessToken)).data?.me.id).toBe(a.id);

    const replay = await t.gql(REFRESH, { i: { refreshToken: first.refreshToken } });
    expect(replay.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    // The theft signal revoked the session: the newer tokens stop working too.
    expect((await t.gql(ME, {}, second.accessToken)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await t.gql(REFRESH, { i: { refreshToken: second.refreshToken } })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses expired, forged and malformed access tokens', async () => {
    const a = await createAccount(t.app);
    const ok = (await t.gql(LOGIN, { i: { login: a.login, password: a.password } })).data?.login;
    const { sid } = jwt.decode(ok.accessToken) as { sid: string };
    const expired = jwt.sign({ sub: a.id, sid, mfa: false, exp: Math.floor(Date.now() / 1000) - 10 }, t.config.jwtSecret, { issuer: 'anpi', audience: 'anpi-api' });
    const forged = jwt.sign({ sub: a.id, sid, mfa: false }, 'another-secret-another-secret-000000', { issuer: 'anpi', audience: 'anpi-api', expiresIn: 60 });
    for (const token of [expired, forged, 'not-a-jwt']) {
      expect((await t.gql(ME, {}, token)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect((await t.gql(ME, {}, ok.accessToken)).data?.me.id).toBe(a.id);
  });

  it('takes the role from the account, not from anything the client sends', async () => {
    const a = await createAccount(t.app, { role: Role.SUPPORTER });
    const ok = (await t.gql(LOGIN, { i: { login: a.login, password: a.password } })).data?.login;
    const claims = jwt.decode(ok.accessToken) as Record<string, unknown>;
    const escalated = jwt.sign({ ...claims, role: 'MUNICIPAL_ADMIN' }, t.config.jwtSecret);
    expect((await t.gql(ME, {}, escalated)).data?.me.role).toBe('SUPPORTER');
  });

  it('ends the session on logout', async () => {
    const a = await createAccount(t.app);
    const ok = (await t.gql(LOGIN, { i: { login: a.login, password: a.password } })).data?.login;
    expect((await t.gql(`mutation { logout }`, {}, ok.accessToken)).data).toEqual({ logout: true });
    expect((await t.gql(ME, {}, ok.accessToken)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await t.gql(REFRESH, { i: { refreshToken: ok.refreshToken } })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('locks an account for a while after repeated failed logins', async () => {
    const a = await createAccount(t.app);
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) await t.gql(LOGIN, { i: { login: a.login, password: 'wrong password' } });
    const locked = await t.gql(LOGIN, { i: { login: a.login, password: a.password } });
    expect(locked.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
  });

  it('names each bad input field with its path', async () => {
    const r = await t.gql(LOGIN, { i: { login: '', password: 'x', totpCode: '12ab' } });
    expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0].extensions?.fields?.map((f) => f.field).sort()).toEqual(['input.login', 'input.totpCode']);
  });

  it('never sends a stack trace or a schema hint to the client', async () => {
    const r = await t.gql(`{ mee { id } }`);
    expect(r.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(r)).not.toMatch(/Did you mean|stacktrace|at .*\.ts:/);
  });

  it('refuses batched requests', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(res.status).toBe(400);
  });

  it('creates no demo accounts unless demo data was asked for', async () => {
    if (t.config.demoData) throw new Error('this suite runs without demo data');
    expect(await t.app.get(DataSource).getRepository(AccountEntity).countBy({ isDemo: true })).toBe(0);
  });
});
