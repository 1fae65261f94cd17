import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ringToScaledPolygon } from '@anpi/core';
import { closeDataSource, freshDatabase, openTestDataSource } from '../../../test/support/database';
import { GENERATION_CHUNKS, TaskGenerationRepository, chunkRange } from './task-generation.repository';

/**
 * The generator's rules on a handful of people chosen to sit at the edges: ids in the first and the last
 * chunk, a hole in the polygon, someone just outside, someone off the roster, a care team with two medical
 * members, a volunteer's district, the incident's hazard. Runs on server PostgreSQL and on PGlite.
 */
describe('task generation (set-based, per uuid-range chunk)', () => {
  let ds: DataSource;
  let gen: TaskGenerationRepository;
  const muni = '99901';
  const district = `${muni}-01`;
  // An outer square of 0.02° with a 0.006° square hole in the middle (GeoJSON [lng, lat]).
  const outer = [[139.50, 35.60], [139.52, 35.60], [139.52, 35.62], [139.50, 35.62], [139.50, 35.60]];
  const hole = [[139.507, 35.607], [139.513, 35.607], [139.513, 35.613], [139.507, 35.613], [139.507, 35.607]];
  const inside = { lat: 35.602, lng: 139.502 };
  const inHole = { lat: 35.61, lng: 139.51 };
  const outside = { lat: 35.63, lng: 139.51 };
  /** A uuid whose first hex digit is `d` (its chunk), the rest random. */
  const idIn = (d: string) => d + randomUUID().slice(1);
  const ids = { first: idIn('0'), last: idIn('f'), hole: idIn('7'), outside: idIn('8'), excluded: idIn('9'), volunteer: idIn('a') };
  const acc = { nurse: randomUUID(), doctor: randomUUID(), volunteer: randomUUID(), admin: randomUUID() };
  let incidentId: string;
  let drop: () => Promise<void> = async () => undefined;

  async function person(id: string, at: { lat: number; lng: number }, extra: { roster?: string; devices?: string[]; hazard?: string[]; district?: string | null; priority?: number } = {}) {
    await ds.query(
      `INSERT INTO person (id, municipality_code, district_code, name, name_kana, birth_date, sex, address, lat, lng, household, roster_status,
                           medical_dependencies, hazard_flags, priority_score, version)
       VALUES ($1, $2, $3, 'テスト', 'テスト', '1940-01-01', 'FEMALE', 'テスト町1', $4, $5, 'LIVES_ALONE', $6, $7, $8, $9, 1)`,
      [id, muni, extra.district ?? null, at.lat, at.lng, extra.roster ?? 'LISTED', extra.devices ?? [], extra.hazard ?? [], extra.priority ?? 30],
    );
  }

  async function account(id: string, role: string, createdAt: string) {
    await ds.query(
      `INSERT INTO account (id, login, display_name, password_hash, role, organisation, created_at) VALUES ($1, $2, $2, 'x', $3, 'test', $4)`,
      [id, `gen-${id.slice(0, 8)}`, role, createdAt],
    );
  }

  beforeAll(async () => {
    // A database of its own: the test municipality must not show up in other suites' counts.
    const fresh = await freshDatabase();
    drop = fresh.drop;
    ds = await openTestDataSource(fresh.config);
    gen = new TaskGenerationRepository(ds);
    await ds.query(`INSERT INTO municipality (code, name_ja, name_en, boundary) VALUES ($1, 'テスト市', 'Test', '{}') ON CONFLICT DO NOTHING`, [muni]);
    await ds.query(`INSERT INTO district (code, municipality_code, name_ja) VALUES ($1, $2, 'テスト地区') ON CONFLICT DO NOTHING`, [district, muni]);
    await account(acc.admin, 'MUNICIPAL_ADMIN', '2024-01-01');
    await account(acc.doctor, 'HOME_CARE_DOCTOR', '2024-01-01');
    await account(acc.nurse, 'VISITING_NURSE', '2025-01-01');
    await account(acc.volunteer, 'WELFARE_VOLUNTEER', '2024-01-01');
    await ds.query(`INSERT INTO membership (account_id, municipality_code, district_code) VALUES ($1, $2, $3)`, [acc.volunteer, muni, district]);

    await person(ids.first, inside);
    await person(ids.last, inside, { devices: ['OXYGEN'], hazard: ['FLOOD'], priority: 55 });
    await person(ids.hole, inHole, { devices: ['VENTILATOR'] });
    await person(ids.outside, outside);
    await person(ids.excluded, inside, { roster: 'EXCLUDED' });
    await person(ids.volunteer, inside, { district });
    // Two medical members: the doctor joined the team first, but the nurse's job comes first (DOMAIN §8.4).
    await ds.query(
      `INSERT INTO care_team_member (person_id, account_id, responder_group, created_at) VALUES ($1, $2, 'MEDICAL', '2024-01-01'), ($1, $3, 'MEDICAL', '2025-01-01')`,
      [ids.last, acc.doctor, acc.nurse],
    );

    const [inc] = await ds.query(`INSERT INTO incident (kind, title, is_drill, declared_by) VALUES ('FLOOD', 'generation test', true, $1) RETURNING id`, [acc.admin]);
    incidentId = inc.id;
    const [area] = await ds.query(
      `INSERT INTO incident_area (incident_id, kind, geometry, area_version, added_by) VALUES ($1, 'POLYGON', $2, 1, $3) RETURNING id`,
      [incidentId, JSON.stringify({ type: 'MultiPolygon', coordinates: [[outer, hole]] }), acc.admin],
    );
    await ds.query(
      `INSERT INTO incident_area_ring (area_id, incident_id, polygon_no, ring_no, ring) VALUES ($1, $2, 0, 0, $3), ($1, $2, 0, 1, $4)`,
      [area.id, incidentId, ringToScaledPolygon(outer as [number, number][]), ringToScaledPolygon(hole as [number, number][])],
    );
  });
  afterAll(async () => {
    if (incidentId) await ds.query(`DELETE FROM incident WHERE id = $1`, [incidentId]);
    await ds.query(`DELETE FROM person WHERE id = ANY($1::uuid[])`, [Object.values(ids)]);
    await ds.query(`DELETE FROM account WHERE id = ANY($1::uuid[])`, [Object.values(acc)]);
    await closeDataSource(ds);
    await drop();
  });

  it('chunk k is exactly the ids whose first hex digit is k', () => {
    expect(chunkRange(0)).toEqual(['00000000-0000-0000-0000-000000000000', '0fffffff-ffff-ffff-ffff-ffffffffffff']);
    expect(chunkRange(15)).toEqual(['f0000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff']);
    expect(() => chunkRange(GENERATION_CHUNKS)).toThrow();
  });

  it('gives the people of the first and the last chunk their tasks, and nobody in a hole, outside or off the roster', async () => {
    for (let k = 0; k < GENERATION_CHUNKS; k++) await gen.generateChunk(incidentId, 1, k);
    const people = await ds.query(`SELECT person_id FROM incident_person WHERE incident_id = $1 ORDER BY person_id`, [incidentId]);
    expect(people.map((r: { person_id: string }) => r.person_id)).toEqual([ids.first, ids.volunteer, ids.last]);
    const tasks = await ds.query(
      `SELECT person_id, responder_group, assignee_account_id, pool_key, priority, priority_factors, is_drill,
              round(extract(epoch FROM due_at - (SELECT declared_at FROM incident WHERE id = $1)) / 60)::int AS due_minutes
         FROM task WHERE incident_id = $1 ORDER BY person_id, responder_group`,
      [incidentId],
    );
    expect(tasks).toEqual([
      { person_id: ids.first, responder_group: 'MUNICIPAL', assignee_account_id: null, pool_key: `MUNICIPAL:${muni}`, priority: 30, priority_factors: [], is_drill: true, due_minutes: 360 },
      { person_id: ids.volunteer, responder_group: 'WELFARE_VOLUNTEER', assignee_account_id: null, pool_key: `WELFARE_VOLUNTEER:${district}`, priority: 30, priority_factors: [], is_drill: true, due_minutes: 360 },
      // Device and the flood hazard: +10, and the nurse of the two medical members.
      { person_id: ids.last, responder_group: 'MEDICAL', assignee_account_id: acc.nurse, pool_key: `MEDICAL:${muni}`, priority: 65, priority_factors: ['INCIDENT_HAZARD'], is_drill: true, due_minutes: 60 },
    ]);
    const chunks = await ds.query(`SELECT chunk, people, tasks_inserted FROM generation_chunk WHERE incident_id = $1 AND people > 0 ORDER BY chunk`, [incidentId]);
    expect(chunks).toEqual([{ chunk: 0, people: 1, tasks_inserted: 1 }, { chunk: 10, people: 1, tasks_inserted: 1 }, { chunk: 15, people: 1, tasks_inserted: 1 }]);
    expect((await gen.chunksDone(incidentId, 1)).size).toBe(GENERATION_CHUNKS);
  });

  it('skips a done chunk, and a re-run adds only what is missing', async () => {
    expect(await gen.generateChunk(incidentId, 1, 0)).toEqual({ people: 0, tasks: 0, skipped: true });
    // A new care-team member since the first run, and the area widened (version 2) to the whole municipality.
    await ds.query(`INSERT INTO care_team_member (person_id, account_id, responder_group) VALUES ($1, $2, 'MEDICAL')`, [ids.first, acc.nurse]);
    await ds.query(`UPDATE incident SET area_version = 2 WHERE id = $1`, [incidentId]);
    await ds.query(`INSERT INTO incident_area (incident_id, kind, municipality_code, area_version, added_by) VALUES ($1, 'MUNICIPALITY', $2, 2, $3)`, [incidentId, muni, acc.admin]);
    let people = 0;
    let tasks = 0;
    for (let k = 0; k < GENERATION_CHUNKS; k++) {
      const r = await gen.generateChunk(incidentId, 2, k);
      people += r.people;
      tasks += r.tasks;
    }
    // New: the two listed people outside the polygon (the hole, just outside); the first person's medical task.
    expect({ people, tasks }).toEqual({ people: 2, tasks: 3 });
    const [dup] = await ds.query(`SELECT count(*)::int AS n, count(DISTINCT (person_id, responder_group))::int AS d FROM task WHERE incident_id = $1`, [incidentId]);
    expect(dup).toEqual({ n: 6, d: 6 });
    const [excluded] = await ds.query(`SELECT count(*)::int AS n FROM task WHERE incident_id = $1 AND person_id = $2`, [incidentId, ids.excluded]);
    expect(excluded.n).toBe(0);
  });
});
