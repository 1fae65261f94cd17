import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { GEO_SCALE, sqlRows } from '@anpi/core';
import { DeviceBackup } from '../priority';
import type { ColumnMapping } from './roster-columns';
import { RosterImportMappingEntity } from './roster-import-mapping.entity';

/** The roster columns an import writes (everything createPerson/updatePerson can set, plus priority). */
export interface PersonImportValues {
  externalId: string;
  name: string;
  nameKana: string;
  birthDate: string;
  sex: string;
  address: string;
  phone: string | null;
  otherContacts: string[];
  lat: number;
  lng: number;
  supportReasons: string[];
  supportReasonNote: string | null;
  medicalDependencies: string[];
  careLevel: string;
  household: string;
  hazardFlags: string[];
  districtCode: string | null;
  locationOverrideReason: string | null;
  priorityScore: number;
  priorityFactors: string[];
}

/** A person as stored, for comparing with an incoming row. */
export type StoredPerson = Omit<PersonImportValues, 'priorityScore' | 'priorityFactors'> & { id: string; version: number };

/** Column, SQL type, and how a value is passed (jsonb goes as JSON text). */
const COLUMNS: [keyof PersonImportValues, string, string][] = [
  ['externalId', 'external_id', 'text'],
  ['name', 'name', 'text'],
  ['nameKana', 'name_kana', 'text'],
  ['birthDate', 'birth_date', 'date'],
  ['sex', 'sex', 'text'],
  ['address', 'address', 'text'],
  ['phone', 'phone', 'text'],
  ['otherContacts', 'other_contacts', 'jsonb'],
  ['lat', 'lat', 'float8'],
  ['lng', 'lng', 'float8'],
  ['supportReasons', 'support_reasons', 'text[]'],
  ['supportReasonNote', 'support_reason_note', 'text'],
  ['medicalDependencies', 'medical_dependencies', 'text[]'],
  ['careLevel', 'care_level', 'text'],
  ['household', 'household', 'text'],
  ['hazardFlags', 'hazard_flags', 'text[]'],
  ['districtCode', 'district_code', 'text'],
  ['locationOverrideReason', 'location_override_reason', 'text'],
  ['priorityScore', 'priority_score', 'int4'],
  ['priorityFactors', 'priority_factors', 'text[]'],
];

/** Rows per statement: 1,000 rows × 22 parameters stays well under PostgreSQL's 65,535 bind parameters. */
export const WRITE_CHUNK = 1000;

function param(values: PersonImportValues, key: keyof PersonImportValues, type: string): unknown {
  const v = values[key];
  return type === 'jsonb' ? JSON.stringify(v) : v;
}

/** Every query of roster imports: saved mappings and the set-based reads and writes of an import. */
@Injectable()
export class RosterImportRepository {
  constructor(private readonly ds: DataSource) {}

  findMapping(municipalityCode: string): Promise<RosterImportMappingEntity | null> {
    return this.ds.getRepository(RosterImportMappingEntity).findOneBy({ municipalityCode });
  }

  async saveMapping(municipalityCode: string, mapping: ColumnMapping, accountId: string): Promise<RosterImportMappingEntity> {
    await this.ds.query(
      `INSERT INTO roster_import_mapping (municipality_code, mapping, updated_by, updated_at) VALUES ($1, $2::jsonb, $3, now())
       ON CONFLICT (municipality_code) DO UPDATE SET mapping = EXCLUDED.mapping, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [municipalityCode, JSON.stringify(mapping), accountId],
    );
    return this.ds.getRepository(RosterImportMappingEntity).findOneByOrFail({ municipalityCode });
  }

  /**
   * Which of the points lie inside the municipality, in one query: the same test as
   * RegionRepository.municipalitiesAt (inside an outer ring, in none of that polygon's holes, scaled
   * coordinates), for a whole file at once instead of one query per row. Returns the indexes inside.
   */
  async pointsInside(municipalityCode: string, points: { lat: number; lng: number }[]): Promise<Set<number>> {
    if (points.length === 0) return new Set();
    const rows = sqlRows<{ i: string }>(
      await this.ds.query(
        `SELECT DISTINCT pt.i
           FROM unnest($2::float8[], $3::float8[]) WITH ORDINALITY AS pt(lng, lat, i)
           JOIN municipality_area_part o
             ON o.municipality_code = $1 AND o.ring_no = 0
            AND point(pt.lng * ${GEO_SCALE}, pt.lat * ${GEO_SCALE}) <@ o.ring
          WHERE NOT EXISTS (SELECT 1 FROM municipality_area_part h
                             WHERE h.municipality_code = o.municipality_code AND h.polygon_no = o.polygon_no
                               AND h.ring_no > 0 AND point(pt.lng * ${GEO_SCALE}, pt.lat * ${GEO_SCALE}) <@ h.ring)`,
        [municipalityCode, points.map((p) => p.lng), points.map((p) => p.lat)],
      ),
    );
    return new Set(rows.map((r) => Number(r.i) - 1));
  }

  /**
   * Serialises imports into one municipality (held to the end of the transaction), so two imports of
   * overlapping files cannot both decide to create the same person.
   */
  async lockMunicipality(municipalityCode: string, m: EntityManager): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(827364502, hashtext($1))`, [municipalityCode]);
  }

  /** The people of the municipality with these external ids, keyed by external id. */
  async byExternalIds(municipalityCode: string, externalIds: string[], m: EntityManager = this.ds.manager): Promise<Map<string, StoredPerson>> {
    if (externalIds.length === 0) return new Map();
    const rows = sqlRows<Record<string, unknown>>(
      await m.query(
        `SELECT id, version, ${COLUMNS.filter(([k]) => k !== 'priorityScore' && k !== 'priorityFactors')
          .map(([key, col, type]) => `${type === 'date' ? `${col}::text` : col} AS "${key}"`)
          .join(', ')}
           FROM person WHERE municipality_code = $1 AND external_id = ANY($2::text[])`,
        [municipalityCode, externalIds],
      ),
    );
    return new Map(rows.map((r) => [r.externalId as string, { ...(r as unknown as StoredPerson), version: Number(r.version) }]));
  }

  /** What priority needs from each person's current plan (see PersonRepository.planSummary), for many people at once. */
  async planSummaries(personIds: string[], m: EntityManager): Promise<Map<string, { supporterCount: number; devices: DeviceBackup[] }>> {
    if (personIds.length === 0) return new Map();
    const rows = sqlRows<{ person_id: string; supporters: number; devices: DeviceBackup[] | null }>(
      await m.query(
        `SELECT pl.person_id, jsonb_array_length(coalesce(r.content->'supporters', '[]')) AS supporters, r.content->'medicalDevices' AS devices
           FROM plan pl JOIN plan_revision r ON r.person_id = pl.person_id AND r.revision = pl.current_revision
          WHERE pl.person_id = ANY($1::uuid[])`,
        [personIds],
      ),
    );
    return new Map(rows.map((r) => [r.person_id, { supporterCount: Number(r.supporters), devices: r.devices ?? [] }]));
  }

  /**
   * Inserts new people with multi-row INSERTs in chunks. ON CONFLICT on the external-id index skips a row
   * someone else created meanwhile; the caller compares the returned count with what it sent.
   */
  async insertPeople(municipalityCode: string, people: PersonImportValues[], m: EntityManager): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    const cols = ['municipality_code', ...COLUMNS.map(([, col]) => col), 'version'];
    for (let start = 0; start < people.length; start += WRITE_CHUNK) {
      const chunk = people.slice(start, start + WRITE_CHUNK);
      const params: unknown[] = [municipalityCode];
      const tuples = chunk.map((p) => {
        const refs = COLUMNS.map(([key, , type]) => {
          params.push(param(p, key, type));
          return `$${params.length}::${type}`;
        });
        return `($1, ${refs.join(', ')}, 1)`;
      });
      const rows = sqlRows<{ id: string; external_id: string }>(
        await m.query(
          `INSERT INTO person (${cols.join(', ')}) VALUES ${tuples.join(', ')}
           ON CONFLICT (municipality_code, external_id) WHERE external_id IS NOT NULL DO NOTHING
           RETURNING id, external_id`,
          params,
        ),
      );
      for (const r of rows) ids.set(r.external_id, r.id);
    }
    return ids;
  }

  /**
   * Updates people with UPDATE … FROM (VALUES …) in chunks, each row only if its version is still the one
   * the import compared against (the compare-and-set of PersonRepository.updateIfVersion, set-based).
   * Returns the ids updated.
   */
  async updatePeople(people: (PersonImportValues & { id: string; version: number })[], m: EntityManager): Promise<Set<string>> {
    const updated = new Set<string>();
    const sets = COLUMNS.filter(([key]) => key !== 'externalId').map(([key, col]) => `${col} = v."${key}"`);
    for (let start = 0; start < people.length; start += WRITE_CHUNK) {
      const chunk = people.slice(start, start + WRITE_CHUNK);
      const params: unknown[] = [];
      const tuples = chunk.map((p) => {
        params.push(p.id, p.version);
        const refs = [`$${params.length - 1}::uuid`, `$${params.length}::int4`];
        for (const [key, , type] of COLUMNS) {
          params.push(param(p, key, type));
          refs.push(`$${params.length}::${type}`);
        }
        return `(${refs.join(', ')})`;
      });
      const rows = sqlRows<{ id: string }>(
        await m.query(
          `UPDATE person p SET ${sets.join(', ')}, version = p.version + 1, updated_at = now()
             FROM (VALUES ${tuples.join(', ')}) AS v(id, version, ${COLUMNS.map(([key]) => `"${key}"`).join(', ')})
            WHERE p.id = v.id AND p.version = v.version
           RETURNING p.id`,
          params,
        ),
      );
      for (const r of rows) updated.add(r.id);
    }
    return updated;
  }
}
