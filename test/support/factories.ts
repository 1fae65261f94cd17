import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { AccountRepository, PasswordService, Role } from '@anpi/access';

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
