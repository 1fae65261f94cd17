import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { GEO_SCALE, ringToScaledPolygon } from '@anpi/core';
import { DistrictEntity } from './district.entity';
import { MunicipalityAreaPartEntity } from './municipality-area-part.entity';
import { MunicipalityEntity } from './municipality.entity';
import { BoundaryFeature, ShelterFeature } from './region-data';
import { ShelterEntity, ShelterKind } from './shelter.entity';

const KIND: Record<ShelterFeature['properties']['kind'], ShelterKind> = {
  emergency_site: ShelterKind.EMERGENCY_SITE,
  shelter: ShelterKind.SHELTER,
  welfare_shelter: ShelterKind.WELFARE_SHELTER,
};

/** Every query of municipalities, their boundary rings, districts and shelters. */
@Injectable()
export class RegionRepository {
  constructor(private readonly ds: DataSource) {}

  countMunicipalities(): Promise<number> {
    return this.ds.getRepository(MunicipalityEntity).count();
  }

  listMunicipalities(codes?: string[]): Promise<MunicipalityEntity[]> {
    return this.ds.getRepository(MunicipalityEntity).find({ where: codes ? { code: In(codes) } : {}, order: { code: 'ASC' } });
  }

  findMunicipality(code: string): Promise<MunicipalityEntity | null> {
    return this.ds.getRepository(MunicipalityEntity).findOneBy({ code });
  }

  listDistricts(municipalityCode?: string): Promise<DistrictEntity[]> {
    return this.ds.getRepository(DistrictEntity).find({ where: municipalityCode ? { municipalityCode } : {}, order: { code: 'ASC' } });
  }

  listShelters(municipalityCodes?: string[]): Promise<ShelterEntity[]> {
    return this.ds
      .getRepository(ShelterEntity)
      .find({ where: municipalityCodes ? { municipalityCode: In(municipalityCodes) } : {}, order: { id: 'ASC' } });
  }

  /**
   * The municipalities whose boundary contains the point: inside an outer ring and inside none of that
   * polygon's holes, compared in scaled coordinates (exact to ~1 µm; see GEO_SCALE).
   */
  async municipalitiesAt(lat: number, lng: number): Promise<string[]> {
    const rows: { code: string }[] = await this.ds.query(
      `SELECT DISTINCT o.municipality_code AS code
         FROM municipality_area_part o
        WHERE o.ring_no = 0
          AND point($1::float8 * ${GEO_SCALE}, $2::float8 * ${GEO_SCALE}) <@ o.ring
          AND NOT EXISTS (SELECT 1 FROM municipality_area_part h
                           WHERE h.municipality_code = o.municipality_code AND h.polygon_no = o.polygon_no
                             AND h.ring_no > 0 AND point($1::float8 * ${GEO_SCALE}, $2::float8 * ${GEO_SCALE}) <@ h.ring)
        ORDER BY 1`,
      [lng, lat],
    );
    return rows.map((r) => r.code);
  }

  /** Loads boundaries and shelters in one transaction; a second call changes nothing. */
  async loadRegion(boundaries: BoundaryFeature[], shelters: ShelterFeature[]): Promise<void> {
    await this.ds.transaction(async (m: EntityManager) => {
      for (const f of boundaries) {
        const p = f.properties;
        await m
          .createQueryBuilder()
          .insert()
          .into(MunicipalityEntity)
          .values({ code: p.code, nameJa: p.name_ja, nameEn: p.name_en, boundary: f.geometry.coordinates })
          .orIgnore()
          .execute();
        const existing = await m.getRepository(MunicipalityAreaPartEntity).countBy({ municipalityCode: p.code });
        if (existing > 0) continue;
        const parts = f.geometry.coordinates.flatMap((polygon, polygonNo) =>
          polygon.map((ring, ringNo) => ({ municipalityCode: p.code, polygonNo, ringNo, ring: ringToScaledPolygon(ring) })),
        );
        await m.getRepository(MunicipalityAreaPartEntity).insert(parts);
      }
      const rows = shelters.map((f) => ({
        id: f.properties.id,
        municipalityCode: f.properties.municipality_code,
        nameJa: f.properties.name_ja,
        address: f.properties.address,
        kind: KIND[f.properties.kind],
        hazards: f.properties.hazards ?? [],
        acceptsJa: f.properties.accepts_ja,
        notesJa: f.properties.notes_ja,
        lng: f.geometry.coordinates[0],
        lat: f.geometry.coordinates[1],
        source: f.properties.source,
      }));
      for (let i = 0; i < rows.length; i += 200) {
        await m.createQueryBuilder().insert().into(ShelterEntity).values(rows.slice(i, i + 200)).orIgnore().execute();
      }
    });
  }

  async insertDistricts(districts: Pick<DistrictEntity, 'code' | 'municipalityCode' | 'nameJa'>[]): Promise<void> {
    if (districts.length) await this.ds.createQueryBuilder().insert().into(DistrictEntity).values(districts).orIgnore().execute();
  }
}
