import { DataSource } from 'typeorm';
import { Fhir } from 'fhir';
import { Role } from '@anpi/access';
import { adiProfileProblems, seedAcpDemo } from '@anpi/acp';
import { DemoSeedService } from '@anpi/demo';
import { bootApp, TestApp } from '../support/app';
import { addToCareTeam, personInput, signedInAccount } from '../support/factories';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Signed = { id: string; login: string; token: string };

const DISCUSSION_FIELDS = `id personId heldAt facilitatorAccountId facilitatorName participants { role name relation } capacityStatus
  preferences { intervention scenario choice note } surrogates { rank name relation phone } preferredPlaceOfDeath declined declinedNote
  correctsId correctionReason supersededById`;
const RECORD = `mutation($i: RecordAcpDiscussionInput!) { recordAcpDiscussion(input: $i) { ${DISCUSSION_FIELDS} } }`;
const CORRECT = `mutation($i: CorrectAcpDiscussionInput!) { correctAcpDiscussion(input: $i) { ${DISCUSSION_FIELDS} } }`;
const ORDER = `mutation($i: RecordPhysicianOrderInput!) { recordPhysicianOrder(input: $i) { id kind code status orderedAt orderedByAccountId orderedByName } }`;
// Lean on purpose: the complexity limit multiplies each nested list by its page size (see apps/api/src/graphql-limits.ts).
const LIST = `query($p: ID!, $first: Int = 10, $after: String) { acpDiscussions(personId: $p, first: $first, after: $after) { id heldAt declined correctsId supersededById cursor preferences { intervention choice } } }`;
const STANCE = `query($p: ID!) { acpStance(personId: $p) {
  personId discussionCount lastDiscussionAt declined
  current { topic key intervention scenario choice place text note discussionId heldAt facilitatorAccountId presentRoles presentNames }
  history { key discussionId choice place changed heldAt }
  surrogates { rank name relation phone }
  physicianOrders { kind code orderedByAccountId orderedByName orderedAt } } }`;
const SUMMARY = `query($p: ID!) { acpEmergencySummary(personId: $p) {
  personId surrogates { rank name relation phone } physicianOrders { kind code orderedByName orderedAt }
  urgentWishes { intervention scenario choice note statedAt } lastDiscussionAt declined noDiscussion } }`;
const BUNDLE = `query($p: ID!) { acpFhirBundle(personId: $p) }`;

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
const hanako = { rank: 1, name: '猪方 花子', relation: '長女', phone: '090-1111-2222' };
const jiro = { rank: 2, name: '猪方 次郎', relation: '長男', phone: '03-3430-1111' };

describe('ACP discussions (GraphQL over HTTP)', () => {
  let t: TestApp;
  let ds: DataSource;
  let staff: Signed;
  let facilitator: Signed;
  let doctor: Signed;
  let nurse: Signed;
  let outsiderNurse: Signed;
  let volunteer: Signed;
  const fhir = new Fhir();

  beforeAll(async () => {
    t = await bootApp();
    ds = t.app.get(DataSource);
    // Region boundaries place people in Komae (server mode does not seed them at boot; the call is idempotent).
    await t.app.get(DemoSeedService).seed(false);
    staff = await signedInAccount(t, { role: Role.MUNICIPAL_STAFF });
    facilitator = await signedInAccount(t, { role: Role.ACP_FACILITATOR });
    doctor = await signedInAccount(t, { role: Role.HOME_CARE_DOCTOR });
    nurse = await signedInAccount(t, { role: Role.VISITING_NURSE });
    outsiderNurse = await signedInAccount(t, { role: Role.VISITING_NURSE });
    volunteer = await signedInAccount(t, { role: Role.WELFARE_VOLUNTEER, districtCode: '13219-01' });
  });
  afterAll(() => t.close());

  /** A Komae person with the care team (facilitator, doctor, nurse) and, unless told otherwise, ACP_SHARE_TEAM consent. */
  async function personWithTeam(o: { acpConsent?: boolean } = {}): Promise<string> {
    const r = await t.gql(`mutation($i: CreatePersonInput!) { createPerson(input: $i) { id } }`, { i: personInput({ name: '猪方 ハナ', nameKana: 'イノカタ ハナ' }) }, staff.token);
    const id: string = r.data?.createPerson.id;
    if (!id) throw new Error(JSON.stringify(r.errors));
    await addToCareTeam(t.app, id, facilitator.id, null);
    await addToCareTeam(t.app, id, doctor.id, 'MEDICAL');
    await addToCareTeam(t.app, id, nurse.id, 'MEDICAL');
    const consent = (scope: string) =>
      ds.query(
        `INSERT INTO consent_record (person_id, scope, decision, legal_basis, explained_items, obtained_by, obtained_at, method, signer_relation)
         VALUES ($1, $2, 'AGREE', 'explicit_consent', 'ACP共有の説明 v1', $3, now(), 'WRITTEN', '本人')`,
        [id, scope, staff.id],
      );
    await consent('ROSTER_SHARE_NORMAL');
    if (o.acpConsent !== false) await consent('ACP_SHARE_TEAM');
    return id;
  }

  async function record(token: string, i: Record<string, unknown>) {
    const r = await t.gql(RECORD, { i }, token);
    if (!r.data) throw new Error(JSON.stringify(r.errors));
    return r.data.recordAcpDiscussion;
  }

  const base = (personId: string, heldAt: string) => ({
    personId,
    heldAt,
    facilitatorAccountId: facilitator.id,
    place: '自宅',
    participants: [
      { role: 'PERSON', name: '猪方 ハナ' },
      { role: 'FAMILY', name: '猪方 花子', relation: '長女' },
      { role: 'FACILITATOR', name: '進行役', accountId: facilitator.id },
    ],
    capacityStatus: 'CAN_EXPRESS',
  });

  async function auditCount(personId: string, where: string): Promise<number> {
    const [row] = await ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE person_id = $1 AND ${where}`, [personId]);
    return row.n;
  }

  describe('a person whose wishes change over three discussions', () => {
    let personId: string;
    const ids: string[] = [];
    const held = [daysAgo(200), daysAgo(120), daysAgo(30)];

    beforeAll(async () => {
      personId = await personWithTeam();
      ids.push(
        (
          await record(facilitator.token, {
            ...base(personId, held[0]),
            preferences: [
              { intervention: 'CPR', scenario: 'NO_RECOVERY_EXPECTED', choice: 'WANTS' },
              { intervention: 'HOSPITAL_TRANSFER', scenario: 'SUDDEN_DETERIORATION', choice: 'WANTS', note: '骨折なら病院へ' },
              { intervention: 'DIALYSIS', scenario: 'ANY', choice: 'DOES_NOT_WANT' },
            ],
            surrogates: [hanako],
            valuesChecklist: ['STAYING_AT_HOME', 'FREE_FROM_PAIN'],
            valuesText: '猫と一緒に家で過ごしたい',
          })
        ).id,
      );
      ids.push(
        (
          await record(nurse.token, {
            ...base(personId, held[1]),
            preferences: [{ intervention: 'CPR', scenario: 'NO_RECOVERY_EXPECTED', choice: 'UNDECIDED', note: '家族と相談したい' }],
            preferredPlaceOfDeath: 'HOME',
          })
        ).id,
      );
      ids.push(
        (
          await record(facilitator.token, {
            ...base(personId, held[2]),
            preferences: [
              { intervention: 'CPR', scenario: 'NO_RECOVERY_EXPECTED', choice: 'DOES_NOT_WANT', note: '苦しい延命は望まない' },
              { intervention: 'INTUBATION_VENTILATION', scenario: 'NO_RECOVERY_EXPECTED', choice: 'DOES_NOT_WANT' },
            ],
            surrogates: [hanako, jiro],
            nextReviewTrigger: '入退院、病状の変化',
            nextReviewOn: '2027-05-01',
          })
        ).id,
      );
    });

    it('derives the current stance from the latest statements, with date and who was present', async () => {
      const r = await t.gql(STANCE, { p: personId }, doctor.token);
      expect(r.errors).toBeUndefined();
      const s = r.data!.acpStance;
      expect(s).toMatchObject({ personId, discussionCount: 3, declined: false });
      const cpr = s.current.find((c: any) => c.key === 'TREATMENT:CPR:NO_RECOVERY_EXPECTED');
      expect(cpr).toMatchObject({ choice: 'DOES_NOT_WANT', note: '苦しい延命は望まない', discussionId: ids[2], facilitatorAccountId: facilitator.id });
      expect(cpr.presentRoles).toEqual(['PERSON', 'FAMILY', 'FACILITATOR']);
      expect(cpr.presentNames).toEqual(['猪方 ハナ', '猪方 花子（長女）', '進行役']);
      expect(s.current.find((c: any) => c.key === 'TREATMENT:DIALYSIS:ANY')).toMatchObject({ choice: 'DOES_NOT_WANT', discussionId: ids[0] });
      expect(s.current.find((c: any) => c.topic === 'PLACE_OF_DEATH')).toMatchObject({ place: 'HOME', discussionId: ids[1] });
      expect(s.surrogates.map((x: any) => x.name)).toEqual(['猪方 花子', '猪方 次郎']);
      expect(s.current.find((c: any) => c.topic === 'SURROGATES')).toMatchObject({ discussionId: ids[2], text: '1: 猪方 花子（長女）090-1111-2222 / 2: 猪方 次郎（長男）03-3430-1111' });
    });

    it('shows how the resuscitation wish changed, oldest first', async () => {
      const s = (await t.gql(STANCE, { p: personId }, facilitator.token)).data!.acpStance;
      const cpr = s.history.filter((x: any) => x.key === 'TREATMENT:CPR:NO_RECOVERY_EXPECTED');
      expect(cpr.map((e: any) => [e.discussionId, e.choice, e.changed])).toEqual([
        [ids[0], 'WANTS', true],
        [ids[1], 'UNDECIDED', true],
        [ids[2], 'DOES_NOT_WANT', true],
      ]);
    });

    it('lets only a home-care doctor of the team record physician orders, shown apart from wishes', async () => {
      const i = { personId, kind: 'CPR', code: 'DO_NOT_ATTEMPT_RESUSCITATION', orderedAt: daysAgo(29), basisDiscussionId: ids[2] };
      for (const who of [nurse, facilitator]) {
        const denied = await t.gql(ORDER, { i }, who.token);
        expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      }
      const wrongCode = await t.gql(ORDER, { i: { ...i, code: 'COMFORT_FOCUSED' } }, doctor.token);
      expect(wrongCode.errors?.[0].extensions?.fields?.[0].field).toBe('input.code');
      const ok = await t.gql(ORDER, { i }, doctor.token);
      expect(ok.data?.recordPhysicianOrder).toMatchObject({ kind: 'CPR', code: 'DO_NOT_ATTEMPT_RESUSCITATION', status: 'ACTIVE', orderedByAccountId: doctor.id });
      expect(Number((await ds.query(`SELECT count(*)::int AS n FROM acp_physician_order WHERE person_id = $1`, [personId]))[0].n)).toBe(1);
      await expect(ds.query(`UPDATE acp_physician_order SET code = 'ATTEMPT_RESUSCITATION' WHERE person_id = $1`, [personId])).rejects.toThrow(/immutable/);

      const s = (await t.gql(STANCE, { p: personId }, doctor.token)).data!.acpStance;
      expect(s.physicianOrders).toEqual([expect.objectContaining({ kind: 'CPR', code: 'DO_NOT_ATTEMPT_RESUSCITATION', orderedByAccountId: doctor.id })]);
      // The order is not a wish: the person's own statement stays as they said it.
      expect(s.current.find((c: any) => c.key === 'TREATMENT:CPR:NO_RECOVERY_EXPECTED').discussionId).toBe(ids[2]);
    });

    it('derives the emergency summary: surrogates, orders in force, the next-hour wishes, last discussion', async () => {
      const r = await t.gql(SUMMARY, { p: personId }, nurse.token);
      expect(r.errors).toBeUndefined();
      const s = r.data!.acpEmergencySummary;
      expect(s.surrogates).toEqual([
        { rank: 1, name: '猪方 花子', relation: '長女', phone: '090-1111-2222' },
        { rank: 2, name: '猪方 次郎', relation: '長男', phone: '03-3430-1111' },
      ]);
      expect(s.physicianOrders.map((o: any) => o.code)).toEqual(['DO_NOT_ATTEMPT_RESUSCITATION']);
      expect(s.urgentWishes.map((w: any) => [w.intervention, w.scenario, w.choice])).toEqual([
        ['CPR', 'NO_RECOVERY_EXPECTED', 'DOES_NOT_WANT'],
        ['INTUBATION_VENTILATION', 'NO_RECOVERY_EXPECTED', 'DOES_NOT_WANT'],
        ['HOSPITAL_TRANSFER', 'SUDDEN_DETERIORATION', 'WANTS'],
      ]);
      expect(s.lastDiscussionAt).toBe(held[2]);
      expect(s.urgentWishes[0].statedAt).toBe(held[2]);
      expect(s).toMatchObject({ declined: false, noDiscussion: false });
    });

    it('pages the discussions newest first', async () => {
      const first = (await t.gql(LIST, { p: personId, first: 2 }, facilitator.token)).data!.acpDiscussions;
      expect(first.map((n: any) => n.id)).toEqual([ids[2], ids[1]]);
      const rest = (await t.gql(LIST, { p: personId, first: 2, after: first[1].cursor }, facilitator.token)).data!.acpDiscussions;
      expect(rest.map((n: any) => n.id)).toEqual([ids[0]]);
      expect((await t.gql(LIST, { p: personId, first: 2, after: rest[0].cursor }, facilitator.token)).data!.acpDiscussions).toEqual([]);
      for (const first of [0, 501]) {
        const r = await t.gql(`query($p: ID!, $first: Int = 1) { acpDiscussions(personId: $p, first: $first) { id } }`, { p: personId, first }, facilitator.token);
        expect(r.errors?.[0].extensions?.fields?.[0].field).toBe('first');
      }
    });

    it('exports a FHIR R4 bundle that validates against the base definitions and the PACIO ADI rules', async () => {
      const r = await t.gql(BUNDLE, { p: personId }, doctor.token);
      expect(r.errors).toBeUndefined();
      const b = JSON.parse(JSON.stringify(r.data!.acpFhirBundle)); // into this test's realm (the validator checks arrays by realm)
      const errors = fhir.validate(b, { errorOnUnexpected: true }).messages?.filter((m) => m.severity === 'error');
      expect(errors).toEqual([]);
      expect(adiProfileProblems(b)).toEqual([]);
      // The profile rules, spelled out on the export itself.
      expect(b.type).toBe('collection');
      const res = (type: string) => b.entry.map((e: any) => e.resource).filter((x: any) => x.resourceType === type);
      const patientUrl = b.entry.find((e: any) => e.resource.resourceType === 'Patient').fullUrl;
      const [comp] = res('Composition');
      expect(comp.type.coding[0]).toMatchObject({ system: 'http://loinc.org', code: '81334-5' });
      expect(comp.author).toEqual([expect.objectContaining({ reference: patientUrl })]);
      expect(comp.attester.map((a: any) => a.mode)).toEqual(['personal']);
      expect(comp.section.map((s: any) => s.code.coding[0].code)).toEqual(expect.arrayContaining(['81335-2', '107905-2', '81338-6']));
      const [consent] = res('Consent');
      expect(consent).toMatchObject({ status: 'active', scope: { coding: [{ code: '81377-4' }] }, provision: { type: 'permit', purpose: [{ code: 'PWATRNY' }] } });
      expect(res('RelatedPerson').map((p: any) => p.telecom[0].value)).toEqual(['090-1111-2222', '03-3430-1111']);
      const cpr = res('Observation').find((o: any) => o.code.coding[0].code === 'CPR');
      expect(cpr).toMatchObject({ status: 'final', valueCodeableConcept: { coding: [{ code: 'DOES_NOT_WANT' }] }, extension: [{ valueCodeableConcept: { text: '回復の見込みがない場合' } }] });
      const [dnar] = res('ServiceRequest');
      expect(dnar).toMatchObject({ intent: 'directive', status: 'active', doNotPerform: true, category: [{ coding: [{ code: '100822-6' }] }] });
      expect(b.entry.find((e: any) => e.fullUrl === dnar.requester.reference).resource.identifier[0].value).toBe(doctor.id);
      expect(JSON.stringify(comp)).not.toContain(b.entry.find((e: any) => e.resource.resourceType === 'ServiceRequest').fullUrl);
      expect(await auditCount(personId, `action = 'EXPORT' AND data_class = 'A' AND purpose = 'EXPORT'`)).toBe(1);
    });

    it('writes an audit row for every read, with its data class', async () => {
      const before = { a: await auditCount(personId, `action = 'READ' AND data_class = 'A'`), e: await auditCount(personId, `action = 'READ' AND data_class = 'E'`) };
      await t.gql(STANCE, { p: personId }, doctor.token);
      await t.gql(LIST, { p: personId, first: 10 }, nurse.token);
      await t.gql(SUMMARY, { p: personId }, nurse.token);
      await t.gql(BUNDLE, { p: personId }, facilitator.token);
      expect(await auditCount(personId, `action = 'READ' AND data_class = 'A'`)).toBe(before.a + 3);
      expect(await auditCount(personId, `action = 'READ' AND data_class = 'E'`)).toBe(before.e + 1);
      const writes: { operation: string }[] = await ds.query(
        `SELECT detail->>'operation' AS operation FROM audit_log WHERE person_id = $1 AND action = 'WRITE' AND data_class = 'A' ORDER BY id`,
        [personId],
      );
      expect(writes.map((w) => w.operation)).toEqual(['recordAcpDiscussion', 'recordAcpDiscussion', 'recordAcpDiscussion', 'recordPhysicianOrder']);
    });

    it('gives nothing of the ACP to a welfare volunteer, municipal staff or a nurse outside the care team', async () => {
      const secrets = ['猪方 花子', '090-1111-2222', '苦しい延命', 'DOES_NOT_WANT', '猫と一緒に', 'DO_NOT_ATTEMPT_RESUSCITATION'];
      const deniedBefore = await auditCount(personId, `action = 'DENY' AND data_class IN ('A', 'E')`);
      for (const who of [volunteer, staff, outsiderNurse]) {
        const answers = [
          await t.gql(LIST, { p: personId, first: 10 }, who.token),
          await t.gql(STANCE, { p: personId }, who.token),
          await t.gql(SUMMARY, { p: personId }, who.token),
          await t.gql(BUNDLE, { p: personId }, who.token),
          await t.gql(RECORD, { i: { ...base(personId, daysAgo(1)), preferences: [{ intervention: 'CPR', scenario: 'ANY', choice: 'WANTS' }] } }, who.token),
          await t.gql(CORRECT, { i: { heldAt: daysAgo(1), facilitatorAccountId: facilitator.id, correctsId: ids[0], reason: 'x', comfortWishes: 'x', capacityStatus: 'CAN_EXPRESS', participants: [{ role: 'PERSON', name: 'x' }] } }, who.token),
          await t.gql(ORDER, { i: { personId, kind: 'CPR', code: 'ATTEMPT_RESUSCITATION', orderedAt: daysAgo(1) } }, who.token),
        ];
        for (const a of answers) {
          expect(a.data ?? null).toBeNull();
          expect(['NOT_FOUND', 'FORBIDDEN']).toContain(a.errors?.[0].extensions?.code);
          const text = JSON.stringify(a);
          for (const s of secrets) expect(text).not.toContain(s);
        }
      }
      // Volunteers and staff lack the capability to write at all; the outside nurse is refused as for an unknown person.
      expect((await t.gql(STANCE, { p: personId }, outsiderNurse.token)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect(await auditCount(personId, `action = 'DENY' AND data_class IN ('A', 'E')`)).toBeGreaterThanOrEqual(deniedBefore + 3 * 4);
      expect(Number((await ds.query(`SELECT count(*)::int AS n FROM acp_discussion WHERE person_id = $1`, [personId]))[0].n)).toBe(3);
    });
  });

  describe('corrections', () => {
    it('supersede a record with a new one, keep the history, and form a chain', async () => {
      const personId = await personWithTeam();
      const wrong = await record(facilitator.token, { ...base(personId, daysAgo(10)), surrogates: [{ ...hanako, phone: '090-9999-9999' }] });
      const { personId: _omit, ...fields } = base(personId, daysAgo(10));
      const fix = { ...fields, surrogates: [hanako] };
      const noReason = await t.gql(CORRECT, { i: { ...fix, correctsId: wrong.id } }, facilitator.token);
      expect(noReason.errors?.[0].extensions?.fields).toEqual([{ field: 'input.reason', message: expect.stringMatching(/required/) }]);

      const c1 = (await t.gql(CORRECT, { i: { ...fix, correctsId: wrong.id, reason: '電話番号の聞き違い' } }, facilitator.token)).data!.correctAcpDiscussion;
      expect(c1).toMatchObject({ correctsId: wrong.id, correctionReason: '電話番号の聞き違い', personId });
      const again = await t.gql(CORRECT, { i: { ...fix, correctsId: wrong.id, reason: '二重' } }, facilitator.token);
      expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', correctedById: c1.id });
      const c2 = (await t.gql(CORRECT, { i: { ...fix, surrogates: [hanako, jiro], correctsId: c1.id, reason: '次男も指名していた' } }, nurse.token)).data!.correctAcpDiscussion;

      const list = (await t.gql(LIST, { p: personId, first: 10 }, facilitator.token)).data!.acpDiscussions;
      expect(list.map((n: any) => [n.id, n.supersededById])).toEqual(expect.arrayContaining([[wrong.id, c1.id], [c1.id, c2.id], [c2.id, null]]));
      const summary = (await t.gql(SUMMARY, { p: personId }, doctor.token)).data!.acpEmergencySummary;
      expect(summary.surrogates.map((s: any) => s.phone)).toEqual(['090-1111-2222', '03-3430-1111']);
      const stance = (await t.gql(STANCE, { p: personId }, doctor.token)).data!.acpStance;
      expect(stance.discussionCount).toBe(1);

      await expect(ds.query(`UPDATE acp_discussion SET place = 'x' WHERE id = $1`, [wrong.id])).rejects.toThrow(/immutable/);
      await expect(ds.query(`DELETE FROM acp_discussion WHERE id = $1`, [wrong.id])).rejects.toThrow(/immutable/);
    });
  });

  describe('a person who declines ACP', () => {
    it('records the refusal with nothing else, and shows it in stance, summary and export', async () => {
      const personId = await personWithTeam();
      const declined = await record(facilitator.token, { personId, heldAt: daysAgo(3), facilitatorAccountId: facilitator.id, declined: true, declinedNote: '今は考えたくない' });
      expect(declined).toMatchObject({ declined: true, capacityStatus: null, preferences: [], surrogates: null });
      const stance = (await t.gql(STANCE, { p: personId }, nurse.token)).data!.acpStance;
      expect(stance).toMatchObject({ declined: true, discussionCount: 1, current: [] });
      const summary = (await t.gql(SUMMARY, { p: personId }, nurse.token)).data!.acpEmergencySummary;
      expect(summary).toMatchObject({ declined: true, noDiscussion: false, surrogates: [], urgentWishes: [] });
      const b = JSON.parse(JSON.stringify((await t.gql(BUNDLE, { p: personId }, nurse.token)).data!.acpFhirBundle));
      expect(fhir.validate(b, { errorOnUnexpected: true }).messages?.filter((m) => m.severity === 'error')).toEqual([]);
      expect(adiProfileProblems(b)).toEqual([]);
      const obs = b.entry.map((e: any) => e.resource).find((r: any) => r.resourceType === 'Observation' && r.code.coding[0].code === '42348-3');
      expect(obs.valueCodeableConcept.coding[0].code).toBe('373067005');
    });
  });

  describe('validation', () => {
    let personId: string;
    beforeAll(async () => {
      personId = await personWithTeam();
    });

    it.each([
      ['without date or facilitator', (p: string) => ({ personId: p, declined: true }), ['input.heldAt', 'input.facilitatorAccountId']],
      ['without a person', () => ({ heldAt: daysAgo(1), facilitatorAccountId: '00000000-0000-4000-8000-000000000000', declined: true }), ['input.personId']],
      [
        'with a wish missing its choice',
        (p: string) => ({
          ...base(p, daysAgo(1)),
          preferences: [
            { intervention: 'CPR', scenario: 'ANY', choice: 'WANTS' },
            { intervention: 'ICU', scenario: 'ANY', choice: 'WANTS' },
            { intervention: 'DIALYSIS', scenario: 'ANY' },
          ],
        }),
        ['input.preferences.2.choice'],
      ],
      ['with a facilitator outside the care team', (p: string) => ({ ...base(p, daysAgo(1)), facilitatorAccountId: outsiderNurse.id, comfortWishes: '痛みをとって' }), ['input.facilitatorAccountId']],
    ])('refuses a discussion %s, naming the fields', async (_name, make, fields) => {
      const r = await t.gql(RECORD, { i: (make as (p: string) => Record<string, unknown>)(personId) }, facilitator.token);
      expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0].extensions?.fields?.map((f) => f.field)).toEqual(fields);
    });

    it('refuses oversized text naming its limit', async () => {
      const r = await t.gql(RECORD, { i: { ...base(personId, daysAgo(1)), valuesText: 'あ'.repeat(4001) } }, facilitator.token);
      expect(r.errors?.[0].extensions?.fields).toEqual([{ field: 'input.valuesText', message: 'must be at most 4,000 characters (got 4,001)' }]);
      expect(Number((await ds.query(`SELECT count(*)::int AS n FROM acp_discussion WHERE person_id = $1`, [personId]))[0].n)).toBe(0);
    });

    it('keeps ACP from clinicians of the team until the person agreed to share it, while the facilitator may record', async () => {
      const unshared = await personWithTeam({ acpConsent: false });
      expect((await t.gql(STANCE, { p: unshared }, doctor.token)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
      const r = await t.gql(RECORD, { i: { ...base(unshared, daysAgo(1)), comfortWishes: '痛みをとって' } }, nurse.token);
      expect(r.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect((await t.gql(RECORD, { i: { ...base(unshared, daysAgo(1)), comfortWishes: '痛みをとって' } }, facilitator.token)).data?.recordAcpDiscussion.personId).toBe(unshared);
    });
  });
  describe(seedAcpDemo.name, () => {
    it('seeds three discussions and a DNAR order that read back as a changing wish, once', async () => {
      const personId = await personWithTeam();
      const who = { facilitatorAccountId: facilitator.id, nurseAccountId: nurse.id, doctorAccountId: doctor.id };
      expect(await ds.transaction((m) => seedAcpDemo(m, personId, who))).toBe(3);
      expect(await ds.transaction((m) => seedAcpDemo(m, personId, who))).toBe(0);
      const s = (await t.gql(STANCE, { p: personId }, doctor.token)).data!.acpStance;
      expect(s.discussionCount).toBe(3);
      expect(s.history.filter((e: any) => e.key === 'TREATMENT:CPR:NO_RECOVERY_EXPECTED').map((e: any) => e.choice)).toEqual(['WANTS', 'UNDECIDED', 'DOES_NOT_WANT']);
      expect(s.physicianOrders.map((o: any) => o.code)).toEqual(['DO_NOT_ATTEMPT_RESUSCITATION']);
    });
  });
});
