import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { sqlRows } from '@anpi/core';
import { PersonEntity } from './person.entity';
import { DeviceBackup } from './priority';
import { toKatakana } from './person-validation';

export interface PersonSearch {
  /** Partial match on name or kana (either script, spaces ignored). */
  text?: string;
  /** Undefined: any municipality (callers scope by ids instead). */
  municipalityCodes?: string[];
  districtCodes?: string[];
  needs?: string[];
  medicalDependencies?: string[];
  planStatus?: string[];
  noPlan?: boolean;
  rosterStatus?: string;
  /** Restrict to these ids (e.g. the actor's care team). */
  onlyIds?: string[];
  /** Keyset cursor: (priority, id) of the last row of the previous page. */
  after?: { priority: number; id: string };
  first: number;
}

export interface PersonRow extends PersonEntity {
  planStatus: string | null;
  planRevision: number | null;
}

/** Every query of the roster. Searches are keyset-paged by (priority desc, id). */
@Injectable()
export class PersonRepository {
  constructor(private readonly ds: DataSource) {}

  async search(q: PersonSearch): Promise<PersonRow[]> {
    const qb = this.ds
      .getRepository(PersonEntity)
      .createQueryBuilder('p')
      .leftJoin('plan', 'pl', 'pl.person_id = p.id')
      .addSelect('pl.status', 'plan_status')
      .addSelect('pl.current_revision', 'plan_revision')
      .where('true');
    if (q.municipalityCodes) qb.andWhere('p.municipality_code = ANY(:m)', { m: q.municipalityCodes });
    if (q.text) {
      const needle = `%${q.text.replace(/[\s\u3000]+/g, '').replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
      // Kana are stored in katakana; a search typed in hiragana finds them too.
      qb.andWhere(`(replace(replace(p.name, ' ', ''), '　', '') ILIKE :t OR replace(replace(p.name_kana, ' ', ''), '　', '') ILIKE :tk)`, { t: needle, tk: toKatakana(needle) });
    }
    if (q.districtCodes) qb.andWhere('p.district_code = ANY(:d)', { d: q.districtCodes });
    if (q.needs?.length) qb.andWhere('p.support_reasons && :needs', { needs: q.needs });
    if (q.medicalDependencies?.length) qb.andWhere('p.medical_dependencies && :deps', { deps: q.medicalDependencies });
    if (q.noPlan) qb.andWhere('pl.person_id IS NULL');
    if (q.planStatus?.length) qb.andWhere('pl.status = ANY(:ps)', { ps: q.planStatus });
    if (q.rosterStatus) qb.andWhere('p.roster_status = :rs', { rs: q.rosterStatus });
    if (q.onlyIds) qb.andWhere('p.id = ANY(:ids)', { ids: q.onlyIds });
    if (q.after) qb.andWhere('(p.priority_score < :ap OR (p.priority_score = :ap AND p.id > :aid))', { ap: q.after.priority, aid: q.after.id });
    qb.orderBy('p.priority_score', 'DESC').addOrderBy('p.id', 'ASC').limit(q.first);
    const { entities, raw } = await qb.getRawAndEntities();
    return entities.map((e, i) => Object.assign(e, { planStatus: raw[i].plan_status ?? null, planRevision: raw[i].plan_revision ?? null }));
  }

  findById(id: string): Promise<PersonEntity | null> {
    return this.ds.getRepository(PersonEntity).findOneBy({ id });
  }

  async insert(data: Partial<PersonEntity>, m: EntityManager = this.ds.manager): Promise<PersonEntity> {
    const repo = m.getRepository(PersonEntity);
    return repo.save(repo.create({ ...data, version: 1 }));
  }

  /**
   * Compare-and-set update: applies only when the stored version is `expectedVersion` (TypeORM's
   * @VersionColumn does not make `update` conditional). Returns false on a stale version.
   */
  async updateIfVersion(id: string, expectedVersion: number, changes: Partial<PersonEntity>, m: EntityManager = this.ds.manager): Promise<boolean> {
    const res = await m
      .createQueryBuilder()
      .update(PersonEntity)
      .set({ ...(changes as Record<string, unknown>), version: () => 'version + 1' })
      .where('id = :id AND version = :v', { id, v: expectedVersion })
      .execute();
    return (res.affected ?? 0) === 1;
  }

  /** What priority needs from the current plan: supporter count and the devices' battery plan. */
  async planSummary(personId: string, m: EntityManager = this.ds.manager): Promise<{ supporterCount: number; devices: DeviceBackup[] } | null> {
    const rows = sqlRows<{ supporters: number; devices: DeviceBackup[] | null }>(
      await m.query(
        `SELECT jsonb_array_length(coalesce(r.content->'supporters', '[]')) AS supporters, r.content->'medicalDevices' AS devices
           FROM plan pl JOIN plan_revision r ON r.person_id = pl.person_id AND r.revision = pl.current_revision
          WHERE pl.person_id = $1`,
        [personId],
      ),
    );
    return rows[0] ? { supporterCount: Number(rows[0].supporters), devices: rows[0].devices ?? [] } : null;
  }

  async setPriority(id: string, score: number, factors: string[], m: EntityManager = this.ds.manager): Promise<void> {
    await m.query(`UPDATE person SET priority_score = $2, priority_factors = $3 WHERE id = $1`, [id, score, factors]);
  }

  async idsByExternalId(municipalityCode: string, externalIds: string[], m: EntityManager = this.ds.manager): Promise<Map<string, { id: string; version: number }>> {
    const rows = sqlRows<{ id: string; external_id: string; version: number }>(
      await m.query(`SELECT id, external_id, version FROM person WHERE municipality_code = $1 AND external_id = ANY($2::text[])`, [municipalityCode, externalIds]),
    );
    return new Map(rows.map((r) => [r.external_id, { id: r.id, version: r.version }]));
  }

  count(m: EntityManager = this.ds.manager): Promise<number> {
    return m.getRepository(PersonEntity).count();
  }
}

