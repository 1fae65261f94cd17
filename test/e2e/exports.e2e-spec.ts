import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { parseXml, XmlElement } from '@anpi/interop';
import { inspectPdf, utf16Hex } from '../../libs/checks/src/exports/pdf-inspect';
import { bootApp, TestApp } from '../support/app';

const DECLARE = `mutation($i: DeclareIncidentInput!) { declareIncident(input: $i) { id } }`;
const INCIDENT = `query($id: ID!) { incident(id: $id) { generationStatus } }`;
const MY_TASKS = `query($id: ID!, $after: String) { myTasks(incidentId: $id, first: 200, after: $after) { nodes { id priority person { id name address } } endCursor } }`;
const EXPORT = `query($id: ID!, $f: ExportFormat!, $s: TaskListScope!, $p: String) {
  taskListExport(incidentId: $id, format: $f, scope: $s, poolKey: $p) { filename mimeType contentBase64 rows hiddenRows pages exportId } }`;
const COUNTS = `query($id: ID!) { exportCounts(incidentId: $id) { accountId displayName role exports csv pdf pfif rows lastExportAt } }`;
const PFIF = `query($id: ID!) { pfifExport(incidentId: $id) }`;
const RECORD = `mutation($i: RecordCheckInput!) { recordCheck(input: $i) { task { id status } } }`;
const INCIDENT_TITLE = '多摩川水害 (出力テスト)';
const NOTICE = '取扱注意・災害対応以外の目的で使用禁止';

interface TaskNode {
  id: string;
  priority: number;
  person: { id: string; name: string; address: string } | null;
}

async function waitFor<T>(f: () => Promise<T | undefined | null | false>, ms = 30000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** RFC 4180 reader (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      (row = []), (cell = ''), i++;
    } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

const collator = new Intl.Collator('ja');
const childText = (e: XmlElement, name: string) => e.children.find((c) => c.name === name)?.text;

describe('exports: printable task lists, print counts and PFIF (GraphQL over HTTP)', () => {
  let t: TestApp;
  let ds: DataSource;
  let admin: string;
  let nurse: string;
  let volunteer: string;
  let incidentId: string;

  const allMyTasks = async (token: string): Promise<TaskNode[]> => {
    const out: TaskNode[] = [];
    let after: string | null = null as string | null;
    do {
      const r = await t.gql(MY_TASKS, { id: incidentId, after }, token);
      if (!r.data) throw new Error(JSON.stringify(r.errors));
      out.push(...r.data.myTasks.nodes);
      after = r.data.myTasks.endCursor;
    } while (after);
    return out;
  };
  const exportFile = async (token: string, f: 'CSV' | 'PDF', s: 'MINE' | 'POOL', p?: string) => {
    const r = await t.gql(EXPORT, { id: incidentId, f, s, p }, token);
    if (!r.data) throw new Error(JSON.stringify(r.errors));
    const file = r.data.taskListExport;
    return { ...file, bytes: Buffer.from(file.contentBase64, 'base64') };
  };
  /** Set EXPORT_SAMPLE_DIR to keep the generated files (e.g. to render a PDF with pdftoppm and look at it). */
  const keep = (name: string, bytes: Buffer) => process.env.EXPORT_SAMPLE_DIR && writeFileSync(join(process.env.EXPORT_SAMPLE_DIR, name), bytes);
  const dataRows = (csv: string[][]) => csv.filter((r) => /^[0-9a-f]{8}-/.test(r[0]));

  beforeAll(async () => {
    t = await bootApp({ DEMO_DATA: 'true', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error' });
    ds = t.app.get(DataSource);
    admin = (await t.login('admin.komae')).accessToken;
    nurse = (await t.login('nurse.komae')).accessToken;
    volunteer = (await t.login('volunteer.komae')).accessToken;
    const r = await t.gql(DECLARE, { i: { kind: 'FLOOD', title: INCIDENT_TITLE, municipalityCodes: ['13219'] } }, admin);
    if (!r.data) throw new Error(JSON.stringify(r.errors));
    incidentId = r.data.declareIncident.id;
    await waitFor(async () => (await t.gql(INCIDENT, { id: incidentId }, admin)).data?.incident.generationStatus === 'DONE');
  });
  afterAll(() => t.close());

  it("prints exactly the nurse's tasks as CSV, priority then address, watermarked, with formula cells defused", async () => {
    const mine = await allMyTasks(nurse);
    expect(mine.length).toBeGreaterThan(1);
    const visible = mine.find((n) => n.person)!;
    await ds.query(`UPDATE person SET address = $2 WHERE id = $1`, [visible.person!.id, `=HYPERLINK("http://evil.example","${visible.person!.address}")`]);
    const file = await exportFile(nurse, 'CSV', 'MINE').finally(() => ds.query(`UPDATE person SET address = $2 WHERE id = $1`, [visible.person!.id, visible.person!.address]));
    expect(file).toMatchObject({ mimeType: 'text/csv; charset=utf-8', rows: mine.length, hiddenRows: mine.filter((n) => !n.person).length, pages: null });
    expect(file.filename).toMatch(/^anpi-tasks-[0-9a-f]{8}-mine-\d{8}-\d{4}-[0-9a-f]{8}\.csv$/);
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM for Excel
    const text = file.bytes.toString('utf8').slice(1);
    const csv = parseCsv(text);
    const rows = dataRows(csv);

    expect(rows.map((r) => r[0]).sort()).toEqual(mine.map((n) => n.id).sort());
    const priorities = rows.map((r) => Number(r[1]));
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
    const header = csv.find((r) => r[0] === 'タスクID')!;
    const [nameAt, addressAt] = [header.indexOf('氏名'), header.indexOf('住所')];
    for (let i = 1; i < rows.length; i++) {
      if (priorities[i] === priorities[i - 1]) expect(collator.compare(rows[i - 1][addressAt], rows[i][addressAt])).toBeLessThanOrEqual(0);
    }
    const byId = new Map(mine.map((n) => [n.id, n]));
    for (const r of rows) expect(r[nameAt]).toBe(byId.get(r[0])!.person?.name ?? '詳細非表示');

    const [notice, who] = csv.slice(0, 2).map((r) => r[0]);
    expect(notice).toContain(NOTICE);
    expect(notice).toContain('return or destroy after the incident');
    expect(who).toMatch(/^# 出力者: 訪問看護師 中和泉 恵（訪問看護／狛江 訪問看護ステーション） 出力日時: \d{4}-\d\d-\d\d \d\d:\d\d JST 事案: 多摩川水害 \(出力テスト\) 出力ID: [0-9a-f]{8}（1回目）$/);
    expect(who).toContain(file.exportId);
    expect(rows.every((r) => r[r.length - 1].startsWith('訪問看護師 中和泉 恵 ') && r[r.length - 1].endsWith(`#${file.exportId}`))).toBe(true);

    // The injected formula is a text cell starting with an apostrophe, never a live formula.
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
    expect(rows.find((r) => r[0] === mine.find((n) => n.person?.id === visible.person!.id)!.id)![addressAt]).toMatch(/^'=HYPERLINK/);
  });

  it("prints a welfare volunteer's pool without the names of people the policy hides from them", async () => {
    const mine = await allMyTasks(volunteer);
    const hidden = mine.filter((n) => !n.person);
    expect(hidden.length).toBeGreaterThan(0);
    expect(mine.length - hidden.length).toBeGreaterThan(0);
    const hiddenNames: { name: string; address: string; phone: string | null }[] = await ds.query(
      `SELECT p.name, p.address, p.phone FROM task t JOIN person p ON p.id = t.person_id WHERE t.id = ANY($1::uuid[])`,
      [hidden.map((n) => n.id)],
    );

    const file = await exportFile(volunteer, 'CSV', 'POOL');
    const text = file.bytes.toString('utf8');
    const rows = dataRows(parseCsv(text.slice(1)));
    expect(file).toMatchObject({ rows: mine.length, hiddenRows: hidden.length });
    expect(rows.map((r) => r[0]).sort()).toEqual(mine.map((n) => n.id).sort());
    expect(rows.filter((r) => r.some((c) => c.includes('詳細非表示'))).length).toBe(hidden.length);
    for (const p of hiddenNames) {
      expect(text).not.toContain(p.name);
      expect(text).not.toContain(p.address);
      if (p.phone) expect(text).not.toContain(p.phone);
    }
    // Hidden rows still say where to go, roughly: district and a location rounded to ~500 m.
    const hiddenRow = rows.find((r) => r.includes('詳細非表示'))!;
    expect(hiddenRow.join(',')).toMatch(/狛江市 第1地区 \/ 概略位置 \d+\.\d{3}, \d+\.\d{3}/);

    const pdf = await exportFile(volunteer, 'PDF', 'POOL', 'WELFARE_VOLUNTEER:13219-01');
    keep('volunteer-pool.pdf', pdf.bytes);
    keep('volunteer-pool.csv', file.bytes);
    const content = inspectPdf(pdf.bytes).content;
    expect(content.split(utf16Hex('詳細非表示')).length - 1).toBe(hidden.length);
    for (const p of hiddenNames) expect(content).not.toContain(utf16Hex(p.name));

    const other = await t.gql(EXPORT, { id: incidentId, f: 'CSV', s: 'POOL', p: 'WELFARE_VOLUNTEER:13219-02' }, volunteer);
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const bad = await t.gql(EXPORT, { id: incidentId, f: 'CSV', s: 'POOL', p: 'x' }, volunteer);
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('lets a coordinator print a district pool, the same open tasks the volunteers of that district see', async () => {
    const vol = await allMyTasks(volunteer);
    const file = await exportFile(admin, 'CSV', 'POOL', 'WELFARE_VOLUNTEER:13219-01');
    const rows = dataRows(parseCsv(file.bytes.toString('utf8').slice(1)));
    expect(rows.map((r) => r[0]).sort()).toEqual(vol.map((n) => n.id).sort());
    expect(file.hiddenRows).toBe(0); // municipal internal use (49-11(1))
  });

  it('writes a structurally valid A4 PDF with the watermark on every page', async () => {
    const mine = await allMyTasks(nurse);
    const file = await exportFile(nurse, 'PDF', 'MINE');
    keep('nurse-mine.pdf', file.bytes);
    expect(file.mimeType).toBe('application/pdf');
    expect(file.filename).toMatch(/\.pdf$/);
    expect(file.bytes.subarray(0, 9).toString('latin1')).toBe('%PDF-1.4\n');
    const pdf = inspectPdf(file.bytes);
    expect(pdf).toMatchObject({ version: '1.4', badOffsets: [], startxrefOk: true, fontOk: true, pageCount: file.pages, declaredPages: file.pages });
    expect(pdf.objectCount).toBe(7 + 2 * file.pages);
    expect(file.pages).toBeGreaterThanOrEqual(Math.ceil(mine.length / 20));
    const count = (s: string) => pdf.content.split(utf16Hex(s)).length - 1;
    expect(count('訪問看護師 中和泉 恵')).toBeGreaterThanOrEqual(3 * file.pages); // header, footer, diagonal stamp
    expect(count(NOTICE)).toBeGreaterThanOrEqual(2 * file.pages);
    expect(count('return or destroy after the incident')).toBe(file.pages);
    expect(count(INCIDENT_TITLE)).toBeGreaterThanOrEqual(file.pages);
    expect(count('狛江 訪問看護ステーション')).toBeGreaterThanOrEqual(file.pages);
    expect(pdf.content).toMatch(new RegExp(`${utf16Hex('出力日時: ')}[0-9A-F]{64}${utf16Hex(' JST')}`));
    for (const n of mine) if (n.person && n.person.name.length <= 9) expect(count(n.person.name)).toBeGreaterThan(0);
    expect(count('詳細非表示')).toBe(mine.filter((n) => !n.person).length);
  });

  it('logs every export with counts but no names, and counts prints per account for admins', async () => {
    const rows: { account_id: string; role: string; organisation: string; data_class: string; purpose: string; detail: Record<string, unknown> }[] = await ds.query(
      `SELECT account_id, role, organisation, data_class, purpose, detail FROM audit_log WHERE action = 'EXPORT' AND incident_id = $1 ORDER BY id`,
      [incidentId],
    );
    expect(rows).toHaveLength(5);
    const [nurseCsv] = rows;
    expect(nurseCsv).toMatchObject({ role: 'VISITING_NURSE', organisation: '狛江 訪問看護ステーション', data_class: 'R', purpose: 'EXPORT' });
    expect(nurseCsv.detail).toMatchObject({ operation: 'taskListExport', format: 'CSV', scope: 'MINE', rows: expect.any(Number), people: expect.any(Number), hiddenRows: expect.any(Number) });
    const names: { name: string }[] = await ds.query(`SELECT name FROM person WHERE municipality_code = '13219'`);
    const details = JSON.stringify(rows.map((r) => r.detail));
    expect(names.filter((n) => details.includes(n.name))).toEqual([]);

    const counts = await t.gql(COUNTS, { id: incidentId }, admin);
    const list = counts.data?.exportCounts as { displayName: string; exports: number; csv: number; pdf: number; pfif: number; rows: number }[];
    const by = new Map(list.map((c) => [c.displayName, c]));
    expect(by.get('訪問看護師 中和泉 恵')).toMatchObject({ exports: 2, csv: 1, pdf: 1, pfif: 0 });
    expect(by.get('民生委員 和泉 一子')).toMatchObject({ exports: 2, csv: 1, pdf: 1 });
    expect(by.get('狛江 防災 管理者')).toMatchObject({ exports: 1, csv: 1 });
    expect(by.get('訪問看護師 中和泉 恵')!.rows).toBe((nurseCsv.detail.rows as number) * 2);

    // The next print says it is the third.
    const third = await exportFile(nurse, 'CSV', 'MINE');
    expect(third.bytes.toString('utf8')).toContain('（3回目）');
    expect((await t.gql(COUNTS, { id: incidentId }, nurse)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql(COUNTS, { id: randomUUID() }, admin)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('exports PFIF 1.4 only for people who agreed to sharing, with no device, plan or free-text details', async () => {
    const now = Date.now();
    const check = async (token: string, taskId: string, outcome: string, note?: string) => {
      const r = await t.gql(RECORD, { i: { taskId, outcome, note, observedAt: new Date(now - 60000).toISOString(), clientEventId: randomUUID() } }, token);
      if (!r.data) throw new Error(JSON.stringify(r.errors));
    };
    // The nurse checks her patients, typing device details into the note; the volunteer checks consenting and hidden people.
    const consentOf = async (taskIds: string[]) =>
      (await ds.query(
        `SELECT t.id, t.person_id, (SELECT c.decision FROM consent_record c WHERE c.person_id = t.person_id AND c.scope = 'ROSTER_SHARE_NORMAL' AND c.supporter_key IS NULL
                 ORDER BY c.obtained_at DESC, c.recorded_at DESC LIMIT 1) AS decision
           FROM task t WHERE t.id = ANY($1::uuid[])`,
        [taskIds],
      )) as { id: string; person_id: string; decision: string | null }[];
    const nurseTasks = (await allMyTasks(nurse)).filter((n) => n.person).slice(0, 4);
    for (const n of nurseTasks) await check(nurse, n.id, 'SAFE_AT_HOME', '人工呼吸器 内部バッテリー残り3時間、酸素ボンベ交換済');
    const volTasks = await allMyTasks(volunteer);
    const hiddenTasks = await consentOf(volTasks.filter((n) => !n.person).map((n) => n.id));
    // In the demo, the people hidden from the volunteer refused roster sharing; two of them are checked.
    const [refused, hiddenSafe] = hiddenTasks;
    expect(hiddenTasks.every((h) => h.decision === 'REFUSE')).toBe(true);
    await check(volunteer, refused.id, 'NOT_REACHABLE');
    await check(volunteer, hiddenSafe.id, 'EVACUATED');
    // People who never answered the consent question: one not reached, one safe (checked by a coordinator).
    const unansweredTasks = (await consentOf(
      ((await ds.query(`SELECT DISTINCT ON (person_id) id FROM task WHERE incident_id = $1 AND status = 'UNCHECKED' ORDER BY person_id, id`, [incidentId])) as { id: string }[]).map((r) => r.id),
    )).filter((c) => c.decision !== 'AGREE' && c.decision !== 'REFUSE');
    const [unanswered, unansweredSafe] = unansweredTasks;
    expect(unansweredSafe).toBeDefined();
    await check(admin, unanswered.id, 'NOT_REACHABLE');
    await check(admin, unansweredSafe.id, 'SAFE_AT_HOME');
    const visibleVol = volTasks.filter((n) => n.person).slice(0, 3);
    for (const n of visibleVol) await check(volunteer, n.id, 'NOT_REACHABLE', '隣人の話では長女宅へ');
    // A coordinator records a death for one of the nurse's (consenting) patients.
    const deceased = (await consentOf(nurseTasks.map((n) => n.id))).find((c) => c.decision === 'AGREE')!;
    await check(admin, deceased.id, 'DECEASED');

    const pfif = await t.gql(PFIF, { id: incidentId }, admin);
    if (!pfif.data) throw new Error(JSON.stringify(pfif.errors));
    const xml: string = pfif.data.pfifExport;
    keep('pfif.xml', Buffer.from(xml));
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4">')).toBe(true);
    const root = parseXml(xml); // throws unless well-formed
    expect(root.name).toBe('pfif');
    expect(xml.match(/<\/?([a-z_]+:)?[a-z_]+/g)!.every((tag) => /^<\/?pfif:/.test(tag))).toBe(true);

    const persons = root.children;
    expect(persons.length).toBeGreaterThan(0);
    const utc = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
    const ids: string[] = [];
    for (const p of persons) {
      expect(p.name).toBe('person');
      for (const f of ['person_record_id', 'entry_date', 'source_date', 'full_name', 'author_name']) expect(childText(p, f)).toBeTruthy();
      for (const f of ['entry_date', 'source_date', 'expiry_date']) expect(childText(p, f)).toMatch(utc);
      const id = childText(p, 'person_record_id')!;
      expect(id).toMatch(/^anpi\.13219\/[0-9a-f-]{36}$/);
      ids.push(id.split('/')[1]);
      const notes = p.children.filter((c) => c.name === 'note');
      expect(notes.length).toBeGreaterThan(0);
      for (const n of notes) {
        for (const f of ['note_record_id', 'person_record_id', 'entry_date', 'author_name', 'source_date', 'status', 'text']) expect(childText(n, f)).toBeTruthy();
        expect(childText(n, 'person_record_id')).toBe(id);
        expect(childText(n, 'note_record_id')).toMatch(/^anpi\.13219\/task\.[0-9a-f-]{36}\.\d+$/);
        expect(childText(n, 'source_date')).toMatch(utc);
        expect(childText(n, 'entry_date')).toMatch(utc);
        expect(['information_sought', 'is_note_author', 'believed_alive', 'believed_missing', 'believed_dead']).toContain(childText(n, 'status'));
      }
    }
    // Exactly the checked people who agreed to roster sharing.
    const checked = await consentOf(
      ((await ds.query(`SELECT id FROM task WHERE incident_id = $1 AND status <> 'UNCHECKED'`, [incidentId])) as { id: string }[]).map((r) => r.id),
    );
    const agreeing = [...new Set(checked.filter((c) => c.decision === 'AGREE').map((c) => c.person_id))];
    expect(ids.sort()).toEqual(agreeing.sort());
    for (const h of [refused, hiddenSafe, unanswered, unansweredSafe]) expect(ids).not.toContain(h.person_id);

    const statusOf = (personId: string) => persons.find((p) => childText(p, 'person_record_id')!.endsWith(personId))!.children.filter((c) => c.name === 'note').map((n) => childText(n, 'status'));
    expect(statusOf(deceased.person_id)).toContain('believed_dead');
    const volVisiblePerson = visibleVol.map((n) => n.person!.id).find((id) => ids.includes(id));
    if (volVisiblePerson) expect(statusOf(volVisiblePerson)).toContain('information_sought');

    // No device, plan, contact or free-text words.
    for (const word of ['人工呼吸器', '酸素', 'バッテリー', '長女宅', 'VENTILATOR', 'OXYGEN', 'supporter', '猪方 花子', 'careNotes', 'destination']) expect(xml).not.toContain(word);
    const details: { address: string; phone: string | null; birth_date: string }[] = await ds.query(
      `SELECT address, phone, to_char(birth_date, 'YYYY-MM-DD') AS birth_date FROM person WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    for (const d of details) {
      expect(xml).not.toContain(d.address);
      if (d.phone) expect(xml).not.toContain(d.phone);
      expect(xml).not.toContain(d.birth_date);
    }

    // With disaster disclosure on, people unaccounted for are named unless they refused; others still not.
    await t.gql(`mutation($i: SetDisasterDisclosureInput!) { setDisasterDisclosure(input: $i) { id } }`, { i: { incidentId, on: true, reason: '安否不明者の捜索のため', expiresAt: new Date(now + 86400000).toISOString() } }, admin);
    const during = parseXml((await t.gql(PFIF, { id: incidentId }, admin)).data?.pfifExport as string).children.map((p) => childText(p, 'person_record_id')!.split('/')[1]);
    expect(during.sort()).toEqual([...agreeing, unanswered.person_id].sort());
    await t.gql(`mutation($i: SetDisasterDisclosureInput!) { setDisasterDisclosure(input: $i) { id } }`, { i: { incidentId, on: false } }, admin);

    const [logged] = await ds.query(`SELECT detail FROM audit_log WHERE action = 'EXPORT' AND incident_id = $1 AND detail->>'operation' = 'pfifExport' ORDER BY id LIMIT 1`, [incidentId]);
    expect(logged.detail).toMatchObject({ format: 'PFIF', rows: agreeing.length, people: agreeing.length });
  });

  it('refuses PFIF to anyone but a municipal admin', async () => {
    for (const login of ['nurse.komae', 'volunteer.komae', 'staff.komae']) {
      const token = (await t.login(login)).accessToken;
      const r = await t.gql(PFIF, { id: incidentId }, token);
      expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(r.data).toBeNull();
    }
  });
});
