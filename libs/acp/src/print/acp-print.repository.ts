import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The one query the person's copy needs beyond the ACP repository: who printed it. */
@Injectable()
export class AcpPrintRepository {
  constructor(private readonly ds: DataSource) {}

  /** Display name of an account, for the footer of a printout. */
  async displayName(accountId: string): Promise<string | null> {
    const rows: { display_name: string }[] = await this.ds.query(`SELECT display_name FROM account WHERE id = $1`, [accountId]);
    return rows[0]?.display_name ?? null;
  }
}
