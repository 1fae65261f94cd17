import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { sqlRows } from '@anpi/core';
import { CHAIN_GENESIS, ChainRow, chainHash } from './audit-chain';

export interface AuditQuery {
  personId?: string;
  accountId?: string;
  action?: string;
  dataClass?: string;
  from?: Date;
  to?: Date;
  breakGlass?: boolean;
  /** Only rows about people of, or by accounts of, these municipalities. */
  municipalityCodes?: string[];
  /** Keyset paging: rows with id below this. */
  beforeId?: string;
  first: number;
}

const COLUMNS = `id, at, account_id, role, organisation, action, data_class, person_id, purpose, incident_id, break_glass, decision, detail`;

/** Every query of the audit log, and the hash-chain sealing and verification. */
@Injectable()
export class AuditRepository {
  constructor(private readonly ds: DataSource) {}

  async search(q: AuditQuery): Promise<(ChainRow & { chain_seq: string | null })[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.personId) add('person_id = ?', q.personId);
    if (q.accountId) add('account_id = ?', q.accountId);
    if (q.action) add('action = ?', q.action);
    if (q.dataClass) add('data_class = ?', q.dataClass);
    if (q.from) add('at >= ?', q.from);
    if (q.to) add('at < ?', q.to);
    if (q.breakGlass !== undefined) add('break_glass = ?', q.breakGlass);
    if (q.beforeId) add('id < ?::bigint', q.beforeId);
    if (q.municipalityCodes) {
      params.push(q.municipalityCodes);
      const n = params.length;
      where.push(
        `(person_id IN (SELECT id FROM person WHERE municipality_code = ANY($${n}::text[]))
          OR account_id IN (SELECT account_id FROM membership WHERE municipality_code = ANY($${n}::text[])))`,
      );
    }
    params.push(q.first);
    return this.ds.query(
      `SELECT ${COLUMNS}, chain_seq FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
  }

  /**
   * Links unsealed rows into the hash chain, oldest first, in one transaction holding a lock so two
   * sealers never interleave. Only rows older than `settleMs` are sealed, so a row whose transaction
   * commits late still gets sealed later (the chain follows chain_seq, not id). Returns rows sealed.
   */
  async seal(batch = 5000, settleMs = 2000): Promise<number> {
    return this.ds.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(827364502)`);
      const [last] = await m.query(`SELECT chain_seq, chain_hash FROM audit_log WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1`);
      let prev: string = last?.chain_hash ?? CHAIN_GENESIS;
      let seq = Number(last?.chain_seq ?? 0);
      const rows: ChainRow[] = await m.query(
        `SELECT ${COLUMNS} FROM audit_log WHERE chain_seq IS NULL AND at < now() - ($1 || ' milliseconds')::interval ORDER BY id LIMIT $2`,
        [String(settleMs), batch],
      );
      if (rows.length === 0) return 0;
      const ids: string[] = [];
      const seqs: number[] = [];
      const hashes: string[] = [];
      for (const r of rows) {
        prev = chainHash(prev, r);
        seq += 1;
        ids.push(r.id);
        seqs.push(seq);
        hashes.push(prev);
      }
      await m.query(
        `UPDATE audit_log a SET chain_seq = v.seq, chain_hash = v.hash
           FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS v(id, seq, hash) WHERE a.id = v.id`,
        [ids, seqs, hashes],
      );
      return rows.length;
    });
  }

  /** Recomputes the chain; returns the id of the first row whose hash does not match, or null. */
  async verify(): Promise<{ checked: number; brokenAtId: string | null }> {
    let prev = CHAIN_GENESIS;
    let after = 0;
    let checked = 0;
    for (;;) {
      const rows = sqlRows<ChainRow & { chain_seq: string; chain_hash: string }>(
        await this.ds.query(`SELECT ${COLUMNS}, chain_seq, chain_hash FROM audit_log WHERE chain_seq > $1 ORDER BY chain_seq LIMIT 5000`, [after]),
      );
      if (rows.length === 0) return { checked, brokenAtId: null };
      for (const r of rows) {
        if (Number(r.chain_seq) !== after + 1) return { checked, brokenAtId: r.id };
        prev = chainHash(prev, r);
        if (prev !== r.chain_hash) return { checked, brokenAtId: r.id };
        after = Number(r.chain_seq);
        checked++;
      }
    }
  }
}
