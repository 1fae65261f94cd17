/**
 * The recording form's state (what is typed, as strings), how it becomes the mutation input, and the
 * checks made before sending (the server checks again and names the same field paths).
 */
import type {
  Capacity, Choice, Discussion, DiscussionFieldsInput, Disclosure, Intervention, ParticipantRole, Place, Scenario, Surrogate, Value,
} from './acp-api';

export interface FormParticipant {
  role: ParticipantRole;
  name: string;
  relation: string;
  accountId: string | null;
}

export interface FormPreference {
  intervention: Intervention;
  scenario: Scenario;
  choice: Choice | '';
  note: string;
}

export interface FormSurrogate {
  name: string;
  relation: string;
  phone: string;
  scopeNote: string;
}

export interface AcpForm {
  /** `YYYY-MM-DDTHH:mm` in the device's time (a datetime-local input). */
  heldAt: string;
  place: string;
  facilitatorAccountId: string;
  declined: boolean;
  declinedNote: string;
  participants: FormParticipant[];
  capacityStatus: Capacity | '';
  valuesChecklist: Value[];
  valuesText: string;
  preferredPlaceOfCare: Place | '';
  preferredPlaceOfDeath: Place | '';
  placeNote: string;
  disclosurePreference: Disclosure | '';
  preferences: FormPreference[];
  surrogatesDiscussed: boolean;
  /** Rank 1 and rank 2. */
  surrogates: [FormSurrogate, FormSurrogate];
  comfortWishes: string;
  spiritualWishes: string;
  afterDeathWishes: string;
  nextReviewTrigger: string;
  nextReviewOn: string;
  /** Why the corrected record was wrong (corrections only). */
  reason: string;
}

export const emptySurrogate = (): FormSurrogate => ({ name: '', relation: '', phone: '', scopeNote: '' });

const pad = (n: number) => String(n).padStart(2, '0');

/** A date as the value of a datetime-local input, in the device's time. */
export function localDateTime(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function emptyForm(o: { facilitatorAccountId: string; participants: FormParticipant[]; now?: Date }): AcpForm {
  return {
    heldAt: localDateTime(o.now ?? new Date()),
    place: '',
    facilitatorAccountId: o.facilitatorAccountId,
    declined: false,
    declinedNote: '',
    participants: o.participants,
    capacityStatus: '',
    valuesChecklist: [],
    valuesText: '',
    preferredPlaceOfCare: '',
    preferredPlaceOfDeath: '',
    placeNote: '',
    disclosurePreference: '',
    preferences: [],
    surrogatesDiscussed: false,
    surrogates: [emptySurrogate(), emptySurrogate()],
    comfortWishes: '',
    spiritualWishes: '',
    afterDeathWishes: '',
    nextReviewTrigger: '',
    nextReviewOn: '',
    reason: '',
  };
}

/** The form for correcting `d`: every field as it was recorded, to be changed where it was wrong. */
export function formFromDiscussion(d: Discussion): AcpForm {
  const s = (rank: number): FormSurrogate => {
    const x = d.surrogates?.find((y) => y.rank === rank);
    return x ? { name: x.name, relation: x.relation, phone: x.phone, scopeNote: x.scopeNote ?? '' } : emptySurrogate();
  };
  return {
    heldAt: localDateTime(new Date(d.heldAt)),
    place: d.place ?? '',
    facilitatorAccountId: d.facilitatorAccountId,
    declined: d.declined,
    declinedNote: d.declinedNote ?? '',
    participants: d.participants.map((p) => ({ role: p.role, name: p.name, relation: p.relation ?? '', accountId: p.accountId })),
    capacityStatus: d.capacityStatus ?? '',
    valuesChecklist: [...d.valuesChecklist],
    valuesText: d.valuesText ?? '',
    preferredPlaceOfCare: d.preferredPlaceOfCare ?? '',
    preferredPlaceOfDeath: d.preferredPlaceOfDeath ?? '',
    placeNote: d.placeNote ?? '',
    disclosurePreference: d.disclosurePreference ?? '',
    preferences: d.preferences.map((p) => ({ intervention: p.intervention, scenario: p.scenario, choice: p.choice, note: p.note ?? '' })),
    surrogatesDiscussed: d.surrogates !== null,
    surrogates: [s(1), s(2)],
    comfortWishes: d.comfortWishes ?? '',
    spiritualWishes: d.spiritualWishes ?? '',
    afterDeathWishes: d.afterDeathWishes ?? '',
    nextReviewTrigger: d.nextReviewTrigger ?? '',
    nextReviewOn: d.nextReviewOn ?? '',
    reason: '',
  };
}

const text = (v: string): string | null => v.trim() || null;
const filled = (s: FormSurrogate) => [s.name, s.relation, s.phone, s.scopeNote].some((v) => v.trim() !== '');

/** Surrogates as sent: the filled ranks, in rank order (so field paths `surrogates.N` follow the ranks). */
export function surrogatesOf(form: AcpForm): Surrogate[] | null {
  if (!form.surrogatesDiscussed) return null;
  return form.surrogates
    .map((s, i) => ({ rank: i + 1, name: s.name.trim(), relation: s.relation.trim(), phone: s.phone.trim(), scopeNote: text(s.scopeNote) }))
    .filter((_, i) => filled(form.surrogates[i] as FormSurrogate));
}

/**
 * The mutation input. A declined discussion sends only when, where, who, the refusal note and the next
 * review: what the form hid is kept in the draft but never recorded beside a refusal.
 */
export function inputFromForm(form: AcpForm): DiscussionFieldsInput {
  const base = {
    heldAt: new Date(form.heldAt).toISOString(),
    facilitatorAccountId: form.facilitatorAccountId,
    place: text(form.place),
    participants: form.participants.map((p) => ({ role: p.role, name: p.name.trim(), relation: text(p.relation), accountId: p.accountId })),
    nextReviewTrigger: text(form.nextReviewTrigger),
    nextReviewOn: form.nextReviewOn || null,
  };
  if (form.declined) {
    return {
      ...base, declined: true, declinedNote: text(form.declinedNote), capacityStatus: null, valuesChecklist: [], valuesText: null,
      preferredPlaceOfCare: null, preferredPlaceOfDeath: null, placeNote: null, disclosurePreference: null, preferences: [], surrogates: null,
      comfortWishes: null, spiritualWishes: null, afterDeathWishes: null,
    };
  }
  return {
    ...base,
    declined: false,
    declinedNote: null,
    capacityStatus: form.capacityStatus || null,
    valuesChecklist: form.valuesChecklist,
    valuesText: text(form.valuesText),
    preferredPlaceOfCare: form.preferredPlaceOfCare || null,
    preferredPlaceOfDeath: form.preferredPlaceOfDeath || null,
    placeNote: text(form.placeNote),
    disclosurePreference: form.disclosurePreference || null,
    preferences: form.preferences.map((p) => ({ intervention: p.intervention, scenario: p.scenario, choice: p.choice as Choice, note: text(p.note) })),
    surrogates: surrogatesOf(form),
    comfortWishes: text(form.comfortWishes),
    spiritualWishes: text(form.spiritualWishes),
    afterDeathWishes: text(form.afterDeathWishes),
  };
}

export type Problem = 'required' | 'statement' | 'participant';

/** What must be fixed before sending, by field path (the server's paths without `input.`). */
export function formProblems(form: AcpForm, correcting: boolean): [string, Problem][] {
  const out: [string, Problem][] = [];
  const need = (path: string, v: string) => !v.trim() && out.push([path, 'required']);
  need('heldAt', form.heldAt);
  if (form.heldAt && Number.isNaN(new Date(form.heldAt).getTime())) out.push(['heldAt', 'required']);
  if (correcting) need('reason', form.reason);
  form.participants.forEach((p, i) => {
    need(`participants.${i}.name`, p.name);
    if (p.role === 'FAMILY' || p.role === 'OTHER') need(`participants.${i}.relation`, p.relation);
  });
  if (form.declined) return out;
  if (!form.capacityStatus) out.push(['capacityStatus', 'required']);
  if (form.participants.length === 0) out.push(['participants', 'participant']);
  form.preferences.forEach((p, i) => !p.choice && out.push([`preferences.${i}.choice`, 'required']));
  const sent = surrogatesOf(form) ?? [];
  if (form.surrogatesDiscussed && sent.length) {
    if (sent[0]?.rank !== 1) out.push(['surrogates.0.name', 'required']);
    for (const s of sent) {
      need(`surrogates.${s.rank - 1}.name`, s.name);
      need(`surrogates.${s.rank - 1}.relation`, s.relation);
      need(`surrogates.${s.rank - 1}.phone`, s.phone);
    }
  }
  const input = inputFromForm(form);
  const anything =
    input.preferences.length > 0 || input.valuesChecklist.length > 0 || !!input.valuesText || !!input.preferredPlaceOfCare || !!input.preferredPlaceOfDeath ||
    !!input.disclosurePreference || input.surrogates !== null || !!input.comfortWishes || !!input.spiritualWishes || !!input.afterDeathWishes;
  if (!anything) out.push(['', 'statement']);
  return out;
}
