import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { isEmbedded, repoRoot } from '@anpi/core';
import { DEMO_ACCOUNTS, demoTotpSecret } from '@anpi/demo';
import { PersonEntity } from '@anpi/people';
import { PlanEntity } from '@anpi/plans';
import { printedSchema, SCHEMA_FILE } from '../../apps/api/src/main';
import { bootApp, TestApp } from '../support/app';

/**
 * The embedded default, whatever this run's DATABASE_URL / REDIS_URL: PGlite in a fresh folder, the
 * in-process queue, and the demo region — what `npm start` gives a newcomer.
 */
describe('embedded mode (PGlite, in-process queue, demo data)', () => {
  let t: TestApp;
  let bootMs: number;

  beforeAll(async () => {
    const t0 = Date.now();
    t = await bootApp({ DATABASE_URL: '', REDIS_URL: '', DEMO_DATA: 'true' });
    bootMs = Date.now() - t0;
  });
  afterAll(() => t?.close());

  it('boots on PGlite and reports itself ready', async () => {
    expect(isEmbedded(t.app.get(DataSource))).toBe(true);
    expect(await (await fetch(`${t.url}/health`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${t.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', database: 'up', queue: 'up', mode: 'embedded' });
    console.log(JSON.stringify({ embeddedBootMs: bootMs }));
  });

  it('loads the real region and about 3,000 synthetic people with plans', async () => {
    const token = (await t.login('nurse.komae')).accessToken;
    const r = await t.gql<{ municipalities: { code: string }[]; shelters: { id: string }[]; mapSettings: { dataAttribution: string[] } }>(
      `{ municipalities { code } shelters { id } mapSettings { dataAttribution } }`,
      {},
      token,
    );
    expect(r.data?.municipalities.map((m) => m.code)).toEqual(['13203', '13204', '13206', '13208', '13210', '13219']);
    expect(r.data?.shelters).toHaveLength(472);
    expect(r.data?.mapSettings.dataAttribution.join(' ')).toMatch(/国土数値情報.*国土地理院/s);
    const ds = t.app.get(DataSource);
    expect(await ds.getRepository(PersonEntity).count()).toBe(3000);
    const planned = await ds.getRepository(PlanEntity).count();
    expect(planned).toBeGreaterThan(1500);
    const [devices] = await ds.query(`SELECT count(*)::int AS n FROM person WHERE 'VENTILATOR' = ANY(medical_dependencies)`);
    expect(devices.n).toBeGreaterThan(20);
  });

  it('answers an authenticated query for every demo account', async () => {
    for (const a of DEMO_ACCOUNTS) {
      const token = (await t.login(a.login)).accessToken;
      const me = await t.gql<{ me: { login: string; role: string } }>(`{ me { login role } }`, {}, token);
      expect(me.data?.me).toEqual({ login: a.login, role: a.role });
    }
  });

  it('places every synthetic person inside their municipality', async () => {
    const rows: { n: number }[] = await t.app.get(DataSource).query(
      `SELECT count(*)::int AS n FROM person p
        WHERE NOT EXISTS (SELECT 1 FROM municipality_area_part a
                           WHERE a.municipality_code = p.municipality_code AND a.ring_no = 0
                             AND point(p.lng * 100000, p.lat * 100000) <@ a.ring)`,
    );
    expect(rows[0].n).toBe(0);
  });

  it('keeps the committed schema.gql in step with the code', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(printedSchema(t.app));
  });

  it('lists every demo account in the README table', () => {
    const readme = readFileSync(join(repoRoot(), 'README.md'), 'utf8');
    for (const a of DEMO_ACCOUNTS) {
      const secret = demoTotpSecret(a);
      expect(readme).toMatch(new RegExp(`\\| \`${a.login}\` \\| ${a.role} \\|.*\\| ${secret ? `\`${secret}\`` : '—'} \\|`));
    }
  });
});
