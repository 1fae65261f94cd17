import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AcpDiscussionContent, AcpDiscussionRecord, PhysicianOrderRecord } from './acp-content';
import { AcpDiscussionEntity } from './acp-discussion.entity';
import { PhysicianOrderCode, PhysicianOrderKind, PhysicianOrderStatus } from './acp.enums';
import { PhysicianOrderEntity } from './physician-order.entity';

interface DiscussionRow {
  id: string;
  person_id: string;
  held_at: Date;
  place: string | null;
  facilitator_account_id: string;
  facilitator_name: string | null;
  recorded_by: string;
  participants: AcpDiscussionRecord['participants'];
  capacity_status: AcpDiscussionRecord['capacityStatus'];
  values_checklist: AcpDiscussionRecord['valuesChecklist'];
  values_text: string | null;
  preferred_place_of_care: AcpDiscussionRecord['preferredPlaceOfCare'];
  preferred_place_of_death: AcpDiscussionRecord['preferredPlaceOfDeath'];
  place_note: string | null;
  disclosure_preference: AcpDiscussionRecord['disclosurePreference'];
  preferences: AcpDiscussionRecord['preferences'];
  surrogates: AcpDiscussionRecord['surrogates'];
  comfort_wishes: string | null;
  spiritual_wishes: string | null;
  after_death_wishes: string | null;
  next_review_trigger: string | null;
  next_review_on: string | null;
  declined: boolean;
  declined_note: string | null;
  corrects_id: string | null;
  correction_reason: string | null;
  recorded_at: Date;
  superseded_by_id?: string | null;
}

interface OrderRow {
  id: string;
  person_id: string;
  kind: PhysicianOrderKind;
  code: PhysicianOrderCode;
  status: PhysicianOrderStatus;
  instructions: string | null;
  ordered_at: Date;
  ordered_by: string;
  ordered_by_name: string | null;
  basis_discussion_id: string | null;
  recorded_at: Date;
}

/** A discussion as listed: the record, and the correction that superseded it, if any. */
export type ListedDiscussion = AcpDiscussionRecord & { supersededById: string | null };

/** What the FHIR export needs to identify the person (roster items, minimised). */
export interface AcpPersonIdentity {
  id: string;
  name: string;
  nameKana: string;
  birthDate: string;
  sex: string;
  municipalityCode: string;
}

const DISCUSSION_COLUMNS = `d.id, d.person_id, d.held_at, d.place, d.facilitator_account_id, fa.display_name AS facilitator_name, d.recorded_by,
  d.participants, d.capacity_status, d.values_checklist, d.values_text, d.preferred_place_of_care, d.preferred_place_of_death, d.place_note,
  d.disclosure_preference, d.preferences, d.surrogates, d.comfort_wishes, d.spiritual_wishes, d.after_death_wishes, d.next_review_trigger,
  to_char(d.next_review_on, 'YYYY-MM-DD') AS next_review_on, d.declined, d.declined_note, d.corrects_id, d.correction_reason, d.recorded_at`;

function toDiscussion(r: DiscussionRow): ListedDiscussion {
  return {
    id: r.id, personId: r.person_id, heldAt: new Date(r.held_at), place: r.place, facilitatorAccountId: r.facilitator_account_id,
    facilitatorName: r.facilitator_name, recordedBy: r.recorded_by, recordedAt: new Date(r.recorded_at), participants: r.participants ?? [],
    capacityStatus: r.capacity_status, valuesChecklist: r.values_checklist ?? [], valuesText: r.values_text,
    preferredPlaceOfCare: r.preferred_place_of_care, preferredPlaceOfDeath: r.preferred_place_of_death, placeNote: r.place_note,
    disclosurePreference: r.disclosure_preference, preferences: r.preferences ?? [], surrogates: r.surrogates, comfortWishes: r.comfort_wishes,
    spiritualWishes: r.spiritual_wishes, afterDeathWishes: r.after_death_wishes, nextReviewTrigger: r.next_review_trigger,
    nextReviewOn: r.next_review_on, declined: r.declined, declinedNote: r.declined_note, correctsId: r.corrects_id,
    correctionReason: r.correction_reason, supersededById: r.superseded_by_id ?? null,
  };
}

function toOrder(r: OrderRow): PhysicianOrderRecord {
  return {
    id: r.id, personId: r.person_id, kind: r.kind, code: r.code, status: r.status, instructions: r.instructions, orderedAt: new Date(r.ordered_at),
    orderedBy: r.ordered_by, orderedByName: r.ordered_by_name, basisDiscussionId: r.basis_discussion_id, recordedAt: new Date(r.recorded_at),
  };
}

/** Every query of the ACP tables. Both tables are append-only: there is no update or delete here. */
@Injectable()
export class AcpRepository {
  constructor(private readonly ds: DataSource) {}

  async insertDiscussion(
    v: { personId: string; heldAt: Date; facilitatorAccountId: string; recordedBy: string; correctsId?: string | null; correctionReason?: string | null; content: AcpDiscussionContent },
    m: EntityManager,
  ): Promise<string> {
    const res = await m.createQueryBuilder().insert().into(AcpDiscussionEntity).values({
      personId: v.personId, heldAt: v.heldAt, facilitatorAccountId: v.facilitatorAccountId, recordedBy: v.recordedBy,
      correctsId: v.correctsId ?? null, correctionReason: v.correctionReason ?? null, ...v.content,
    }).returning('id').execute();
    return (res.identifiers[0]?.id ?? res.raw[0]?.id) as string;
  }

  async insertOrder(
    v: { personId: string; kind: PhysicianOrderKind; code: PhysicianOrderCode; status: PhysicianOrderStatus; instructions: string | null; orderedAt: Date; orderedBy: string; basisDiscussionId: string | null },
    m: EntityManager,
  ): Promise<string> {
    const res = await m.createQueryBuilder().insert().into(PhysicianOrderEntity).values(v).returning('id').execute();
    return (res.identifiers[0]?.id ?? res.raw[0]?.id) as string;
  }

  /** All discussions of a person, oldest first, with the facilitator's display name. */
  async discussionsOf(personId: string, m: EntityManager = this.ds.manager): Promise<ListedDiscussion[]> {
    const rows: DiscussionRow[] = await m.query(
      `SELECT ${DISCUSSION_COLUMNS}, (SELECT c.id FROM acp_discussion c WHERE c.corrects_id = d.id) AS superseded_by_id
         FROM acp_discussion d JOIN account fa ON fa.id = d.facilitator_account_id
        WHERE d.person_id = $1 ORDER BY d.held_at, d.recorded_at, d.id`,
      [personId],
    );
    return rows.map(toDiscussion);
  }

  /** A page of a person's discussions, newest first, keyset-paged by (held_at, id). */
  async pageOf(personId: string, first: number, after: { heldAt: Date; id: string } | null): Promise<ListedDiscussion[]> {
    const params: unknown[] = [personId, first];
    let cursor = '';
    if (after) {
      params.push(after.heldAt, after.id);
      cursor = `AND (d.held_at < $3 OR (d.held_at = $3 AND d.id < $4))`;
    }
    const rows: DiscussionRow[] = await this.ds.query(
      `SELECT ${DISCUSSION_COLUMNS}, (SELECT c.id FROM acp_discussion c WHERE c.corrects_id = d.id) AS superseded_by_id
         FROM acp_discussion d JOIN account fa ON fa.id = d.facilitator_account_id
        WHERE d.person_id = $1 ${cursor} ORDER BY d.held_at DESC, d.id DESC LIMIT $2`,
      params,
    );
    return rows.map(toDiscussion);
  }

  async findDiscussion(id: string, m: EntityManager = this.ds.manager): Promise<ListedDiscussion | null> {
    const rows: DiscussionRow[] = await m.query(
      `SELECT ${DISCUSSION_COLUMNS}, (SELECT c.id FROM acp_discussion c WHERE c.corrects_id = d.id) AS superseded_by_id
         FROM acp_discussion d JOIN account fa ON fa.id = d.facilitator_account_id WHERE d.id = $1`,
      [id],
    );
    return rows[0] ? toDiscussion(rows[0]) : null;
  }

  /** Every physician order of a person (in force or not), with the ordering doctor's display name. */
  async ordersOf(personId: string, m: EntityManager = this.ds.manager): Promise<PhysicianOrderRecord[]> {
    const rows: OrderRow[] = await m.query(
      `SELECT o.id, o.person_id, o.kind, o.code, o.status, o.instructions, o.ordered_at, o.ordered_by, a.display_name AS ordered_by_name,
              o.basis_discussion_id, o.recorded_at
         FROM acp_physician_order o JOIN account a ON a.id = o.ordered_by
        WHERE o.person_id = $1 ORDER BY o.ordered_at, o.recorded_at, o.id`,
      [personId],
    );
    return rows.map(toOrder);
  }

  async findOrder(id: string, m: EntityManager = this.ds.manager): Promise<PhysicianOrderRecord | null> {
    const rows: OrderRow[] = await m.query(
      `SELECT o.id, o.person_id, o.kind, o.code, o.status, o.instructions, o.ordered_at, o.ordered_by, a.display_name AS ordered_by_name,
              o.basis_discussion_id, o.recorded_at
         FROM acp_physician_order o JOIN account a ON a.id = o.ordered_by WHERE o.id = $1`,
      [id],
    );
    return rows[0] ? toOrder(rows[0]) : null;
  }

  /** Whether an active account is a member of the person's care team. */
  async isCareTeamMember(personId: string, accountId: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `SELECT 1 FROM care_team_member t JOIN account a ON a.id = t.account_id AND a.disabled_at IS NULL
        WHERE t.person_id = $1 AND t.account_id = $2`,
      [personId, accountId],
    );
    return rows.length > 0;
  }

  async personIdentity(personId: string): Promise<AcpPersonIdentity | null> {
    const rows: { id: string; name: string; name_kana: string; birth_date: string; sex: string; municipality_code: string }[] = await this.ds.query(
      `SELECT id, name, name_kana, to_char(birth_date, 'YYYY-MM-DD') AS birth_date, sex, municipality_code FROM person WHERE id = $1`,
      [personId],
    );
    const r = rows[0];
    return r ? { id: r.id, name: r.name, nameKana: r.name_kana, birthDate: r.birth_date, sex: r.sex, municipalityCode: r.municipality_code } : null;
  }
}
