import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor } from '../actor';
import { ResponderGroup, Role, responderGroupOf } from '../role';
import { ConsentState, OrdinancePatternName, PersonFacts } from './person-facts';

interface FactsRow {
  id: string;
  municipality_code: string;
  district_code: string | null;
  ordinance_pattern: OrdinancePatternName;
  designated_recipients: string[];
  in_team: boolean;
  responder_group: ResponderGroup | null;
  roster: string | null;
  plan_creation: string | null;
  plan_share: string | null;
  acp_team: string | null;
  acp_emergency: string | null;
  break_glass: boolean;
  disclosure: boolean;
  has_task: boolean;
}

/**
 * The task pools an actor serves (task.pool_key values): their group in each of their municipalities,
 * and welfare volunteers by district. Named (assigned) tasks are matched by account id instead.
 */
export function poolsOf(actor: Actor): string[] {
  const group = responderGroupOf(actor.role);
  if (!group || actor.role === Role.SUPPORTER) return [];
  if (group === ResponderGroup.WELFARE_VOLUNTEER) return actor.districtCodes.map((d) => `${group}:${d}`);
  return actor.municipalityCodes.map((m) => `${group}:${m}`);
}

function consentState(decision: string | null): ConsentState {
  if (decision === 'AGREE') return 'AGREE';
  if (decision === 'REFUSE' || decision === 'DISAGREE' || decision === 'WITHDRAWN') return 'REFUSE';
  return 'NONE';
}

const latest = (scope: string) =>
  `(SELECT c.decision FROM consent_record c WHERE c.person_id = p.id AND c.scope = '${scope}' AND c.supporter_key IS NULL
     ORDER BY c.obtained_at DESC, c.recorded_at DESC LIMIT 1)`;

/**
 * Loads, in one query, what the policy needs to decide about many people for one actor: scope,
 * care-team membership, the consents in force, the municipality's ordinance and designated
 * recipients, and break-glass grants.
 */
@Injectable()
export class AccessFactsRepository {
  constructor(private readonly ds: DataSource) {}

  async factsFor(actor: Actor, personIds: string[]): Promise<Map<string, PersonFacts>> {
    const out = new Map<string, PersonFacts>();
    if (personIds.length === 0) return out;
    const rows: FactsRow[] = await this.ds.query(
      `SELECT p.id, p.municipality_code, p.district_code, m.ordinance_pattern, m.designated_recipients,
              ctm.account_id IS NOT NULL AS in_team, ctm.responder_group,
              ${latest('ROSTER_SHARE_NORMAL')} AS roster,
              ${latest('PLAN_CREATION')} AS plan_creation,
              ${latest('PLAN_SHARE_NORMAL')} AS plan_share,
              ${latest('ACP_SHARE_TEAM')} AS acp_team,
              ${latest('ACP_SHARE_EMERGENCY')} AS acp_emergency,
              EXISTS (SELECT 1 FROM break_glass_grant g
                       WHERE g.account_id = $2 AND g.person_id = p.id AND g.expires_at > now()) AS break_glass,
              EXISTS (SELECT 1 FROM incident_person ip
                        JOIN incident i ON i.id = ip.incident_id AND i.status = 'ACTIVE'
                        JOIN disaster_disclosure d ON d.incident_id = i.id AND d.ended_at IS NULL AND d.expires_at > now()
                       WHERE ip.person_id = p.id
                         AND EXISTS (SELECT 1 FROM task t WHERE t.incident_id = i.id AND (t.assignee_account_id = $2 OR t.pool_key = ANY($3::text[])))) AS disclosure,
              EXISTS (SELECT 1 FROM task t JOIN incident i ON i.id = t.incident_id AND i.status = 'ACTIVE'
                       WHERE t.person_id = p.id
                         AND (t.assignee_account_id = $2 OR t.claimed_by = $2
                              OR (t.assignee_account_id IS NULL AND t.pool_key = ANY($3::text[])))) AS has_task
         FROM person p
         JOIN municipality m ON m.code = p.municipality_code
         LEFT JOIN care_team_member ctm ON ctm.person_id = p.id AND ctm.account_id = $2
        WHERE p.id = ANY($1::uuid[])`,
      [personIds, actor.accountId, poolsOf(actor)],
    );
    for (const r of rows) {
      out.set(r.id, {
        personId: r.id,
        municipalityCode: r.municipality_code,
        districtCode: r.district_code,
        actorInCareTeam: r.in_team,
        actorCareGroup: r.responder_group,
        ordinance: r.ordinance_pattern,
        designatedRecipients: r.designated_recipients,
        consent: {
          rosterShareNormal: consentState(r.roster),
          planCreation: consentState(r.plan_creation),
          planShareNormal: consentState(r.plan_share),
          acpShareTeam: consentState(r.acp_team),
          acpShareEmergency: consentState(r.acp_emergency),
        },
        disclosureForActor: r.disclosure,
        actorHasTaskForPerson: r.has_task,
        breakGlassActive: r.break_glass,
      });
    }
    return out;
  }
}
