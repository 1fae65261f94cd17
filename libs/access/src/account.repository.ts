import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { sqlRows } from '@anpi/core';
import { AccountEntity } from './account.entity';
import { MembershipEntity } from './membership.entity';

/** Every query of accounts and memberships. */
@Injectable()
export class AccountRepository {
  constructor(private readonly ds: DataSource) {}

  findByLogin(login: string): Promise<AccountEntity | null> {
    return this.ds.getRepository(AccountEntity).findOneBy({ login });
  }

  findActiveById(id: string): Promise<AccountEntity | null> {
    return this.ds.getRepository(AccountEntity).findOneBy({ id, disabledAt: IsNull() });
  }

  membershipsOf(accountId: string): Promise<MembershipEntity[]> {
    return this.ds.getRepository(MembershipEntity).find({ where: { accountId }, order: { municipalityCode: 'ASC' } });
  }

  /** Counts a failed login; locks the account for `lockMs` once `maxFailures` is reached. Returns the new count. */
  async recordFailedLogin(accountId: string, maxFailures: number, lockMs: number): Promise<number> {
    const res = await this.ds.query(
      `UPDATE account
          SET failed_login_count = failed_login_count + 1,
              locked_until = CASE WHEN failed_login_count + 1 >= $2 THEN now() + ($3 || ' milliseconds')::interval ELSE locked_until END
        WHERE id = $1
      RETURNING failed_login_count`,
      [accountId, maxFailures, String(lockMs)],
    );
    return sqlRows<{ failed_login_count: number }>(res)[0]?.failed_login_count ?? 0;
  }

  async clearFailedLogins(accountId: string): Promise<void> {
    await this.ds.query(`UPDATE account SET failed_login_count = 0, locked_until = NULL WHERE id = $1`, [accountId]);
  }

  async create(
    data: Pick<AccountEntity, 'login' | 'displayName' | 'passwordHash' | 'role' | 'organisation' | 'isDemo'> &
      Partial<Pick<AccountEntity, 'totpSecret' | 'pledgeAcceptedAt'>>,
    memberships: { municipalityCode: string; districtCode: string | null }[],
    manager: EntityManager = this.ds.manager,
  ): Promise<AccountEntity> {
    const account = await manager.getRepository(AccountEntity).save(manager.getRepository(AccountEntity).create(data));
    if (memberships.length) {
      await manager
        .getRepository(MembershipEntity)
        .insert(memberships.map((m) => ({ accountId: account.id, municipalityCode: m.municipalityCode, districtCode: m.districtCode })));
    }
    return account;
  }
}
