/**
 * Sessions for the security suites: logins that answer the TOTP challenge without reusing a time step
 * (demo accounts are shared by every suite of a run on server PostgreSQL, and a step is accepted once),
 * accounts with a known TOTP secret (break-glass needs a fresh code), the Actor the policy sees, and a
 * graphql-ws client.
 */
import { randomUUID } from 'node:crypto';
import { createClient, Client } from 'graphql-ws';
import WebSocket from 'ws';
import { DataSource } from 'typeorm';
import { Actor, AuthService, newTotpSecret, Role, totpCode, totpStep } from '@anpi/access';
import { DEMO_ACCOUNTS, demoTotpSecret } from '@anpi/demo';
import type { GqlResult, TestApp } from '../app';
import { createAccount } from '../factories';

export interface Session {
  name: string;
  login: string;
  accountId: string;
  token: string;
  /** TOTP secret, when the account has one. */
  secret: string | null;
  actor: Actor;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A TOTP code the server will accept now: a step later than the last step this account used. By default only
 * the current step, waiting for the next one when it is used: other suites of the run log demo accounts in
 * with the current step, and a code for the next step would lock them out for 30 s. `early` also takes the
 * next step (accepted within ±1), for a second code right after a login on the same account.
 */
export async function freshTotp(t: TestApp, accountId: string, secret: string, early = false): Promise<string> {
  for (let i = 0; i < 3; i++) {
    const [row] = await t.app.get(DataSource).query(`SELECT totp_last_step FROM account WHERE id = $1`, [accountId]);
    const last = row?.totp_last_step === null || row?.totp_last_step === undefined ? -1 : Number(row.totp_last_step);
    const now = totpStep();
    const step = (early ? [now, now + 1] : [now]).find((s) => s > last);
    // A code for now+1 is accepted only while the server's "now" is still now or now+1; leave a margin.
    const msIntoStep = Date.now() % 30000;
    if (step !== undefined && !(step === now && msIntoStep > 29000)) return totpCode(secret, step);
    await sleep(30000 - msIntoStep + 50);
  }
  throw new Error('no fresh TOTP step');
}

export async function loginSession(t: TestApp, name: string, login: string, password: string, secret: string | null): Promise<Session> {
  const ds = t.app.get(DataSource);
  const [acc] = await ds.query(`SELECT id FROM account WHERE login = $1`, [login]);
  if (!acc) throw new Error(`no account ${login}`);
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const totp = secret ? await freshTotp(t, acc.id, secret) : undefined;
    const r = await t.gql<{ login: { accessToken: string } }>(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, {
      i: { login, password, ...(totp ? { totpCode: totp } : {}) },
    });
    if (r.data?.login) {
      const token = r.data.login.accessToken;
      const actor = await t.app.get(AuthService).actorFromAccessToken(token);
      if (!actor) throw new Error(`no actor for ${login}`);
      return { name, login, accountId: acc.id, token, secret, actor };
    }
    lastError = r.errors;
  }
  throw new Error(`login ${login} failed: ${JSON.stringify(lastError)}`);
}

/** A demo account (DEMO_DATA=true), with its README TOTP secret when its role has one. */
export function demoSession(t: TestApp, login: string): Promise<Session> {
  const demo = DEMO_ACCOUNTS.find((a) => a.login === login);
  if (!demo) throw new Error(`${login} is not a demo account`);
  return loginSession(t, login, login, t.config.demoPassword, demoTotpSecret(demo));
}

/** A new account that accepted the pledge and (unless secondFactor is false) enrolled TOTP, logged in. */
export async function newSession(
  t: TestApp,
  name: string,
  o: { role: Role; municipalityCode?: string; districtCode?: string | null; secondFactor?: boolean; organisation?: string },
): Promise<Session> {
  const a = await createAccount(t.app, { role: o.role, municipalityCode: o.municipalityCode, districtCode: o.districtCode ?? null, organisation: o.organisation });
  const secret = o.secondFactor === false ? null : newTotpSecret();
  await t.app.get(DataSource).query(`UPDATE account SET pledge_accepted_at = now(), totp_secret = $2 WHERE id = $1`, [a.id, secret]);
  return loginSession(t, name, a.login, a.password, secret);
}

export async function waitFor<T>(f: () => Promise<T | undefined | null | false>, ms = 60000, what = 'condition'): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

export function wsClient(t: TestApp, token?: string): Client {
  return createClient({
    url: `${t.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

/** A running subscription: everything it delivered (data or errors), until stopped. */
export interface Listening {
  id: string;
  results: GqlResult[];
  /** A transport-level error (the subscription was refused or the socket closed). */
  failure: unknown;
  stop: () => void;
}

export function listen(client: Client, query: string, variables: Record<string, unknown> = {}): Listening {
  const l: Listening = { id: randomUUID(), results: [], failure: null, stop: () => undefined };
  l.stop = client.subscribe(
    { query, variables },
    {
      next: (v) => void l.results.push(v as GqlResult),
      error: (e) => {
        l.failure = e;
      },
      complete: () => undefined,
    },
  );
  return l;
}

export { sleep };
