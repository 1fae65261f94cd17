import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppException, ErrorCode } from '@anpi/core';
import {
  AccessPolicyService, Actor, AuditAction, AuditService, Capability, DataClass, Decision, Purpose, assertCan,
} from '@anpi/access';
import { ORDER_CODES_BY_KIND, PhysicianOrderCode, PhysicianOrderKind, PhysicianOrderStatus } from './acp.enums';
import { PhysicianOrderRecord, ordersInForce } from './acp-content';
import { AcpStance, deriveAcpStance } from './acp-stance';
import { AcpDiscussionDraft, validateAcpDiscussion, validateCorrection, validateOrderText } from './acp-validation';
import { AcpRepository, ListedDiscussion } from './acp.repository';
import { AcpEmergencySummary, deriveEmergencySummary } from './emergency-summary';
import { buildAcpBundle } from './fhir/acp-fhir';

export interface PhysicianOrderDraft {
  personId: string;
  kind: PhysicianOrderKind;
  code: PhysicianOrderCode;
  status?: PhysicianOrderStatus | null;
  instructions?: string | null;
  orderedAt: Date;
  basisDiscussionId?: string | null;
}

export interface AcpStanceView {
  personId: string;
  stance: AcpStance;
  ordersInForce: PhysicianOrderRecord[];
}

const FUTURE_TOLERANCE_MS = 10 * 60 * 1000;

/**
 * ACP discussions (人生会議), physician orders, the derived stance and emergency summary, and the FHIR
 * export. Every read asks the access policy (A for the record, E for the emergency summary), which also
 * writes the audit rows; every write needs a capability and care-team membership, and is audited in
 * its own transaction. Nothing of a person's ACP appears in an error message.
 */
@Injectable()
export class AcpService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: AcpRepository,
    private readonly policy: AccessPolicyService,
    private readonly audit: AuditService,
  ) {}

  async recordDiscussion(actor: Actor, draft: AcpDiscussionDraft, now = new Date()): Promise<ListedDiscussion> {
    assertCan(actor, Capability.RECORD_ACP);
    const { problems, value } = validateAcpDiscussion(draft, now);
    if (!value) throw AppException.badInput(problems);
    await this.authorizeWrite(actor, value.personId, 'recordAcpDiscussion');
    await this.checkFacilitator(value.personId, value.facilitatorAccountId);
    const id = await this.ds.transaction(async (m) => {
      const id = await this.repo.insertDiscussion({ ...value, recordedBy: actor.accountId }, m);
      await this.audit.record(actor, [this.writeEntry(value.personId, 'recordAcpDiscussion', { discussionId: id, declined: value.content.declined })], m);
      return id;
    });
    return (await this.repo.findDiscussion(id)) as ListedDiscussion;
  }

  /** A correction is a new record replacing the one it points at; only the latest link of a chain may be corrected. */
  async correctDiscussion(actor: Actor, correctsId: string, reason: string, draft: Omit<AcpDiscussionDraft, 'personId'>, now = new Date()): Promise<ListedDiscussion> {
    assertCan(actor, Capability.RECORD_ACP);
    const c = validateCorrection(correctsId, reason);
    if (c.problems.length) throw AppException.badInput(c.problems);
    const target = await this.repo.findDiscussion(correctsId);
    if (!target) throw AppException.notFound('ACP discussion');
    await this.authorizeWrite(actor, target.personId, 'correctAcpDiscussion', () => AppException.notFound('ACP discussion'));
    const { problems, value } = validateAcpDiscussion({ ...draft, personId: target.personId }, now);
    if (!value) throw AppException.badInput(problems);
    if (target.supersededById) throw this.alreadyCorrected(target.supersededById);
    await this.checkFacilitator(value.personId, value.facilitatorAccountId);
    let id: string;
    try {
      id = await this.ds.transaction(async (m) => {
        const id = await this.repo.insertDiscussion({ ...value, recordedBy: actor.accountId, correctsId, correctionReason: c.reason }, m);
        await this.audit.record(actor, [this.writeEntry(value.personId, 'correctAcpDiscussion', { discussionId: id, correctsId })], m);
        return id;
      });
    } catch (e) {
      // Two corrections of the same record at once: the unique index lets one through.
      if (isUniqueViolation(e)) throw this.alreadyCorrected((await this.repo.findDiscussion(correctsId))?.supersededById ?? null);
      throw e;
    }
    return (await this.repo.findDiscussion(id)) as ListedDiscussion;
  }

  async recordPhysicianOrder(actor: Actor, draft: PhysicianOrderDraft, now = new Date()): Promise<PhysicianOrderRecord> {
    assertCan(actor, Capability.RECORD_PHYSICIAN_ORDERS);
    const status = draft.status ?? PhysicianOrderStatus.ACTIVE;
    const text = validateOrderText(draft.instructions, draft.kind === PhysicianOrderKind.ADDITIONAL && status === PhysicianOrderStatus.ACTIVE);
    const problems = [...text.problems];
    if (!ORDER_CODES_BY_KIND[draft.kind]?.includes(draft.code)) {
      problems.push({ field: 'input.code', message: `must be one of ${ORDER_CODES_BY_KIND[draft.kind]?.join(', ')} for a ${draft.kind} order` });
    }
    if (draft.orderedAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) problems.push({ field: 'input.orderedAt', message: 'must not lie in the future' });
    if (problems.length) throw AppException.badInput(problems);
    await this.authorizeWrite(actor, draft.personId, 'recordPhysicianOrder');
    if (draft.basisDiscussionId) {
      const basis = await this.repo.findDiscussion(draft.basisDiscussionId);
      if (!basis || basis.personId !== draft.personId) throw AppException.badInput([{ field: 'input.basisDiscussionId', message: "is not a discussion of this person" }]);
    }
    const id = await this.ds.transaction(async (m) => {
      const id = await this.repo.insertOrder(
        { personId: draft.personId, kind: draft.kind, code: draft.code, status, instructions: text.instructions, orderedAt: draft.orderedAt, orderedBy: actor.accountId, basisDiscussionId: draft.basisDiscussionId ?? null },
        m,
      );
      await this.audit.record(actor, [this.writeEntry(draft.personId, 'recordPhysicianOrder', { orderId: id, kind: draft.kind })], m);
      return id;
    });
    return (await this.repo.findOrder(id)) as PhysicianOrderRecord;
  }

  /** A page of the person's discussions, newest first, superseded ones included (flagged). */
  async discussions(actor: Actor, personId: string, first: number, after: { heldAt: Date; id: string } | null): Promise<{ nodes: ListedDiscussion[] }> {
    await this.readAcp(actor, personId, DataClass.A, Purpose.ACP_CARE, 'acpDiscussions');
    return { nodes: await this.repo.pageOf(personId, first, after) };
  }

  async stance(actor: Actor, personId: string): Promise<AcpStanceView> {
    await this.readAcp(actor, personId, DataClass.A, Purpose.ACP_CARE, 'acpStance');
    const [records, orders] = await Promise.all([this.repo.discussionsOf(personId), this.repo.ordersOf(personId)]);
    return { personId, stance: deriveAcpStance(records), ordersInForce: ordersInForce(orders) };
  }

  async emergencySummary(actor: Actor, personId: string): Promise<AcpEmergencySummary & { personId: string }> {
    await this.readAcp(actor, personId, DataClass.E, Purpose.ACP_CARE, 'acpEmergencySummary');
    const [records, orders] = await Promise.all([this.repo.discussionsOf(personId), this.repo.ordersOf(personId)]);
    return { personId, ...deriveEmergencySummary(deriveAcpStance(records), orders) };
  }

  /** The FHIR R4 export (HL7 PACIO ADI): an ACP read for export, audited as such. */
  async fhirBundle(actor: Actor, personId: string, now = new Date()): Promise<Record<string, unknown>> {
    const viaBreakGlass = await this.readAcp(actor, personId, DataClass.A, Purpose.EXPORT, 'acpFhirBundle');
    const [person, records, orders] = await Promise.all([this.repo.personIdentity(personId), this.repo.discussionsOf(personId), this.repo.ordersOf(personId)]);
    if (!person) throw AppException.notFound('Person');
    const exportId = randomUUID();
    const bundle = buildAcpBundle({ person, records, orders, exportedAt: now, exportId, exportedBy: { accountId: actor.accountId, role: actor.role } });
    await this.audit.record(actor, [
      {
        action: AuditAction.EXPORT, dataClass: DataClass.A, personId, purpose: Purpose.EXPORT, decision: Decision.ALLOW, breakGlass: viaBreakGlass,
        detail: { operation: 'acpFhirBundle', format: 'FHIR R4 Bundle (HL7 PACIO ADI)', exportId, entries: (bundle.entry as unknown[]).length },
      },
    ]);
    return bundle;
  }

  /** Reads go through the policy; denied or unknown people are NOT_FOUND alike (the policy audits both). */
  /** Returns whether the read was allowed through break-glass (so follow-up audit rows carry the flag). */
  private async readAcp(actor: Actor, personId: string, cls: DataClass.A | DataClass.E, purpose: Purpose, operation: string): Promise<boolean> {
    const d = await this.policy.authorizeOne(actor, personId, [cls], { purpose, operation });
    return d.get(personId, cls).breakGlass === true;
  }

  /**
   * Writers must be allowed to read the person's ACP through their own care-team membership (not via
   * break-glass, which opens reading in an emergency but never recording).
   */
  private async authorizeWrite(actor: Actor, personId: string, operation: string, notFound = () => AppException.notFound('Person')): Promise<void> {
    let decisions;
    try {
      decisions = await this.policy.authorizeOne(actor, personId, [DataClass.A], { purpose: Purpose.ACP_CARE, operation });
    } catch (e) {
      if (e instanceof AppException && e.code === ErrorCode.NOT_FOUND) throw notFound();
      throw e;
    }
    const d = decisions.get(personId, DataClass.A);
    if (d.decision !== Decision.ALLOW || d.breakGlass || !decisions.facts.get(personId)?.actorInCareTeam) {
      throw AppException.forbidden("Only members of the person's care team may record ACP for them");
    }
  }

  private async checkFacilitator(personId: string, facilitatorAccountId: string): Promise<void> {
    if (!(await this.repo.isCareTeamMember(personId, facilitatorAccountId))) {
      throw AppException.badInput([{ field: 'input.facilitatorAccountId', message: "must be an active member of the person's care team" }]);
    }
  }

  private alreadyCorrected(byId: string | null): AppException {
    return new AppException(ErrorCode.CONFLICT, 'This record has already been corrected; correct the latest version instead', { correctedById: byId });
  }

  private writeEntry(personId: string, operation: string, detail: Record<string, unknown>) {
    return { action: AuditAction.WRITE, dataClass: DataClass.A, personId, purpose: Purpose.ACP_CARE, decision: Decision.ALLOW, detail: { operation, ...detail } };
  }
}

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; driverError?: { code?: string } };
  return err?.code === '23505' || err?.driverError?.code === '23505';
}
