import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountRepository, PasswordService, Role, newTotpSecret, totpCode } from '@anpi/access';

export const TEST_PASSWORD = 'correct horse battery staple';

/** Creates a personal account with a unique login; override any field. */
export async function createAccount(
  app: INestApplicationContext,
  overrides: Partial<{ login: string; role: Role; organisation: string; password: string; municipalityCode: string; districtCode: string | null }> = {},
): Promise<{ id: string; login: string; password: string }> {
  const login = overrides.login ?? `user-${randomBytes(4).toString('hex')}`;
  const password = overrides.password ?? TEST_PASSWORD;
  const account = await app.get(AccountRepository).create(
    {
      login,
      displayName: `Test ${login}`,
      passwordHash: await app.get(PasswordService).hash(password),
      role: overrides.role ?? Role.MUNICIPAL_STAFF,
      organisation: overrides.organisation ?? 'Test City',
      isDemo: false,
    },
    [{ municipalityCode: overrides.municipalityCode ?? '13219', districtCode: overrides.districtCode ?? null }],
  );
  return { id: account.id, login, password };
}

/**
 * An account that has accepted the pledge and (unless `secondFactor: false`) set up TOTP, logged in:
 * what a real responder or care professional looks like after onboarding.
 */
export async function signedInAccount(
  t: { app: INestApplicationContext; gql: (q: string, v?: Record<string, unknown>, token?: string) => Promise<{ data?: any; errors?: unknown }> },
  overrides: Parameters<typeof createAccount>[1] & { secondFactor?: boolean } = {},
): Promise<{ id: string; login: string; token: string }> {
  const a = await createAccount(t.app, overrides);
  const secret = overrides.secondFactor === false ? null : newTotpSecret();
  await t.app.get(DataSource).query(`UPDATE account SET pledge_accepted_at = now(), totp_secret = $2 WHERE id = $1`, [a.id, secret]);
  const r = await t.gql(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, {
    i: { login: a.login, password: a.password, ...(secret ? { totpCode: totpCode(secret) } : {}) },
  });
  if (!r.data?.login) throw new Error(`login failed: ${JSON.stringify(r.errors)}`);
  return { id: a.id, login: a.login, token: r.data.login.accessToken };
}

/** Puts an account in a person's care team (as the municipality would assign it). */
export async function addToCareTeam(app: INestApplicationContext, personId: string, accountId: string, responderGroup: string | null): Promise<void> {
  await app.get(DataSource).query(
    `INSERT INTO care_team_member (person_id, account_id, responder_group, source) VALUES ($1, $2, $3, 'MANUAL') ON CONFLICT DO NOTHING`,
    [personId, accountId, responderGroup],
  );
}

/** A valid createPerson input inside Komae (override any field). */
export function personInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    municipalityCode: '13219',
    name: '狛江 試験',
    nameKana: 'コマエ シケン',
    birthDate: '1938-05-01',
    sex: 'FEMALE',
    address: '和泉本町1-1-1',
    phone: '03-3430-1111',
    lat: 35.6349,
    lng: 139.5786,
    household: 'LIVES_ALONE',
    careLevel: 'CARE_3',
    supportReasons: ['CARE_NEED'],
    medicalDependencies: [],
    hazardFlags: [],
    districtCode: '13219-01',
    ...overrides,
  };
}
