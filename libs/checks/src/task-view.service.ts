import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { Actor } from '@anpi/access';
import { PersonEntity } from '@anpi/people';
import { sqlRows } from '@anpi/core';
import { ChecksService } from './checks.service';
import { TaskContext } from './graphql/task.mapper';
import { TaskEntity } from './task.entity';

/**
 * Loads what task models need in a few queries for a whole page (people, supporters, consents,
 * claimant names) after the access policy has decided — no per-task queries.
 */
@Injectable()
export class TaskViewService {
  constructor(
    private readonly ds: DataSource,
    private readonly checks: ChecksService,
  ) {}

  async context(actor: Actor, tasks: TaskEntity[], operation: string): Promise<TaskContext> {
    const decisions = await this.checks.personDecisions(actor, tasks, operation);
    const personIds = [...new Set(tasks.map((t) => t.personId))];
    const people = new Map((await this.ds.getRepository(PersonEntity).findBy({ id: In(personIds) })).map((p) => [p.id, p]));
    const sup = sqlRows<{ person_id: string; supporters: { key: string; name: string; relation: string; phone: string | null }[] }>(
      await this.ds.query(
        `SELECT pl.person_id, r.content->'supporters' AS supporters FROM plan pl
           JOIN plan_revision r ON r.person_id = pl.person_id AND r.revision = pl.current_revision
          WHERE pl.person_id = ANY($1::uuid[])`,
        [personIds],
      ),
    );
    const consents = sqlRows<{ person_id: string; supporter_key: string }>(
      await this.ds.query(
        `SELECT DISTINCT ON (person_id, supporter_key) person_id, supporter_key, decision FROM consent_record
          WHERE person_id = ANY($1::uuid[]) AND scope = 'SUPPORTER_PLAN_SHARE'
          ORDER BY person_id, supporter_key, obtained_at DESC, recorded_at DESC`,
        [personIds],
      ),
    ).filter((c) => (c as unknown as { decision: string }).decision === 'AGREE');
    const consented = new Map<string, Set<string>>();
    for (const c of consents) consented.set(c.person_id, (consented.get(c.person_id) ?? new Set()).add(c.supporter_key));
    const claimers = [...new Set(tasks.map((t) => t.claimedBy).filter((x): x is string => !!x))];
    const names = new Map(
      claimers.length
        ? sqlRows<{ id: string; display_name: string }>(await this.ds.query(`SELECT id, display_name FROM account WHERE id = ANY($1::uuid[])`, [claimers])).map((r) => [r.id, r.display_name])
        : [],
    );
    return { accountId: actor.accountId, decisions, people, supporters: new Map(sup.map((s) => [s.person_id, s.supporters ?? []])), consentedSupporters: consented, names };
  }

  private readonly claimantNames = new Map<string, { name: string | null; until: number }>();

  /**
   * The display name of a claiming account, for live updates: every subscriber resolves every change, so
   * names are kept for a minute (a renamed account shows its new name within that minute).
   */
  async claimantName(accountId: string | null): Promise<string | null> {
    if (!accountId) return null;
    const now = Date.now();
    const kept = this.claimantNames.get(accountId);
    if (kept && kept.until > now) return kept.name;
    const [row] = sqlRows<{ display_name: string }>(await this.ds.query(`SELECT display_name FROM account WHERE id = $1`, [accountId]));
    if (this.claimantNames.size > 5000) this.claimantNames.clear();
    this.claimantNames.set(accountId, { name: row?.display_name ?? null, until: now + 60_000 });
    return row?.display_name ?? null;
  }
}
