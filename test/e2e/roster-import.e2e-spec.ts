import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Role } from '@anpi/access';
import { DemoSeedService } from '@anpi/demo';
import { bootApp, TestApp } from '../support/app';
import { signedInAccount } from '../support/factories';

const FIXTURE = readFileSync(join(__dirname, '..', 'fixtures', 'roster-komae.sjis.csv'));
const FIXTURE_TEXT = new TextDecoder('shift_jis').decode(FIXTURE);
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

const IMPORT = `mutation($i: ImportRosterInput!) { importRoster(input: $i) {
  municipalityCode dryRun applyValidRows applied summary encoding totalRows
  counts { created updated unchanged rejected }
  columns { field header } ignoredHeaders
  accepted { row line externalId outcome personId }
  problems { row line externalId field header message }
} }`;
const MAPPING = `query($m: String!) { rosterImportMapping(municipalityCode: $m) { municipalityCode columns { field header } updatedBy updatedAt } }`;
const SAVE_MAPPING = `mutation($i: SaveRosterImportMappingInput!) { saveRosterImportMapping(input: $i) { municipalityCode columns { field header } updatedBy } }`;

const MISSING_LOCATION =
  'is required: every row needs 緯度 and 経度 (decimal degrees, WGS 84); Anpi has no online geocoder and does not look addresses up, so take the coordinates from the municipal GIS';

/** Why the fixture's rows are rejected, exactly (see test/fixtures/make-roster-fixtures.py): [row, line, external id, field, header, message]. */
const FIXTURE_PROBLEMS = ([
  [6, 6, 'K0005', 'nameKana', 'フリガナ', 'must be written in katakana or hiragana'],
  [7, 7, 'K0006', 'birthDate', '生年月日', 'must be in the past'],
  [8, 8, 'K0007', 'careLevel', '要介護度', '"要介護６" is not a known value; use なし, 要支援1, 要支援2 or 要介護1 to 要介護5'],
  [9, 9, 'K0008', 'lat', '緯度', 'lies outside municipality 13219; move the marker or give locationOverrideReason'],
  [10, 10, 'K0009', 'phone', '電話番号', 'must be a Japanese phone number, e.g. 03-3430-1111 or 090-1234-5678'],
  [11, 11, 'K0010', 'externalId', '宛名番号', 'K0010 appears on rows 11 and 12; each person must appear once in a file'],
  [12, 12, 'K0010', 'externalId', '宛名番号', 'K0010 appears on rows 11 and 12; each person must appear once in a file'],
  [13, 13, 'K0011', 'lat', '緯度', MISSING_LOCATION],
  [17, 18, 'K0015', 'sex', '性別', '"X" is not a known value; use 男, 女, その他 or 不明'],
  [17, 18, 'K0015', 'household', '世帯状況', '"大家族" is not a known value; use 独居, 高齢者のみ or 同居'],
  [21, 22, 'K0018', 'medicalDependencies', '医療的ケア', '"ペースメーカー" is not a known value; use 人工呼吸器, 在宅酸素, 吸引, 透析, 経管栄養 or その他'],
] as const).map(([row, line, externalId, field, header, message]) => ({ row, line, externalId, field, header, message }));
const FIXTURE_REJECTED_IDS = [...new Set(FIXTURE_PROBLEMS.map((p) => p.externalId))];

/** The fixture's valid rows: [row, line, external id]. */
const FIXTURE_VALID: [number, number, string][] = [
  [2, 2, 'K0001'], [3, 3, 'K0002'], [4, 4, 'K0003'], [5, 5, 'K0004'], [14, 14, 'K0012'], [15, 16, 'K0013'], [16, 17, 'K0014'],
  [19, 20, 'K0016'], [20, 21, 'K0017'], [22, 23, 'K0019'], [23, 24, 'K0020'],
];
const FIXTURE_IDS = [...FIXTURE_VALID.map(([, , id]) => id), ...FIXTURE_REJECTED_IDS];

describe('roster import (GraphQL and REST over HTTP)', () => {
  let t: TestApp;
  let ds: DataSource;
  let staff: { id: string; token: string };

  beforeAll(async () => {
    t = await bootApp();
    ds = t.app.get(DataSource);
    // The region (boundaries) only; server mode does not seed at boot, and a suite run alone must not depend on another.
    await t.app.get(DemoSeedService).seed(false);
    staff = await signedInAccount(t, { role: Role.MUNICIPAL_STAFF, municipalityCode: '13219' });
  });
  afterAll(() => t.close());

  const countPeople = async (externalIds?: string[]) =>
    Number((await ds.query(`SELECT count(*) AS n FROM person ${externalIds ? 'WHERE municipality_code = $1 AND external_id = ANY($2)' : ''}`, externalIds ? ['13219', externalIds] : []))[0].n);
  const countImportAudit = async () => Number((await ds.query(`SELECT count(*) AS n FROM audit_log WHERE detail->>'operation' = 'importRoster'`))[0].n);
  const importFile = (input: Record<string, unknown>, token = staff.token) => t.gql(IMPORT, { i: { municipalityCode: '13219', dryRun: false, ...input } }, token);

  function postFile(body: Buffer, query: string, token: string | null = staff.token, type = 'text/csv') {
    return fetch(`${t.url}/import/roster?${query}`, {
      method: 'POST',
      headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: new Uint8Array(body),
    });
  }

  describe('the Shift_JIS fixture', () => {
    it('gives the exact report, and writes nothing when rows are rejected and applyValidRows is not set', async () => {
      const people = await countPeople();
      const audit = await countImportAudit();
      const r = await importFile({ fileBase64: FIXTURE.toString('base64') });
      expect(r.errors).toBeUndefined();
      const report = r.data!.importRoster;
      expect(report).toMatchObject({
        municipalityCode: '13219', dryRun: false, applyValidRows: false, applied: false, encoding: 'SHIFT_JIS', totalRows: 21,
        counts: { created: 11, updated: 0, unchanged: 0, rejected: 10 },
        ignoredHeaders: [],
      });
      expect(report.summary).toMatch(/^Nothing was written because 10 of 21 rows were rejected/);
      expect(report.problems).toEqual(FIXTURE_PROBLEMS);
      expect(report.accepted).toEqual(FIXTURE_VALID.map(([row, line, externalId]) => ({ row, line, externalId, outcome: 'CREATED', personId: null })));
      expect(report.columns.map((c: { header: string }) => c.header)).toEqual([
        '宛名番号', '氏名', 'フリガナ', '生年月日', '性別', '住所', '電話番号', '緯度', '経度', '要介護度', '世帯状況', '避難支援等を必要とする事由', '備考', '医療的ケア', '地区コード',
      ]);
      expect(await countPeople()).toBe(people);
      expect(await countImportAudit()).toBe(audit);
    });

    it('writes nothing at all on a dry run, and says what would happen', async () => {
      const people = await countPeople();
      const audit = await countImportAudit();
      const r = await importFile({ fileBase64: FIXTURE.toString('base64'), dryRun: true, applyValidRows: true });
      expect(r.data?.importRoster).toMatchObject({ dryRun: true, applied: false, counts: { created: 11, updated: 0, unchanged: 0, rejected: 10 } });
      expect(r.data?.importRoster.summary).toBe('Dry run, nothing was written: 11 to create, 0 to update, 0 unchanged, 10 rejected.');
      expect(r.data?.importRoster.problems).toEqual(FIXTURE_PROBLEMS);
      expect(await countPeople()).toBe(people);
      expect(await countImportAudit()).toBe(audit);
    });

    it('writes only the valid rows with applyValidRows, audits them, and a re-import updates instead of duplicating', async () => {
      const people = await countPeople();
      const audit = await countImportAudit();
      const first = (await importFile({ fileBase64: FIXTURE.toString('base64'), applyValidRows: true })).data!.importRoster;
      expect(first).toMatchObject({ applied: true, counts: { created: 11, updated: 0, unchanged: 0, rejected: 10 } });
      expect(first.problems).toEqual(FIXTURE_PROBLEMS);
      expect(await countPeople()).toBe(people + 11);
      expect(await countPeople(FIXTURE_REJECTED_IDS)).toBe(0);
      // One WRITE row for the import, one per person created.
      expect(await countImportAudit()).toBe(audit + 1 + 11);
      const [summaryRow] = await ds.query(`SELECT action, detail FROM audit_log WHERE detail->>'operation' = 'importRoster' AND person_id IS NULL ORDER BY id DESC LIMIT 1`);
      expect(summaryRow).toMatchObject({ action: 'WRITE', detail: { counts: { created: 11, updated: 0, unchanged: 0, rejected: 10 }, totalRows: 21 } });

      // Values mapped from Japanese, and priority computed with the insert.
      const [k1] = await ds.query(
        `SELECT id, name, name_kana, birth_date::text AS birth_date, sex, care_level, household, medical_dependencies, support_reasons, district_code, priority_score, priority_factors, version
           FROM person WHERE municipality_code = '13219' AND external_id = 'K0001'`,
      );
      expect(k1).toMatchObject({
        name: '狛江 一郎', name_kana: 'コマエ イチロウ', birth_date: '1938-05-01', sex: 'MALE', care_level: 'CARE_3', household: 'LIVES_ALONE',
        medical_dependencies: ['VENTILATOR'], support_reasons: ['CARE_NEED', 'MEDICAL_CARE'], district_code: '13219-01',
        priority_score: 35 + 15 + 12 + 10 + 6, priority_factors: ['VENTILATOR', 'BACKUP_UNKNOWN', 'LIVES_ALONE', 'HIGH_CARE_LEVEL', 'NO_PLAN'], version: 1,
      });
      expect(first.accepted.find((a: { externalId: string }) => a.externalId === 'K0001').personId).toBe(k1.id);
      const [k13] = await ds.query(`SELECT name_kana, phone FROM person WHERE external_id = 'K0013'`);
      expect(k13).toEqual({ name_kana: 'コマエ コウタロウ', phone: '03-3430-1112' });
      const [k12] = await ds.query(`SELECT address, support_reason_note FROM person WHERE external_id = 'K0012'`);
      expect(k12).toEqual({ address: '東和泉1-2-3, コーポ狛江101', support_reason_note: '階段の昇降が困難。\n夜間は長男が不在' });

      // The same file again: nothing new, nothing changed.
      const again = (await importFile({ fileBase64: FIXTURE.toString('base64'), applyValidRows: true })).data!.importRoster;
      expect(again).toMatchObject({ applied: true, counts: { created: 0, updated: 0, unchanged: 11, rejected: 10 } });
      expect(again.accepted.every((a: { outcome: string; personId: string }) => a.outcome === 'UNCHANGED' && a.personId)).toBe(true);
      expect(await countPeople()).toBe(people + 11);
      expect(await countImportAudit()).toBe(audit + 1 + 11 + 1);

      // One changed row (as UTF-8 text this time): that person is updated, with a new version and priority.
      const changed = FIXTURE_TEXT.replace('和泉本町1-2-3,090-1234-5678,35.6309,139.5766,要支援１,高齢者のみ,在宅酸素', '和泉本町9-9-9,090-1234-5678,35.6309,139.5766,要介護３,独居,在宅酸素');
      expect(changed).not.toBe(FIXTURE_TEXT);
      const third = (await importFile({ csv: changed, applyValidRows: true })).data!.importRoster;
      expect(third).toMatchObject({ applied: true, encoding: null, counts: { created: 0, updated: 1, unchanged: 10, rejected: 10 } });
      expect(third.accepted.filter((a: { outcome: string }) => a.outcome === 'UPDATED').map((a: { row: number; externalId: string }) => [a.row, a.externalId])).toEqual([[3, 'K0002']]);
      const [k2] = await ds.query(`SELECT address, care_level, household, version, priority_score, priority_factors FROM person WHERE external_id = 'K0002'`);
      expect(k2).toEqual({ address: '和泉本町9-9-9', care_level: 'CARE_3', household: 'LIVES_ALONE', version: 2, priority_score: 25 + 15 + 12 + 10 + 6, priority_factors: ['OXYGEN', 'BACKUP_UNKNOWN', 'LIVES_ALONE', 'HIGH_CARE_LEVEL', 'NO_PLAN'] });
      expect(await countPeople()).toBe(people + 11);
      const personAudit = await ds.query(`SELECT detail FROM audit_log WHERE person_id = $1 AND detail->>'operation' = 'importRoster' ORDER BY id`, [third.accepted[1].personId]);
      expect(personAudit.map((a: { detail: { change: string } }) => a.detail.change)).toEqual(['created', 'updated']);
    });

    it('is answered the same by POST /import/roster, which takes the raw file', async () => {
      const people = await countPeople();
      const res = await postFile(FIXTURE, 'municipalityCode=13219&dryRun=true&encoding=SHIFT_JIS');
      expect(res.status).toBe(200);
      const report = await res.json();
      expect(report).toMatchObject({ dryRun: true, applied: false, encoding: 'SHIFT_JIS', counts: { created: 0, updated: 1, unchanged: 10, rejected: 10 } });
      expect(report.problems).toEqual(FIXTURE_PROBLEMS);
      expect(await countPeople()).toBe(people);
    });
  });

  it('reads a UTF-8 file with a byte-order mark', async () => {
    const text = FIXTURE_TEXT.replace(/^K00/gm, 'U00');
    const r = await importFile({ fileBase64: Buffer.concat([BOM, Buffer.from(text, 'utf8')]).toString('base64'), applyValidRows: true });
    expect(r.data?.importRoster).toMatchObject({ applied: true, encoding: 'UTF_8', counts: { created: 11, updated: 0, unchanged: 0, rejected: 10 } });
    expect(r.data?.importRoster.columns[0]).toEqual({ field: 'EXTERNAL_ID', header: '宛名番号' });
    expect(await countPeople(FIXTURE_IDS.map((id) => id.replace('K', 'U')))).toBe(11);
  });

  it('uses the saved column mapping of the municipality', async () => {
    const csv = ['住民ID,漢字氏名,カナ氏名(全角),生年月日,性別,住所,Y座標,X座標,世帯状況', 'M0001,狛江 保存,コマエ ホゾン,1940/01/01,女,和泉本町5-5-5,35.6349,139.5786,独居'].join('\r\n');
    const before = await importFile({ csv, dryRun: true });
    expect(before.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(before.errors?.[0].extensions?.fields?.map((f) => f.message)).toEqual([
      expect.stringMatching(/^The file has no column for externalId \(looked for 宛名番号, 住民番号.*\); rename the column or save a column mapping/),
      expect.stringMatching(/^The file has no column for nameKana/),
      expect.stringMatching(/^The file has no column for lat \(looked for 緯度\)/),
      expect.stringMatching(/^The file has no column for lng \(looked for 経度\)/),
    ]);
    expect((await t.gql(MAPPING, { m: '13219' }, staff.token)).data?.rosterImportMapping).toBeNull();

    const columns = [
      { field: 'EXTERNAL_ID', header: '住民ID' },
      { field: 'NAME_KANA', header: 'カナ氏名(全角)' },
      { field: 'LAT', header: 'Y座標' },
      { field: 'LNG', header: 'X座標' },
    ];
    const saved = await t.gql(SAVE_MAPPING, { i: { municipalityCode: '13219', columns: [...columns].reverse() } }, staff.token);
    expect(saved.data?.saveRosterImportMapping).toEqual({ municipalityCode: '13219', columns, updatedBy: staff.id });
    expect((await t.gql(MAPPING, { m: '13219' }, staff.token)).data?.rosterImportMapping).toMatchObject({ municipalityCode: '13219', columns, updatedBy: staff.id });

    const after = (await importFile({ csv })).data!.importRoster;
    expect(after).toMatchObject({ applied: true, counts: { created: 1, updated: 0, unchanged: 0, rejected: 0 } });
    expect(after.columns).toEqual(expect.arrayContaining([{ field: 'NAME_KANA', header: 'カナ氏名(全角)' }, { field: 'LAT', header: 'Y座標' }]));
    const [m1] = await ds.query(`SELECT name_kana, lat, lng FROM person WHERE external_id = 'M0001'`);
    expect(m1).toEqual({ name_kana: 'コマエ ホゾン', lat: 35.6349, lng: 139.5786 });

    const twice = await t.gql(SAVE_MAPPING, { i: { municipalityCode: '13219', columns: [{ field: 'LAT', header: 'Y' }, { field: 'LNG', header: 'ｙ' }] } }, staff.token);
    expect(twice.errors?.[0].extensions?.fields).toEqual([{ field: 'input.columns.1.header', message: '"ｙ" is already the column of lat' }]);
  });

  it('refuses staff of another municipality and roles that do not manage the roster with FORBIDDEN', async () => {
    const mitaka = await signedInAccount(t, { role: Role.MUNICIPAL_STAFF, municipalityCode: '13204' });
    const careManager = await signedInAccount(t, { role: Role.CARE_MANAGER, municipalityCode: '13219' });
    const people = await countPeople();
    for (const who of [mitaka, careManager]) {
      const r = await importFile({ fileBase64: FIXTURE.toString('base64'), applyValidRows: true }, who.token);
      expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect((await t.gql(MAPPING, { m: '13219' }, who.token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect((await t.gql(SAVE_MAPPING, { i: { municipalityCode: '13219', columns: [] } }, who.token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const rest = await postFile(FIXTURE, 'municipalityCode=13219&dryRun=false&applyValidRows=true', mitaka.token);
    expect(rest.status).toBe(403);
    expect(await rest.json()).toMatchObject({ code: 'FORBIDDEN' });
    expect((await postFile(FIXTURE, 'municipalityCode=13219&dryRun=true', null)).status).toBe(401);
    expect(await countPeople()).toBe(people);
  });

  it('rejects an oversized file naming the limit', async () => {
    const res = await postFile(Buffer.alloc(10 * 1024 * 1024 + 1, 0x61), 'municipalityCode=13219&dryRun=true');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'body', message: 'The file is 10,485,761 bytes; the limit is 10 MB (10,485,760 bytes) per import. Split the file and import the parts one after another.' }],
    });
  });

  it('rejects a file with more rows than the limit naming the limit', async () => {
    const csv = `宛名番号\n${'x\n'.repeat(50_001)}`;
    const r = await importFile({ csv, dryRun: true });
    expect(r.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'input.csv', message: 'The file has more than 50,000 rows; the limit is 50,000 rows per import. Split the file and import the parts one after another.' }],
    });
  });

  it('refuses bad input: both or neither of csv and fileBase64, a file in another encoding than stated, a file without rows', async () => {
    expect((await importFile({})).errors?.[0].extensions?.fields).toEqual([{ field: 'input', message: 'give exactly one of csv or fileBase64' }]);
    expect((await importFile({ csv: 'a', fileBase64: 'YQ==' })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await importFile({ fileBase64: FIXTURE.toString('base64'), encoding: 'UTF_8' })).errors?.[0].extensions?.fields).toEqual([
      { field: 'input.fileBase64', message: 'The file is not valid UTF-8 text; check the encoding, or leave it out to detect it' },
    ]);
    expect((await importFile({ csv: '宛名番号,氏名\n' })).errors?.[0].extensions?.fields?.[0].message).toMatch(/no rows/);
    const multipart = await postFile(FIXTURE, 'municipalityCode=13219&dryRun=true', staff.token, 'multipart/form-data; boundary=x');
    expect(multipart.status).toBe(400);
  });
});
