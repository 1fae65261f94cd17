import { FieldProblem } from '@anpi/core';
import { normalisePhone } from '@anpi/people';
import {
  AcpCapacityStatus, AcpChoice, AcpDisclosurePreference, AcpIntervention, AcpParticipantRole, AcpPlace, AcpScenario, AcpValue,
} from './acp.enums';
import { ACP_LIMITS, AcpDiscussionContent, AcpParticipant, AcpPreference, AcpSurrogate } from './acp-content';

/** A discussion as submitted: anything may be missing; the rules below say what must be there. */
export interface AcpDiscussionDraft {
  personId?: string | null;
  heldAt?: Date | null;
  facilitatorAccountId?: string | null;
  place?: string | null;
  participants?: Partial<AcpParticipant>[] | null;
  capacityStatus?: AcpCapacityStatus | null;
  valuesChecklist?: AcpValue[] | null;
  valuesText?: string | null;
  preferredPlaceOfCare?: AcpPlace | null;
  preferredPlaceOfDeath?: AcpPlace | null;
  placeNote?: string | null;
  disclosurePreference?: AcpDisclosurePreference | null;
  preferences?: Partial<AcpPreference>[] | null;
  surrogates?: Partial<AcpSurrogate>[] | null;
  comfortWishes?: string | null;
  spiritualWishes?: string | null;
  afterDeathWishes?: string | null;
  nextReviewTrigger?: string | null;
  nextReviewOn?: string | null;
  declined?: boolean | null;
  declinedNote?: string | null;
}

export interface ValidatedDiscussion {
  personId: string;
  heldAt: Date;
  facilitatorAccountId: string;
  content: AcpDiscussionContent;
}

/** How far in the future a discussion time may lie (clock skew between a tablet and the server). */
const FUTURE_TOLERANCE_MS = 10 * 60 * 1000;

class Problems {
  readonly list: FieldProblem[] = [];
  constructor(private readonly prefix: string) {}
  add(field: string, message: string): void {
    this.list.push({ field: field ? `${this.prefix}.${field}` : this.prefix, message });
  }
  /** Trims; blank becomes null; longer than `max` is a problem naming the limit. */
  text(field: string, value: string | null | undefined, max: number = ACP_LIMITS.text): string | null {
    if (value === null || value === undefined) return null;
    const v = value.trim();
    if (v.length > max) this.add(field, `must be at most ${max.toLocaleString('en-US')} characters (got ${v.length.toLocaleString('en-US')})`);
    return v.length ? v : null;
  }
  required<T>(field: string, value: T | null | undefined, message = 'is required'): value is T {
    if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
      this.add(field, message);
      return false;
    }
    return true;
  }
}

/**
 * The rules of an ACP discussion record (DOMAIN §3, §7.5). Person, date and facilitator are always
 * required. A declined discussion (the person does not want to talk about it now) is valid with nothing
 * else; otherwise capacity, at least one participant and at least one statement are required. Every
 * problem names its field path under `field` (`input.preferences.2.choice`), and text over its limit
 * names the limit. Returns the normalised record (trimmed text, blank → null, phones normalised).
 */
export function validateAcpDiscussion(d: AcpDiscussionDraft, now: Date, field = 'input'): { problems: FieldProblem[]; value: ValidatedDiscussion | null } {
  const p = new Problems(field);
  p.required('personId', d.personId, 'is required: a discussion is always about one person');
  if (p.required('heldAt', d.heldAt, 'is required: when the discussion took place')) {
    if (Number.isNaN(d.heldAt.getTime())) p.add('heldAt', 'is not a valid date-time');
    else if (d.heldAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) p.add('heldAt', 'must not lie in the future');
    else if (d.heldAt.getUTCFullYear() < 2000) p.add('heldAt', 'must be after 2000');
  }
  p.required('facilitatorAccountId', d.facilitatorAccountId, 'is required: who facilitated the discussion');
  const declined = d.declined === true;

  const participants: AcpParticipant[] = [];
  const rawParticipants = d.participants ?? [];
  if (rawParticipants.length > ACP_LIMITS.participants) p.add('participants', `must list at most ${ACP_LIMITS.participants} people`);
  rawParticipants.forEach((x, i) => {
    const f = `participants.${i}`;
    p.required(`${f}.role`, x.role);
    const name = p.text(`${f}.name`, x.name, ACP_LIMITS.name);
    if (!name) p.add(`${f}.name`, 'is required');
    const relation = p.text(`${f}.relation`, x.relation, ACP_LIMITS.relation);
    if (!relation && (x.role === AcpParticipantRole.FAMILY || x.role === AcpParticipantRole.OTHER)) p.add(`${f}.relation`, 'is required for family and other participants (続柄)');
    participants.push({ role: x.role as AcpParticipantRole, name: name ?? '', relation, accountId: x.accountId ?? null });
  });

  const preferences: AcpPreference[] = [];
  const seen = new Map<string, number>();
  const rawPreferences = d.preferences ?? [];
  if (rawPreferences.length > ACP_LIMITS.preferences) p.add('preferences', `must list at most ${ACP_LIMITS.preferences} wishes`);
  rawPreferences.forEach((x, i) => {
    const f = `preferences.${i}`;
    p.required(`${f}.intervention`, x.intervention);
    p.required(`${f}.scenario`, x.scenario);
    p.required(`${f}.choice`, x.choice);
    const note = p.text(`${f}.note`, x.note);
    const key = `${x.intervention}:${x.scenario}`;
    const first = seen.get(key);
    if (first !== undefined) p.add(`${f}.scenario`, `repeats preferences.${first} (${x.intervention} in ${x.scenario}); state each treatment once per scenario`);
    else seen.set(key, i);
    preferences.push({ intervention: x.intervention as AcpIntervention, scenario: x.scenario as AcpScenario, choice: x.choice as AcpChoice, note });
  });

  let surrogates: AcpSurrogate[] | null = null;
  if (d.surrogates) {
    surrogates = [];
    const ranks = new Set<number>();
    d.surrogates.forEach((x, i) => {
      const f = `surrogates.${i}`;
      if (x.rank !== 1 && x.rank !== 2) p.add(`${f}.rank`, 'must be 1 (first) or 2 (alternate)');
      else if (ranks.has(x.rank)) p.add(`${f}.rank`, `repeats rank ${x.rank}; name one surrogate per rank`);
      else ranks.add(x.rank);
      const name = p.text(`${f}.name`, x.name, ACP_LIMITS.name);
      if (!name) p.add(`${f}.name`, 'is required');
      const relation = p.text(`${f}.relation`, x.relation, ACP_LIMITS.relation);
      if (!relation) p.add(`${f}.relation`, 'is required (続柄)');
      let phone = p.text(`${f}.phone`, x.phone, ACP_LIMITS.phone);
      if (!phone) p.add(`${f}.phone`, 'is required: responders must be able to call the surrogate');
      else {
        const normalised = normalisePhone(phone);
        if (!normalised) p.add(`${f}.phone`, 'must be a Japanese phone number, e.g. 03-3430-1111 or 090-1234-5678');
        phone = normalised ?? phone;
      }
      const scopeNote = p.text(`${f}.scopeNote`, x.scopeNote);
      surrogates?.push({ rank: x.rank as number, name: name ?? '', relation: relation ?? '', phone: phone ?? '', scopeNote });
    });
    if (ranks.has(2) && !ranks.has(1)) p.add('surrogates', 'an alternate (rank 2) needs a first surrogate (rank 1)');
  }

  let nextReviewOn: string | null = null;
  if (d.nextReviewOn) {
    const date = new Date(`${d.nextReviewOn}T00:00:00Z`);
    const ok = /^\d{4}-\d{2}-\d{2}$/.test(d.nextReviewOn) && !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === d.nextReviewOn;
    if (!ok) p.add('nextReviewOn', 'must be a date as YYYY-MM-DD');
    else nextReviewOn = d.nextReviewOn;
  }

  const valuesChecklist = [...new Set(d.valuesChecklist ?? [])];
  if (valuesChecklist.length > ACP_LIMITS.values) p.add('valuesChecklist', `must list at most ${ACP_LIMITS.values} values`);
  const content: AcpDiscussionContent = {
    place: p.text('place', d.place, ACP_LIMITS.place),
    participants,
    capacityStatus: d.capacityStatus ?? null,
    valuesChecklist,
    valuesText: p.text('valuesText', d.valuesText),
    preferredPlaceOfCare: d.preferredPlaceOfCare ?? null,
    preferredPlaceOfDeath: d.preferredPlaceOfDeath ?? null,
    placeNote: p.text('placeNote', d.placeNote),
    disclosurePreference: d.disclosurePreference ?? null,
    preferences,
    surrogates,
    comfortWishes: p.text('comfortWishes', d.comfortWishes),
    spiritualWishes: p.text('spiritualWishes', d.spiritualWishes),
    afterDeathWishes: p.text('afterDeathWishes', d.afterDeathWishes),
    nextReviewTrigger: p.text('nextReviewTrigger', d.nextReviewTrigger),
    nextReviewOn,
    declined,
    declinedNote: p.text('declinedNote', d.declinedNote),
  };

  const statements: [keyof AcpDiscussionContent, boolean][] = [
    ['preferences', preferences.length > 0], ['valuesChecklist', valuesChecklist.length > 0], ['valuesText', !!content.valuesText],
    ['preferredPlaceOfCare', !!content.preferredPlaceOfCare], ['preferredPlaceOfDeath', !!content.preferredPlaceOfDeath],
    ['disclosurePreference', !!content.disclosurePreference], ['surrogates', surrogates !== null], ['comfortWishes', !!content.comfortWishes],
    ['spiritualWishes', !!content.spiritualWishes], ['afterDeathWishes', !!content.afterDeathWishes],
  ];
  if (declined) {
    // A refusal is respected as it is: nothing else is demanded, and no wish is recorded beside it.
    for (const [name, present] of statements) if (present) p.add(name, 'must be left empty when the person declined ACP; record wishes in a later discussion');
  } else {
    p.required('capacityStatus', content.capacityStatus, 'is required: could the person express their will (意思表示の可否)?');
    if (participants.length === 0) p.add('participants', 'must name at least one participant');
    if (!statements.some(([, present]) => present)) p.add('', 'record at least one wish, value or surrogate, or mark the discussion as declined');
    if (content.declinedNote) p.add('declinedNote', 'is only for a declined discussion');
  }

  if (p.list.length) return { problems: p.list, value: null };
  return { problems: [], value: { personId: d.personId as string, heldAt: d.heldAt as Date, facilitatorAccountId: d.facilitatorAccountId as string, content } };
}

/** A correction needs the record it corrects and a reason. */
export function validateCorrection(correctsId: string | null | undefined, reason: string | null | undefined, field = 'input'): { problems: FieldProblem[]; reason: string | null } {
  const p = new Problems(field);
  p.required('correctsId', correctsId, 'is required: the record this corrects');
  const r = p.text('reason', reason);
  if (!r) p.add('reason', 'is required: why the earlier record was wrong');
  return { problems: p.list, reason: r };
}

/** Physician-order text rules. */
export function validateOrderText(instructions: string | null | undefined, required: boolean, field = 'input'): { problems: FieldProblem[]; instructions: string | null } {
  const p = new Problems(field);
  const v = p.text('instructions', instructions);
  if (required && !v) p.add('instructions', 'is required for this order');
  return { problems: p.list, instructions: v };
}
