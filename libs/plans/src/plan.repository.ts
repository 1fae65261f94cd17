import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { sqlRows } from '@anpi/core';
import { ConsentRecordEntity, ConsentScope } from './consent-record.entity';
import { PlanCommentEntity } from './plan-comment.entity';
import { PlanRevisionEntity } from './plan-revision.entity';
import { PlanEntity } from './plan.entity';

/** Every query of plans, their revisions, comments and consent records. */
@Injectable()
export class PlanRepository {
  constructor(private readonly ds: DataSource) {}

  findPlan(personId: string, m: EntityManager = this.ds.manager): Promise<PlanEntity | null> {
    return m.getRepository(PlanEntity).findOneBy({ personId });
  }

  /** Locks the plan row (if any) for the rest of the transaction, so concurrent saves serialise. */
  async lockPlan(personId: string, m: EntityManager): Promise<PlanEntity | null> {
    return m.getRepository(PlanEntity).createQueryBuilder('p').setLock('pessimistic_write').where('p.person_id = :personId', { personId }).getOne();
  }

  /** Serialises the first save of a person's plan (no plan row to lock yet). */
  async lockPerson(personId: string, m: EntityManager): Promise<void> {
    await m.query(`SELECT 1 FROM person WHERE id = $1 FOR UPDATE`, [personId]);
  }

  findRevision(personId: string, revision: number, m: EntityManager = this.ds.manager): Promise<PlanRevisionEntity | null> {
    return m.getRepository(PlanRevisionEntity).findOneBy({ personId, revision });
  }

  async plansFor(personIds: string[]): Promise<Map<string, { plan: PlanEntity; revision: PlanRevisionEntity }>> {
    const out = new Map<string, { plan: PlanEntity; revision: PlanRevisionEntity }>();
    if (personIds.length === 0) return out;
    const plans = await this.ds.getRepository(PlanEntity).createQueryBuilder('p').where('p.person_id = ANY(:ids)', { ids: personIds }).getMany();
    if (plans.length === 0) return out;
    const revisions = await this.ds
      .getRepository(PlanRevisionEntity)
      .createQueryBuilder('r')
      .innerJoin(PlanEntity, 'p', 'p.person_id = r.person_id AND p.current_revision = r.revision')
      .where('r.person_id = ANY(:ids)', { ids: personIds })
      .getMany();
    const byPerson = new Map(revisions.map((r) => [r.personId, r]));
    for (const p of plans) {
      const r = byPerson.get(p.personId);
      if (r) out.set(p.personId, { plan: p, revision: r });
    }
    return out;
  }

  revisions(personId: string, first: number, beforeRevision?: number): Promise<PlanRevisionEntity[]> {
    const qb = this.ds.getRepository(PlanRevisionEntity).createQueryBuilder('r').where('r.person_id = :personId', { personId });
    if (beforeRevision) qb.andWhere('r.revision < :b', { b: beforeRevision });
    return qb.orderBy('r.revision', 'DESC').limit(first).getMany();
  }

  comments(personId: string, revisions: number[]): Promise<PlanCommentEntity[]> {
    if (revisions.length === 0) return Promise.resolve([]);
    return this.ds.getRepository(PlanCommentEntity).createQueryBuilder('c').where('c.person_id = :personId AND c.revision = ANY(:revs)', { personId, revs: revisions }).orderBy('c.created_at', 'ASC').getMany();
  }

  /** Account display names for authors (a name, not personal data of the person). */
  async authorNames(ids: string[], m: EntityManager = this.ds.manager): Promise<Map<string, { displayName: string; role: string; organisation: string }>> {
    const rows = sqlRows<{ id: string; display_name: string; role: string; organisation: string }>(
      await m.query(`SELECT id, display_name, role, organisation FROM account WHERE id = ANY($1::uuid[])`, [[...new Set(ids)]]),
    );
    return new Map(rows.map((r) => [r.id, { displayName: r.display_name, role: r.role, organisation: r.organisation }]));
  }

  /** The latest decision per scope (and supporter) for a person. */
  async consentsInForce(personId: string, m: EntityManager = this.ds.manager): Promise<ConsentRecordEntity[]> {
    return m
      .getRepository(ConsentRecordEntity)
      .createQueryBuilder('c')
      .distinctOn(['c.scope', 'c.supporter_key'])
      .where('c.person_id = :personId', { personId })
      .orderBy('c.scope')
      .addOrderBy('c.supporter_key')
      .addOrderBy('c.obtained_at', 'DESC')
      .addOrderBy('c.recorded_at', 'DESC')
      .getMany();
  }

  consentHistory(personId: string): Promise<ConsentRecordEntity[]> {
    return this.ds.getRepository(ConsentRecordEntity).find({ where: { personId }, order: { obtainedAt: 'DESC', recordedAt: 'DESC' } });
  }

  async latestConsent(personId: string, scope: ConsentScope, m: EntityManager = this.ds.manager): Promise<ConsentRecordEntity | null> {
    return m.getRepository(ConsentRecordEntity).findOne({ where: { personId, scope }, order: { obtainedAt: 'DESC', recordedAt: 'DESC' } });
  }

  /** Makes the plan-derived care-team rows of a person match the accounts the plan names (manual rows stay). */
  async syncCareTeam(personId: string, members: { accountId: string; responderGroup: string | null }[], m: EntityManager): Promise<void> {
    const unique = new Map(members.map((x) => [x.accountId, x]));
    await m.query(`DELETE FROM care_team_member WHERE person_id = $1 AND source = 'PLAN' AND NOT (account_id = ANY($2::uuid[]))`, [personId, [...unique.keys()]]);
    for (const x of unique.values()) {
      await m.query(
        `INSERT INTO care_team_member (person_id, account_id, responder_group, source) VALUES ($1, $2, $3, 'PLAN')
         ON CONFLICT (person_id, account_id) DO NOTHING`,
        [personId, x.accountId, x.responderGroup],
      );
    }
  }
}
