import { CareLevel, HazardFlag, Household, MedicalDependency, Sex, SupportReason } from '../person.enums';
import {
  normaliseCell, parseCareLevel, parseDate, parseDegrees, parseHazardFlags, parseHousehold, parseMedicalDependencies, parseSex, parseSupportReasons,
} from './roster-values';

const value = <T>(p: { ok: true; value: T } | { ok: false; message: string }) => (p.ok ? p.value : `ERROR: ${p.message}`);

describe('roster value maps', () => {
  it.each([
    ['男', Sex.MALE], ['男性', Sex.MALE], ['1', Sex.MALE], ['１', Sex.MALE], ['m', Sex.MALE],
    ['女', Sex.FEMALE], [' 女性 ', Sex.FEMALE], ['2', Sex.FEMALE], ['FEMALE', Sex.FEMALE],
    ['その他', Sex.OTHER], ['不明', Sex.UNKNOWN], ['9', Sex.UNKNOWN],
  ])('reads sex %j as %s', (cell, expected) => {
    expect(value(parseSex(cell))).toBe(expected);
  });

  it('refuses an unknown sex naming the accepted values', () => {
    expect(parseSex('オス')).toEqual({ ok: false, message: '"オス" is not a known value; use 男, 女, その他 or 不明' });
  });

  it.each([
    ['', CareLevel.NONE], ['なし', CareLevel.NONE], ['非該当', CareLevel.NONE],
    ['要支援１', CareLevel.SUPPORT_1], ['要支援2', CareLevel.SUPPORT_2],
    ['要介護1', CareLevel.CARE_1], ['要介護２', CareLevel.CARE_2], ['要介護３', CareLevel.CARE_3], ['要介護 4', CareLevel.CARE_4], ['要介護５', CareLevel.CARE_5],
    ['CARE_3', CareLevel.CARE_3],
  ])('reads care level %j as %s', (cell, expected) => {
    expect(value(parseCareLevel(cell))).toBe(expected);
  });

  it('refuses a care level that does not exist', () => {
    expect(parseCareLevel('要介護６')).toEqual({ ok: false, message: '"要介護６" is not a known value; use なし, 要支援1, 要支援2 or 要介護1 to 要介護5' });
  });

  it.each([
    ['独居', Household.LIVES_ALONE], ['一人暮らし', Household.LIVES_ALONE], ['単身世帯', Household.LIVES_ALONE],
    ['高齢者のみ', Household.ELDERLY_ONLY], ['高齢者世帯', Household.ELDERLY_ONLY],
    ['同居', Household.WITH_OTHERS], ['家族と同居', Household.WITH_OTHERS],
  ])('reads household %j as %s', (cell, expected) => {
    expect(value(parseHousehold(cell))).toBe(expected);
  });

  it('reads several medical dependencies in one cell, with any separator, without duplicates', () => {
    expect(value(parseMedicalDependencies('人工呼吸器・在宅酸素、吸引／透析,経管栄養;胃ろう'))).toEqual([
      MedicalDependency.VENTILATOR, MedicalDependency.OXYGEN, MedicalDependency.SUCTION, MedicalDependency.DIALYSIS, MedicalDependency.TUBE_FEEDING,
    ]);
    expect(value(parseMedicalDependencies(''))).toEqual([]);
    expect(value(parseMedicalDependencies('なし'))).toEqual([]);
  });

  it('names every unknown value of a list cell', () => {
    expect(parseMedicalDependencies('人工呼吸器、ペースメーカー、義足')).toEqual({
      ok: false,
      message: '"ペースメーカー", "義足" are not known values; use 人工呼吸器, 在宅酸素, 吸引, 透析, 経管栄養 or その他',
    });
  });

  it('reads support reasons and hazard flags', () => {
    expect(value(parseSupportReasons('要介護、身体障害、療育手帳、精神手帳、難病、医療的ケア、高齢独居、日本語困難、その他'))).toEqual([
      SupportReason.CARE_NEED, SupportReason.PHYSICAL_DISABILITY, SupportReason.INTELLECTUAL_DISABILITY, SupportReason.MENTAL_DISABILITY,
      SupportReason.INTRACTABLE_DISEASE, SupportReason.MEDICAL_CARE, SupportReason.ELDERLY_ALONE, SupportReason.LANGUAGE, SupportReason.OTHER,
    ]);
    expect(value(parseHazardFlags('洪水浸水想定区域・土砂災害特別警戒区域・家屋倒壊等氾濫想定区域'))).toEqual([
      HazardFlag.FLOOD, HazardFlag.LANDSLIDE_SPECIAL, HazardFlag.HOUSE_COLLAPSE_FLOOD,
    ]);
  });

  it.each([
    ['1938-05-01', '1938-05-01'], ['1938/5/1', '1938-05-01'], ['1938.05.01', '1938-05-01'], ['19380501', '1938-05-01'],
    ['1938年5月1日', '1938-05-01'], ['１９３８／０５／０１', '1938-05-01'],
    ['昭和13年5月1日', '1938-05-01'], ['S13.5.1', '1938-05-01'], ['s13/5/1', '1938-05-01'], ['平成元年1月8日', '1989-01-08'],
    ['大正15年12月24日', '1926-12-24'], ['明治45年7月29日', '1912-07-29'], ['令和2年2月2日', '2020-02-02'],
    ['1941/2/29', '1941-02-29'], // the form is right; birthDateProblem says the day does not exist
  ])('reads the date %j as %s', (cell, expected) => {
    expect(value(parseDate(cell))).toBe(expected);
  });

  it.each(['不明', '1938-5', '38/5/1', '昭和十三年五月一日'])('refuses %j as a date', (cell) => {
    expect(parseDate(cell)).toEqual({ ok: false, message: `"${cell}" is not a date; write it like 1938-05-01, 1938/5/1 or 昭和13年5月1日` });
  });

  it('reads decimal degrees, full-width too, within range', () => {
    expect(value(parseDegrees('35.6349', -90, 90))).toBe(35.6349);
    expect(value(parseDegrees('１３９．５７８６', -180, 180))).toBe(139.5786);
    expect(parseDegrees('95', -90, 90)).toEqual({ ok: false, message: '95 is not between -90 and 90' });
    expect(parseDegrees('35°38′', -90, 90).ok).toBe(false);
  });

  it('normalises half-width katakana and full-width spaces', () => {
    expect(normaliseCell(' ﾔﾏﾀﾞ　ﾊﾅｺ ')).toBe('ヤマダ ハナコ');
  });
});
