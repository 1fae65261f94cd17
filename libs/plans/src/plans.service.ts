import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppException, ErrorCode, FieldProblem } from '@anpi/core';
import {
  AccessDecisions, AccessPolicyService, Actor, AuditAction, AuditService, DataClass, Decision, DecisionReason, Purpose, Role, consentAllows,
} from '@anpi/access';
import { PeopleService, normalisePhone } from '@anpi/people';
import { RegionRepository } from '@anpi/region';
import { ConsentDecision, ConsentScope } from './consent-record.entity';
import { PlanContent, PlanField, changedFields, normaliseContent } from './plan-content';
import { PlanRepository } from './plan.repository';
import { PlanRevisionEntity } from './plan-revision.entity';
import { PlanEntity, PlanStatus } from './plan.entity';

/** Roles that draft plans with the person (DOMAIN §2.2). Recipients without full plan access cannot write. */
const DRAFTING_ROLES = new Set([Role.MUNICIPAL_ADMIN, Role.MUNICIPAL_STAFF, Role.CARE_MANAGER, Role.VISITING_NURSE, Role.HOME_CARE_DOCTOR, Role.WELFARE_VOLUNTEER]);

export interface PlanView {
  plan: PlanEntity;
  revision: PlanRevisionEntity;
  /** Decision for P and M, which the mapper applies. */
  planAccess: Decision;
  deviceAccess: Decision;
  /** Supporter keys whose own consent to sharing is in force. */
  consentedSupporters: Set<string>;
}

export interface SaveResult {
  personId: string;
  revision: number;
  changedFields: PlanField[];
}

/**
 * Individual evacuation plans: immutable revisions saved with compare-and-set on the base revision,
 * review and agreement, history with field diffs, comments. Reads go through the access policy.
 */
@Injectable()
export class PlansService {
  constructor(
    private readonly ds: DataSource,
    private readonly plans: PlanRepository,
    private readonly people: PeopleService,
    private readonly region: RegionRepository,
    private readonly policy: AccessPolicyService,
    private readonly audit: AuditService,
  ) {}

  /** The current plan of each person the actor may see plan data of (P), with M decided too. */
  async viewMany(actor: Actor, personIds: string[], operation: string, purpose = Purpose.PLAN_DRAFTING): Promise<Map<string, PlanView>> {
    const decisions = await this.policy.authorize(actor, personIds, [DataClass.P, DataClass.M], { purpose, operation });
    const visible = personIds.filter((id) => decisions.allows(id, DataClass.P));
    const found = await this.plans.plansFor(visible);
    const out = new Map<string, PlanView>();
    for (const [id, { plan, revision }] of found) {
      out.set(id, await this.view(decisions, plan, revision));
    }
    return out;
  }

  /** One person's plan: NOT_FOUND when the person is unknown or out of scope, null when there is no plan yet. */
  async viewOne(actor: Actor, personId: string, operation = 'plan'): Promise<PlanView | null> {
    const decisions = await this.policy.authorizeOne(actor, personId, [DataClass.P, DataClass.M], { purpose: Purpose.PLAN_DRAFTING, operation });
    if (!decisions.allows(personId, DataClass.P)) throw AppException.forbidden('You may not see this plan');
    const found = (await this.plans.plansFor([personId])).get(personId);
    return found ? this.view(decisions, found.plan, found.revision) : null;
  }

  private async view(decisions: AccessDecisions, plan: PlanEntity, revision: PlanRevisionEntity): Promise<PlanView> {
    const p = decisions.get(plan.personId, DataClass.P);
    const consented = new Set<string>();
    if (p.decision === Decision.REDACT && p.reason === DecisionReason.SUPPORTER_CONSENT_MISSING) {
      for (const c of await this.plans.consentsInForce(plan.personId)) {
        if (c.scope === ConsentScope.SUPPORTER_PLAN_SHARE && c.supporterKey && c.decision === ConsentDecision.AGREE) consented.add(c.supporterKey);
      }
    }
    return { plan, revision, planAccess: p.decision, deviceAccess: decisions.get(plan.personId, DataClass.M).decision, consentedSupporters: consented };
  }

  /**
   * Saves a new revision. A stale `baseRevision` is a CONFLICT that carries the current revision and
   * the fields changed since the base — never an overwrite. Concurrent saves on the same base
   * serialise on a row lock: exactly one wins.
   */
  async save(actor: Actor, personId: string, baseRevision: number, content: PlanContent, nextReviewAt: string | null | undefined, comment: string | null | undefined): Promise<SaveResult> {
    const decisions = await this.policy.authorizeOne(actor, personId, [DataClass.P, DataClass.M], { purpose: Purpose.PLAN_DRAFTING, operation: 'savePlan' });
    if (!DRAFTING_ROLES.has(actor.role) || decisions.get(personId, DataClass.P).decision !== Decision.ALLOW) {
      throw AppException.forbidden('Your role may not edit this plan');
    }
    const clean = await this.validate(content);
    const result = await this.ds.transaction(async (m) => {
      await this.plans.lockPerson(personId, m);
      const head = await this.plans.lockPlan(personId, m);
      const current = head?.currentRevision ?? 0;
      if (current !== baseRevision) {
        const base = baseRevision > 0 ? await this.plans.findRevision(personId, baseRevision, m) : null;
        const now = await this.plans.findRevision(personId, current, m);
        const author = now ? (await this.plans.authorNames([now.authorAccountId], m)).get(now.authorAccountId) : undefined;
        throw new AppException(ErrorCode.CONFLICT, `The plan was changed by someone else (now revision ${current}); review their change and save again`, {
          currentRevision: current,
          changedFields: now ? changedFields(base?.content ?? null, now.content) : [],
          changedBy: now?.authorAccountId ?? null,
          changedByName: author?.displayName ?? null,
          changedByRole: author?.role ?? null,
        });
      }
      const previous = current > 0 ? await this.plans.findRevision(personId, current, m) : null;
      if (content.medicalDevices == null) {
        // Omitted: the device plan stays as it was.
        clean.medicalDevices = (previous?.content.medicalDevices ?? []) as PlanContent['medicalDevices'];
      } else if (decisions.get(personId, DataClass.M).decision !== Decision.ALLOW) {
        // Someone without device access edits the rest of the plan; the device section stays as it was.
        if (changedFields({ medicalDevices: previous?.content.medicalDevices ?? [] }, { medicalDevices: clean.medicalDevices }).length > 0) {
          throw AppException.badInput([{ field: 'input.content.medicalDevices', message: 'you may not change the medical-device plan' }]);
        }
        clean.medicalDevices = (previous?.content.medicalDevices ?? []) as PlanContent['medicalDevices'];
      }
      const changed = changedFields(previous?.content ?? null, clean);
      const reviewChanged = nextReviewAt !== undefined && nextReviewAt !== (head?.nextReviewAt ?? null);
      if (previous && changed.length === 0 && !reviewChanged) {
        throw AppException.badInput([{ field: 'input.content', message: 'nothing changed since the base revision' }]);
      }
      const revision = current + 1;
      await m.getRepository(PlanRevisionEntity).insert({ personId, revision, content: clean, changedFields: changed, authorAccountId: actor.accountId });
      if (head) {
        await m.getRepository(PlanEntity).update({ personId }, {
          currentRevision: revision,
          status: PlanStatus.DRAFT,
          ...(nextReviewAt !== undefined ? { nextReviewAt } : {}),
        });
      } else {
        await m.getRepository(PlanEntity).insert({ personId, currentRevision: revision, status: PlanStatus.DRAFT, nextReviewAt: nextReviewAt ?? null });
      }
      if (comment) await m.query(`INSERT INTO plan_comment (person_id, revision, author_account_id, body) VALUES ($1, $2, $3, $4)`, [personId, revision, actor.accountId, comment]);
      await this.plans.syncCareTeam(personId, [
        ...clean.supporters.filter((s) => s.accountId).map((s) => ({ accountId: s.accountId as string, responderGroup: s.responderGroup })),
        ...(clean.careProfessionals ?? []).filter((c) => c.accountId).map((c) => ({ accountId: c.accountId as string, responderGroup: c.role === 'CARE_MANAGER' ? 'CARE' : c.role === 'OTHER' ? null : 'MEDICAL' })),
      ], m);
      await this.people.refreshPriority(personId, m);
      await this.audit.record(actor, [{ action: AuditAction.WRITE, dataClass: DataClass.P, personId, purpose: Purpose.PLAN_DRAFTING, detail: { operation: 'savePlan', revision, changedFields: changed } }], m);
      return { personId, revision, changedFields: changed };
    });
    return result;
  }

  async submitForReview(actor: Actor, personId: string, revision: number): Promise<void> {
    await this.transition(actor, personId, revision, 'submitPlanForReview', async (head) => {
      if (head.status !== PlanStatus.DRAFT) throw AppException.badInput([{ field: 'input.revision', message: `only a draft can be submitted (the plan is ${head.status})` }]);
      return { status: PlanStatus.IN_REVIEW };
    });
  }

  /**
   * Records the person's agreement to a revision. Needs their plan-creation consent (49-14(1)); the
   * caller shows whom the plan will be shared with (planSharePreview) before asking (49-14(2)).
   */
  async agree(actor: Actor, personId: string, revision: number): Promise<void> {
    await this.transition(actor, personId, revision, 'agreePlan', async (head, m) => {
      const consent = await this.plans.latestConsent(personId, ConsentScope.PLAN_CREATION, m);
      if (consent?.decision !== ConsentDecision.AGREE) {
        throw new AppException(ErrorCode.BAD_USER_INPUT, "Record the person's consent to creating the plan (個別避難計画の作成への同意) before agreeing", {
          fields: [{ field: 'input.personId', message: 'plan-creation consent is missing' }],
        });
      }
      if (head.status === PlanStatus.AGREED && head.agreedRevision === revision) throw AppException.badInput([{ field: 'input.revision', message: 'this revision is already agreed' }]);
      return { status: PlanStatus.AGREED, agreedAt: new Date(), agreedRevision: revision, agreedBy: actor.accountId };
    });
  }

  private async transition(
    actor: Actor,
    personId: string,
    revision: number,
    operation: string,
    next: (head: PlanEntity, m: import('typeorm').EntityManager) => Promise<Partial<PlanEntity>>,
  ): Promise<void> {
    const decisions = await this.policy.authorizeOne(actor, personId, [DataClass.P], { purpose: Purpose.PLAN_DRAFTING, operation });
    if (!DRAFTING_ROLES.has(actor.role) || decisions.get(personId, DataClass.P).decision !== Decision.ALLOW) throw AppException.forbidden('Your role may not change this plan');
    await this.ds.transaction(async (m) => {
      const head = await this.plans.lockPlan(personId, m);
      if (!head) throw AppException.notFound('Plan');
      if (head.currentRevision !== revision) {
        throw new AppException(ErrorCode.CONFLICT, `The plan is now at revision ${head.currentRevision}`, { currentRevision: head.currentRevision });
      }
      await m.getRepository(PlanEntity).update({ personId }, await next(head, m));
      await this.audit.record(actor, [{ action: AuditAction.WRITE, dataClass: DataClass.P, personId, purpose: Purpose.PLAN_DRAFTING, detail: { operation, revision } }], m);
    });
  }

  /** Revisions newest first, each with its field-level changes against the one before and its comments. */
  async history(actor: Actor, personId: string, first: number, before?: number) {
    const view = await this.viewOne(actor, personId, 'planRevisions');
    if (!view) return [];
    const revs = await this.plans.revisions(personId, first + 1, before);
    const comments = await this.plans.comments(personId, revs.map((r) => r.revision));
    const names = await this.plans.authorNames([...revs.map((r) => r.authorAccountId), ...comments.map((c) => c.authorAccountId)]);
    const showDevices = view.deviceAccess === Decision.ALLOW;
    const redactSupporters = view.planAccess !== Decision.ALLOW;
    const author = (id: string) => ({ id, ...(names.get(id) ?? { displayName: '?', role: '?', organisation: '?' }) });
    return revs.slice(0, first).map((r, i) => {
      const prev = revs[i + 1] ?? null;
      const a = normaliseContent(prev?.content ?? {});
      const b = normaliseContent(r.content);
      const fields = r.changedFields.filter((f) => showDevices || f !== 'medicalDevices');
      return {
        revision: r.revision,
        author: author(r.authorAccountId),
        createdAt: r.createdAt,
        changedFields: fields,
        changes: fields.map((f) => ({
          field: f,
          before: redactSupporters && f === 'supporters' ? null : (prev ? a[f as PlanField] : null),
          after: redactSupporters && f === 'supporters' ? null : b[f as PlanField],
        })),
        comments: comments.filter((c) => c.revision === r.revision).map((c) => ({ id: c.id, author: author(c.authorAccountId), body: c.body, createdAt: c.createdAt })),
      };
    });
  }

  async comment(actor: Actor, personId: string, revision: number, body: string): Promise<void> {
    const view = await this.viewOne(actor, personId, 'addPlanComment');
    if (!view || view.planAccess !== Decision.ALLOW) throw AppException.forbidden('You may not comment on this plan');
    if (!(await this.plans.findRevision(personId, revision))) throw AppException.badInput([{ field: 'input.revision', message: 'no such revision' }]);
    await this.ds.transaction(async (m) => {
      await m.query(`INSERT INTO plan_comment (person_id, revision, author_account_id, body) VALUES ($1, $2, $3, $4)`, [personId, revision, actor.accountId, body]);
      await this.audit.record(actor, [{ action: AuditAction.WRITE, dataClass: DataClass.P, personId, purpose: Purpose.PLAN_DRAFTING, detail: { operation: 'addPlanComment', revision } }], m);
    });
  }

  /**
   * Whom the plan reaches, in normal times and in a disaster, under this municipality's ordinance,
   * designated recipients and the consents in force: what the person must be told before agreeing.
   */
  async sharePreview(actor: Actor, personId: string): Promise<{ recipient: string; when: string; basis: string }[]> {
    const d = await this.policy.authorizeOne(actor, personId, [DataClass.P], { purpose: Purpose.PLAN_DRAFTING, operation: 'planSharePreview' });
    const f = d.facts.get(personId);
    if (!f) throw AppException.notFound('Person');
    const out = [{ recipient: 'CARE_TEAM', when: 'NORMAL_TIMES', basis: 'named in the plan (care professionals and supporters with accounts)' }];
    const normalOk = f.consent.planCreation === 'AGREE' && consentAllows(f.ordinance, f.consent.planShareNormal);
    for (const r of f.designatedRecipients) {
      if (normalOk) out.push({ recipient: r, when: 'NORMAL_TIMES', basis: f.consent.planShareNormal === 'AGREE' ? 'consent (49-15(2))' : `ordinance (${f.ordinance})` });
      out.push({ recipient: r, when: 'DISASTER', basis: 'disaster provision without consent, while the municipality has disclosure on (49-15(3))' });
    }
    return out;
  }

  /** Field rules beyond the input types: phones, shelters, routes, supporter accounts; assigns supporter keys. */
  private async validate(content: PlanContent): Promise<PlanContent> {
    const problems: FieldProblem[] = [];
    const at = (path: string, message: string) => problems.push({ field: `input.content.${path}`, message });
    const phone = (path: string, v: string | null | undefined): string | null => {
      if (!v) return null;
      const n = normalisePhone(v);
      if (!n) at(path, 'must be a Japanese phone number');
      return n ?? v;
    };
    const supporters = content.supporters.map((s, i) => ({ ...s, key: s.key || randomUUID(), phone: phone(`supporters.${i}.phone`, s.phone), accountId: s.accountId ?? null, address: s.address ?? null }));
    const keys = new Set<string>();
    supporters.forEach((s, i) => {
      if (keys.has(s.key)) at(`supporters.${i}.key`, 'is used twice');
      keys.add(s.key);
    });
    const accountIds = [...supporters.map((s) => s.accountId), ...(content.careProfessionals ?? []).map((c) => c.accountId)].filter((x): x is string => !!x);
    if (accountIds.length) {
      const found = new Set((await this.ds.query(`SELECT id FROM account WHERE id = ANY($1::uuid[]) AND disabled_at IS NULL`, [accountIds])).map((r: { id: string }) => r.id));
      supporters.forEach((s, i) => s.accountId && !found.has(s.accountId) && at(`supporters.${i}.accountId`, 'no such account'));
      (content.careProfessionals ?? []).forEach((c, i) => c.accountId && !found.has(c.accountId) && at(`careProfessionals.${i}.accountId`, 'no such account'));
    }
    content.emergencyContacts.forEach((c, i) => phone(`emergencyContacts.${i}.phone`, c.phone));
    const dest = content.destination ?? null;
    if (dest?.shelterId) {
      const shelter = (await this.region.listShelters()).find((s) => s.id === dest.shelterId);
      if (!shelter) at('destination.shelterId', 'is not a known shelter');
      else if (!dest.name) dest.name = shelter.nameJa;
    }
    (content.routes ?? []).forEach((r, i) => {
      const g = r.geometry as { type?: unknown; coordinates?: unknown };
      if (!g || g.type !== 'LineString' || !Array.isArray(g.coordinates)) return at(`routes.${i}.geometry`, 'must be a GeoJSON LineString');
      const pts = g.coordinates as unknown[];
      if (pts.length < 2) return at(`routes.${i}.geometry`, 'needs at least 2 points');
      if (pts.length > 500) return at(`routes.${i}.geometry`, 'has more than 500 points (the limit)');
      if (!pts.every((p) => Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number' && p[0] >= 122 && p[0] <= 154 && p[1] >= 20 && p[1] <= 46)) {
        at(`routes.${i}.geometry`, 'has a point that is not a [longitude, latitude] inside Japan');
      }
    });
    if (problems.length) throw AppException.badInput(problems);
    return {
      ...content,
      supporters,
      destination: dest,
      routes: (content.routes ?? []).map((r) => ({ geometry: { type: 'LineString', coordinates: (r.geometry as { coordinates: [number, number][] }).coordinates.map(([x, y]) => [x, y]) }, description: r.description })),
      careProfessionals: (content.careProfessionals ?? []).map((c) => ({ ...c, phone: c.phone ?? null, accountId: c.accountId ?? null })),
      medicalDevices: (content.medicalDevices ?? []).map((d) => ({ ...d, backupPower: d.backupPower ?? null, oxygenSupplier: d.oxygenSupplier ?? null, powerCompanyRegistered: d.powerCompanyRegistered ?? false })),
    };
  }
}
