import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  AccessPolicyService, Actor, AuditAction, AuditService, Capability, DataClass, Purpose, Role, assertCan, poolsOf,
} from '@anpi/access';
import { AppException, ErrorCode } from '@anpi/core';
import { ageOn } from '@anpi/people';
import { ChecksService } from '../checks.service';
import { toTaskModel } from '../graphql/task.mapper';
import { TaskEntity } from '../task.entity';
import { TaskRepository } from '../task.repository';
import { TaskStatus } from '../task-status';
import { TaskViewService } from '../task-view.service';
import { ExportIncident, ExportRepository } from './export.repository';
import { ExportFormat, TaskListScope } from './exports.model';
import {
  PfifNote, PfifPerson, PfifStatus, RESTRICTED_OUTCOME_AUTHORS, pfifDomain, pfifNoteFor, pfifSharing, pfifXml, prefectureOf, splitJapaneseName,
} from './pfif';
import { Watermark, sortRows, taskListCsv, toTaskListRow } from './task-list';
import { taskListPdf } from './task-list-pdf';

/** A paper list beyond this many tasks is not a list anyone walks; print a pool or ask for a narrower one. */
export const MAX_EXPORT_ROWS = 3000;
/** How long a receiving person-finder repository should keep our records after the export (or the incident's close). */
const PFIF_RETENTION_DAYS = 30;
const COORDINATORS = new Set<Role>([Role.MUNICIPAL_ADMIN, Role.MUNICIPAL_STAFF]);
const GROUP_LABEL: Record<string, string> = { MEDICAL: '医療', CARE: '介護', WELFARE_VOLUNTEER: '民生委員・地域', MUNICIPAL: '市町村' };

export interface TaskListExportRequest {
  incidentId: string;
  format: ExportFormat;
  scope: TaskListScope;
  poolKey?: string | null;
}

export interface ExportFile {
  filename: string;
  mimeType: string;
  contentBase64: string;
  rows: number;
  hiddenRows: number;
  pages: number | null;
  exportId: string;
}

export interface PfifExportResult {
  xml: string;
  persons: number;
  notes: number;
}

/**
 * Outputs of an incident (issue "Incidents … 8. Outputs"): printable task lists and the PFIF export.
 * Lists are made from the same task models the API returns (TaskViewService.context + toTaskModel),
 * so paper never shows more than the screen; every export is one EXPORT row in the audit log, from
 * which the print counts per account are derived.
 */
@Injectable()
export class ExportsService {
  constructor(
    private readonly repo: ExportRepository,
    private readonly tasks: TaskRepository,
    private readonly checks: ChecksService,
    private readonly views: TaskViewService,
    private readonly policy: AccessPolicyService,
    private readonly audit: AuditService,
  ) {}

  async taskList(actor: Actor, req: TaskListExportRequest, now = new Date()): Promise<ExportFile> {
    const incident = await this.incident(actor, req.incidentId);
    const scope = this.checks.scopeOf(actor);
    let tasks: TaskEntity[];
    let scopeLabel: string;
    let pools: string[] = [];
    if (req.scope === TaskListScope.MINE) {
      tasks = await this.tasks.list({ ...scope, incidentId: incident.id, mine: true, first: MAX_EXPORT_ROWS + 1 });
      scopeLabel = '自分の担当（名指し・引受中・所属プール）';
    } else {
      pools = this.poolsFor(actor, req.poolKey ?? null);
      tasks = await this.repo.poolTasks(scope, incident.id, pools, MAX_EXPORT_ROWS + 1);
      scopeLabel = `プール ${await this.poolLabel(pools)}`;
    }
    if (tasks.length > MAX_EXPORT_ROWS) {
      throw AppException.badInput([{ field: 'scope', message: `more than ${MAX_EXPORT_ROWS} tasks; print one pool at a time` }]);
    }

    const districtNames = await this.repo.districtNames([...new Set(tasks.map((t) => t.districtCode).filter((d): d is string => !!d))]);
    const ctx = tasks.length ? await this.views.context(actor, tasks, 'taskListExport') : null;
    const rows = sortRows(ctx ? tasks.map((t) => toTaskListRow(toTaskModel(t, ctx, now), { districtNames })) : []);
    const hiddenRows = rows.filter((r) => r.hidden).length;

    const exportId = randomUUID().slice(0, 8);
    const watermark: Watermark = {
      displayName: (await this.repo.displayName(actor.accountId)) ?? actor.accountId,
      role: actor.role,
      organisation: actor.organisation,
      at: now,
      incidentTitle: incident.title,
      isDrill: incident.is_drill,
      exportId,
      printNumber: (await this.repo.exportsBy(actor.accountId, incident.id)) + 1,
    };
    const stamp = `${now.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-')}`;
    const base = `anpi-tasks-${incident.id.slice(0, 8)}-${req.scope.toLowerCase()}-${stamp}-${exportId}`;
    let file: Omit<ExportFile, 'rows' | 'hiddenRows' | 'exportId'>;
    if (req.format === ExportFormat.CSV) {
      const csv = taskListCsv(rows, watermark);
      file = { filename: `${base}.csv`, mimeType: 'text/csv; charset=utf-8', contentBase64: Buffer.from(csv, 'utf8').toString('base64'), pages: null };
    } else {
      const { pdf, pages } = taskListPdf({ rows, watermark, scopeLabel });
      file = { filename: `${base}.pdf`, mimeType: 'application/pdf', contentBase64: pdf.toString('base64'), pages };
    }

    await this.audit.record(actor, [
      {
        action: AuditAction.EXPORT,
        dataClass: DataClass.R,
        purpose: Purpose.EXPORT,
        incidentId: incident.id,
        detail: {
          operation: 'taskListExport', exportId, format: req.format, scope: req.scope, pools, filename: file.filename,
          rows: rows.length, people: new Set(tasks.map((t) => t.personId)).size, hiddenRows, pages: file.pages, printNumber: watermark.printNumber,
        },
      },
    ]);
    return { ...file, rows: rows.length, hiddenRows, exportId };
  }

  /** Exports per account for an incident (municipal admins reviewing the audit log). */
  async exportCounts(actor: Actor, incidentId: string) {
    assertCan(actor, Capability.REVIEW_AUDIT);
    const incident = await this.incident(actor, incidentId);
    const rows = await this.repo.exportCounts(incident.id, actor.municipalityCodes);
    await this.audit.record(actor, [{ action: AuditAction.REVIEW, purpose: Purpose.AUDIT_REVIEW, incidentId: incident.id, detail: { operation: 'exportCounts', accounts: rows.length } }]);
    return rows.map((r) => ({
      accountId: r.account_id, displayName: r.display_name, role: r.role, organisation: r.organisation, exports: r.exports,
      csv: r.csv, pdf: r.pdf, pfif: r.pfif, rows: r.rows, lastExportAt: new Date(r.last_at),
    }));
  }

  /**
   * PFIF 1.4 of the checked people of the incident in the admin's municipalities, limited to those
   * whose record may go to a public repository (pfifSharing). Publishing is a disclosure decision, so
   * it takes the capability that switches disclosure on (municipal admin, second factor).
   */
  async pfif(actor: Actor, incidentId: string, now = new Date()): Promise<PfifExportResult> {
    assertCan(actor, Capability.SET_DISCLOSURE);
    const incident = await this.incident(actor, incidentId);
    const taskRows = await this.repo.pfifTasks(incident.id, actor.municipalityCodes);
    const personIds = [...new Set(taskRows.map((t) => t.person_id))];
    const decisions = await this.policy.authorize(actor, personIds, [DataClass.R], {
      purpose: Purpose.EXPORT, incidentId: incident.id, operation: 'pfifExport', auditRosterPerPerson: false,
    });
    const people = new Map((await this.repo.pfifPeople(personIds)).map((p) => [p.id, p]));
    const expiry = new Date((incident.closed_at ? new Date(incident.closed_at) : now).getTime() + PFIF_RETENTION_DAYS * 86400000);

    const notesByPerson = new Map<string, PfifNote[]>();
    let skippedRestricted = 0;
    for (const t of taskRows) {
      const p = people.get(t.person_id);
      if (!p) continue;
      const m = pfifNoteFor(t.status as TaskStatus, p.municipality_name);
      if (!m) continue;
      const restricted = t.status === TaskStatus.DECEASED || t.status === TaskStatus.MISSING;
      const authorAllowed = t.author_role !== null && RESTRICTED_OUTCOME_AUTHORS.has(t.author_role);
      if (restricted && (!authorAllowed || (t.status === TaskStatus.DECEASED && !RESTRICTED_OUTCOME_AUTHORS.has(actor.role)))) {
        skippedRestricted++;
        continue;
      }
      const domain = pfifDomain(p.municipality_code);
      const list = notesByPerson.get(p.id) ?? [];
      list.push({
        recordId: `${domain}/task.${t.task_id}.${t.status_version}`,
        personRecordId: `${domain}/${p.id}`,
        entryDate: new Date(t.received_at),
        sourceDate: new Date(t.observed_at),
        authorName: `${p.municipality_name} 安否確認（${GROUP_LABEL[t.responder_group] ?? t.responder_group}）`,
        authorMadeContact: m.madeContact,
        status: m.status,
        text: m.text,
      });
      notesByPerson.set(p.id, list);
    }

    const records: PfifPerson[] = [];
    const excluded = { noConsentOrPolicy: 0 };
    const bases = { CONSENT: 0, MISSING_PERSON_DISCLOSURE: 0 };
    for (const p of people.values()) {
      const notes = (notesByPerson.get(p.id) ?? []).sort((a, b) => a.sourceDate.getTime() - b.sourceDate.getTime());
      if (!notes.length) continue;
      const basis = pfifSharing({
        rosterAllowed: decisions.allows(p.id, DataClass.R),
        rosterConsent: decisions.facts.get(p.id)?.consent.rosterShareNormal ?? 'NONE',
        disclosureActive: incident.disclosure_active,
        exporterRole: actor.role,
        latestStatus: notes[notes.length - 1].status,
      });
      if (!basis) {
        excluded.noConsentOrPolicy++;
        continue;
      }
      bases[basis]++;
      const split = splitJapaneseName(p.name);
      records.push({
        recordId: `${pfifDomain(p.municipality_code)}/${p.id}`,
        entryDate: new Date(p.updated_at),
        sourceDate: new Date(p.created_at),
        expiryDate: expiry,
        authorName: p.municipality_name,
        sourceName: `${p.municipality_name} 避難行動要支援者 安否確認 (Anpi)`,
        fullName: p.name,
        givenName: split?.given ?? null,
        familyName: split?.family ?? null,
        alternateNames: p.name_kana || null,
        sex: p.sex === 'FEMALE' ? 'female' : p.sex === 'MALE' ? 'male' : p.sex === 'OTHER' ? 'other' : null,
        age: p.birth_date ? ageOn(p.birth_date, now) : null,
        homeCity: p.municipality_name,
        homeState: prefectureOf(p.municipality_code),
        notes,
      });
    }
    const notes = records.reduce((n, r) => n + r.notes.length, 0);
    await this.audit.record(actor, [
      {
        action: AuditAction.EXPORT,
        dataClass: DataClass.R,
        purpose: Purpose.EXPORT,
        incidentId: incident.id,
        detail: {
          operation: 'pfifExport', exportId: randomUUID().slice(0, 8), format: 'PFIF', rows: records.length, people: records.length, notes,
          bases, excluded: { ...excluded, restrictedOutcomes: skippedRestricted }, disclosureActive: incident.disclosure_active,
        },
      },
    ]);
    return { xml: pfifXml(records), persons: records.length, notes };
  }

  private async incident(actor: Actor, incidentId: string): Promise<ExportIncident> {
    const incident = await this.repo.visibleIncident(incidentId, actor.municipalityCodes);
    if (!incident) throw AppException.notFound('Incident');
    return incident;
  }

  /** The pools a POOL export covers: the one asked for (if the actor may print it), else the actor's own. */
  private poolsFor(actor: Actor, poolKey: string | null): string[] {
    const own = poolsOf(actor);
    if (!poolKey) {
      if (!own.length) throw AppException.badInput([{ field: 'poolKey', message: 'you serve no pool; print MINE, or name a pool' }]);
      return own;
    }
    const municipality = poolKey.split(':')[1].slice(0, 5);
    if (own.includes(poolKey) || (COORDINATORS.has(actor.role) && actor.municipalityCodes.includes(municipality))) return [poolKey];
    throw new AppException(ErrorCode.FORBIDDEN, 'You may print only your own pools (coordinators: any pool of their municipalities)');
  }

  private async poolLabel(pools: string[]): Promise<string> {
    const areas = pools.map((k) => k.split(':')[1]);
    const districts = await this.repo.districtNames(areas.filter((a) => a.includes('-')));
    const cities = await this.repo.municipalityNames(areas.filter((a) => !a.includes('-')));
    return pools
      .map((k) => {
        const [group, area] = k.split(':');
        return `${GROUP_LABEL[group] ?? group} ${districts.get(area) ?? cities.get(area) ?? area}`;
      })
      .join('、');
  }
}
