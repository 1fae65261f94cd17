import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GEO_SCALE, sqlRows } from '@anpi/core';

/** Generation splits the roster into this many chunks by the first hex digit of the person id. */
export const GENERATION_CHUNKS = 16;

/** Due time after declaration by task priority (minutes): the highest first. */
export const DUE_MINUTES_BY_PRIORITY: { atLeast: number; minutes: number }[] = [
  { atLeast: 60, minutes: 60 },
  { atLeast: 40, minutes: 180 },
  { atLeast: 20, minutes: 360 },
  { atLeast: 0, minutes: 720 },
];

const HEX = '0123456789abcdef';

/**
 * When a care team has several members of one group, the task goes to the one whose job the check is:
 * the visiting nurse checks devices and power before the doctor triages (DOMAIN §8.4); a named
 * supporter before a welfare volunteer; then the longest-standing member.
 */
const ROLE_ORDER = `CASE a.role WHEN 'VISITING_NURSE' THEN 0 WHEN 'HOME_CARE_DOCTOR' THEN 1 WHEN 'CARE_MANAGER' THEN 2 WHEN 'SUPPORTER' THEN 3 ELSE 4 END`;

/**
 * The set-based heart of an incident: people in the area → one task per responder group they need,
 * in one INSERT … SELECT per chunk (DESIGN §8: never entity by entity, never one job per person).
 * Which groups (DOMAIN §8.4):
 *   MEDICAL            device dependence, or a medical member in the care team
 *   CARE               a care manager in the care team
 *   WELFARE_VOLUNTEER  a named supporter with an account, or a welfare volunteer serving the district
 *   MUNICIPAL          everyone nobody else covers
 * Assignee: the named account first (oldest care-team row of that group), else the group's pool for
 * the area (welfare volunteers by district). Priority: the person's stored priority, +10 inside the
 * incident's hazard (flood zone in a flood); due time by priority band.
 */
@Injectable()
export class TaskGenerationRepository {
  constructor(private readonly ds: DataSource) {}

  async chunksDone(incidentId: string, areaVersion: number): Promise<Set<number>> {
    const rows = sqlRows<{ chunk: number }>(await this.ds.query(`SELECT chunk FROM generation_chunk WHERE incident_id = $1 AND area_version = $2`, [incidentId, areaVersion]));
    return new Set(rows.map((r) => Number(r.chunk)));
  }

  /** Generates one chunk in one transaction; returns people found and tasks inserted. A done chunk is skipped. */
  async generateChunk(incidentId: string, areaVersion: number, chunk: number): Promise<{ people: number; tasks: number; skipped: boolean }> {
    return this.ds.transaction(async (m) => {
      const lock = sqlRows(await m.query(`SELECT 1 FROM generation_chunk WHERE incident_id = $1 AND area_version = $2 AND chunk = $3`, [incidentId, areaVersion, chunk]));
      if (lock.length) return { people: 0, tasks: 0, skipped: true };
      const prefix = HEX[chunk];
      const people = countOf(
        await m.query(
          `WITH inc AS (SELECT id, kind, declared_at, is_drill FROM incident WHERE id = $1 AND status = 'ACTIVE'),
           area_people AS (
             SELECT p.id FROM person p
              WHERE p.roster_status = 'LISTED' AND left(p.id::text, 1) = $3
                AND (EXISTS (SELECT 1 FROM incident_area a WHERE a.incident_id = $1 AND a.kind = 'MUNICIPALITY' AND a.municipality_code = p.municipality_code)
                  OR EXISTS (SELECT 1 FROM incident_area_ring r
                              WHERE r.incident_id = $1 AND r.ring_no = 0
                                AND point(p.lng * ${GEO_SCALE}, p.lat * ${GEO_SCALE}) <@ r.ring
                                AND NOT EXISTS (SELECT 1 FROM incident_area_ring h
                                                 WHERE h.area_id = r.area_id AND h.polygon_no = r.polygon_no AND h.ring_no > 0
                                                   AND point(p.lng * ${GEO_SCALE}, p.lat * ${GEO_SCALE}) <@ h.ring)))
           )
           , ins AS (
             INSERT INTO incident_person (incident_id, person_id, area_version)
             SELECT $1, ap.id, $2 FROM area_people ap, inc
             ON CONFLICT (incident_id, person_id) DO NOTHING
             RETURNING 1)
           SELECT count(*)::int AS n FROM ins`,
          [incidentId, areaVersion, prefix],
        ),
      );
      const inserted = countOf(
        await m.query(
          `WITH inc AS (SELECT id, kind, declared_at, is_drill FROM incident WHERE id = $1 AND status = 'ACTIVE'),
           ppl AS (
             SELECT p.id, p.municipality_code, p.district_code, p.priority_score, p.priority_factors, p.medical_dependencies, p.hazard_flags,
                    (SELECT c.account_id FROM care_team_member c JOIN account a ON a.id = c.account_id AND a.disabled_at IS NULL
                      WHERE c.person_id = p.id AND c.responder_group = 'MEDICAL' ORDER BY ${ROLE_ORDER}, c.created_at, c.account_id LIMIT 1) AS medical_acc,
                    (SELECT c.account_id FROM care_team_member c JOIN account a ON a.id = c.account_id AND a.disabled_at IS NULL
                      WHERE c.person_id = p.id AND c.responder_group = 'CARE' ORDER BY ${ROLE_ORDER}, c.created_at, c.account_id LIMIT 1) AS care_acc,
                    (SELECT c.account_id FROM care_team_member c JOIN account a ON a.id = c.account_id AND a.disabled_at IS NULL
                      WHERE c.person_id = p.id AND c.responder_group = 'WELFARE_VOLUNTEER' ORDER BY ${ROLE_ORDER}, c.created_at, c.account_id LIMIT 1) AS supporter_acc,
                    EXISTS (SELECT 1 FROM membership ms JOIN account a ON a.id = ms.account_id
                             WHERE ms.district_code = p.district_code AND a.role = 'WELFARE_VOLUNTEER' AND a.disabled_at IS NULL) AS district_volunteer
               FROM incident_person ip JOIN person p ON p.id = ip.person_id
              WHERE ip.incident_id = $1 AND left(p.id::text, 1) = $2
           ),
           needs AS (
             SELECT ppl.*, g.grp, g.assignee,
                    least(100, ppl.priority_score + CASE WHEN inc.kind = 'FLOOD' AND 'FLOOD' = ANY(ppl.hazard_flags)
                                                          OR inc.kind = 'LANDSLIDE' AND ppl.hazard_flags && '{LANDSLIDE_WARNING,LANDSLIDE_SPECIAL}'
                                                         THEN 10 ELSE 0 END) AS prio,
                    CASE WHEN inc.kind = 'FLOOD' AND 'FLOOD' = ANY(ppl.hazard_flags)
                           OR inc.kind = 'LANDSLIDE' AND ppl.hazard_flags && '{LANDSLIDE_WARNING,LANDSLIDE_SPECIAL}'
                         THEN ppl.priority_factors || '{INCIDENT_HAZARD}'::text[] ELSE ppl.priority_factors END AS factors,
                    inc.declared_at, inc.is_drill
               FROM ppl CROSS JOIN inc
               CROSS JOIN LATERAL (VALUES
                 ('MEDICAL', ppl.medical_acc, cardinality(ppl.medical_dependencies) > 0 OR ppl.medical_acc IS NOT NULL),
                 ('CARE', ppl.care_acc, ppl.care_acc IS NOT NULL),
                 ('WELFARE_VOLUNTEER', ppl.supporter_acc, ppl.supporter_acc IS NOT NULL OR ppl.district_volunteer),
                 ('MUNICIPAL', NULL::uuid, NOT (cardinality(ppl.medical_dependencies) > 0 OR ppl.medical_acc IS NOT NULL
                                                OR ppl.care_acc IS NOT NULL OR ppl.supporter_acc IS NOT NULL OR ppl.district_volunteer))
               ) AS g(grp, assignee, needed)
              WHERE g.needed
           )
           , ins AS (
           INSERT INTO task (incident_id, person_id, responder_group, assignee_account_id, pool_key, municipality_code, district_code,
                             priority, priority_factors, due_at, is_drill)
           SELECT $1, n.id, n.grp, n.assignee,
                  n.grp || ':' || CASE WHEN n.grp = 'WELFARE_VOLUNTEER' AND n.district_code IS NOT NULL THEN n.district_code ELSE n.municipality_code END,
                  n.municipality_code, n.district_code, n.prio, n.factors,
                  n.declared_at + make_interval(mins => CASE ${DUE_MINUTES_BY_PRIORITY.map((b) => `WHEN n.prio >= ${b.atLeast} THEN ${b.minutes}`).join(' ')} END),
                  n.is_drill
             FROM needs n
           ON CONFLICT (incident_id, person_id, responder_group) DO NOTHING
           RETURNING 1)
           SELECT count(*)::int AS n FROM ins`,
          [incidentId, prefix],
        ),
      );
      await m.query(`INSERT INTO generation_chunk (incident_id, area_version, chunk, people, tasks_inserted) VALUES ($1, $2, $3, $4, $5)`, [incidentId, areaVersion, chunk, people, inserted]);
      return { people, tasks: inserted, skipped: false };
    });
  }
}

function countOf(result: unknown): number {
  return Number(sqlRows<{ n: number }>(result)[0]?.n ?? 0);
}
