/**
 * Set-based data for drills: a synthetic roster inside the real municipal boundaries (random points kept only
 * when `point <@ polygon` on the scaled rings of municipality_area_part), care teams and welfare-volunteer
 * districts so that every responder group gets tasks, canary strings for the "no personal data in Redis" drill,
 * incident areas that cover a chosen share of the roster, and the expected task set computed by SQL
 * independently of the product's generator.
 */
import { Role } from '@anpi/access';
import { GEO_SCALE, MultiPolygonCoords, bboxOf } from '@anpi/core';
import { loadBoundaries } from '@anpi/region';
import { note, waitFor } from './env';
import { AccountSpec, DrillAccount } from './stack';

/** Where drill SQL runs: a drill's Stack (server PostgreSQL), or an embedded app's DataSource (PGlite). */
export interface Db {
  name: string;
  query<T = Record<string, any>>(sql: string, params?: unknown[]): Promise<T[]>;
}

async function one<T>(db: Db, sql: string, params: unknown[] = []): Promise<T> {
  return (await db.query<T>(sql, params))[0];
}

export const MUNICIPALITIES = ['13203', '13204', '13206', '13208', '13210', '13219'];
export const DISTRICTS_PER_MUNICIPALITY = 5;

/** Strings that must never appear in Redis: a name, an address, a phone number, notes (person and check). */
export interface Canaries {
  name: string;
  kana: string;
  address: string;
  phone: string;
  note: string;
  contact: string;
  checkNote: string;
}

export function canaries(tag: string): Canaries {
  return {
    name: `カナリア氏名${tag}`,
    kana: `カナリアシメイ${tag}`,
    address: `カナリア町${tag}番地`,
    phone: `090-${tag.slice(0, 4)}-7${tag.slice(4, 7)}`,
    note: `CANARY-NOTE-人工呼吸器-${tag}`,
    contact: `CANARY-CONTACT-長女-${tag}`,
    checkNote: `CANARY-CHECKNOTE-在宅酸素残り2時間-${tag}`,
  };
}

export function canaryList(c: Canaries): string[] {
  return [c.name, c.kana, c.address, c.phone, c.note, c.contact, c.checkNote];
}

export async function seedDistricts(s: Db): Promise<void> {
  await s.query(
    `INSERT INTO district (code, municipality_code, name_ja)
     SELECT m.code || '-' || lpad(d::text, 2, '0'), m.code, m.name_ja || ' 第' || d || '地区'
       FROM municipality m CROSS JOIN generate_series(1, ${DISTRICTS_PER_MUNICIPALITY}) d
     ON CONFLICT DO NOTHING`,
  );
}

/**
 * Inserts `n` people at uniformly random points inside the given municipalities (all six by default), in
 * batches of INSERT … SELECT over generate_series. One person in `canaryEvery` carries the canary strings in
 * name, kana, address, phone, contacts and the support-reason note. Returns the wall time.
 */
export async function seedRoster(s: Db, n: number, opts: { canary?: Canaries | null; canaryEvery?: number; municipalities?: string[]; firstNo?: number } = {}): Promise<{ people: number; ms: number }> {
  const codes = opts.municipalities ?? MUNICIPALITIES;
  const features = loadBoundaries().filter((f) => codes.includes(f.properties.code));
  const all: MultiPolygonCoords = features.flatMap((f) => f.geometry.coordinates);
  const [minX, minY, maxX, maxY] = bboxOf(all);
  const c = opts.canary ?? null;
  const every = opts.canaryEvery ?? 500;
  const t0 = Date.now();
  let g = opts.firstNo ?? 1;
  let inserted = 0;
  // The rings with their bounding boxes: a cheap box test first, then the exact (scaled) containment.
  await s.query(`DROP TABLE IF EXISTS drill_ring`);
  await s.query(
    `CREATE UNLOGGED TABLE drill_ring AS
       SELECT a.municipality_code, a.polygon_no, a.ring_no, a.ring, box(a.ring) AS bb FROM municipality_area_part a WHERE a.municipality_code = ANY($1::text[])`,
    [codes],
  );
  while (inserted < n) {
    const want = n - inserted;
    const batch = Math.min(Math.ceil(want * 2.2) + 100, 400000);
    const res = await s.query<{ n: number }>(
      `WITH ins AS (INSERT INTO person (external_id, municipality_code, district_code, name, name_kana, birth_date, sex, address, phone, other_contacts, lat, lng,
                           support_reasons, support_reason_note, medical_dependencies, care_level, household, hazard_flags, roster_status,
                           roster_excluded_reason, priority_score, priority_factors, version)
       SELECT 'DRILL-' || r.g, m.code, m.code || '-' || lpad((1 + r.g % ${DISTRICTS_PER_MUNICIPALITY})::text, 2, '0'),
              CASE WHEN $7::boolean AND r.g % $8::int = 0 THEN $9::text ELSE '試験 太郎' || r.g END,
              CASE WHEN $7::boolean AND r.g % $8::int = 0 THEN $10::text ELSE 'シケン タロウ' END,
              date '1925-01-01' + ((r.g * 37) % 20000)::int,
              CASE WHEN r.g % 2 = 0 THEN 'FEMALE' ELSE 'MALE' END,
              CASE WHEN $7::boolean AND r.g % $8::int = 0 THEN $11::text ELSE '試験町' || (1 + r.g % 9) || '-' || (1 + r.g % 30) || '-' || (1 + r.g % 17) END,
              CASE WHEN $7::boolean AND r.g % $8::int = 0 THEN $12::text ELSE '042-000-' || lpad((r.g % 10000)::text, 4, '0') END,
              CASE WHEN $7::boolean AND r.g % $8::int = 0 THEN jsonb_build_array(jsonb_build_object('name', $13::text, 'phone', $12::text)) ELSE '[]'::jsonb END,
              r.y, r.x,
              '{CARE_NEED}',
              CASE WHEN $7::boolean AND r.g % $8::int = 0 THEN $14::text ELSE NULL END,
              CASE WHEN r.g % 10 = 0 THEN '{OXYGEN}'::text[] WHEN r.g % 23 = 0 THEN '{VENTILATOR}'::text[] ELSE '{}'::text[] END,
              (ARRAY['NONE','SUPPORT_1','SUPPORT_2','CARE_1','CARE_2','CARE_3','CARE_4','CARE_5'])[(1 + r.g % 8)::int],
              (ARRAY['LIVES_ALONE','ELDERLY_ONLY','WITH_OTHERS'])[(1 + r.g % 3)::int],
              CASE WHEN r.g % 7 = 0 THEN '{FLOOD}'::text[] ELSE '{}'::text[] END,
              CASE WHEN r.g % 53 = 0 THEN 'EXCLUDED' ELSE 'LISTED' END,
              CASE WHEN r.g % 53 = 0 THEN '施設入所' ELSE NULL END,
              ((r.g * 7919) % 101)::int, '{}', 1
         FROM (SELECT g, round(($1::float8 + random() * ($2::float8 - $1::float8))::numeric, 6)::float8 AS x, round(($3::float8 + random() * ($4::float8 - $3::float8))::numeric, 6)::float8 AS y
                 FROM generate_series($5::bigint, $6::bigint) AS g) r
         CROSS JOIN LATERAL (
           SELECT a.municipality_code AS code FROM drill_ring a
            WHERE a.ring_no = 0 AND point(r.x * ${GEO_SCALE}, r.y * ${GEO_SCALE}) <@ a.bb AND point(r.x * ${GEO_SCALE}, r.y * ${GEO_SCALE}) <@ a.ring
              AND NOT EXISTS (SELECT 1 FROM drill_ring h WHERE h.municipality_code = a.municipality_code AND h.polygon_no = a.polygon_no AND h.ring_no > 0
                                 AND point(r.x * ${GEO_SCALE}, r.y * ${GEO_SCALE}) <@ h.bb AND point(r.x * ${GEO_SCALE}, r.y * ${GEO_SCALE}) <@ h.ring)
            LIMIT 1) m
        LIMIT $15::int
       RETURNING 1)
       SELECT count(*)::int AS n FROM ins`,
      [minX, maxX, minY, maxY, g, g + batch - 1, c !== null, every, c?.name ?? '', c?.kana ?? '', c?.address ?? '', c?.phone ?? '', c?.contact ?? '', c?.note ?? '', want],
    );
    inserted += Number(res[0]?.n ?? 0);
    g += batch;
  }
  await s.query(`DROP TABLE drill_ring`);
  await s.query(`ANALYZE person`);
  const ms = Date.now() - t0;
  note(`${s.name}: roster of ${inserted} people in ${ms} ms`);
  return { people: inserted, ms };
}

export interface Team {
  admin: DrillAccount;
  nurse: DrillAccount;
  careManager: DrillAccount;
  supporter: DrillAccount;
  volunteers: DrillAccount[];
  /** Municipal staff (coordinators of all six municipalities) who record checks in the drills. */
  staff: DrillAccount[];
}

/** Accounts for a drill: an admin (declares; second factor), care professionals, volunteers, `staff` coordinators. */
export function teamSpecs(staff: number): AccountSpec[] {
  const specs: AccountSpec[] = [
    { login: 'drill-admin', role: Role.MUNICIPAL_ADMIN, municipalityCodes: MUNICIPALITIES, secondFactor: true },
    { login: 'drill-nurse', role: Role.VISITING_NURSE, municipalityCodes: MUNICIPALITIES },
    { login: 'drill-caremanager', role: Role.CARE_MANAGER, municipalityCodes: MUNICIPALITIES },
    { login: 'drill-supporter', role: Role.SUPPORTER, municipalityCodes: MUNICIPALITIES },
  ];
  for (const m of MUNICIPALITIES) for (const d of ['01', '02']) specs.push({ login: `drill-volunteer-${m}-${d}`, role: Role.WELFARE_VOLUNTEER, municipalityCodes: [m], districtCode: `${m}-${d}` });
  for (let i = 0; i < staff; i++) specs.push({ login: `drill-staff-${i}`, role: Role.MUNICIPAL_STAFF, municipalityCodes: MUNICIPALITIES });
  return specs;
}

export function team(accounts: DrillAccount[]): Team {
  const by = (login: string) => accounts.find((a) => a.login === login)!;
  return {
    admin: by('drill-admin'),
    nurse: by('drill-nurse'),
    careManager: by('drill-caremanager'),
    supporter: by('drill-supporter'),
    volunteers: accounts.filter((a) => a.login.startsWith('drill-volunteer-')),
    staff: accounts.filter((a) => a.login.startsWith('drill-staff-')),
  };
}

/** Care teams, set-based: a named nurse for ~1/13 of people, a care manager ~1/17, a named supporter ~1/19. */
export async function seedCareTeams(s: Db, t: Team): Promise<void> {
  await s.query(
    `INSERT INTO care_team_member (person_id, account_id, responder_group, source)
     SELECT p.id, x.account_id, x.grp, 'MANUAL'
       FROM person p
       CROSS JOIN (VALUES ($1::uuid, 'MEDICAL', 13), ($2::uuid, 'CARE', 17), ($3::uuid, 'WELFARE_VOLUNTEER', 19)) AS x(account_id, grp, every)
      WHERE abs(hashtext(p.id::text)) % x.every = 0
     ON CONFLICT DO NOTHING`,
    [t.nurse.id, t.careManager.id, t.supporter.id],
  );
  await s.query(`ANALYZE care_team_member`);
}

/**
 * A 48-gon around the region's centre whose radius holds `share` of the listed roster (so an incident over it
 * covers about that share). GeoJSON [lng, lat].
 */
export async function circleCovering(s: Db, share: number, centre: [number, number] = [139.545, 35.665]): Promise<{ polygon: { type: 'Polygon'; coordinates: number[][][] }; radiusKm: number }> {
  const k = Math.cos((centre[1] * Math.PI) / 180);
  const row = await one<{ r: number }>(s,
    `SELECT percentile_disc($3::float8) WITHIN GROUP (ORDER BY sqrt(power((lng - $1) * $4, 2) + power(lat - $2, 2))) AS r FROM person WHERE roster_status = 'LISTED'`,
    [centre[0], centre[1], share, k],
  );
  // A circumscribed polygon (vertices at r / cos(π/48)) so the 48-gon holds the whole circle.
  const r = Number(row.r) / Math.cos(Math.PI / 48);
  const ring: number[][] = [];
  for (let i = 0; i < 48; i++) {
    const a = (2 * Math.PI * i) / 48;
    ring.push([round6(centre[0] + (r * Math.cos(a)) / k), round6(centre[1] + r * Math.sin(a))]);
  }
  ring.push(ring[0]);
  return { polygon: { type: 'Polygon', coordinates: [ring] }, radiusKm: Math.round(r * 111.32 * 100) / 100 };
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** Waits until the incident's generation is DONE; returns the wall time from `t0` (ms since epoch). */
export async function waitGenerated(s: Db, incidentId: string, ms: number, t0 = Date.now()): Promise<number> {
  await waitFor(`generation of ${incidentId}`, async () => (await one<{ g: string }>(s, `SELECT generation_status AS g FROM incident WHERE id = $1`, [incidentId]))?.g === 'DONE', ms, 20);
  return Date.now() - t0;
}

export async function chunksDone(s: Db, incidentId: string): Promise<number> {
  return Number((await one<{ n: number }>(s, `SELECT count(*)::int AS n FROM generation_chunk WHERE incident_id = $1`, [incidentId])).n);
}

/** People the incident should cover, by SQL over its stored area (municipalities, or rings with holes). */
const PEOPLE_IN_AREA = `
  SELECT p.id FROM person p
   WHERE p.roster_status = 'LISTED'
     AND (EXISTS (SELECT 1 FROM incident_area a WHERE a.incident_id = $1 AND a.kind = 'MUNICIPALITY' AND a.municipality_code = p.municipality_code)
       OR EXISTS (SELECT 1 FROM incident_area_ring r
                   WHERE r.incident_id = $1 AND r.ring_no = 0 AND point(p.lng * ${GEO_SCALE}, p.lat * ${GEO_SCALE}) <@ r.ring
                     AND NOT EXISTS (SELECT 1 FROM incident_area_ring h WHERE h.area_id = r.area_id AND h.polygon_no = r.polygon_no AND h.ring_no > 0
                                        AND point(p.lng * ${GEO_SCALE}, p.lat * ${GEO_SCALE}) <@ h.ring)))`;

/**
 * The expected (person, group) set of an incident, from DOMAIN §8.4 written out again here (not the
 * product's SQL): MEDICAL for device dependence or a medical care-team member; CARE for a care manager;
 * WELFARE_VOLUNTEER for a named supporter or a volunteer serving the district; MUNICIPAL for everyone else.
 */
export const EXPECTED_TASKS = `
  WITH ppl AS (${PEOPLE_IN_AREA}),
  g AS (
    SELECT p.id AS person_id,
           (cardinality(p.medical_dependencies) > 0
             OR EXISTS (SELECT 1 FROM care_team_member c JOIN account a ON a.id = c.account_id WHERE c.person_id = p.id AND c.responder_group = 'MEDICAL' AND a.disabled_at IS NULL)) AS med,
           EXISTS (SELECT 1 FROM care_team_member c JOIN account a ON a.id = c.account_id WHERE c.person_id = p.id AND c.responder_group = 'CARE' AND a.disabled_at IS NULL) AS care,
           (EXISTS (SELECT 1 FROM care_team_member c JOIN account a ON a.id = c.account_id WHERE c.person_id = p.id AND c.responder_group = 'WELFARE_VOLUNTEER' AND a.disabled_at IS NULL)
             OR EXISTS (SELECT 1 FROM membership ms JOIN account a ON a.id = ms.account_id
                         WHERE ms.district_code = p.district_code AND a.role = 'WELFARE_VOLUNTEER' AND a.disabled_at IS NULL)) AS wv
      FROM person p JOIN ppl ON ppl.id = p.id)
  SELECT person_id, 'MEDICAL' AS grp FROM g WHERE med
  UNION ALL SELECT person_id, 'CARE' FROM g WHERE care
  UNION ALL SELECT person_id, 'WELFARE_VOLUNTEER' FROM g WHERE wv
  UNION ALL SELECT person_id, 'MUNICIPAL' FROM g WHERE NOT (med OR care OR wv)`;

export interface TaskSetCheck {
  expected: number;
  actual: number;
  duplicates: number;
  missing: number;
  unexpected: number;
  peopleExpected: number;
  peopleActual: number;
  chunks: number;
  chunkTaskSum: number;
  status: string;
}

/** The R1 invariants as SQL: count = E, no duplicate (incident, person, group), expected EXCEPT actual = ∅ and back. */
export async function checkTaskSet(s: Db, incidentId: string): Promise<TaskSetCheck> {
  const r = await one<Record<string, number | string>>(s,
    `WITH e AS (${EXPECTED_TASKS}),
          a AS (SELECT person_id, responder_group AS grp FROM task WHERE incident_id = $1)
     SELECT (SELECT count(*) FROM e)::int AS expected,
            (SELECT count(*) FROM a)::int AS actual,
            (SELECT count(*) FROM (SELECT 1 FROM a GROUP BY person_id, grp HAVING count(*) > 1) d)::int AS duplicates,
            (SELECT count(*) FROM (SELECT * FROM e EXCEPT SELECT * FROM a) x)::int AS missing,
            (SELECT count(*) FROM (SELECT * FROM a EXCEPT SELECT * FROM e) x)::int AS unexpected,
            (SELECT count(*) FROM (${PEOPLE_IN_AREA}) x)::int AS people_expected,
            (SELECT count(*) FROM incident_person WHERE incident_id = $1)::int AS people_actual,
            (SELECT count(*) FROM generation_chunk WHERE incident_id = $1)::int AS chunks,
            (SELECT coalesce(sum(tasks_inserted), 0) FROM generation_chunk WHERE incident_id = $1)::int AS chunk_task_sum,
            (SELECT generation_status FROM incident WHERE id = $1) AS status`,
    [incidentId],
  );
  return {
    expected: Number(r.expected), actual: Number(r.actual), duplicates: Number(r.duplicates), missing: Number(r.missing), unexpected: Number(r.unexpected),
    peopleExpected: Number(r.people_expected), peopleActual: Number(r.people_actual), chunks: Number(r.chunks), chunkTaskSum: Number(r.chunk_task_sum), status: String(r.status),
  };
}

/** True when the task set is exactly the expected one and fully recorded. */
export function taskSetExact(c: TaskSetCheck): boolean {
  return c.actual === c.expected && c.duplicates === 0 && c.missing === 0 && c.unexpected === 0 && c.peopleActual === c.peopleExpected
    && c.chunks === 16 && c.chunkTaskSum === c.actual && c.status === 'DONE';
}
