import { bootApp, type TestApp } from '../support/app';
describe('probe', () => {
  let t: TestApp;
  beforeAll(async () => { t = await bootApp({ DEMO_DATA: 'true' }); }, 180000);
  afterAll(() => t?.close());
  it('probes', async () => {
    const admin = (await t.login('admin.komae')).accessToken;
    const r = await t.gql(`mutation($i: DeclareIncidentInput!) { declareIncident(input: $i) { id area { kind municipalityCode geometry } } }`, { i: { kind: 'EARTHQUAKE', title: 'probe', municipalityCodes: ['13219'] } }, admin);
    console.log(JSON.stringify(r).slice(0, 500));
    const id = r.data!.declareIncident.id;
    const t0 = Date.now();
    for (let i = 0; i < 300; i++) { const s = await t.gql(`query($id: ID!) { incident(id: $id) { generationStatus } }`, { id }, admin); if (s.data?.incident.generationStatus === 'DONE') break; await new Promise((res) => setTimeout(res, 100)); }
    console.log('gen ms', Date.now() - t0);
    for (const login of ['nurse.komae', 'admin.komae']) {
      const tok = (await t.login(login)).accessToken;
      const my = await t.gql(`query($id: ID!) { myTasks(incidentId: $id, first: 50) { endCursor nodes { id status responderGroup priority assignedToMe inPool districtCode person { name address phone lat lng } approximateLocation { lat lng } supporters { name relation phone } } } }`, { id }, tok);
      const all = await t.gql(`query($id: ID!) { tasks(incidentId: $id, first: 200) { endCursor nodes { id responderGroup person { name } } } }`, { id }, tok);
      const m13 = await t.gql(`query($id: ID!) { incidentMap(incidentId: $id, zoom: 13) { mode truncated clusters { lat lng count worstStatus } } }`, { id }, tok);
      const m15 = await t.gql(`query($id: ID!) { incidentMap(incidentId: $id, zoom: 15, bbox: [139.5, 35.6, 139.65, 35.7]) { mode truncated points { personId approximate status priority taskIds cannotReachShelter cannotReachReasons } } }`, { id }, tok);
      console.log(login, 'my', my.errors ?? my.data.myTasks.nodes.length, JSON.stringify(my.data?.myTasks.nodes.slice(0, 2)));
      console.log(login, 'all', all.errors ?? all.data.tasks.nodes.length, all.data?.tasks.endCursor, 'hidden', all.data?.tasks.nodes.filter((n: any) => !n.person).length);
      console.log(login, 'm13', m13.errors ?? JSON.stringify(m13.data.incidentMap).slice(0, 300), m13.data?.incidentMap.clusters.length);
      const pts = m15.data?.incidentMap.points ?? [];
      console.log(login, 'm15', m15.errors ?? pts.length, 'approx', pts.filter((p: any) => p.approximate).length, 'cannot', pts.filter((p: any) => p.cannotReachShelter).length, JSON.stringify(pts.slice(0, 2)));
      const prog = await t.gql(`query($id: ID!) { incidentProgress(incidentId: $id) { total checked needsHelp needsReview escalated overdue generationStatus byGroup { key total checked byStatus { status count } } byMunicipality { key total checked } } }`, { id }, tok);
      console.log(login, 'progress', JSON.stringify(prog).slice(0, 600));
      const inc = await t.gql(`{ incidents { id title isDrill status } }`, {}, tok);
      console.log(login, 'incidents', JSON.stringify(inc));
    }
  }, 300000);
});
