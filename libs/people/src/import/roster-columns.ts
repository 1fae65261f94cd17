import { valueKey } from './roster-values';

/**
 * The roster fields an import can fill, and the Japanese column headers each is found under by default.
 * A municipality whose export names a column differently saves a mapping (field → its header), which is
 * tried before the defaults. Pure.
 */
export enum RosterImportField {
  EXTERNAL_ID = 'externalId',
  NAME = 'name',
  NAME_KANA = 'nameKana',
  BIRTH_DATE = 'birthDate',
  SEX = 'sex',
  ADDRESS = 'address',
  PHONE = 'phone',
  OTHER_CONTACTS = 'otherContacts',
  LAT = 'lat',
  LNG = 'lng',
  CARE_LEVEL = 'careLevel',
  HOUSEHOLD = 'household',
  SUPPORT_REASONS = 'supportReasons',
  SUPPORT_REASON_NOTE = 'supportReasonNote',
  MEDICAL_DEPENDENCIES = 'medicalDependencies',
  HAZARD_FLAGS = 'hazardFlags',
  DISTRICT_CODE = 'districtCode',
}

export interface RosterColumn {
  field: RosterImportField;
  /** The file must have this column (createPerson's required fields, plus the external id re-imports match on). */
  required: boolean;
  /** Default headers, most common first. */
  headers: string[];
}

/**
 * In field order, which is also the order of a row's problems in the report. 個人番号 (My Number) is
 * deliberately not a default for the external id: the roster must not be keyed on it.
 */
export const ROSTER_COLUMNS: readonly RosterColumn[] = [
  { field: RosterImportField.EXTERNAL_ID, required: true, headers: ['宛名番号', '住民番号', '識別番号', '管理番号', '住民コード', '外部ID'] },
  { field: RosterImportField.NAME, required: true, headers: ['氏名', '漢字氏名', '名前'] },
  { field: RosterImportField.NAME_KANA, required: true, headers: ['フリガナ', 'ふりがな', 'カナ氏名', '氏名カナ', '氏名フリガナ', 'よみがな'] },
  { field: RosterImportField.BIRTH_DATE, required: true, headers: ['生年月日'] },
  { field: RosterImportField.SEX, required: true, headers: ['性別'] },
  { field: RosterImportField.ADDRESS, required: true, headers: ['住所', '住所又は居所', '居所'] },
  { field: RosterImportField.PHONE, required: false, headers: ['電話番号', '電話', '連絡先電話番号'] },
  { field: RosterImportField.OTHER_CONTACTS, required: false, headers: ['その他の連絡先', 'その他連絡先', '緊急連絡先'] },
  { field: RosterImportField.LAT, required: true, headers: ['緯度'] },
  { field: RosterImportField.LNG, required: true, headers: ['経度'] },
  { field: RosterImportField.CARE_LEVEL, required: false, headers: ['要介護度', '介護度', '要介護状態区分'] },
  { field: RosterImportField.HOUSEHOLD, required: true, headers: ['世帯状況', '世帯', '世帯区分'] },
  { field: RosterImportField.SUPPORT_REASONS, required: false, headers: ['避難支援等を必要とする事由', '支援を必要とする事由', '支援が必要な理由', '要支援事由'] },
  { field: RosterImportField.SUPPORT_REASON_NOTE, required: false, headers: ['事由備考', '備考'] },
  { field: RosterImportField.MEDICAL_DEPENDENCIES, required: false, headers: ['医療的ケア', '医療機器'] },
  { field: RosterImportField.HAZARD_FLAGS, required: false, headers: ['居住地ハザード', 'ハザード'] },
  { field: RosterImportField.DISTRICT_CODE, required: false, headers: ['地区コード'] },
];

export const FIELD_ORDER: ReadonlyMap<string, number> = new Map(ROSTER_COLUMNS.map((c, i) => [c.field as string, i]));

/** A saved mapping: Anpi field → the header the municipality's file uses for it. */
export type ColumnMapping = Partial<Record<RosterImportField, string>>;

export interface ResolvedColumns {
  /** Column index of each field the file has. */
  index: Map<RosterImportField, number>;
  /** Which header was used for each field, in field order. */
  used: { field: RosterImportField; header: string }[];
  /** Required fields without a column, with the headers that were looked for. */
  missing: { field: RosterImportField; lookedFor: string[] }[];
  /** Headers of the file that no field uses. */
  ignored: string[];
}

/**
 * Finds each field's column: first every field whose saved header the file has, then, for the others, the
 * first default header (or the field's own name, so Anpi's own export reads back) of a column no other
 * field took. Headers compare after NFKC, without spaces, case-insensitively.
 */
export function resolveColumns(headerCells: string[], saved: ColumnMapping = {}): ResolvedColumns {
  const position = new Map<string, number>();
  headerCells.forEach((h, i) => {
    const k = valueKey(h);
    if (k && !position.has(k)) position.set(k, i);
  });
  const index = new Map<RosterImportField, number>();
  const taken = new Set<number>();
  const take = (field: RosterImportField, headers: string[]): boolean => {
    const hit = headers.map((c) => position.get(valueKey(c))).find((i) => i !== undefined && !taken.has(i));
    if (hit === undefined) return false;
    index.set(field, hit);
    taken.add(hit);
    return true;
  };
  for (const col of ROSTER_COLUMNS) if (saved[col.field]) take(col.field, [saved[col.field] as string]);
  const missing: ResolvedColumns['missing'] = [];
  for (const col of ROSTER_COLUMNS) {
    if (index.has(col.field) || take(col.field, [...col.headers, col.field])) continue;
    if (col.required) missing.push({ field: col.field, lookedFor: [...(saved[col.field] ? [saved[col.field] as string] : []), ...col.headers] });
  }
  const used = ROSTER_COLUMNS.filter((c) => index.has(c.field)).map((c) => ({ field: c.field, header: headerCells[index.get(c.field) as number].trim() }));
  const ignored = headerCells.map((h, i) => (taken.has(i) ? null : h.trim())).filter((h): h is string => !!h);
  return { index, used, missing, ignored };
}
