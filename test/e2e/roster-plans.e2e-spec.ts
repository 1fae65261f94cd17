import { DataSource } from 'typeorm';
import { Role } from '@anpi/access';
import { bootApp, TestApp } from '../support/app';
import { addToCareTeam, personInput, signedInAccount } from '../support/factories';

const CREATE = `mutation($i: CreatePersonInput!) { createPerson(input: $i) { id version name nameKana phone priority { score factors } planStatus } }`;
const SAVE = `mutation($i: SavePlanInput!) { savePlan(input: $i) { revision status supporters { key name phone redacted } medicalDevices { device } backupRuntimeHours shelterAccess } }`;

function content(overrides: Record<string, unknown> = {}) {
  return {
    supporters: [{ name: '近所 一郎', relation: '近隣住民', responderGroup: 'WELFARE_VOLUNTEER', phone: '090-1111-2222', availability: { day: true, night: false } }],
    destination: { type: 'STAY_HOME', name: '在宅避難', preArranged: false },
    evacuationTrigger: '警戒レベル3 高齢者等避難',
    transport: '車いす',
    careNotes: '右半身麻痺。',
    emergencyContacts: [{ name: '長男', relation: '長男', phone: '090-3333-4444' }],
    medicalDevices: [],
    ...overrides,
  };
}

describe('roster and individual evacuation plans (GraphQL over HTTP)', () => {
  let t: TestApp;
  let staff: { id: string; token: string };
  let ds: DataSource;

  beforeAll(async () => {
    t = await bootApp();
    ds = t.app.get(DataSource);
    staff = await signedInAccount(t, { role: Role.MUNICIPAL_STAFF });
  });
  afterAll(() => t.close());

  async function newPerson(overrides: Record<string, unknown> = {}): Promise<{ id: string; version: number }> {
    const r = await t.gql(CREATE, { i: personInput(overrides) }, staff.token);
    if (!r.data) throw new Error(JSON.stringify(r.errors));
    return r.data.createPerson;
  }

  describe('roster validation', () => {
    it.each([
      [{ nameKana: '山田 太郎' }, 'input.nameKana', /katakana or hiragana/],
      [{ birthDate: '2999-01-01' }, 'input.birthDate', /past/],
      [{ birthDate: '1941-02-29' }, 'input.birthDate', /real date/],
      [{ phone: '12-34' }, 'input.phone', /Japanese phone/],
      [{ lat: 35.68, lng: 139.76 }, 'input.lat', /outside municipality 13219/],
      [{ districtCode: '13204-01' }, 'input.districtCode', /district of 13219/],
      [{ sex: 'ROBOT' }, null, /Sex/],
      [{ lat: 95 }, 'input.lat', /latitude/],
      [{ name: 'x'.repeat(101) }, 'input.name', /100/],
      [{ name: undefined }, 'input.name', /required/],
    ] as const)('refuses %j naming the field', async (override, field, message) => {
      const before = Number((await ds.query(`SELECT count(*) AS n FROM person`))[0].n);
      const r = await t.gql(CREATE, { i: personInput(override as Record<string, unknown>) }, staff.token);
      const err = r.errors?.[0];
      expect(err?.extensions?.code).toMatch(/BAD_USER_INPUT/);
      if (field) expect(err?.extensions?.fields).toEqual(expect.arrayContaining([{ field, message: expect.stringMatching(message) }]));
      else expect(err?.message).toMatch(message);
      expect(Number((await ds.query(`SELECT count(*) AS n FROM person`))[0].n)).toBe(before);
    });

    it('accepts a location outside the municipality with a reason, and normalises phones', async () => {
      const r = await t.gql(CREATE, { i: personInput({ lat: 35.6405, lng: 139.5535, locationOverrideReason: '施設入所中（調布市）', phone: '０３３４３０１１１１' }) }, staff.token);
      expect(r.data?.createPerson.phone).toBe('03-3430-1111');
    });

    it('computes an explainable priority', async () => {
      const r = await t.gql(CREATE, { i: personInput({ medicalDependencies: ['VENTILATOR'], hazardFlags: ['FLOOD'] }) }, staff.token);
      expect(r.data?.createPerson.priority.factors).toEqual(['VENTILATOR', 'BACKUP_UNKNOWN', 'HAZARD_ZONE', 'LIVES_ALONE', 'HIGH_CARE_LEVEL', 'NO_PLAN']);
      expect(r.data?.createPerson.priority.score).toBe(35 + 15 + 10 + 12 + 10 + 6);
    });

    it('refuses a stale person version with CONFLICT', async () => {
      const p = await newPerson();
      const U = `mutation($i: UpdatePersonInput!) { updatePerson(input: $i) { version address } }`;
      expect((await t.gql(U, { i: { id: p.id, version: p.version, address: '和泉本町2-2-2' } }, staff.token)).data?.updatePerson.version).toBe(p.version + 1);
      const stale = await t.gql(U, { i: { id: p.id, version: p.version, address: '和泉本町3-3-3' } }, staff.token);
      expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: p.version + 1 });
    });
  });

  describe('search', () => {
    it('finds people by a kana or name fragment, within the actor scope, highest priority first', async () => {
      await newPerson({ name: '検索 花子', nameKana: 'ケンサク ハナコ' });
      await newPerson({ name: '検索 太郎', nameKana: 'ケンサク タロウ', medicalDependencies: ['OXYGEN'] });
      const Q = `query($f: PersonFilterInput) { people(filter: $f, first: 10) { nodes { name priority { score } } endCursor } }`;
      const byKana = await t.gql(Q, { f: { text: 'サクハナ' } }, staff.token);
      expect(byKana.data?.people.nodes.map((n: { name: string }) => n.name)).toEqual(['検索 花子']);
      const byHiragana = await t.gql(Q, { f: { text: 'さくはな' } }, staff.token);
      expect(byHiragana.data?.people.nodes.map((n: { name: string }) => n.name)).toEqual(['検索 花子']);
      const byName = await t.gql(Q, { f: { text: '検索' } }, staff.token);
      expect(byName.data?.people.nodes.map((n: { name: string }) => n.name)).toEqual(['検索 太郎', '検索 花子']);
      const mitaka = await signedInAccount(t, { role: Role.MUNICIPAL_STAFF, municipalityCode: '13204' });
      expect((await t.gql(Q, { f: { text: '検索' } }, mitaka.token)).data?.people.nodes).toEqual([]);
      const noPlan = await t.gql(Q, { f: { text: '検索', noPlan: true, medicalDependencies: ['OXYGEN'] } }, staff.token);
      expect(noPlan.data?.people.nodes.map((n: { name: string }) => n.name)).toEqual(['検索 太郎']);
    });

    it('answers NOT_FOUND alike for a missing id and for a person outside the scope', async () => {
      const p = await newPerson();
      const mitaka = await signedInAccount(t, { role: Role.MUNICIPAL_STAFF, municipalityCode: '13204' });
      const Q = `query($id: ID!) { person(id: $id) { id } }`;
      const outside = await t.gql(Q, { id: p.id }, mitaka.token);
      const missing = await t.gql(Q, { id: '00000000-0000-4000-8000-000000000000' }, mitaka.token);
      const malformed = await t.gql(Q, { id: 'x' }, mitaka.token);
      expect(outside.errors?.[0]).toMatchObject({ message: 'Person not found', extensions: { code: 'NOT_FOUND' } });
      expect(missing.errors?.[0]).toMatchObject({ message: 'Person not found', extensions: { code: 'NOT_FOUND' } });
      expect(malformed.errors?.[0]).toMatchObject({ message: 'Person not found', extensions: { code: 'NOT_FOUND' } });
    });
  });

  describe('plans', () => {
    it('saves revisions, refuses a stale base with CONFLICT carrying what changed, and keeps both revisions', async () => {
      const p = await newPerson();
      const nurse = await signedInAccount(t, { role: Role.VISITING_NURSE });
      const cm = await signedInAccount(t, { role: Role.CARE_MANAGER });
      await addToCareTeam(t.app, p.id, nurse.id, 'MEDICAL');
      await addToCareTeam(t.app, p.id, cm.id, 'CARE');
      const first = await t.gql(SAVE, { i: { personId: p.id, baseRevision: 0, content: content() } }, cm.token);
      expect(first.data?.savePlan).toMatchObject({ revision: 1, status: 'DRAFT', shelterAccess: 'STAYS_HOME' });
      const keyed = first.data!.savePlan.supporters.map((s: { key: string }, i: number) => ({ ...(content().supporters as object[])[i], key: s.key }));
      const nurseSave = await t.gql(SAVE, { i: { personId: p.id, baseRevision: 1, content: content({ supporters: keyed, medicalDevices: [{ device: 'OXYGEN', settingsSummary: '2L/min', internalBatteryHours: 3, externalBatteryHours: [4, 2], backupPower: null }] }) } }, nurse.token);
      expect(nurseSave.data?.savePlan).toMatchObject({ revision: 2, backupRuntimeHours: 9 });
      const stale = await t.gql(SAVE, { i: { personId: p.id, baseRevision: 1, content: content({ transport: '徒歩' }) } }, cm.token);
      expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', currentRevision: 2, changedFields: ['medicalDevices'], changedBy: nurse.id });
      const hist = await t.gql(`query($id: ID!) { planRevisions(personId: $id, first: 10) { revision author { id role } changedFields changes { field before after } } }`, { id: p.id }, cm.token);
      expect(hist.errors).toBeUndefined();
      expect(hist.data?.planRevisions.map((r: { revision: number; author: { id: string } }) => [r.revision, r.author.id])).toEqual([[2, nurse.id], [1, cm.id]]);
      expect(hist.data?.planRevisions[0].changes[0]).toMatchObject({ field: 'medicalDevices', before: [], after: [expect.objectContaining({ device: 'OXYGEN' })] });
    });

    it('lets exactly one of two concurrent saves on the same base win', async () => {
      const p = await newPerson();
      await t.gql(SAVE, { i: { personId: p.id, baseRevision: 0, content: content() } }, staff.token);
      const results = await Promise.all(
        ['徒歩', '車両', 'ストレッチャー', '福祉タクシー'].map((transport) => t.gql(SAVE, { i: { personId: p.id, baseRevision: 1, content: content({ transport }) } }, staff.token)),
      );
      expect(results.filter((r) => r.data?.savePlan).length).toBe(1);
      expect(results.filter((r) => r.errors?.[0].extensions?.code === 'CONFLICT').length).toBe(3);
      expect(Number((await ds.query(`SELECT count(*) AS n FROM plan_revision WHERE person_id = $1`, [p.id]))[0].n)).toBe(2);
    });

    it('refuses invalid plan content naming the field, and writes nothing', async () => {
      const p = await newPerson();
      const bad = await t.gql(SAVE, {
        i: {
          personId: p.id, baseRevision: 0,
          content: content({
            supporters: [{ name: 'x', relation: 'y', responderGroup: 'WELFARE_VOLUNTEER', phone: 'abc', availability: { day: true, night: true } }],
            medicalDevices: [{ device: 'VENTILATOR', settingsSummary: '', internalBatteryHours: -1, externalBatteryHours: [], backupPower: null }],
            routes: [{ geometry: { type: 'LineString', coordinates: [[0, 0], [1, 1]] }, description: 'r' }],
          }),
        },
      }, staff.token);
      const fields = bad.errors?.[0].extensions?.fields?.map((f) => f.field) ?? [];
      expect(fields).toContain('input.content.medicalDevices.0.internalBatteryHours');
      const again = await t.gql(SAVE, {
        i: { personId: p.id, baseRevision: 0, content: content({ supporters: [{ name: 'x', relation: 'y', responderGroup: 'WELFARE_VOLUNTEER', phone: 'abc', availability: { day: true, night: true } }], routes: [{ geometry: { type: 'LineString', coordinates: [[0, 0], [1, 1]] }, description: 'r' }] }) },
      }, staff.token);
      expect(again.errors?.[0].extensions?.fields?.map((f) => f.field)).toEqual(['input.content.supporters.0.phone', 'input.content.routes.0.geometry']);
      expect(await ds.query(`SELECT 1 FROM plan WHERE person_id = $1`, [p.id])).toHaveLength(0);
    });

    it('agrees a plan only with plan-creation consent', async () => {
      const p = await newPerson();
      await t.gql(SAVE, { i: { personId: p.id, baseRevision: 0, content: content() } }, staff.token);
      const AGREE = `mutation($i: PlanRevisionRefInput!) { agreePlan(input: $i) { status agreedRevision } }`;
      const without = await t.gql(AGREE, { i: { personId: p.id, revision: 1 } }, staff.token);
      expect(without.errors?.[0].extensions?.fields?.[0]).toEqual({ field: 'input.personId', message: 'plan-creation consent is missing' });
      const CONSENT = `mutation($i: RecordConsentInput!) { recordConsent(input: $i) { id decision } }`;
      const consent = { personId: p.id, scope: 'PLAN_CREATION', decision: 'AGREE', legalBasis: 'explicit_consent', explainedItems: '説明書 v1', method: 'WRITTEN', signerRelation: '本人', obtainedAt: new Date().toISOString() };
      expect((await t.gql(CONSENT, { i: consent }, staff.token)).data?.recordConsent.decision).toBe('AGREE');
      const preview = await t.gql(`query($id: ID!) { planSharePreview(personId: $id) { recipient when basis } }`, { id: p.id }, staff.token);
      expect(preview.data?.planSharePreview[0]).toEqual({ recipient: 'CARE_TEAM', when: 'NORMAL_TIMES', basis: expect.any(String) });
      expect((await t.gql(AGREE, { i: { personId: p.id, revision: 1 } }, staff.token)).data?.agreePlan).toEqual({ status: 'AGREED', agreedRevision: 1 });
      await expect(ds.query(`UPDATE consent_record SET decision = 'REFUSE' WHERE person_id = $1`, [p.id])).rejects.toThrow(/immutable/);
    });

    it('redacts supporters without their own consent for a designated recipient, and hides devices', async () => {
      const p = await newPerson({ districtCode: '13219-03' });
      await ds.query(`UPDATE municipality SET designated_recipients = '{WELFARE_VOLUNTEER}', ordinance_pattern = 'EXPLICIT_CONSENT' WHERE code = '13219'`);
      const saved = await t.gql(SAVE, {
        i: {
          personId: p.id, baseRevision: 0,
          content: content({
            supporters: [
              { name: '同意 あり', relation: '長女', responderGroup: 'WELFARE_VOLUNTEER', phone: '090-1111-0001', availability: { day: true, night: true } },
              { name: '同意 なし', relation: '近隣住民', responderGroup: 'WELFARE_VOLUNTEER', phone: '090-1111-0002', availability: { day: true, night: false } },
            ],
            medicalDevices: [{ device: 'VENTILATOR', settingsSummary: 'TPPV', internalBatteryHours: 4, externalBatteryHours: [], backupPower: null }],
          }),
        },
      }, staff.token);
      const [agreed] = saved.data!.savePlan.supporters;
      const CONSENT = `mutation($i: RecordConsentInput!) { recordConsent(input: $i) { id } }`;
      const base = { personId: p.id, decision: 'AGREE', legalBasis: 'explicit_consent', explainedItems: 'v1', method: 'WRITTEN', signerRelation: '本人', obtainedAt: new Date().toISOString() };
      for (const scope of ['PLAN_CREATION', 'PLAN_SHARE_NORMAL']) await t.gql(CONSENT, { i: { ...base, scope } }, staff.token);
      await t.gql(CONSENT, { i: { ...base, scope: 'SUPPORTER_PLAN_SHARE', supporterKey: agreed.key, signerRelation: '支援者本人' } }, staff.token);

      const volunteer = await signedInAccount(t, { role: Role.WELFARE_VOLUNTEER, districtCode: '13219-03', secondFactor: false });
      const Q = `query($id: ID!) { plan(personId: $id) { supporters { name phone relation redacted } medicalDevices { device } deviceSummary { onLifeSupport } careNotes } }`;
      const seen = await t.gql(Q, { id: p.id }, volunteer.token);
      expect(seen.data?.plan.supporters).toEqual([
        { name: '同意 あり', phone: '090-1111-0001', relation: '長女', redacted: false },
        { name: null, phone: null, relation: '近隣住民', redacted: true },
      ]);
      expect(seen.data?.plan.medicalDevices).toBeNull();
      expect(seen.data?.plan.deviceSummary).toBeNull();

      const other = await signedInAccount(t, { role: Role.WELFARE_VOLUNTEER, districtCode: '13219-04', secondFactor: false });
      expect((await t.gql(Q, { id: p.id }, other.token)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
      const audited: { n: number }[] = await ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE person_id = $1 AND account_id = $2 AND data_class = 'P' AND action = 'READ'`, [p.id, volunteer.id]);
      expect(audited[0].n).toBe(1);
    });
  });
});
