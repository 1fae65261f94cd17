import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ringToScaledPolygon, MultiPolygonCoords, sqlRows } from '@anpi/core';
import { DisasterDisclosureEntity } from './disaster-disclosure.entity';
import { IncidentAreaEntity, IncidentAreaRingEntity } from './incident-area.entity';
import { GenerationStatus, IncidentEntity, IncidentStatus } from './incident.entity';

/** Every query of incidents, their areas and disclosure decisions. */
@Injectable()
export class IncidentRepository {
  constructor(private readonly ds: DataSource) {}

  findById(id: string, m: EntityManager = this.ds.manager): Promise<IncidentEntity | null> {
    return m.getRepository(IncidentEntity).findOneBy({ id });
  }

  findBySourceRef(ref: string): Promise<IncidentEntity | null> {
    return this.ds.getRepository(IncidentEntity).findOneBy({ sourceRef: ref });
  }

  /** Incidents touching any of these municipalities (by area part or by the people in them), newest first. */
  async list(municipalityCodes: string[], status: IncidentStatus | null, drills: boolean | null): Promise<IncidentEntity[]> {
    const qb = this.ds
      .getRepository(IncidentEntity)
      .createQueryBuilder('i')
      .where(
        `(EXISTS (SELECT 1 FROM incident_area a WHERE a.incident_id = i.id AND a.municipality_code = ANY(:m))
          OR EXISTS (SELECT 1 FROM task t WHERE t.incident_id = i.id AND t.municipality_code = ANY(:m))
          OR EXISTS (SELECT 1 FROM membership ms WHERE ms.account_id = i.declared_by AND ms.municipality_code = ANY(:m)))`,
        { m: municipalityCodes },
      );
    if (status) qb.andWhere('i.status = :status', { status });
    if (drills !== null) qb.andWhere('i.is_drill = :drills', { drills });
    return qb.orderBy('i.declared_at', 'DESC').limit(200).getMany();
  }

  areas(incidentId: string): Promise<IncidentAreaEntity[]> {
    return this.ds.getRepository(IncidentAreaEntity).find({ where: { incidentId }, order: { addedAt: 'ASC' } });
  }

  async addAreas(
    incidentId: string,
    areaVersion: number,
    by: string,
    parts: { municipalityCodes: string[]; polygons: MultiPolygonCoords[] },
    m: EntityManager,
  ): Promise<void> {
    for (const code of parts.municipalityCodes) {
      await m.getRepository(IncidentAreaEntity).insert({ incidentId, kind: 'MUNICIPALITY', municipalityCode: code, geometry: null, areaVersion, addedBy: by });
    }
    for (const mp of parts.polygons) {
      const area = await m.getRepository(IncidentAreaEntity).save(
        m.getRepository(IncidentAreaEntity).create({ incidentId, kind: 'POLYGON', municipalityCode: null, geometry: { type: 'MultiPolygon', coordinates: mp }, areaVersion, addedBy: by }),
      );
      const rings = mp.flatMap((poly, polygonNo) => poly.map((ring, ringNo) => ({ areaId: area.id, incidentId, polygonNo, ringNo, ring: ringToScaledPolygon(ring) })));
      await m.getRepository(IncidentAreaRingEntity).insert(rings);
    }
  }

  async setGenerationStatus(id: string, status: GenerationStatus, m: EntityManager = this.ds.manager): Promise<void> {
    await m.query(`UPDATE incident SET generation_status = $2 WHERE id = $1`, [id, status]);
  }

  /** Active incidents whose generation has not finished for their current area version. */
  async unfinishedGenerations(): Promise<{ id: string; area_version: number }[]> {
    return sqlRows(await this.ds.query(`SELECT id, area_version FROM incident WHERE status = 'ACTIVE' AND generation_status <> 'DONE'`));
  }

  activeDisclosure(incidentId: string, m: EntityManager = this.ds.manager): Promise<DisasterDisclosureEntity | null> {
    return m
      .getRepository(DisasterDisclosureEntity)
      .createQueryBuilder('d')
      .where('d.incident_id = :incidentId AND d.ended_at IS NULL AND d.expires_at > now()', { incidentId })
      .orderBy('d.decided_at', 'DESC')
      .getOne();
  }

  disclosures(incidentId: string): Promise<DisasterDisclosureEntity[]> {
    return this.ds.getRepository(DisasterDisclosureEntity).find({ where: { incidentId }, order: { decidedAt: 'DESC' } });
  }

  async endDisclosures(incidentId: string, by: string, m: EntityManager): Promise<void> {
    await m.query(`UPDATE disaster_disclosure SET ended_at = now(), ended_by = $2 WHERE incident_id = $1 AND ended_at IS NULL`, [incidentId, by]);
  }

  /** People and tasks per municipality, for declaring by municipality codes (existence check). */
  async knownMunicipalities(codes: string[]): Promise<Set<string>> {
    const rows = sqlRows<{ code: string }>(await this.ds.query(`SELECT code FROM municipality WHERE code = ANY($1::text[])`, [codes]));
    return new Set(rows.map((r) => r.code));
  }
}
