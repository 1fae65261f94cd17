import { CareLevel, Household, Sex } from '../person.enums';
import { parseCsv } from './csv';
import { RosterImportField, resolveColumns } from './roster-columns';
import { readRow, sortProblems } from './roster-rows';

const HEADER = '宛名番号,氏名,フリガナ,生年月日,性別,住所,電話番号,緯度,経度,要介護度,世帯状況,地区コード,備考欄';

function read(line: string, header = HEADER, saved = {}) {
  const [h, r] = parseCsv(`${header}\n${line}\n`);
  return readRow(r, resolveColumns(h.cells, saved).index);
}

describe(resolveColumns.name, () => {
  it('finds the default Japanese headers, full-width or with spaces, and lists the ones it ignores', () => {
    const cols = resolveColumns(['宛名番号', '氏 名', 'ﾌﾘｶﾞﾅ', '生年月日', '性別', '住所', '緯度', '経度', '世帯', '備考欄']);
    expect(cols.missing).toEqual([]);
    expect(cols.used.map((u) => u.field)).toEqual(['externalId', 'name', 'nameKana', 'birthDate', 'sex', 'address', 'lat', 'lng', 'household']);
    expect(cols.ignored).toEqual(['備考欄']);
  });

  it('names each missing required column with the headers it looked for', () => {
    const cols = resolveColumns(['氏名', '住所']);
    expect(cols.missing.map((m) => m.field)).toEqual(['externalId', 'nameKana', 'birthDate', 'sex', 'lat', 'lng', 'household']);
    expect(cols.missing[1].lookedFor).toEqual(['フリガナ', 'ふりがな', 'カナ氏名', '氏名カナ', '氏名フリガナ', 'よみがな']);
  });

  it('tries a saved mapping before the defaults', () => {
    const cols = resolveColumns(['ID', '氏名', '漢字氏名'], { [RosterImportField.EXTERNAL_ID]: 'ID', [RosterImportField.NAME]: '漢字氏名' });
    expect(cols.index.get(RosterImportField.EXTERNAL_ID)).toBe(0);
    expect(cols.index.get(RosterImportField.NAME)).toBe(2);
  });

  it('gives a column to one field only: a saved header wins over another field\'s default', () => {
    // 備考 is supportReasonNote's default header; saved as the address column it is the address only.
    const cols = resolveColumns(['備考', '事由備考'], { [RosterImportField.ADDRESS]: '備考' });
    expect(cols.used).toEqual([{ field: 'address', header: '備考' }, { field: 'supportReasonNote', header: '事由備考' }]);
    expect(resolveColumns(['備考'], { [RosterImportField.ADDRESS]: '備考' }).used).toEqual([{ field: 'address', header: '備考' }]);
  });
});

describe(readRow.name, () => {
  it('reads a municipal row into roster fields', () => {
    const row = read('０００１２,狛江 花子,ｺﾏｴ ﾊﾅｺ,昭和13年5月1日,女,和泉本町1-1-1,03-3430-1111,35.6349,139.5786,要介護３,独居,13219-01,x');
    expect(row).toEqual({
      row: 2,
      line: 2,
      externalId: '00012',
      problems: [],
      fields: {
        externalId: '00012', name: '狛江 花子', nameKana: 'コマエ ハナコ', birthDate: '1938-05-01', sex: Sex.FEMALE, address: '和泉本町1-1-1',
        phone: '03-3430-1111', lat: 35.6349, lng: 139.5786, careLevel: CareLevel.CARE_3, household: Household.LIVES_ALONE, districtCode: '13219-01',
      },
    });
  });

  it('reports every problem of a row, naming the field', () => {
    const row = read(',,,2000/13,犬,,,,,要介護９,大家族,13219-1,');
    expect(sortProblems(row.problems)).toEqual([
      { field: 'externalId', message: 'is required: re-imports find the person by it' },
      { field: 'name', message: 'is required' },
      { field: 'nameKana', message: 'is required' },
      { field: 'birthDate', message: '"2000/13" is not a date; write it like 1938-05-01, 1938/5/1 or 昭和13年5月1日' },
      { field: 'sex', message: '"犬" is not a known value; use 男, 女, その他 or 不明' },
      { field: 'address', message: 'is required' },
      { field: 'lat', message: expect.stringMatching(/^is required: every row needs 緯度 and 経度 .*no online geocoder/) },
      { field: 'careLevel', message: '"要介護９" is not a known value; use なし, 要支援1, 要支援2 or 要介護1 to 要介護5' },
      { field: 'household', message: '"大家族" is not a known value; use 独居, 高齢者のみ or 同居' },
      { field: 'districtCode', message: '"13219-1" must look like 13219-01' },
    ]);
  });

  it('leaves out the fields of columns the file does not have, so an update keeps them', () => {
    const row = read('7,山田,ヤマダ,1940-01-01,男,住所,35.6,139.5,同居', '宛名番号,氏名,フリガナ,生年月日,性別,住所,緯度,経度,世帯状況');
    expect(Object.keys(row.fields).sort()).toEqual(['address', 'birthDate', 'externalId', 'household', 'lat', 'lng', 'name', 'nameKana', 'sex']);
  });

  it('treats an empty phone as none and refuses a missing longitude on its own', () => {
    const row = read('8,山田,ヤマダ,1940-01-01,男,住所,,35.6,,,同居,,');
    expect(row.fields.phone).toBeNull();
    expect(row.problems.map((p) => p.field)).toEqual(['lng']);
  });
});
