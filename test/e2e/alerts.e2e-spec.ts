import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { bootApp, TestApp } from '../support/app';

const fixture = (f: string) => readFileSync(join(__dirname, '../fixtures/alerts', f), 'utf8');
const FROM_ALERT = `mutation($i: AlertInput!) { declareIncidentFromAlert(input: $i) { id status isDrill source title area { municipalityCode } } }`;

describe('incidents from alert feeds (JMA seismic intensity, CAP)', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await bootApp({ DEMO_DATA: 'true' });
    admin = (await t.login('admin.komae')).accessToken;
  });
  afterAll(() => t.close());

  it("declares over Komae from a JMA report and produces every group's list within seconds", async () => {
    const proposal = await t.gql(`query($i: AlertInput!) { proposeIncidentFromAlert(input: $i) { sourceRef municipalityCodes unreportedAtLeast5Lower isDrill } }`, { i: { format: 'JMA', xml: fixture('vxse53-komae.xml'), minIntensity: '5-' } }, admin);
    // Komae's admin sees only Komae of the affected 13206/13208/13219.
    expect(proposal.data?.proposeIncidentFromAlert).toEqual({ sourceRef: 'JMA:20261127030812', municipalityCodes: ['13219'], unreportedAtLeast5Lower: [], isDrill: false });
    const t0 = Date.now();
    const inc = (await t.gql(FROM_ALERT, { i: { format: 'JMA', xml: fixture('vxse53-komae.xml') } }, admin)).data?.declareIncidentFromAlert;
    expect(inc).toMatchObject({ status: 'ACTIVE', source: 'JMA', isDrill: false, area: [{ municipalityCode: '13219' }] });
    let status = '';
    while (status !== 'DONE' && Date.now() - t0 < 30000) {
      status = (await t.gql(`query($id: ID!) { incident(id: $id) { generationStatus } }`, { id: inc.id }, admin)).data?.incident.generationStatus;
      if (status !== 'DONE') await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (Date.now() - t0) / 1000;
    const groups: { responder_group: string; n: number }[] = await t.app.get(DataSource).query(`SELECT responder_group, count(*)::int AS n FROM task WHERE incident_id = $1 GROUP BY 1 ORDER BY 1`, [inc.id]);
    expect(groups.map((g) => g.responder_group)).toEqual(['CARE', 'MEDICAL', 'MUNICIPAL', 'WELFARE_VOLUNTEER']);
    expect(seconds).toBeLessThan(30);
    console.log(JSON.stringify({ jmaDeclareToListsSeconds: seconds, tasks: groups }));

    const again = await t.gql(FROM_ALERT, { i: { format: 'JMA', xml: fixture('vxse53-komae.xml') } }, admin);
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
    const cancelled = await t.gql(FROM_ALERT, { i: { format: 'JMA', xml: fixture('vxse53-cancel.xml') } }, admin);
    expect(cancelled.data?.declareIncidentFromAlert).toMatchObject({ id: inc.id, status: 'CLOSED' });
  });

  it('declares a drill from a 訓練 report, kept apart from real incidents', async () => {
    const drill = (await t.gql(FROM_ALERT, { i: { format: 'JMA', xml: fixture('vxse53-drill.xml') } }, admin)).data?.declareIncidentFromAlert;
    expect(drill.isDrill).toBe(true);
    const real = await t.gql(`{ incidents(drills: false) { id } }`, {}, admin);
    expect(real.data?.incidents.map((i: { id: string }) => i.id)).not.toContain(drill.id);
    const drills = await t.gql(`{ incidents(drills: true) { id isDrill } }`, {}, admin);
    expect(drills.data?.incidents).toEqual([{ id: drill.id, isDrill: true }]);
  });

  it('declares from a CAP polygon, and refuses CAP without area, non-JMA XML and malformed XML, creating nothing', async () => {
    const ds = t.app.get(DataSource);
    const cap = (await t.gql(FROM_ALERT, { i: { format: 'CAP', xml: fixture('cap-flood-polygon.xml') } }, admin)).data?.declareIncidentFromAlert;
    expect(cap).toMatchObject({ source: 'CAP', isDrill: false });
    const [before] = await ds.query(`SELECT count(*)::int AS n FROM incident`);
    for (const [format, xml, message] of [
      ['CAP', fixture('cap-no-area.xml'), /no area/],
      ['JMA', fixture('not-jma.xml'), /seismic-intensity/],
      ['JMA', '<Report><Control>', /well-formed/],
    ] as const) {
      const r = await t.gql(FROM_ALERT, { i: { format, xml } }, admin);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'input.xml', message: expect.stringMatching(message) }] });
    }
    const [after] = await ds.query(`SELECT count(*)::int AS n FROM incident`);
    expect(after.n).toBe(before.n);
  });
});
