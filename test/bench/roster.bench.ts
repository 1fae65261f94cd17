/**
 * Roster benchmarks (STYLE: test/bench prints figures, one JSON line each, and never asserts a time).
 *
 *   npm run bench:roster                      # PGlite
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/anpi_bench npm run bench:roster
 *
 * With DATABASE_URL the jest global setup makes a fresh database on that server for the run and drops it
 * afterwards. Figures:
 * - search over a 100,000-person roster through PeopleService.search (name / kana fragment, municipality
 *   filter, noPlan filter): p50 / p95 ms of a first page of 50;
 * - import of a 10,000-row CSV through RosterImportService.importRoster: rows/s for a dry run and an apply,
 *   of new people, of unchanged people and of changed people.
 */
import { DataSource } from 'typeorm';
import { Actor, Role } from '@anpi/access';
import { pointInMultiPolygon } from '@anpi/core';
import { DemoSeedService } from '@anpi/demo';
import { PeopleFilter, PeopleService, RosterImportService } from '@anpi/people';
import { loadBoundaries } from '@anpi/region';
import { bootApp, TestApp } from '../support/app';
import { createAccount } from '../support/factories';
import { onServerPostgres } from '../support/test-config';

const PEOPLE = 100_000;
const IMPORT_ROWS = 10_000;
const SEARCH_RUNS = 40;
const backend = onServerPostgres ? 'postgresql' : 'pglite';

function emit(figure: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ bench: 'roster', backend, ...figure })}\n`);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const round = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d;

/** 100k people in two municipalities, set-based; names from 10 × 10 common family and given names; 20% with a plan. */
async function seedPeople(ds: DataSource): Promise<void> {
  const families = ['佐藤:サトウ', '鈴木:スズキ', '高橋:タカハシ', '田中:タナカ', '伊藤:イトウ', '渡辺:ワタナベ', '山本:ヤマモト', '中村:ナカムラ', '小林:コバヤシ', '加藤:カトウ'];
  const given = ['花子:ハナコ', '太郎:タロウ', '幸子:サチコ', '清:キヨシ', '和子:カズコ', '茂:シゲル', '洋子:ヨウコ', '博:ヒロシ', '節子:セツコ', '勇:イサム'];
  const arr = (xs: string[], i: 0 | 1) => `ARRAY[${xs.map((x) => `'${x.split(':')[i]}'`).join(',')}]`;
  await ds.query(
    `INSERT INTO person (municipality_code, external_id, name, name_kana, birth_date, sex, address, lat, lng, household, care_level, priority_score, priority_factors, version)
     SELECT CASE WHEN (g / 3) % 2 = 0 THEN '13219' ELSE '13204' END,
            'BENCH' || g,
            (${arr(families, 0)})[1 + g % 10] || ' ' || (${arr(given, 0)})[1 + (g / 10) % 10],
            (${arr(families, 1)})[1 + g % 10] || ' ' || (${arr(given, 1)})[1 + (g / 10) % 10],
            date '1925-01-01' + (g * 37) % 16000,
            CASE WHEN g % 3 = 0 THEN 'MALE' ELSE 'FEMALE' END,
            '和泉本町' || (1 + g % 4) || '-' || (1 + g % 30) || '-' || (1 + g % 17),
            35.62 + (g % 1000) * 0.00003, 139.565 + ((g / 1000) % 100) * 0.0003,
            (ARRAY['LIVES_ALONE','ELDERLY_ONLY','WITH_OTHERS'])[1 + g % 3],
            (ARRAY['NONE','SUPPORT_1','SUPPORT_2','CARE_1','CARE_2','CARE_3','CARE_4','CARE_5'])[1 + g % 8],
            (g * 7919) % 101, '{}', 1
       FROM generate_series(1, ${PEOPLE}) AS g`,
  );
  await ds.query(
    `INSERT INTO plan (person_id, current_revision, status)
     SELECT id, 1, 'DRAFT' FROM person WHERE external_id LIKE 'BENCH%' AND (hashtext(external_id) % 5) = 0`,
  );
  await ds.query(`ANALYZE person`);
  await ds.query(`ANALYZE plan`);
}

/** A valid 10k-row Komae roster, points inside the real boundary (a regular grid, filtered). */
function rosterCsv(rows: number, prefix: string, address = (i: number) => `和泉本町${1 + (i % 4)}-${1 + (i % 30)}-${1 + (i % 17)}`): Buffer {
  const komae = loadBoundaries().find((f) => f.properties.code === '13219')!.geometry.coordinates;
  const points: [number, number][] = [];
  for (let y = 35.619; points.length < rows && y < 35.651; y += 0.0002) {
    for (let x = 139.562; points.length < rows && x < 139.594; x += 0.0002) {
      const p: [number, number] = [Number(x.toFixed(6)), Number(y.toFixed(6))];
      if (pointInMultiPolygon(p, komae)) points.push(p);
    }
  }
  if (points.length < rows) throw new Error(`only ${points.length} grid points inside Komae`);
  const care = ['', '要支援１', '要支援２', '要介護１', '要介護２', '要介護３', '要介護４', '要介護５'];
  const household = ['独居', '高齢者のみ', '同居'];
  const devices = ['', '', '', '', '人工呼吸器', '在宅酸素', '吸引・経管栄養', '透析'];
  const lines = ['宛名番号,氏名,フリガナ,生年月日,性別,住所,電話番号,緯度,経度,要介護度,世帯状況,医療的ケア,避難支援等を必要とする事由,地区コード'];
  for (let i = 0; i < rows; i++) {
    const [lng, lat] = points[i];
    lines.push(
      [`${prefix}${i}`, `狛江 ${i}`, 'コマエ タロウ', `19${30 + (i % 20)}/${1 + (i % 12)}/${1 + (i % 28)}`, i % 2 ? '男' : '女', address(i), `03-3430-${String(1000 + (i % 9000))}`,
        lat, lng, care[i % 8], household[i % 3], devices[i % 8], '要介護', '13219-01'].join(','),
    );
  }
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

describe('roster bench', () => {
  let t: TestApp;
  let ds: DataSource;
  let actor: Actor;

  beforeAll(async () => {
    t = await bootApp();
    ds = t.app.get(DataSource);
    await t.app.get(DemoSeedService).seed(false);
    const account = await createAccount(t.app, { role: Role.MUNICIPAL_STAFF, municipalityCode: '13219' });
    await ds.query(`INSERT INTO membership (account_id, municipality_code, district_code) VALUES ($1, '13204', NULL)`, [account.id]);
    actor = {
      accountId: account.id, sessionId: '00000000-0000-4000-8000-000000000000', role: Role.MUNICIPAL_STAFF, organisation: 'Bench',
      municipalityCodes: ['13219', '13204'], districtCodes: [], secondFactor: true, pledgeAccepted: true,
    };
  }, 600_000);
  afterAll(() => t?.close());

  it('searches a 100,000-person roster', async () => {
    const t0 = performance.now();
    await seedPeople(ds);
    emit({ figure: 'seed', people: PEOPLE, ms: round(performance.now() - t0, 0) });
    const people = t.app.get(PeopleService);
    const cases: [string, PeopleFilter][] = [
      ['name fragment 田中 (10%)', { text: '田中' }],
      ['kana fragment ナベ ハナ (1%)', { text: 'ナベ ハナ' }],
      ['kana fragment, no match', { text: 'ゾゾゾ' }],
      ['municipality 13219', { municipalityCode: '13219' }],
      ['municipality 13219 + noPlan', { municipalityCode: '13219', noPlan: true }],
      ['name 田中 + municipality 13219 + noPlan', { text: '田中', municipalityCode: '13219', noPlan: true }],
    ];
    for (const [name, filter] of cases) {
      for (let i = 0; i < 3; i++) await people.search(actor, filter, 50, null); // warm-up
      const times: number[] = [];
      let found = 0;
      for (let i = 0; i < SEARCH_RUNS; i++) {
        const s = performance.now();
        found = (await people.search(actor, filter, 50, null)).nodes.length;
        times.push(performance.now() - s);
      }
      times.sort((a, b) => a - b);
      emit({ figure: 'search', case: name, people: PEOPLE, page: 50, found, runs: SEARCH_RUNS, p50_ms: round(percentile(times, 50)), p95_ms: round(percentile(times, 95)) });
    }
  }, 1_800_000);

  it('imports a 10,000-row CSV', async () => {
    const imports = t.app.get(RosterImportService);
    const file = rosterCsv(IMPORT_ROWS, 'IMP');
    const run = async (name: string, body: Buffer, dryRun: boolean) => {
      const s = performance.now();
      const report = await imports.importRoster(actor, { municipalityCode: '13219', file: body, dryRun, fileField: 'bench' });
      const ms = performance.now() - s;
      emit({ figure: 'import', case: name, rows: IMPORT_ROWS, bytes: body.length, dryRun, counts: report.counts, ms: round(ms, 0), rows_per_s: Math.round(IMPORT_ROWS / (ms / 1000)) });
    };
    await run('new people, dry run', file, true);
    await run('new people, apply', file, false);
    await run('same file again, dry run', file, true);
    await run('same file again, apply (all unchanged)', file, false);
    const changed = rosterCsv(IMPORT_ROWS, 'IMP', (i) => `岩戸北${1 + (i % 4)}-${1 + (i % 30)}`);
    await run('every row changed, dry run', changed, true);
    await run('every row changed, apply', changed, false);
  }, 1_800_000);
});
