import { ageOn, birthDateProblem, isKana, normalisePhone, toKatakana } from './person-validation';

describe('roster field rules', () => {
  it.each([
    ['ヤマダ タロウ', true], ['やまだ たろう', true], ['サトウ・ハナコ', true], ['ヤマダ　タロウ', true], ['ヨシダ ケンイチロー', true],
    ['山田 太郎', false], ['Yamada', false], ['ヤマダ1', false], ['   ', false], ['', false],
  ])('isKana(%j) is %s', (s, expected) => expect(isKana(s)).toBe(expected));

  it.each([
    ['03-3430-1111', '03-3430-1111'], ['0334301111', '03-3430-1111'], ['042-364-1111', '042-364-1111'],
    ['090-1234-5678', '090-1234-5678'], ['09012345678', '090-1234-5678'], ['０９０－１２３４－５６７８', '090-1234-5678'],
    ['0120-123-456', '0120-123-456'], ['050 1234 5678', '050-1234-5678'],
    ['1234', null], ['090-1234-567', null], ['+81 90 1234 5678', null], ['call me', null],
  ])('normalisePhone(%j) → %j', (input, expected) => expect(normalisePhone(input)).toBe(expected));

  it.each([
    ['1941-02-29', 'is not a real date'], ['1940-02-29', null], ['1940-13-01', 'is not a real date'], ['2030-01-01', 'must be in the past'],
    ['01/02/1940', 'must be a date as YYYY-MM-DD'], ['1850-01-01', 'must be after 1900'], ['1940-02-28', null],
  ])('birthDateProblem(%j) → %j', (iso, expected) => expect(birthDateProblem(iso, new Date('2026-11-26T00:00:00Z'))).toBe(expected));

  it('turns hiragana into katakana and leaves the rest', () => {
    expect(toKatakana('やまだ たろう・ゔ')).toBe('ヤマダ タロウ・ヴ');
    expect(toKatakana('ヤマダ')).toBe('ヤマダ');
  });

  it('computes age on a date, before and after the birthday', () => {
    expect(ageOn('1940-12-01', new Date('2026-11-26T00:00:00Z'))).toBe(85);
    expect(ageOn('1940-11-26', new Date('2026-11-26T00:00:00Z'))).toBe(86);
  });
});
