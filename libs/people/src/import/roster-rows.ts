import type { PersonFields } from '../people.service';
import { TEXT_LIMITS } from '../person-validation';
import { CsvRecord } from './csv';
import { FIELD_ORDER, RosterImportField as F } from './roster-columns';
import {
  Parsed, normaliseCell, parseCareLevel, parseDate, parseDegrees, parseHazardFlags, parseHousehold, parseMedicalDependencies, parseSex, parseSupportReasons,
} from './roster-values';

/** Longest external id accepted (as createPerson's input). */
export const EXTERNAL_ID_MAX = 64;

export interface RowProblem {
  /** Anpi field, as in createPerson's errors (`nameKana`, `lat`…). */
  field: string;
  message: string;
}

/** One data row of the file, read into roster fields (not yet checked against the roster rules). */
export interface ImportRow {
  row: number;
  line: number;
  externalId: string | null;
  /** The fields this file sets; a field whose column the file lacks is absent (kept as stored on update). */
  fields: PersonFields;
  problems: RowProblem[];
}

const MISSING_LOCATION =
  'is required: every row needs 緯度 and 経度 (decimal degrees, WGS 84); Anpi has no online geocoder and does not look addresses up, so take the coordinates from the municipal GIS';

/**
 * Reads one record through the resolved columns: Japanese values to enums (roster-values), dates to
 * YYYY-MM-DD, required cells present, text within the createPerson input limits. Pure.
 */
export function readRow(record: CsvRecord, index: ReadonlyMap<F, number>): ImportRow {
  const problems: RowProblem[] = [];
  const fields: PersonFields = {};
  const problem = (field: F, message: string) => problems.push({ field, message });
  const cell = (f: F): string | undefined => {
    const i = index.get(f);
    return i === undefined ? undefined : (record.cells[i] ?? '').trim();
  };
  const take = <T>(f: F, parsed: Parsed<T>, set: (v: T) => void) => (parsed.ok ? set(parsed.value) : problem(f, parsed.message));
  const text = (f: F, limit: number, set: (v: string) => void) => {
    const v = cell(f);
    if (v === undefined) return;
    if (v === '') problem(f, 'is required');
    else if (v.length > limit) problem(f, `must be at most ${limit} characters`);
    else set(v);
  };

  const externalId = normaliseCell(cell(F.EXTERNAL_ID) ?? '');
  if (!externalId) problem(F.EXTERNAL_ID, 'is required: re-imports find the person by it');
  else if (externalId.length > EXTERNAL_ID_MAX) problem(F.EXTERNAL_ID, `must be at most ${EXTERNAL_ID_MAX} characters`);
  if (externalId) fields.externalId = externalId;

  text(F.NAME, TEXT_LIMITS.name, (v) => (fields.name = v));
  // Half-width katakana (ｶﾅ), common in older systems, becomes full-width.
  text(F.NAME_KANA, TEXT_LIMITS.nameKana, (v) => (fields.nameKana = normaliseCell(v)));
  text(F.ADDRESS, TEXT_LIMITS.address, (v) => (fields.address = v));

  const birth = cell(F.BIRTH_DATE);
  if (birth === '') problem(F.BIRTH_DATE, 'is required');
  else if (birth !== undefined) take(F.BIRTH_DATE, parseDate(birth), (v) => (fields.birthDate = v));

  const sex = cell(F.SEX);
  if (sex === '') problem(F.SEX, 'is required');
  else if (sex !== undefined) take(F.SEX, parseSex(sex), (v) => (fields.sex = v));

  const phone = cell(F.PHONE);
  if (phone !== undefined) {
    if (phone.length > TEXT_LIMITS.phone) problem(F.PHONE, `must be at most ${TEXT_LIMITS.phone} characters`);
    else fields.phone = phone === '' ? null : phone;
  }

  const contacts = cell(F.OTHER_CONTACTS);
  if (contacts !== undefined) {
    const list = contacts.split(/[\n、;；]+/).map((c) => c.trim()).filter(Boolean);
    if (list.length > TEXT_LIMITS.contacts) problem(F.OTHER_CONTACTS, `must be at most ${TEXT_LIMITS.contacts} entries`);
    else if (list.some((c) => c.length > 200)) problem(F.OTHER_CONTACTS, 'each entry must be at most 200 characters');
    else fields.otherContacts = list;
  }

  const lat = cell(F.LAT);
  const lng = cell(F.LNG);
  if (!lat && !lng) problem(F.LAT, MISSING_LOCATION);
  else {
    if (!lat) problem(F.LAT, MISSING_LOCATION);
    else take(F.LAT, parseDegrees(lat, -90, 90), (v) => (fields.lat = v));
    if (!lng) problem(F.LNG, MISSING_LOCATION);
    else take(F.LNG, parseDegrees(lng, -180, 180), (v) => (fields.lng = v));
  }

  const care = cell(F.CARE_LEVEL);
  if (care !== undefined) take(F.CARE_LEVEL, parseCareLevel(care), (v) => (fields.careLevel = v));

  const household = cell(F.HOUSEHOLD);
  if (household === '') problem(F.HOUSEHOLD, 'is required');
  else if (household !== undefined) take(F.HOUSEHOLD, parseHousehold(household), (v) => (fields.household = v));

  const reasons = cell(F.SUPPORT_REASONS);
  if (reasons !== undefined) take(F.SUPPORT_REASONS, parseSupportReasons(reasons), (v) => (fields.supportReasons = v));

  const note = cell(F.SUPPORT_REASON_NOTE);
  if (note !== undefined) fields.supportReasonNote = note === '' ? null : note;

  const deps = cell(F.MEDICAL_DEPENDENCIES);
  if (deps !== undefined) take(F.MEDICAL_DEPENDENCIES, parseMedicalDependencies(deps), (v) => (fields.medicalDependencies = v));

  const hazards = cell(F.HAZARD_FLAGS);
  if (hazards !== undefined) take(F.HAZARD_FLAGS, parseHazardFlags(hazards), (v) => (fields.hazardFlags = v));

  const district = cell(F.DISTRICT_CODE);
  if (district !== undefined) {
    const d = normaliseCell(district);
    if (d === '') fields.districtCode = null;
    else if (!/^\d{5}-\d{2}$/.test(d)) problem(F.DISTRICT_CODE, `"${district}" must look like 13219-01`);
    else fields.districtCode = d;
  }

  return { row: record.row, line: record.line, externalId: externalId || null, fields, problems };
}

/** Problems in field order (then as found), so a report reads left to right like the file. */
export function sortProblems(problems: RowProblem[]): RowProblem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (FIELD_ORDER.get(a.p.field) ?? 99) - (FIELD_ORDER.get(b.p.field) ?? 99) || a.i - b.i)
    .map(({ p }) => p);
}
