import { CareLevel, HazardFlag, Household, MedicalDependency, Sex, SupportReason } from '../person.enums';

/**
 * The one place where the words of municipal roster exports become Anpi's roster enums (DOMAIN §7.1).
 * Every cell is normalised first (NFKC: full-width digits and letters and half-width katakana become their
 * usual forms, so 要介護３ = 要介護3 and ｶﾞ = ガ; spaces removed; Latin upper-cased), then looked up. The enum
 * names themselves (MALE, CARE_3…) are accepted too, so a file exported from Anpi reads back. Pure.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });

/** NFKC, trimmed, inner runs of spaces collapsed to one. */
export function normaliseCell(cell: string): string {
  return cell.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

/** The lookup key of a value: normalised, without spaces, Latin upper-cased. */
export function valueKey(cell: string): string {
  return normaliseCell(cell).replace(/ /g, '').toUpperCase();
}

function table<T extends string>(enumObject: Record<string, T>, words: Record<string, T>): Map<string, T> {
  const m = new Map<string, T>();
  for (const v of Object.values(enumObject)) m.set(v, v);
  for (const [w, v] of Object.entries(words)) m.set(valueKey(w), v);
  return m;
}

/** 性別. 1/2/0/9 are the JIS X 0303 codes (男/女/不明/適用不能) some systems export. */
export const SEX_WORDS: Record<string, Sex> = {
  男: Sex.MALE, 男性: Sex.MALE, M: Sex.MALE, '1': Sex.MALE,
  女: Sex.FEMALE, 女性: Sex.FEMALE, F: Sex.FEMALE, '2': Sex.FEMALE,
  その他: Sex.OTHER,
  不明: Sex.UNKNOWN, '0': Sex.UNKNOWN, '9': Sex.UNKNOWN,
};

/** 要介護度. An empty cell is NONE (no certification). */
export const CARE_LEVEL_WORDS: Record<string, CareLevel> = {
  なし: CareLevel.NONE, 非該当: CareLevel.NONE, 自立: CareLevel.NONE, 未申請: CareLevel.NONE,
  要支援1: CareLevel.SUPPORT_1, 要支援2: CareLevel.SUPPORT_2,
  要介護1: CareLevel.CARE_1, 要介護2: CareLevel.CARE_2, 要介護3: CareLevel.CARE_3, 要介護4: CareLevel.CARE_4, 要介護5: CareLevel.CARE_5,
};

/** 世帯状況. */
export const HOUSEHOLD_WORDS: Record<string, Household> = {
  独居: Household.LIVES_ALONE, 一人暮らし: Household.LIVES_ALONE, ひとり暮らし: Household.LIVES_ALONE, 単身: Household.LIVES_ALONE, 単身世帯: Household.LIVES_ALONE,
  高齢者のみ: Household.ELDERLY_ONLY, 高齢者のみ世帯: Household.ELDERLY_ONLY, 高齢者世帯: Household.ELDERLY_ONLY, 高齢夫婦のみ: Household.ELDERLY_ONLY,
  同居: Household.WITH_OTHERS, 家族と同居: Household.WITH_OTHERS, 同居家族あり: Household.WITH_OTHERS,
};

/** 医療的ケア (several per cell). */
export const MEDICAL_DEPENDENCY_WORDS: Record<string, MedicalDependency> = {
  人工呼吸器: MedicalDependency.VENTILATOR, 在宅人工呼吸器: MedicalDependency.VENTILATOR, 呼吸器: MedicalDependency.VENTILATOR,
  在宅酸素: MedicalDependency.OXYGEN, 在宅酸素療法: MedicalDependency.OXYGEN, 酸素: MedicalDependency.OXYGEN, 酸素濃縮器: MedicalDependency.OXYGEN, HOT: MedicalDependency.OXYGEN,
  吸引: MedicalDependency.SUCTION, たん吸引: MedicalDependency.SUCTION, 痰吸引: MedicalDependency.SUCTION, 喀痰吸引: MedicalDependency.SUCTION, 吸引器: MedicalDependency.SUCTION,
  透析: MedicalDependency.DIALYSIS, 人工透析: MedicalDependency.DIALYSIS, 腹膜透析: MedicalDependency.DIALYSIS,
  経管栄養: MedicalDependency.TUBE_FEEDING, 胃ろう: MedicalDependency.TUBE_FEEDING, 胃瘻: MedicalDependency.TUBE_FEEDING,
  その他: MedicalDependency.OTHER_DEVICE, その他医療機器: MedicalDependency.OTHER_DEVICE,
};

/** 避難支援等を必要とする事由 (several per cell). */
export const SUPPORT_REASON_WORDS: Record<string, SupportReason> = {
  要介護: SupportReason.CARE_NEED, 要介護認定: SupportReason.CARE_NEED, 要支援: SupportReason.CARE_NEED,
  身体障害: SupportReason.PHYSICAL_DISABILITY, 身体障害者手帳: SupportReason.PHYSICAL_DISABILITY,
  知的障害: SupportReason.INTELLECTUAL_DISABILITY, 療育手帳: SupportReason.INTELLECTUAL_DISABILITY,
  精神障害: SupportReason.MENTAL_DISABILITY, 精神障害者保健福祉手帳: SupportReason.MENTAL_DISABILITY, 精神手帳: SupportReason.MENTAL_DISABILITY,
  難病: SupportReason.INTRACTABLE_DISEASE,
  医療的ケア: SupportReason.MEDICAL_CARE,
  高齢独居: SupportReason.ELDERLY_ALONE, 独居高齢者: SupportReason.ELDERLY_ALONE, 高齢者独居: SupportReason.ELDERLY_ALONE,
  日本語困難: SupportReason.LANGUAGE, 日本語が困難: SupportReason.LANGUAGE,
  その他: SupportReason.OTHER,
};

/** 居住地ハザード (several per cell). */
export const HAZARD_FLAG_WORDS: Record<string, HazardFlag> = {
  土砂災害警戒区域: HazardFlag.LANDSLIDE_WARNING, 土砂災害警戒: HazardFlag.LANDSLIDE_WARNING,
  土砂災害特別警戒区域: HazardFlag.LANDSLIDE_SPECIAL, 土砂災害特別警戒: HazardFlag.LANDSLIDE_SPECIAL,
  洪水: HazardFlag.FLOOD, 洪水浸水想定区域: HazardFlag.FLOOD, 浸水想定区域: HazardFlag.FLOOD,
  津波: HazardFlag.TSUNAMI, 津波浸水想定区域: HazardFlag.TSUNAMI,
  高潮: HazardFlag.STORM_SURGE, 高潮浸水想定区域: HazardFlag.STORM_SURGE,
  家屋倒壊等氾濫想定区域: HazardFlag.HOUSE_COLLAPSE_FLOOD,
};

const SEX = table(Sex, SEX_WORDS);
const CARE_LEVEL = table(CareLevel, CARE_LEVEL_WORDS);
const HOUSEHOLD = table(Household, HOUSEHOLD_WORDS);
const MEDICAL = table(MedicalDependency, MEDICAL_DEPENDENCY_WORDS);
const SUPPORT = table(SupportReason, SUPPORT_REASON_WORDS);
const HAZARD = table(HazardFlag, HAZARD_FLAG_WORDS);

/** What the messages suggest, per value set. */
const HINT = {
  sex: '男, 女, その他 or 不明',
  careLevel: 'なし, 要支援1, 要支援2 or 要介護1 to 要介護5',
  household: '独居, 高齢者のみ or 同居',
  medical: '人工呼吸器, 在宅酸素, 吸引, 透析, 経管栄養 or その他',
  support: '要介護, 身体障害, 知的障害, 精神障害, 難病, 医療的ケア, 高齢独居, 日本語困難 or その他',
  hazard: '土砂災害警戒区域, 土砂災害特別警戒区域, 洪水, 津波, 高潮 or 家屋倒壊等氾濫想定区域',
};

/** Words meaning "none" in a list cell. */
const NONE_WORDS = new Set(['なし', '無', '無し', '-', 'NONE']);

function one<T>(cell: string, map: Map<string, T>, hint: string): Parsed<T> {
  const v = map.get(valueKey(cell));
  return v !== undefined ? ok(v) : fail(`"${cell.trim()}" is not a known value; use ${hint}`);
}

/** A list cell: values separated by 、 , ・ / ; or line breaks (full-width forms too); duplicates dropped. */
function many<T>(cell: string, map: Map<string, T>, hint: string): Parsed<T[]> {
  const parts = normaliseCell(cell).split(/[、,・/;\n ]+/).filter(Boolean);
  const out: T[] = [];
  const unknown: string[] = [];
  for (const p of parts) {
    if (NONE_WORDS.has(valueKey(p))) continue;
    const v = map.get(valueKey(p));
    if (v === undefined) unknown.push(p);
    else if (!out.includes(v)) out.push(v);
  }
  if (unknown.length) return fail(`${unknown.map((u) => `"${u}"`).join(', ')} ${unknown.length === 1 ? 'is not a known value' : 'are not known values'}; use ${hint}`);
  return ok(out);
}

export const parseSex = (cell: string): Parsed<Sex> => one(cell, SEX, HINT.sex);
export const parseCareLevel = (cell: string): Parsed<CareLevel> => (valueKey(cell) === '' ? ok(CareLevel.NONE) : one(cell, CARE_LEVEL, HINT.careLevel));
export const parseHousehold = (cell: string): Parsed<Household> => one(cell, HOUSEHOLD, HINT.household);
export const parseMedicalDependencies = (cell: string): Parsed<MedicalDependency[]> => many(cell, MEDICAL, HINT.medical);
export const parseSupportReasons = (cell: string): Parsed<SupportReason[]> => many(cell, SUPPORT, HINT.support);
export const parseHazardFlags = (cell: string): Parsed<HazardFlag[]> => many(cell, HAZARD, HINT.hazard);

/** First year of each Japanese era (和暦), by name and by initial. */
const ERAS: Record<string, number> = { 明治: 1868, 大正: 1912, 昭和: 1926, 平成: 1989, 令和: 2019, M: 1868, T: 1912, S: 1926, H: 1989, R: 2019 };

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/**
 * A date as municipal systems write it, to YYYY-MM-DD: 1938-05-01, 1938/5/1, 1938.5.1, 19380501,
 * 1938年5月1日, and 和暦 昭和13年5月1日 / S13.5.1 / 平成元年… Only the form is checked here; whether the day
 * exists and lies in the past is the roster rule's (birthDateProblem).
 */
export function parseDate(cell: string): Parsed<string> {
  const s = normaliseCell(cell).replace(/ /g, '').toUpperCase();
  const message = `"${cell.trim()}" is not a date; write it like 1938-05-01, 1938/5/1 or 昭和13年5月1日`;
  let m = /^(\d{4})(?:[-/.]|年)(\d{1,2})(?:[-/.]|月)(\d{1,2})日?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return ok(`${m[1]}-${pad(Number(m[2]), 2)}-${pad(Number(m[3]), 2)}`);
  m = /^(明治|大正|昭和|平成|令和|[MTSHR])(\d{1,2}|元)(?:[-/.]|年)(\d{1,2})(?:[-/.]|月)(\d{1,2})日?$/.exec(s);
  if (m) {
    const year = ERAS[m[1]] + (m[2] === '元' ? 1 : Number(m[2])) - 1;
    return ok(`${pad(year, 4)}-${pad(Number(m[3]), 2)}-${pad(Number(m[4]), 2)}`);
  }
  return fail(message);
}

/** Decimal degrees (WGS 84) within [min, max]; full-width digits accepted. */
export function parseDegrees(cell: string, min: number, max: number): Parsed<number> {
  const s = normaliseCell(cell).replace(/ /g, '');
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s)) return fail(`"${cell.trim()}" is not a number; write decimal degrees (WGS 84), e.g. 35.6349`);
  const v = Number(s);
  return v >= min && v <= max ? ok(v) : fail(`${s} is not between ${min} and ${max}`);
}
