import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppException, ErrorCode } from '@anpi/core';
import { AccessPolicyService, Actor, AuditAction, AuditEntry, AuditService, Capability, DataClass, Purpose, assertCan } from '@anpi/access';
import { PeopleService } from '../people.service';
import { CareLevel } from '../person.enums';
import { PersonRepository } from '../person.repository';
import { Problems } from '../person-validation';
import { backupRuntimeHours, priorityOf } from '../priority';
import { CsvRecordLimitError, CsvSyntaxError, parseCsv } from './csv';
import { CsvDecodeError, CsvEncoding, decodeCsv } from './csv-encoding';
import { ColumnMapping, RosterImportField, resolveColumns } from './roster-columns';
import { PersonImportValues, RosterImportRepository, StoredPerson } from './roster-import.repository';
import { RosterImportMappingEntity } from './roster-import-mapping.entity';
import { ImportRow, RowProblem, readRow, sortProblems } from './roster-rows';
import { valueKey } from './roster-values';
import { PreloadedRegion } from './preloaded-region';

/** Limits of one import (checked before anything is parsed or written). */
export const ROSTER_IMPORT_LIMITS = {
  /** 10 MB: a roster of 50,000 people with every column is about 8 MB. */
  maxBytes: 10 * 1024 * 1024,
  maxRows: 50_000,
} as const;

export enum RowOutcome {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  UNCHANGED = 'UNCHANGED',
}

export interface RosterImportRequest {
  municipalityCode: string;
  /** The file as bytes (encoding detected or given), or as text already decoded. */
  file: Buffer | string;
  encoding?: CsvEncoding | null;
  dryRun: boolean;
  /** Write the valid rows of a file that has rejected rows (default: a reject means nothing is written). */
  applyValidRows?: boolean;
  /** Input path named in file-level errors (`input.fileBase64`, `body`…). */
  fileField: string;
}

/** One reason a row is rejected (a row with several problems has several entries). */
export interface ReportProblem extends RowProblem {
  row: number;
  line: number;
  externalId: string | null;
  /** The file's header for the field, when the file has that column. */
  header: string | null;
}

export interface RosterImportReport {
  municipalityCode: string;
  dryRun: boolean;
  applyValidRows: boolean;
  /** Whether this call wrote anything. */
  applied: boolean;
  summary: string;
  /** Null when the file came as text. */
  encoding: CsvEncoding | null;
  totalRows: number;
  counts: { created: number; updated: number; unchanged: number; rejected: number };
  columns: { field: RosterImportField; header: string }[];
  ignoredHeaders: string[];
  accepted: { row: number; line: number; externalId: string; outcome: RowOutcome; personId: string | null }[];
  /** Why rows are rejected: one entry per row and field, in file order (grouped by row, fields in column order). */
  problems: ReportProblem[];
}

/** A row that passed every rule, with what would be written. */
interface PlannedRow {
  source: ImportRow;
  externalId: string;
  outcome: RowOutcome;
  stored: StoredPerson | undefined;
  values: Omit<PersonImportValues, 'priorityScore' | 'priorityFactors'>;
}

const COMPARED: (keyof PlannedRow['values'])[] = [
  'name', 'nameKana', 'birthDate', 'sex', 'address', 'phone', 'otherContacts', 'lat', 'lng', 'supportReasons', 'supportReasonNote',
  'medicalDependencies', 'careLevel', 'household', 'hazardFlags', 'districtCode', 'locationOverrideReason',
];

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

const n = (v: number) => v.toLocaleString('en-US');

/**
 * Roster import from a municipal CSV export (DOMAIN §1.2: rosters are rebuilt from the municipality's own
 * records and must be kept current). A file is read and checked whole, in memory, with the createPerson
 * rules (PeopleService.validate); then either nothing is written (dry run, or rejected rows without
 * applyValidRows) or every accepted row is written in one transaction, set-based, with its audit rows.
 * People are matched by external id, so a re-import updates instead of duplicating.
 */
@Injectable()
export class RosterImportService {
  constructor(
    private readonly ds: DataSource,
    private readonly imports: RosterImportRepository,
    private readonly people: PersonRepository,
    private readonly policy: AccessPolicyService,
    private readonly audit: AuditService,
  ) {}

  async mapping(actor: Actor, municipalityCode: string): Promise<RosterImportMappingEntity | null> {
    this.assertMayImport(actor, municipalityCode);
    return this.imports.findMapping(municipalityCode);
  }

  async saveMapping(actor: Actor, municipalityCode: string, columns: { field: RosterImportField; header: string }[]): Promise<RosterImportMappingEntity> {
    this.assertMayImport(actor, municipalityCode);
    const problems: { field: string; message: string }[] = [];
    const mapping: ColumnMapping = {};
    const headers = new Map<string, RosterImportField>();
    columns.forEach((c, i) => {
      const header = c.header.trim();
      const key = valueKey(header);
      if (!header) problems.push({ field: `input.columns.${i}.header`, message: 'must not be empty' });
      else if (mapping[c.field] !== undefined) problems.push({ field: `input.columns.${i}.field`, message: `${c.field} is mapped twice` });
      else if (headers.has(key)) problems.push({ field: `input.columns.${i}.header`, message: `"${header}" is already the column of ${headers.get(key)}` });
      else {
        mapping[c.field] = header;
        headers.set(key, c.field);
      }
    });
    if (problems.length) throw AppException.badInput(problems);
    return this.imports.saveMapping(municipalityCode, mapping, actor.accountId);
  }

  async importRoster(actor: Actor, req: RosterImportRequest): Promise<RosterImportReport> {
    this.assertMayImport(actor, req.municipalityCode);
    const code = req.municipalityCode;
    const fileError = (message: string) => AppException.badInput([{ field: req.fileField, message }]);

    const size = typeof req.file === 'string' ? Buffer.byteLength(req.file, 'utf8') : req.file.length;
    if (size > ROSTER_IMPORT_LIMITS.maxBytes) {
      throw fileError(`The file is ${n(size)} bytes; the limit is 10 MB (${n(ROSTER_IMPORT_LIMITS.maxBytes)} bytes) per import. Split the file and import the parts one after another.`);
    }
    let text: string;
    let encoding: CsvEncoding | null = null;
    if (typeof req.file === 'string') text = req.file;
    else {
      try {
        ({ text, encoding } = decodeCsv(req.file, req.encoding));
      } catch (e) {
        if (e instanceof CsvDecodeError) throw fileError(e.message);
        throw e;
      }
    }
    let records;
    try {
      records = parseCsv(text, ROSTER_IMPORT_LIMITS.maxRows + 1);
    } catch (e) {
      if (e instanceof CsvRecordLimitError) {
        throw fileError(`The file has more than ${n(ROSTER_IMPORT_LIMITS.maxRows)} rows; the limit is ${n(ROSTER_IMPORT_LIMITS.maxRows)} rows per import. Split the file and import the parts one after another.`);
      }
      if (e instanceof CsvSyntaxError) throw fileError(`The file is not valid CSV: ${e.message}`);
      throw e;
    }
    if (records.length < 2) throw fileError('The file has no rows: it needs a header row and at least one row of people');

    const saved = await this.imports.findMapping(code);
    const cols = resolveColumns(records[0].cells, saved?.mapping);
    if (cols.missing.length) {
      throw AppException.badInput(
        cols.missing.map((m) => ({
          field: req.fileField,
          message: `The file has no column for ${m.field} (looked for ${m.lookedFor.join(', ')}); rename the column or save a column mapping with saveRosterImportMapping`,
        })),
      );
    }
    const rows = records.slice(1).map((r) => readRow(r, cols.index));
    markDuplicateExternalIds(rows);

    // One containment query for the whole file; validate() then answers from it.
    const points = rows.filter((r) => r.fields.lat !== undefined && r.fields.lng !== undefined).map((r) => ({ lat: r.fields.lat as number, lng: r.fields.lng as number }));
    const region = new PreloadedRegion(this.ds, code, points, await this.imports.pointsInside(code, points));
    const rules = new PeopleService(this.ds, this.people, region, this.policy, this.audit);

    const headerOf = new Map<string, string>(cols.used.map((u) => [u.field, u.header]));
    const base = {
      municipalityCode: code, dryRun: req.dryRun, applyValidRows: req.applyValidRows ?? false, encoding, totalRows: rows.length,
      columns: cols.used, ignoredHeaders: cols.ignored,
    };
    const plan = async (m: EntityManager) => {
      const stored = await this.imports.byExternalIds(code, rows.flatMap((r) => (r.externalId ? [r.externalId] : [])), m);
      const accepted: PlannedRow[] = [];
      const problems: ReportProblem[] = [];
      let rejected = 0;
      for (const row of rows) {
        const planned = await this.check(rules, code, row, row.externalId ? stored.get(row.externalId) : undefined);
        if ('problems' in planned) {
          rejected++;
          for (const p of planned.problems) problems.push({ row: row.row, line: row.line, externalId: row.externalId, field: p.field, header: headerOf.get(p.field) ?? null, message: p.message });
        } else accepted.push(planned);
      }
      return { accepted, rejected, problems };
    };

    if (req.dryRun) return this.report(base, await plan(this.ds.manager), false, null);
    return this.ds.transaction(async (m) => {
      await this.imports.lockMunicipality(code, m);
      const planned = await plan(m);
      if (planned.rejected && !req.applyValidRows) return this.report(base, planned, false, null);
      const ids = await this.write(code, planned.accepted, m);
      const report = this.report(base, planned, true, ids);
      await this.audit.record(actor, auditEntries(report, createHash('sha256').update(req.file).digest('hex')), m);
      return report;
    });
  }

  /** The roster rules for one row: the row's own problems, then PeopleService.validate as createPerson/updatePerson apply it. */
  private async check(rules: PeopleService, code: string, row: ImportRow, stored: StoredPerson | undefined): Promise<PlannedRow | { problems: RowProblem[] }> {
    const problems = new Problems('row');
    // As updatePerson: a stored reason for a location outside the municipality still holds.
    const input = { ...row.fields, locationOverrideReason: stored?.locationOverrideReason ?? null };
    const clean = await rules.validate(code, input, problems);
    const all = sortProblems([...row.problems, ...problems.list.map((p) => ({ field: p.field.slice('row.'.length), message: p.message }))]);
    if (all.length || !row.externalId) return { problems: all };
    const defaults = { phone: null, otherContacts: [], supportReasons: [], supportReasonNote: null, medicalDependencies: [], careLevel: CareLevel.NONE, hazardFlags: [], districtCode: null, locationOverrideReason: null };
    const values = { ...defaults, ...(stored ?? {}), ...clean, externalId: row.externalId } as PlannedRow['values'];
    const outcome = !stored ? RowOutcome.CREATED : COMPARED.every((k) => sameValue(stored[k], values[k])) ? RowOutcome.UNCHANGED : RowOutcome.UPDATED;
    return { source: row, externalId: row.externalId, outcome, stored, values };
  }

  /** Writes created and updated rows, set-based, with their priority; returns the person id of each external id written. */
  private async write(code: string, rows: PlannedRow[], m: EntityManager): Promise<Map<string, string>> {
    const creates = rows.filter((r) => r.outcome === RowOutcome.CREATED);
    const updates = rows.filter((r) => r.outcome === RowOutcome.UPDATED);
    // New people have no plan yet; updated ones keep theirs, which priority also weighs.
    const created = await this.imports.insertPeople(code, creates.map((r) => withPriority(r.values, null)), m);
    if (created.size !== creates.length) {
      throw new AppException(ErrorCode.CONFLICT, 'Someone else added people with the same external ids meanwhile; nothing was written. Run the import again.');
    }
    const plans = await this.imports.planSummaries(updates.map((r) => r.stored!.id), m);
    const updated = await this.imports.updatePeople(
      updates.map((r) => {
        const plan = plans.get(r.stored!.id);
        return { ...withPriority(r.values, plan ? { supporterCount: plan.supporterCount, backupRuntimeHours: backupRuntimeHours(plan.devices) } : null), id: r.stored!.id, version: r.stored!.version };
      }),
      m,
    );
    if (updated.size !== updates.length) {
      throw new AppException(ErrorCode.CONFLICT, 'Someone else changed some of these people meanwhile; nothing was written. Run the import again.');
    }
    const ids = new Map(created);
    for (const r of rows) if (r.stored) ids.set(r.externalId, r.stored.id);
    return ids;
  }

  private report(
    base: Omit<RosterImportReport, 'applied' | 'summary' | 'counts' | 'accepted' | 'problems'>,
    planned: { accepted: PlannedRow[]; rejected: number; problems: ReportProblem[] },
    applied: boolean,
    ids: Map<string, string> | null,
  ): RosterImportReport {
    const count = (o: RowOutcome) => planned.accepted.filter((r) => r.outcome === o).length;
    const counts = { created: count(RowOutcome.CREATED), updated: count(RowOutcome.UPDATED), unchanged: count(RowOutcome.UNCHANGED), rejected: planned.rejected };
    const what = `${n(counts.created)} to create, ${n(counts.updated)} to update, ${n(counts.unchanged)} unchanged, ${n(counts.rejected)} rejected`;
    let summary: string;
    if (base.dryRun) summary = `Dry run, nothing was written: ${what}.`;
    else if (!applied) summary = `Nothing was written because ${n(counts.rejected)} of ${n(base.totalRows)} rows were rejected (${what}). Correct them and import again, or import with applyValidRows to write the valid rows now.`;
    else summary = `Imported: ${n(counts.created)} created, ${n(counts.updated)} updated, ${n(counts.unchanged)} unchanged, ${n(counts.rejected)} rejected and not written.`;
    return {
      ...base,
      applied,
      summary,
      counts,
      accepted: planned.accepted.map((r) => ({
        row: r.source.row,
        line: r.source.line,
        externalId: r.externalId,
        outcome: r.outcome,
        personId: r.stored?.id ?? ids?.get(r.externalId) ?? null,
      })),
      problems: planned.problems,
    };
  }

  /** Municipal staff (MANAGE_ROSTER) of that municipality only; anyone else is FORBIDDEN. */
  private assertMayImport(actor: Actor, municipalityCode: string): void {
    assertCan(actor, Capability.MANAGE_ROSTER);
    if (!actor.municipalityCodes.includes(municipalityCode)) {
      throw AppException.forbidden(`You may import and configure imports only for your own municipality, not ${municipalityCode}`);
    }
  }
}

function withPriority(values: PlannedRow['values'], plan: { supporterCount: number; backupRuntimeHours: number | null } | null): PersonImportValues {
  const p = priorityOf({ medicalDependencies: values.medicalDependencies, hazardFlags: values.hazardFlags, household: values.household, careLevel: values.careLevel, plan });
  return { ...values, priorityScore: p.score, priorityFactors: p.factors.map((f) => f.factor) };
}

/** Every row whose external id appears more than once in the file is rejected: which one is right is unknown. */
function markDuplicateExternalIds(rows: ImportRow[]): void {
  const byId = new Map<string, ImportRow[]>();
  for (const r of rows) if (r.externalId) byId.set(r.externalId, [...(byId.get(r.externalId) ?? []), r]);
  for (const [id, same] of byId) {
    if (same.length < 2) continue;
    const list = same.map((r) => r.row);
    const where = `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
    for (const r of same) r.problems.push({ field: RosterImportField.EXTERNAL_ID, message: `${id} appears on rows ${where}; each person must appear once in a file` });
  }
}

/** One WRITE row for the import (with its counts) and one per person created or updated. */
function auditEntries(report: RosterImportReport, fileSha256: string): AuditEntry[] {
  const written = report.accepted.filter((r) => r.outcome !== RowOutcome.UNCHANGED);
  return [
    {
      action: AuditAction.WRITE,
      dataClass: DataClass.R,
      purpose: Purpose.ROSTER_MANAGEMENT,
      detail: { operation: 'importRoster', municipalityCode: report.municipalityCode, counts: report.counts, totalRows: report.totalRows, applyValidRows: report.applyValidRows, fileSha256 },
    },
    ...written.map((r) => ({
      action: AuditAction.WRITE,
      dataClass: DataClass.R,
      personId: r.personId,
      purpose: Purpose.ROSTER_MANAGEMENT,
      detail: { operation: 'importRoster', change: r.outcome === RowOutcome.CREATED ? 'created' : 'updated', row: r.row },
    })),
  ];
}
