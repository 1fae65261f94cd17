/**
 * The person's copy of their ACP (acpSummaryPdf, 人生会議の記録 — 本人控え) over GraphQL: a team member
 * gets a structurally valid A4 PDF that names the surrogate; the same access as every ACP read (a
 * welfare volunteer, a nurse outside the team, and the team without the person's ACP consent get
 * NOT_FOUND and no bytes); each printout is an audited export.
 */
import { DataSource } from 'typeorm';
import { Role } from '@anpi/access';
import { inspectPdf, utf16Hex } from '@anpi/core';
import { DemoSeedService } from '@anpi/demo';
import { bootApp, TestApp } from '../support/app';
import { addToCareTeam, personInput, signedInAccount } from '../support/factories';

type Signed = { id: string; login: string; token: string };

const PDF = `query($p: ID!) { acpSummaryPdf(personId: $p) { personId filename mimeType contentBase64 pages exportId } }`;
const RECORD = `mutation($i: RecordAcpDiscussionInput!) { recordAcpDiscussion(input: $i) { id } }`;
const ORDER = `mutation($i: RecordPhysicianOrderInput!) { recordPhysicianOrder(input: $i) { id } }`;

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

describe('acpSummaryPdf (GraphQL over HTTP)', () => {
  let t: TestApp;
  let ds: DataSource;
  let staff: Signed;
  let facilitator: Signed;
  let doctor: Signed;
  let nurse: Signed;
  let outsiderNurse: Signed;
  let volunteer: Signed;

  beforeAll(async () => {
    t = await bootApp();
    ds = t.app.get(DataSource);
    await t.app.get(DemoSeedService).seed(false); // region boundaries (idempotent)
    staff = await signedInAccount(t, { role: Role.MUNICIPAL_STAFF });
    facilitator = await signedInAccount(t, { role: Role.ACP_FACILITATOR });
    doctor = await signedInAccount(t, { role: Role.HOME_CARE_DOCTOR });
    nurse = await signedInAccount(t, { role: Role.VISITING_NURSE });
    outsiderNurse = await signedInAccount(t, { role: Role.VISITING_NURSE });
    volunteer = await signedInAccount(t, { role: Role.WELFARE_VOLUNTEER, districtCode: '13219-01' });
  });
  afterAll(() => t.close());

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

  async function gqlOk(query: string, i: Record<string, unknown>, token: string): Promise<void> {
    const r = await t.gql(query, { i }, token);
    if (!r.data) throw new Error(JSON.stringify(r.errors));
  }

  async function exportRows(personId: string): Promise<{ account_id: string; detail: Record<string, unknown> }[]> {
    return ds.query(
      `SELECT account_id, detail FROM audit_log WHERE person_id = $1 AND action = 'EXPORT' AND data_class = 'A' AND purpose = 'EXPORT' AND detail->>'operation' = 'acpSummaryPdf'`,
      [personId],
    );
  }

  describe('a person with three discussions and a DNAR order', () => {
    let personId: string;

    beforeAll(async () => {
      personId = await personWithTeam();
      const base = {
        personId, facilitatorAccountId: facilitator.id, place: '自宅', capacityStatus: 'CAN_EXPRESS',
        participants: [{ role: 'PERSON', name: '猪方 ハナ' }, { role: 'FAMILY', name: '猪方 花子', relation: '長女' }],
      };
      await gqlOk(RECORD, { ...base, heldAt: daysAgo(120), preferences: [{ intervention: 'CPR', scenario: 'NO_RECOVERY_EXPECTED', choice: 'UNDECIDED' }], surrogates: [{ rank: 1, name: '猪方 花子', relation: '長女', phone: '090-1111-2222' }] }, facilitator.token);
      await gqlOk(RECORD, { ...base, heldAt: daysAgo(60), preferredPlaceOfDeath: 'HOME', valuesText: '住み慣れた家で過ごしたい' }, facilitator.token);
      await gqlOk(RECORD, { ...base, heldAt: daysAgo(10), preferences: [{ intervention: 'CPR', scenario: 'NO_RECOVERY_EXPECTED', choice: 'DOES_NOT_WANT', note: '苦しい延命は望まない' }] }, facilitator.token);
      await gqlOk(ORDER, { personId, kind: 'CPR', code: 'DO_NOT_ATTEMPT_RESUSCITATION', orderedAt: daysAgo(9) }, doctor.token);
    });

    it('gives a team member a valid A4 PDF naming the surrogate, and audits the export', async () => {
      const r = await t.gql(PDF, { p: personId }, nurse.token);
      expect(r.errors).toBeUndefined();
      const file = r.data!.acpSummaryPdf;
      expect(file).toMatchObject({ personId, mimeType: 'application/pdf' });
      expect(file.filename).toMatch(/^anpi-acp-summary-\d{8}-[0-9a-f]{8}\.pdf$/);
      expect(file.filename).not.toContain('猪方');
      const pdf = Buffer.from(file.contentBase64, 'base64');
      expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
      const i = inspectPdf(pdf);
      expect(i).toMatchObject({ version: '1.4', badOffsets: [], startxrefOk: true, fontOk: true, pageCount: file.pages, declaredPages: file.pages });
      expect(file.pages).toBeGreaterThanOrEqual(1);
      expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
      expect(i.content).toContain(utf16Hex('猪方 花子'));
      expect(i.content).toContain(utf16Hex('人生会議の記録 — 本人控え'));
      expect(i.content).toContain(utf16Hex('090-1111-2222'));
      expect(i.content).toContain(utf16Hex('心肺蘇生を行わない（DNAR）'));
      expect(i.content).toContain(utf16Hex(`控え番号 ${file.exportId}`));

      const rows = await exportRows(personId);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ account_id: nurse.id, detail: { exportId: file.exportId, filename: file.filename, pages: file.pages } });
    });

    it('gives the facilitator the same, as another audited export', async () => {
      const r = await t.gql(PDF, { p: personId }, facilitator.token);
      expect(r.errors).toBeUndefined();
      expect(inspectPdf(Buffer.from(r.data!.acpSummaryPdf.contentBase64, 'base64')).content).toContain(utf16Hex('猪方 花子'));
      expect((await exportRows(personId)).map((x) => x.account_id).sort()).toEqual([nurse.id, facilitator.id].sort());
    });

    it.each([
      ['a welfare volunteer of the district', () => volunteer],
      ['a nurse outside the care team', () => outsiderNurse],
    ])('refuses %s with NOT_FOUND, no bytes and no export row, and logs the denial', async (_who, who) => {
      const before = (await exportRows(personId)).length;
      const r = await t.gql(PDF, { p: personId }, who().token);
      expect(r.data?.acpSummaryPdf ?? null).toBeNull();
      expect(['NOT_FOUND', 'FORBIDDEN']).toContain(r.errors?.[0]?.extensions?.code);
      expect(JSON.stringify(r)).not.toContain('JVBER'); // base64 of "%PDF"
      expect(JSON.stringify(r)).not.toContain('猪方');
      expect(await exportRows(personId)).toHaveLength(before);
      const [denied] = await ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE person_id = $1 AND account_id = $2 AND action = 'DENY' AND data_class = 'A'`, [personId, who().id]);
      expect(denied.n).toBeGreaterThanOrEqual(1);
    });
  });

  it('refuses the care team when the person has not agreed to share ACP with it', async () => {
    const personId = await personWithTeam({ acpConsent: false });
    const r = await t.gql(PDF, { p: personId }, nurse.token);
    expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(r.data?.acpSummaryPdf ?? null).toBeNull();
  });

  it('answers a malformed or unknown id like a missing person', async () => {
    for (const p of ['not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      const r = await t.gql(PDF, { p }, nurse.token);
      expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
  });

  it('prints a person without discussions as a copy that says so', async () => {
    const personId = await personWithTeam();
    const r = await t.gql(PDF, { p: personId }, facilitator.token);
    expect(r.errors).toBeUndefined();
    expect(inspectPdf(Buffer.from(r.data!.acpSummaryPdf.contentBase64, 'base64')).content).toContain(utf16Hex('まだ話し合いの記録はありません。'));
  });
});
