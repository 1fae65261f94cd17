import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppException, ErrorCode, FieldProblem, JobName, JobQueue, MultiPolygonCoords, PubSub, QueueName } from '@anpi/core';
import { Actor, AuditAction, AuditService, Capability, assertCan } from '@anpi/access';
import { AlertError, AlertProposal, Intensity, parseCapAlert, parseJmaIntensityReport } from '@anpi/interop';
import { parseAreaGeometry } from './area-geometry';
import { DisasterDisclosureEntity } from './disaster-disclosure.entity';
import { IncidentRepository } from './incident.repository';
import { GenerationStatus, IncidentEntity, IncidentKind, IncidentStatus } from './incident.entity';

export interface AreaInput {
  municipalityCodes?: string[];
  /** GeoJSON Polygon or MultiPolygon objects. */
  polygons?: unknown[];
}

export interface DeclareInput extends AreaInput {
  kind: IncidentKind;
  title: string;
  isDrill: boolean;
  expectedOutageHours?: number;
  source?: string;
  sourceRef?: string | null;
  disclosure?: { reason: string; expiresAt: Date } | null;
}

export const incidentTopic = (incidentId: string) => `incident:${incidentId}`;

/**
 * Declaring, widening and closing incidents, and the disaster-disclosure switch. Task generation is
 * a queue job (GenerateTasks), one per incident and area version, never one per person.
 */
@Injectable()
export class IncidentsService {
  private readonly logger = new Logger(IncidentsService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly incidents: IncidentRepository,
    private readonly queue: JobQueue,
    private readonly pubsub: PubSub,
    private readonly audit: AuditService,
  ) {}

  private async checkArea(actor: Actor, area: AreaInput, path: string): Promise<{ municipalityCodes: string[]; polygons: MultiPolygonCoords[] }> {
    const problems: FieldProblem[] = [];
    const codes = [...new Set(area.municipalityCodes ?? [])];
    const known = await this.incidents.knownMunicipalities(codes);
    codes.forEach((c, i) => {
      if (!known.has(c)) problems.push({ field: `${path}.municipalityCodes.${i}`, message: `unknown municipality code ${c}` });
      else if (!actor.municipalityCodes.includes(c)) problems.push({ field: `${path}.municipalityCodes.${i}`, message: `${c} is not your municipality` });
    });
    const polygons: MultiPolygonCoords[] = [];
    (area.polygons ?? []).forEach((g, i) => {
      const r = parseAreaGeometry(g, `${path}.polygons.${i}`);
      problems.push(...r.problems);
      if (r.coords) polygons.push(r.coords);
    });
    if (!problems.length && codes.length === 0 && polygons.length === 0) problems.push({ field: path, message: 'give at least one municipality code or polygon' });
    if (problems.length) throw AppException.badInput(problems);
    return { municipalityCodes: codes, polygons };
  }

  async declare(actor: Actor, input: DeclareInput, path = 'input'): Promise<IncidentEntity> {
    assertCan(actor, Capability.MANAGE_INCIDENTS);
    if (input.disclosure) assertCan(actor, Capability.SET_DISCLOSURE);
    const area = await this.checkArea(actor, input, path);
    if (input.sourceRef && (await this.incidents.findBySourceRef(input.sourceRef))) {
      throw new AppException(ErrorCode.CONFLICT, 'An incident was already declared from this alert', { sourceRef: input.sourceRef });
    }
    const incident = await this.ds.transaction(async (m) => {
      const repo = m.getRepository(IncidentEntity);
      const inc = await repo.save(
        repo.create({
          kind: input.kind, title: input.title.trim(), isDrill: input.isDrill, declaredBy: actor.accountId, status: IncidentStatus.ACTIVE,
          source: input.source ?? 'MANUAL', sourceRef: input.sourceRef ?? null, expectedOutageHours: input.expectedOutageHours ?? 12, areaVersion: 1,
          generationStatus: GenerationStatus.PENDING,
        }),
      );
      await this.incidents.addAreas(inc.id, 1, actor.accountId, area, m);
      if (input.disclosure) await this.insertDisclosure(actor, inc.id, input.disclosure, m);
      await this.audit.record(actor, [{ action: AuditAction.WRITE, incidentId: inc.id, detail: { operation: 'declareIncident', drill: input.isDrill, municipalities: area.municipalityCodes, polygons: area.polygons.length } }], m);
      return inc;
    });
    await this.enqueueOrLeaveToReconciler(incident.id, 1);
    return incident;
  }

  async extendArea(actor: Actor, incidentId: string, area: AreaInput): Promise<IncidentEntity> {
    assertCan(actor, Capability.MANAGE_INCIDENTS);
    const parts = await this.checkArea(actor, area, 'input');
    const version = await this.ds.transaction(async (m) => {
      const inc = await this.active(incidentId, m, true);
      const next = inc.areaVersion + 1;
      await m.query(`UPDATE incident SET area_version = $2, generation_status = 'PENDING' WHERE id = $1`, [incidentId, next]);
      await this.incidents.addAreas(incidentId, next, actor.accountId, parts, m);
      await this.audit.record(actor, [{ action: AuditAction.WRITE, incidentId, detail: { operation: 'extendIncidentArea', areaVersion: next } }], m);
      return next;
    });
    await this.enqueueOrLeaveToReconciler(incidentId, version);
    return (await this.incidents.findById(incidentId))!;
  }

  /** Closes the incident; disclosure ends with it (49-11(3) applies only while the disaster lasts). */
  async close(actor: Actor, incidentId: string): Promise<IncidentEntity> {
    assertCan(actor, Capability.MANAGE_INCIDENTS);
    await this.ds.transaction(async (m) => {
      await this.active(incidentId, m, true);
      await m.query(`UPDATE incident SET status = 'CLOSED', closed_at = now(), closed_by = $2 WHERE id = $1`, [incidentId, actor.accountId]);
      await this.incidents.endDisclosures(incidentId, actor.accountId, m);
      await this.audit.record(actor, [{ action: AuditAction.WRITE, incidentId, detail: { operation: 'closeIncident' } }], m);
    });
    await this.pubsub.publish(incidentTopic(incidentId), { kind: 'INCIDENT_CLOSED', incidentId });
    return (await this.incidents.findById(incidentId))!;
  }

  /** Switches disaster disclosure on (with reason and expiry) or off for an active incident. */
  async setDisclosure(actor: Actor, incidentId: string, on: boolean, reason: string | null, expiresAt: Date | null): Promise<DisasterDisclosureEntity | null> {
    assertCan(actor, Capability.SET_DISCLOSURE);
    return this.ds.transaction(async (m) => {
      await this.active(incidentId, m, true);
      await this.incidents.endDisclosures(incidentId, actor.accountId, m);
      if (!on) {
        await this.audit.record(actor, [{ action: AuditAction.DISCLOSURE, incidentId, detail: { operation: 'setDisasterDisclosure', on: false } }], m);
        return null;
      }
      const problems: FieldProblem[] = [];
      if (!reason?.trim()) problems.push({ field: 'input.reason', message: 'is required to switch disclosure on (a mayoral determination, 49-11(3))' });
      if (!expiresAt || expiresAt.getTime() <= Date.now()) problems.push({ field: 'input.expiresAt', message: 'must be in the future' });
      else if (expiresAt.getTime() > Date.now() + 14 * 24 * 3600 * 1000) problems.push({ field: 'input.expiresAt', message: 'must be within 14 days; renew it if the disaster lasts longer' });
      if (problems.length) throw AppException.badInput(problems);
      return this.insertDisclosure(actor, incidentId, { reason: reason!, expiresAt: expiresAt! }, m);
    });
  }

  private async insertDisclosure(actor: Actor, incidentId: string, d: { reason: string; expiresAt: Date }, m: import('typeorm').EntityManager) {
    const repo = m.getRepository(DisasterDisclosureEntity);
    const saved = await repo.save(repo.create({ incidentId, decidedBy: actor.accountId, reason: d.reason.trim(), expiresAt: d.expiresAt }));
    await this.audit.record(actor, [{ action: AuditAction.DISCLOSURE, incidentId, detail: { operation: 'setDisasterDisclosure', on: true, expiresAt: d.expiresAt.toISOString(), reason: d.reason } }], m);
    return saved;
  }

  private async active(incidentId: string, m: import('typeorm').EntityManager, lock: boolean): Promise<IncidentEntity> {
    const qb = m.getRepository(IncidentEntity).createQueryBuilder('i').where('i.id = :incidentId', { incidentId });
    if (lock) qb.setLock('pessimistic_write');
    const inc = await qb.getOne();
    if (!inc) throw AppException.notFound('Incident');
    if (inc.status !== IncidentStatus.ACTIVE) throw new AppException(ErrorCode.CONFLICT, 'The incident is closed');
    return inc;
  }

  /** Reads an alert and proposes an incident over the actor's municipalities; creates nothing. */
  proposeFromAlert(actor: Actor, format: 'JMA' | 'CAP', xml: string, minIntensity: Intensity): AlertProposal {
    assertCan(actor, Capability.MANAGE_INCIDENTS);
    let p: AlertProposal;
    try {
      p = format === 'JMA' ? parseJmaIntensityReport(xml, minIntensity) : parseCapAlert(xml);
    } catch (e) {
      if (e instanceof AlertError) throw AppException.badInput(e.problems);
      throw e;
    }
    const outside = p.municipalityCodes.filter((c) => !actor.municipalityCodes.includes(c));
    return { ...p, municipalityCodes: p.municipalityCodes.filter((c) => actor.municipalityCodes.includes(c)), unreportedAtLeast5Lower: p.unreportedAtLeast5Lower.filter((c) => !outside.includes(c)) };
  }

  /**
   * Declares from an alert (once per alert: the alert id is kept as source_ref), or, for a
   * cancellation (取消 / Cancel), closes the incident that alert declared.
   */
  async declareFromAlert(actor: Actor, format: 'JMA' | 'CAP', xml: string, minIntensity: Intensity, disclosure: DeclareInput['disclosure']): Promise<IncidentEntity> {
    const p = this.proposeFromAlert(actor, format, xml, minIntensity);
    if (p.cancellation) {
      const earlier = await this.incidents.findBySourceRef(p.sourceRef);
      if (!earlier) throw AppException.badInput([{ field: 'input.xml', message: `cancels ${p.sourceRef}, from which no incident was declared` }]);
      return earlier.status === IncidentStatus.ACTIVE ? this.close(actor, earlier.id) : earlier;
    }
    if (p.municipalityCodes.length === 0 && p.polygons.length === 0) {
      throw AppException.badInput([{ field: 'input.xml', message: 'the alert covers none of your municipalities' }]);
    }
    const kind = IncidentKind[p.kind as keyof typeof IncidentKind] ?? IncidentKind.OTHER;
    return this.declare(actor, { kind, title: p.title, isDrill: p.isDrill, municipalityCodes: p.municipalityCodes, polygons: p.polygons, source: p.source, sourceRef: p.sourceRef, disclosure });
  }

  /**
   * After the incident and its area are committed, generation is queued. If the queue is unreachable (a
   * Redis outage: the enqueue fails within ~2 s) the answer still succeeds with generation PENDING, which is
   * true: ReconcileGeneration queues every unfinished generation on its next run once Redis is back.
   */
  private async enqueueOrLeaveToReconciler(incidentId: string, areaVersion: number): Promise<void> {
    try {
      await this.enqueueGeneration(incidentId, areaVersion);
    } catch (e) {
      this.logger.warn(`generation of incident ${incidentId} v${areaVersion} not queued (${(e as Error).message}); ReconcileGeneration will queue it once the queue is back`);
    }
  }

  async enqueueGeneration(incidentId: string, areaVersion: number, attempt = ''): Promise<void> {
    await this.queue.add(QueueName.Incidents, JobName.GenerateTasks, { incidentId, areaVersion }, { jobId: `gen-${incidentId}-v${areaVersion}${attempt}` });
  }

  async get(actor: Actor, id: string): Promise<IncidentEntity> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw AppException.notFound('Incident');
    const inc = await this.incidents.findById(id);
    if (!inc) throw AppException.notFound('Incident');
    const visible = await this.incidents.list(actor.municipalityCodes, null, null);
    if (!visible.some((v) => v.id === id)) throw AppException.notFound('Incident');
    return inc;
  }

  list(actor: Actor, status: IncidentStatus | null, drills: boolean | null): Promise<IncidentEntity[]> {
    return this.incidents.list(actor.municipalityCodes, status, drills);
  }
}
