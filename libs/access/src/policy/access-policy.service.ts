import { Injectable } from '@nestjs/common';
import { AppException } from '@anpi/core';
import { Actor } from '../actor';
import { AuditAction } from '../audit/audit-log.entity';
import { AuditEntry, AuditService } from '../audit/audit.service';
import { AccessFactsRepository } from './access-facts.repository';
import { decide } from './access-policy';
import { DataClass, Decision, PolicyDecision, Purpose } from './data-class';
import { PersonFacts } from './person-facts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The policy's answer for a set of people: a decision per person and data class. */
export class AccessDecisions {
  constructor(
    private readonly decisions: Map<string, Map<DataClass, PolicyDecision>>,
    readonly facts: Map<string, PersonFacts>,
  ) {}

  /** Decision for one person and class; DENY for a person the policy never saw (unknown id). */
  get(personId: string, cls: DataClass): PolicyDecision {
    return this.decisions.get(personId)?.get(cls) ?? { decision: Decision.DENY, reason: 'OUTSIDE_SCOPE' as PolicyDecision['reason'] };
  }

  allows(personId: string, cls: DataClass): boolean {
    return this.get(personId, cls).decision !== Decision.DENY;
  }

  /** People the actor may see at all (roster class not denied). */
  visible(personIds: string[]): string[] {
    return personIds.filter((id) => this.allows(id, DataClass.R));
  }
}

export interface AuthorizeOptions {
  purpose: Purpose;
  incidentId?: string | null;
  /** The GraphQL operation or export, for the audit row. */
  operation: string;
  /**
   * Roster (R) reads of long lists are audited as one summary row; pass false to skip per-person
   * R rows. P/M/A/E reads and every denial are always audited per person.
   */
  auditRosterPerPerson?: boolean;
}

/**
 * The only way personal data is read: every resolver, field resolver, subscription and export asks
 * here, the mapper redacts by the answer, and reads and denials land in the audit log.
 */
@Injectable()
export class AccessPolicyService {
  constructor(
    private readonly factsRepo: AccessFactsRepository,
    private readonly audit: AuditService,
  ) {}

  async authorize(actor: Actor, personIds: string[], classes: DataClass[], opts: AuthorizeOptions): Promise<AccessDecisions> {
    // A malformed id is an unknown person (NOT_FOUND for single reads), never a database error.
    const unique = [...new Set(personIds)].filter((id) => UUID.test(id));
    const facts = await this.factsRepo.factsFor(actor, unique);
    const decisions = new Map<string, Map<DataClass, PolicyDecision>>();
    const entries: AuditEntry[] = [];
    let rosterReads = 0;
    for (const id of unique) {
      const f = facts.get(id);
      const perClass = new Map<DataClass, PolicyDecision>();
      for (const cls of classes) {
        const d = f ? decide(actor, f, cls) : null;
        if (d) perClass.set(cls, d);
        if (!d) continue; // unknown person: the caller answers NOT_FOUND; nothing to audit about a person
        const read = d.decision !== Decision.DENY;
        if (cls === DataClass.R && read && opts.auditRosterPerPerson === false) {
          rosterReads++;
          continue;
        }
        entries.push({
          action: read ? AuditAction.READ : AuditAction.DENY,
          dataClass: cls,
          personId: id,
          purpose: opts.purpose,
          incidentId: opts.incidentId ?? null,
          breakGlass: d.breakGlass ?? false,
          decision: d.decision,
          detail: { operation: opts.operation, reason: d.reason },
        });
      }
      decisions.set(id, perClass);
    }
    if (rosterReads > 0) {
      entries.push({
        action: AuditAction.READ,
        dataClass: DataClass.R,
        purpose: opts.purpose,
        incidentId: opts.incidentId ?? null,
        decision: Decision.ALLOW,
        detail: { operation: opts.operation, people: rosterReads },
      });
    }
    await this.audit.record(actor, entries);
    return new AccessDecisions(decisions, facts);
  }

  /**
   * For a single-person read: the decisions, or NOT_FOUND when the person does not exist or the actor
   * may not see them at all — the same answer either way, so ids cannot be probed (RELIABILITY S6).
   */
  async authorizeOne(actor: Actor, personId: string, classes: DataClass[], opts: AuthorizeOptions): Promise<AccessDecisions> {
    const d = await this.authorize(actor, [personId], classes, opts);
    if (!classes.some((c) => d.allows(personId, c))) throw AppException.notFound('Person');
    return d;
  }
}
