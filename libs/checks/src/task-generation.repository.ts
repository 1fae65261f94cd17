import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GEO_SCALE, isEmbedded, sqlRows } from '@anpi/core';

/** Generation splits the roster into this many chunks by the first hex digit of the person id (see chunkRange). */
export const GENERATION_CHUNKS = 16;

/** Due time after declaration by task priority (minutes): the highest first. */
export const DUE_MINUTES_BY_PRIORITY: { atLeast: number; minutes: number }[] = [
  { atLeast: 60, minutes: 60 },
  { atLeast: 40, minutes: 180 },
  { atLeast: 20, minutes: 360 },
  { atLeast: 0, minutes: 720 },
];

/**
 * Chunks one generation job runs at once on server PostgreSQL: one backend each, so both cores of the
 * 2-core target machine work on a declaration (chunks are disjoint people, so they never conflict).
 * PGlite has one connection and one process: there, one at a time.
 */
export const GENERATION_PARALLEL_CHUNKS = 2;

const HEX = '0123456789abcdef';

/**
 * When a care team has several members of one group, the task goes to the one whose job the check is:
 * the visiting nurse checks devices and power before the doctor triages (DOMAIN §8.4); a named
 * supporter before a welfare volunteer; then the longest-standing member.
 */
const ROLE_ORDER = `CASE a.role WHEN 'VISITING_NURSE' THEN 0 WHEN 'HOME_CARE_DOCTOR' THEN 1 WHEN 'CARE_MANAGER' THEN 2 WHEN 'SUPPORTER' THEN 3 ELSE 4 END`;

/**
 * The set-based heart of an incident: people in the area → one task per responder group they need,
 * in one statement per chunk (DESIGN §8: never entity by entity, never one job per person).
 * Which groups (DOMAIN §8.4):
 *   MEDICAL            device dependence, or a medical member in the care team
 *   CARE               a care manager in the care team
 *   WELFARE_VOLUNTEER  a named supporter with an account, or a welfare volunteer serving the district
 *   MUNICIPAL          everyone nobody else covers
 * Assignee: the named account first (ROLE_ORDER, then the oldest care-team row of that group), else the group's pool for
 * the area (welfare volunteers by district). Priority: the person's stored priority, +10 inside the
 * incident's hazard (flood zone in a flood); due time by priority band.
 */
@Injectable()
export class TaskGenerationRepository {
  constructor(private readonly ds: DataSource) {}

  chunkParallelism(): number {
    return isEmbedded(this.ds) ? 1 : GENERATION_PARALLEL_CHUNKS;
  }

  /**
   * After a large generation the planner's row estimates for task and incident_person are far off until
   * autovacuum gets to them (342 estimated for 229,694 at 1M people), which made the first map overviews of
   * a new incident 10× slower. ANALYZE samples a fixed number of rows, so it takes well under a second.
   */
  async refreshStatistics(): Promise<void> {
    await this.ds.query(`ANALYZE task, incident_person`);
  }

  async chunksDone(incidentId: string, areaVersion: number): Promise<Set<number>> {
    const rows = sqlRows<{ chunk: number }>(await this.ds.query(`SELECT chunk FROM generation_chunk WHERE incident_id = $1 AND area_version = $2`, [incidentId, areaVersion]));
    return new Set(rows.map((r) => Number(r.chunk)));
  }

  /**
   * Generates one chunk in one transaction and one statement; returns people added to the incident and tasks
   * inserted. A done chunk is skipped.
   *
   * The statement, for the people whose id falls in the chunk's uuid range (a range scan on the primary keys of
   * person and care_team_member, so each person row is read by one chunk only; ids are random, though, so each
   * chunk still visits most of the roster's heap pages):
   *   ring         the incident's rings, read once (not once per person) with their bounding boxes, a cheap
   *                test before the exact point-in-polygon one;
   *   in_area      listed people inside the area (whole municipalities, or polygon rings minus their holes);
   *   new_people   → incident_person (ON CONFLICT DO NOTHING: a widened area adds only the new people);
   *   ppl          in_area plus anyone already in the incident from an earlier area version, so a re-run adds
   *                whatever tasks they still miss, as before;
   *   team         the care-team member each group's task goes to, one row per (person, group), set-based;
   *   → task       one row per group the person needs (ON CONFLICT DO NOTHING on (incident, person, group)).
   * Rows go in person-id order, so the inserts into the (incident, person…) indexes touch neighbouring leaf pages
   * instead of random ones (about 10 % less CPU). JIT is off for the transaction: compiling these plans cost
   * more than running them.
   */
  async generateChunk(incidentId: string, areaVersion: number, chunk: number): Promise<{ people: number; tasks: number; skipped: boolean }> {
    const [lo, hi] = chunkRange(chunk);
    return this.ds.transaction(async (m) => {
      const lock = sqlRows(await m.query(`SELECT 1 FROM generation_chunk WHERE incident_id = $1 AND area_version = $2 AND chunk = $3`, [incidentId, areaVersion, chunk]));
      if (lock.length) return { people: 0, tasks: 0, skipped: true };
      await m.query(`SET LOCAL jit = off`);
      const [r] = sqlRows<{ people: number; tasks: number }>(
        await m.query(
          `WITH inc AS (SELECT id, kind, declared_at, is_drill FROM incident WHERE id = $1 AND status = 'ACTIVE'),
           ring AS MATERIALIZED (
             SELECT area_id, polygon_no, ring_no, ring, box(ring) AS bb FROM incident_area_ring WHERE incident_id = $1
           ),
           in_area AS (
             SELECT p.id, p.municipality_code, p.district_code, p.priority_score, p.priority_factors, p.medical_dependencies, p.hazard_flags
               FROM person p
              WHERE p.id BETWEEN $3::uuid AND $4::uuid AND p.roster_status = 'LISTED'
                AND (p.municipality_code IN (SELECT a.municipality_code FROM incident_area a WHERE a.incident_id = $1 AND a.kind = 'MUNICIPALITY')
                  OR EXISTS (SELECT 1 FROM ring r
                              WHERE r.ring_no = 0
                                AND point(p.lng * ${GEO_SCALE}, p.lat * ${GEO_SCALE}) <@ r.bb AND point(p.lng * ${GEO_SCALE}, p.lat * ${GEO_SCALE}) <@ r.ring
                                AND NOT EXISTS (SELECT 1 FROM ring h
                                                 WHERE h.area_id = r.area_id AND h.polygon_no = r.polygon_no AND h.ring_no > 0
                                                   AND point(p.lng * ${GEO_SCALE}, p.lat * ${GEO_SCALE}) <@ h.bb
                                                   AND point(p.lng * ${GEO_SCALE}, p.lat * ${GEO_SCALE}) <@ h.ring)))
              ORDER BY p.id
           ),
           new_people AS (
             INSERT INTO incident_person (incident_id, person_id, area_version)
             SELECT inc.id, ap.id, $2 FROM in_area ap, inc
             ON CONFLICT (incident_id, person_id) DO NOTHING
             RETURNING 1),
           ppl AS (
             SELECT * FROM in_area
             UNION ALL
             SELECT p.id, p.municipality_code, p.district_code, p.priority_score, p.priority_factors, p.medical_dependencies, p.hazard_flags
               FROM incident_person ip JOIN person p ON p.id = ip.person_id
              WHERE ip.incident_id = $1 AND ip.person_id BETWEEN $3::uuid AND $4::uuid
                AND NOT EXISTS (SELECT 1 FROM in_area x WHERE x.id = ip.person_id)
           ),
           team AS (
             SELECT DISTINCT ON (c.person_id, c.responder_group) c.person_id, c.responder_group AS grp, c.account_id
               FROM care_team_member c JOIN account a ON a.id = c.account_id AND a.disabled_at IS NULL
              WHERE c.person_id BETWEEN $3::uuid AND $4::uuid AND c.responder_group IN ('MEDICAL', 'CARE', 'WELFARE_VOLUNTEER')
              ORDER BY c.person_id, c.responder_group, ${ROLE_ORDER}, c.created_at, c.account_id
           ),
           volunteer_district AS (
             SELECT DISTINCT ms.district_code FROM membership ms JOIN account a ON a.id = ms.account_id
              WHERE ms.district_code IS NOT NULL AND a.role = 'WELFARE_VOLUNTEER' AND a.disabled_at IS NULL
           ),
           covered AS (
             SELECT ppl.*, med.account_id AS medical_acc, care.account_id AS care_acc, sup.account_id AS supporter_acc,
                    vd.district_code IS NOT NULL AS district_volunteer
               FROM ppl
               LEFT JOIN team med ON med.person_id = ppl.id AND med.grp = 'MEDICAL'
               LEFT JOIN team care ON care.person_id = ppl.id AND care.grp = 'CARE'
               LEFT JOIN team sup ON sup.person_id = ppl.id AND sup.grp = 'WELFARE_VOLUNTEER'
               LEFT JOIN volunteer_district vd ON vd.district_code = ppl.district_code
           ),
           needs AS (
             SELECT c.*, g.grp, g.assignee,
                    least(100, c.priority_score + CASE WHEN inc.kind = 'FLOOD' AND 'FLOOD' = ANY(c.hazard_flags)
                                                        OR inc.kind = 'LANDSLIDE' AND c.hazard_flags && '{LANDSLIDE_WARNING,LANDSLIDE_SPECIAL}'
                                                       THEN 10 ELSE 0 END) AS prio,
                    CASE WHEN inc.kind = 'FLOOD' AND 'FLOOD' = ANY(c.hazard_flags)
                           OR inc.kind = 'LANDSLIDE' AND c.hazard_flags && '{LANDSLIDE_WARNING,LANDSLIDE_SPECIAL}'
                         THEN c.priority_factors || '{INCIDENT_HAZARD}'::text[] ELSE c.priority_factors END AS factors,
                    inc.declared_at, inc.is_drill
               FROM covered c CROSS JOIN inc
               CROSS JOIN LATERAL (VALUES
                 ('MEDICAL', c.medical_acc, cardinality(c.medical_dependencies) > 0 OR c.medical_acc IS NOT NULL),
                 ('CARE', c.care_acc, c.care_acc IS NOT NULL),
                 ('WELFARE_VOLUNTEER', c.supporter_acc, c.supporter_acc IS NOT NULL OR c.district_volunteer),
                 ('MUNICIPAL', NULL::uuid, NOT (cardinality(c.medical_dependencies) > 0 OR c.medical_acc IS NOT NULL
                                                OR c.care_acc IS NOT NULL OR c.supporter_acc IS NOT NULL OR c.district_volunteer))
               ) AS g(grp, assignee, needed)
              WHERE g.needed
           ),
           ins AS (
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
           SELECT (SELECT count(*) FROM new_people)::int AS people, (SELECT count(*) FROM ins)::int AS tasks`,
          [incidentId, areaVersion, lo, hi],
        ),
      );
      const people = Number(r?.people ?? 0);
      const tasks = Number(r?.tasks ?? 0);
      await m.query(`INSERT INTO generation_chunk (incident_id, area_version, chunk, people, tasks_inserted) VALUES ($1, $2, $3, $4, $5)`, [incidentId, areaVersion, chunk, people, tasks]);
      return { people, tasks, skipped: false };
    });
  }
}

/**
 * The ids of chunk k (0…15): those whose first hex digit is k, i.e. the uuid range ['k0000000-0000-…',
 * 'kfffffff-ffff-…'] (inclusive; uuids order bytewise, as their hex text does). The same chunks as the
 * earlier `left(id::text, 1) = k`, so a generation half done before still completes exactly.
 */
export function chunkRange(chunk: number): [string, string] {
  const d = HEX[chunk];
  if (d === undefined) throw new Error(`generation chunk ${chunk} out of range`);
  return [`${d}0000000-0000-0000-0000-000000000000`, `${d}fffffff-ffff-ffff-ffff-ffffffffffff`];
}
