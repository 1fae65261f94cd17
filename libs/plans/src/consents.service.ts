import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppException, FieldProblem } from '@anpi/core';
import { AccessPolicyService, Actor, AuditAction, AuditService, Capability, DataClass, Decision, Purpose, Role, can } from '@anpi/access';
import { ConsentDecision, ConsentMethod, ConsentRecordEntity, ConsentScope } from './consent-record.entity';
import { PlanRepository } from './plan.repository';

export interface ConsentInput {
  personId: string;
  scope: ConsentScope;
  decision: ConsentDecision;
  legalBasis: string;
  recipientsAllowed: string[];
  explainedItems: string;
  method: ConsentMethod;
  signerRelation: string;
  obtainedAt: Date;
  supporterKey?: string | null;
}

const LEGAL_BASES = ['explicit_consent', 'ordinance_presumed', 'ordinance_optout', 'ordinance_no_consent'];

/** Consent records (DOMAIN §7.2): immutable, one row per decision; the latest per scope is in force. */
@Injectable()
export class ConsentsService {
  constructor(
    private readonly ds: DataSource,
    private readonly plans: PlanRepository,
    private readonly policy: AccessPolicyService,
    private readonly audit: AuditService,
  ) {}

  /** Municipal staff, and the drafting team with full plan access, record consent. */
  private async assertMayRecord(actor: Actor, personId: string, operation: string): Promise<void> {
    const d = await this.policy.authorizeOne(actor, personId, [DataClass.R, DataClass.P], { purpose: Purpose.PLAN_DRAFTING, operation });
    const drafting = [Role.CARE_MANAGER, Role.VISITING_NURSE, Role.HOME_CARE_DOCTOR].includes(actor.role) && d.get(personId, DataClass.P).decision === Decision.ALLOW;
    if (!can(actor, Capability.MANAGE_ROSTER) && !drafting) throw AppException.forbidden('Your role may not record consent for this person');
  }

  async record(actor: Actor, input: ConsentInput): Promise<ConsentRecordEntity> {
    await this.assertMayRecord(actor, input.personId, 'recordConsent');
    const problems: FieldProblem[] = [];
    if (!LEGAL_BASES.includes(input.legalBasis)) problems.push({ field: 'input.legalBasis', message: `must be one of ${LEGAL_BASES.join(', ')}` });
    if (input.obtainedAt.getTime() > Date.now() + 5 * 60 * 1000) problems.push({ field: 'input.obtainedAt', message: 'must not be in the future' });
    if (input.scope === ConsentScope.SUPPORTER_PLAN_SHARE) {
      const plan = (await this.plans.plansFor([input.personId])).get(input.personId);
      const keys = new Set(plan?.revision.content.supporters.map((s) => s.key) ?? []);
      if (!input.supporterKey) problems.push({ field: 'input.supporterKey', message: "is required for a supporter's own consent" });
      else if (!keys.has(input.supporterKey)) problems.push({ field: 'input.supporterKey', message: 'is not a supporter of the current plan' });
    } else if (input.supporterKey) problems.push({ field: 'input.supporterKey', message: "only applies to a supporter's own consent" });
    if (problems.length) throw AppException.badInput(problems);
    return this.ds.transaction(async (m) => {
      const repo = m.getRepository(ConsentRecordEntity);
      const saved = await repo.save(repo.create({ ...input, supporterKey: input.supporterKey ?? null, obtainedBy: actor.accountId }));
      await this.audit.record(actor, [{ action: AuditAction.WRITE, dataClass: DataClass.R, personId: input.personId, purpose: Purpose.PLAN_DRAFTING, detail: { operation: 'recordConsent', scope: input.scope, decision: input.decision } }], m);
      return saved;
    });
  }

  async history(actor: Actor, personId: string): Promise<ConsentRecordEntity[]> {
    const d = await this.policy.authorizeOne(actor, personId, [DataClass.R, DataClass.P], { purpose: Purpose.PLAN_DRAFTING, operation: 'consents' });
    if (!can(actor, Capability.MANAGE_ROSTER) && d.get(personId, DataClass.P).decision !== Decision.ALLOW) throw AppException.forbidden('You may not see consent records of this person');
    return this.plans.consentHistory(personId);
  }
}
