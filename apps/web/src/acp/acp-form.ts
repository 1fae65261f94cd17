/**
 * The sections of the recording form, rendered from the form state. Made to be filled in during a
 * conversation: large choices a thumb can hit, the person's earlier wish shown beside each topic, the
 * usual participants already listed, and one respectful choice ("declined") that hides the rest.
 * Inputs write into the form as the person types (`changed()` then saves the draft); adding or removing
 * an entry renders again (`rerender()`). Field paths match the API's, so its field errors land here.
 */
import { h, type Child } from '../dom';
import type { SignedInAccount } from '../types';
import { FieldErrors, checkboxField, formatDate, inputField, selectField } from '../ui';
import {
  CAPACITIES, CHOICES, DISCLOSURES, INTERVENTIONS, PARTICIPANT_ROLES, PLACES, SCENARIOS, VALUES,
  type AcpPerson, type Discussion, type Intervention, type ParticipantRole, type Scenario, type Stance, type Statement,
} from './acp-api';
import { acpCode, at, atf } from './acp-i18n';
import { emptySurrogate, type AcpForm, type FormSurrogate } from './acp-form-model';

export interface AcpFormContext {
  form: AcpForm;
  errors: FieldErrors;
  person: AcpPerson;
  account: SignedInAccount;
  /** Accounts that may facilitate: me and the facilitators of earlier discussions. */
  facilitators: { id: string; name: string }[];
  /** The current stance, for "before:" hints (null when it could not be loaded). */
  stance: Stance | null;
  /** The record being corrected, if any (its date, for the introduction). */
  correcting: Pick<Discussion, 'heldAt'> | null;
  changed(): void;
  rerender(): void;
}

/** The participant role an account's own role takes in a discussion. */
export function ownParticipantRole(account: SignedInAccount): ParticipantRole | null {
  switch (account.role) {
    case 'HOME_CARE_DOCTOR':
      return 'DOCTOR';
    case 'VISITING_NURSE':
      return 'NURSE';
    case 'ACP_FACILITATOR':
      return 'FACILITATOR';
    case 'CARE_MANAGER':
      return 'CARE_MANAGER';
    default:
      return null;
  }
}

export function renderAcpForm(c: AcpFormContext): HTMLElement[] {
  const parts: HTMLElement[] = [];
  if (c.correcting) parts.push(correctionSection(c));
  parts.push(basicsSection(c), participantsSection(c));
  if (!c.form.declined) {
    parts.push(capacitySection(c), valuesSection(c), placesSection(c), treatmentsSection(c), surrogatesSection(c), otherSection(c));
  }
  parts.push(reviewSection(c));
  return parts;
}

function formSection(id: string, title: string, ...children: Child[]): HTMLElement {
  return h('section', { class: 'card acp-form-section', id, 'aria-labelledby': `${id}-title`, 'data-testid': id }, h('h3', { class: 'card-title', id: `${id}-title` }, title), ...children);
}

/** Pill-shaped radio buttons (the chip style), each label large enough to tap. */
function radioChips<T extends string>(o: {
  path: string;
  legend: string;
  options: readonly T[];
  label(v: T): string;
  value: T | '';
  onChange(v: T): void;
  errors: FieldErrors;
  testId: string;
  /** The legend repeats the card title: keep it for screen readers only. */
  hideLegend?: boolean;
}): HTMLElement {
  const message = o.errors.take(o.path);
  const set = h('fieldset', { class: `chips acp-chips${message ? ' field-invalid' : ''}`, 'data-field': o.path, 'data-testid': o.testId }, h('legend', { class: o.hideLegend ? 'visually-hidden' : undefined }, o.legend));
  const name = `acp-${o.path.replace(/\W+/g, '-')}`;
  for (const v of o.options) {
    const id = `${name}-${v}`;
    const input = h('input', { type: 'radio', class: 'chip-input', id, name, value: v });
    input.checked = v === o.value;
    input.addEventListener('change', () => {
      if (input.checked) o.onChange(v);
    });
    set.append(h('span', { class: 'chip' }, input, h('label', { for: id, 'data-testid': `${o.testId}-${v}` }, o.label(v))));
  }
  if (message) set.append(h('p', { class: 'field-error' }, message));
  return set;
}

/** An entry was removed or a part hidden: its problems (and those of the entries after it) no longer apply. */
function dropErrors(errors: FieldErrors, prefix: string): void {
  for (const [path] of errors.entries()) if (path === prefix || path.startsWith(`${prefix}.`)) errors.drop(path);
}

function removeButton(label: string, testId: string, run: () => void): HTMLElement {
  const b = h('button', { type: 'button', class: 'button button-plain button-remove', 'data-testid': testId, 'aria-label': atf('form.removeItem', { item: label }) }, at('form.remove'));
  b.addEventListener('click', run);
  return h('div', { class: 'entry-actions' }, b);
}

function previousHint(s: Statement | undefined, value: string | null): HTMLElement | null {
  if (!s || !value) return null;
  return h('p', { class: 'acp-previous', 'data-testid': 'acp-previous' }, atf('form.previous', { value, date: formatDate(s.heldAt) }));
}

function current(c: AcpFormContext, key: string): Statement | undefined {
  return c.stance?.current.find((s) => s.key === key);
}

/* ---------- correction ---------- */

function correctionSection(c: AcpFormContext): HTMLElement {
  const d = c.correcting as Pick<Discussion, 'heldAt'>;
  return formSection(
    'acp-correction',
    at('form.correctTitle'),
    h('p', { class: 'notice-inline' }, atf('form.correctIntro', { date: formatDate(d.heldAt) })),
    inputField({
      path: 'reason', label: at('form.reason'), hint: at('form.reasonHint'), value: c.form.reason, multiline: true, required: true, errors: c.errors, testId: 'acp-reason',
      onInput: (v) => {
        c.form.reason = v;
        c.changed();
      },
    }),
  );
}

/* ---------- when, where, declined ---------- */

function basicsSection(c: AcpFormContext): HTMLElement {
  const f = c.form;
  const declined = h('div', { class: `acp-declined${f.declined ? ' is-on' : ''}` },
    checkboxField({
      path: 'declined', label: at('form.declined'), checked: f.declined, testId: 'acp-declined',
      onChange: (v) => {
        f.declined = v;
        // What the refusal hides is not sent, so its problems no longer apply.
        for (const [path] of c.errors.entries()) if (!/^(heldAt|place|facilitatorAccountId|participants|nextReview|reason|declined)/.test(path)) c.errors.drop(path);
        c.rerender();
      },
    }),
    h('p', { class: 'field-hint' }, f.declined ? at('form.declinedOn') : at('form.declinedHint')),
    f.declined
      ? inputField({
          path: 'declinedNote', label: at('form.declinedNote'), value: f.declinedNote, multiline: true, errors: c.errors, testId: 'acp-declined-note',
          onInput: (v) => {
            f.declinedNote = v;
            c.changed();
          },
        })
      : null,
  );
  return formSection(
    'acp-basics',
    at('form.basics'),
    h('div', { class: 'form-grid acp-grid' },
      inputField({
        path: 'heldAt', label: at('form.heldAt'), type: 'datetime-local', value: f.heldAt, required: true, errors: c.errors, testId: 'acp-held-at',
        onInput: (v) => {
          f.heldAt = v;
          c.changed();
        },
      }),
      inputField({
        path: 'place', label: at('form.place'), hint: at('form.placeHint'), value: f.place, maxlength: 200, errors: c.errors, testId: 'acp-place',
        onInput: (v) => {
          f.place = v;
          c.changed();
        },
      }),
      selectField({
        path: 'facilitatorAccountId', label: at('form.facilitator'), value: f.facilitatorAccountId, errors: c.errors, testId: 'acp-facilitator',
        options: c.facilitators.map((x) => ({ value: x.id, label: x.id === c.account.accountId ? atf('form.me', { name: x.name }) : x.name })),
        onChange: (v) => {
          f.facilitatorAccountId = v;
          c.changed();
        },
      }),
    ),
    declined,
  );
}

/* ---------- participants ---------- */

function participantsSection(c: AcpFormContext): HTMLElement {
  const f = c.form;
  const list = f.participants.map((p, i) => {
    const path = `participants.${i}`;
    const legend = `${atf('form.participant', { n: i + 1 })}: ${acpCode('role', p.role)}`;
    return h('fieldset', { class: 'entry acp-participant', 'data-testid': 'acp-participant' },
      h('legend', {}, legend),
      removeButton(legend, 'acp-participant-remove', () => {
        f.participants.splice(i, 1);
        dropErrors(c.errors, 'participants');
        c.rerender();
      }),
      h('div', { class: 'form-grid acp-grid' },
        selectField({
          path: `${path}.role`, label: at('form.role'), value: p.role, errors: c.errors, testId: 'acp-participant-role',
          options: PARTICIPANT_ROLES.map((r) => ({ value: r, label: acpCode('role', r) })),
          onChange: (v) => {
            p.role = v as ParticipantRole;
            c.rerender();
          },
        }),
        inputField({
          path: `${path}.name`, label: at('form.name'), value: p.name, required: true, maxlength: 100, errors: c.errors, testId: 'acp-participant-name',
          onInput: (v) => {
            p.name = v;
            c.changed();
          },
        }),
        // 続柄 for family and others; a professional's role says enough (unless a relation was recorded).
        p.role !== 'FAMILY' && p.role !== 'OTHER' && !p.relation.trim()
          ? null
          : inputField({
              path: `${path}.relation`, label: at('form.relation'), hint: at('form.relationHint'), value: p.relation, maxlength: 50,
              required: p.role === 'FAMILY' || p.role === 'OTHER', errors: c.errors, testId: 'acp-participant-relation',
              onInput: (v) => {
                p.relation = v;
                c.changed();
              },
            }),
      ),
    );
  });
  const add = h('div', { class: 'acp-add-row' });
  for (const role of PARTICIPANT_ROLES) {
    if (role === 'PERSON' && f.participants.some((x) => x.role === 'PERSON')) continue;
    const b = h('button', { type: 'button', class: 'button button-secondary button-small', 'data-testid': `acp-add-participant-${role}` }, atf('form.add', { item: acpCode('role', role) }));
    b.addEventListener('click', () => {
      const own = ownParticipantRole(c.account) === role && !f.participants.some((x) => x.accountId === c.account.accountId);
      f.participants.push({
        role,
        name: role === 'PERSON' ? c.person.name : own ? c.account.displayName : '',
        relation: '',
        accountId: own ? c.account.accountId : null,
      });
      c.rerender();
      const names = document.querySelectorAll<HTMLInputElement>('[data-testid="acp-participant-name"]');
      names[names.length - 1]?.focus();
    });
    add.append(b);
  }
  const message = c.errors.take('participants');
  return formSection(
    'acp-participants',
    at('form.participants'),
    h('p', { class: 'field-hint' }, at('form.participantsHint')),
    ...list,
    message ? h('p', { class: 'field-error', 'data-field': 'participants' }, message) : null,
    add,
  );
}

/* ---------- capacity, values, places, disclosure ---------- */

function capacitySection(c: AcpFormContext): HTMLElement {
  return formSection(
    'acp-capacity',
    at('form.capacity'),
    radioChips({
      path: 'capacityStatus', legend: at('form.capacity'), options: CAPACITIES, label: (v) => acpCode('capacity', v), value: c.form.capacityStatus,
      errors: c.errors, testId: 'acp-capacity', hideLegend: true,
      onChange: (v) => {
        c.form.capacityStatus = v;
        c.changed();
      },
    }),
  );
}

function valuesSection(c: AcpFormContext): HTMLElement {
  const f = c.form;
  const set = h('fieldset', { class: 'chips acp-chips', 'data-field': 'valuesChecklist', 'data-testid': 'acp-values' }, h('legend', { class: 'visually-hidden' }, at('form.values')));
  for (const v of VALUES) {
    const id = `acp-value-${v}`;
    const input = h('input', { type: 'checkbox', class: 'chip-input', id, value: v });
    input.checked = f.valuesChecklist.includes(v);
    input.addEventListener('change', () => {
      f.valuesChecklist = input.checked ? [...f.valuesChecklist, v] : f.valuesChecklist.filter((x) => x !== v);
      c.changed();
    });
    set.append(h('span', { class: 'chip' }, input, h('label', { for: id, 'data-testid': `acp-value-${v}` }, acpCode('value', v))));
  }
  const before = current(c, 'VALUES');
  return formSection(
    'acp-values-section',
    at('form.values'),
    set,
    previousHint(before, before ? [...before.values.map((v) => acpCode('value', v)), before.text ?? ''].filter(Boolean).join('、') : null),
    inputField({
      path: 'valuesText', label: at('form.valuesText'), hint: at('form.valuesTextHint'), value: f.valuesText, multiline: true, errors: c.errors, testId: 'acp-values-text',
      onInput: (v) => {
        f.valuesText = v;
        c.changed();
      },
    }),
  );
}

function placesSection(c: AcpFormContext): HTMLElement {
  const f = c.form;
  const placeOptions = PLACES.map((p) => ({ value: p, label: acpCode('place', p) }));
  const care = current(c, 'PLACE_OF_CARE');
  const death = current(c, 'PLACE_OF_DEATH');
  const disclosure = current(c, 'DISCLOSURE');
  return formSection(
    'acp-places',
    at('form.places'),
    h('div', { class: 'form-grid acp-grid' },
      h('div', {},
        selectField({
          path: 'preferredPlaceOfCare', label: at('form.placeOfCare'), value: f.preferredPlaceOfCare, options: placeOptions, placeholder: at('form.notDiscussed'),
          errors: c.errors, testId: 'acp-place-of-care',
          onChange: (v) => {
            f.preferredPlaceOfCare = v as AcpForm['preferredPlaceOfCare'];
            c.changed();
          },
        }),
        previousHint(care, care?.place ? acpCode('place', care.place) : null),
      ),
      h('div', {},
        selectField({
          path: 'preferredPlaceOfDeath', label: at('form.placeOfDeath'), value: f.preferredPlaceOfDeath, options: placeOptions, placeholder: at('form.notDiscussed'),
          errors: c.errors, testId: 'acp-place-of-death',
          onChange: (v) => {
            f.preferredPlaceOfDeath = v as AcpForm['preferredPlaceOfDeath'];
            c.changed();
          },
        }),
        previousHint(death, death?.place ? acpCode('place', death.place) : null),
      ),
    ),
    inputField({
      path: 'placeNote', label: at('form.placeNote'), value: f.placeNote, errors: c.errors, testId: 'acp-place-note',
      onInput: (v) => {
        f.placeNote = v;
        c.changed();
      },
    }),
    selectField({
      path: 'disclosurePreference', label: at('form.disclosure'), value: f.disclosurePreference, placeholder: at('form.notDiscussed'),
      options: DISCLOSURES.map((d) => ({ value: d, label: acpCode('disclosure', d) })), errors: c.errors, testId: 'acp-disclosure',
      onChange: (v) => {
        f.disclosurePreference = v as AcpForm['disclosurePreference'];
        c.changed();
      },
    }),
    previousHint(disclosure, disclosure?.disclosure ? acpCode('disclosure', disclosure.disclosure) : null),
  );
}

/* ---------- treatments by scenario ---------- */

function treatmentsSection(c: AcpFormContext): HTMLElement {
  const f = c.form;
  const rows = f.preferences.map((p, i) => {
    const path = `preferences.${i}`;
    const legend = acpCode('intervention', p.intervention);
    const before = current(c, `TREATMENT:${p.intervention}:${p.scenario}`);
    return h('fieldset', { class: 'entry acp-preference', 'data-testid': 'acp-preference', 'data-intervention': p.intervention },
      h('legend', {}, legend),
      removeButton(legend, 'acp-preference-remove', () => {
        f.preferences.splice(i, 1);
        dropErrors(c.errors, 'preferences');
        c.rerender();
      }),
      selectField({
        path: `${path}.scenario`, label: at('form.scenario'), value: p.scenario, errors: c.errors, testId: 'acp-preference-scenario',
        options: SCENARIOS.map((s) => ({ value: s, label: acpCode('scenario', s) })),
        onChange: (v) => {
          p.scenario = v as Scenario;
          c.rerender();
        },
      }),
      radioChips({
        path: `${path}.choice`, legend: at('form.choice'), options: CHOICES, label: (v) => acpCode('choice', v), value: p.choice, errors: c.errors,
        testId: `acp-preference-${i}-choice`,
        onChange: (v) => {
          p.choice = v;
          c.changed();
        },
      }),
      previousHint(before, before?.choice ? acpCode('choice', before.choice) : null),
      inputField({
        path: `${path}.note`, label: at('form.note'), value: p.note, errors: c.errors, testId: 'acp-preference-note',
        onInput: (v) => {
          p.note = v;
          c.changed();
        },
      }),
    );
  });
  const add = h('div', { class: 'acp-add-row', 'data-testid': 'acp-add-treatments' });
  for (const intervention of INTERVENTIONS) {
    const b = h('button', { type: 'button', class: 'button button-secondary button-small', 'data-testid': `acp-add-treatment-${intervention}` }, atf('form.add', { item: acpCode('interventionShort', intervention) }));
    b.addEventListener('click', () => {
      f.preferences.push({ intervention, scenario: nextScenario(c, intervention), choice: '', note: '' });
      c.rerender();
    });
    add.append(b);
  }
  return formSection('acp-treatments', at('form.treatments'), h('p', { class: 'field-hint' }, at('form.treatmentsHint')), ...rows, add);
}

/** A scenario this treatment has no row for yet: the one discussed before, else "any situation". */
function nextScenario(c: AcpFormContext, intervention: Intervention): Scenario {
  const used = new Set(c.form.preferences.filter((p) => p.intervention === intervention).map((p) => p.scenario));
  const earlier = c.stance?.current.filter((s) => s.intervention === intervention && s.scenario && !used.has(s.scenario)).map((s) => s.scenario as Scenario) ?? [];
  return earlier[0] ?? SCENARIOS.find((s) => !used.has(s)) ?? 'ANY';
}

/* ---------- surrogates ---------- */

function surrogatesSection(c: AcpFormContext): HTMLElement {
  const f = c.form;
  const before = current(c, 'SURROGATES');
  const parts: Child[] = [
    checkboxField({
      path: 'surrogatesDiscussed', label: at('form.surrogatesDiscussed'), checked: f.surrogatesDiscussed, testId: 'acp-surrogates-discussed',
      onChange: (v) => {
        f.surrogatesDiscussed = v;
        if (!v) dropErrors(c.errors, 'surrogates');
        c.rerender();
      },
    }),
    previousHint(before, before?.text ?? null),
  ];
  if (f.surrogatesDiscussed) {
    parts.push(h('p', { class: 'field-hint' }, at('form.surrogatesHint'), ' ', at('form.surrogatesNone')));
    const previous = c.stance?.surrogates ?? [];
    if (previous.length) {
      const copy = h('button', { type: 'button', class: 'button button-secondary', 'data-testid': 'acp-copy-surrogates' }, at('form.copySurrogates'));
      copy.addEventListener('click', () => {
        f.surrogates = [1, 2].map((rank): FormSurrogate => {
          const s = previous.find((x) => x.rank === rank);
          return s ? { name: s.name, relation: s.relation, phone: s.phone, scopeNote: s.scopeNote ?? '' } : emptySurrogate();
        }) as [FormSurrogate, FormSurrogate];
        c.rerender();
      });
      parts.push(h('p', { class: 'actions' }, copy));
    }
    f.surrogates.forEach((s, i) => {
      const path = `surrogates.${i}`;
      const field = (key: keyof FormSurrogate, label: string, o: { type?: 'tel'; required?: boolean; hint?: string; multiline?: boolean } = {}) =>
        inputField({
          path: `${path}.${key}`, label, value: s[key], errors: c.errors, testId: `acp-surrogate-${key}`, type: o.type, inputmode: o.type === 'tel' ? 'tel' : undefined,
          autocomplete: o.type === 'tel' ? 'off' : undefined, required: o.required, hint: o.hint, multiline: o.multiline,
          onInput: (v) => {
            s[key] = v;
            c.changed();
          },
        });
      parts.push(
        h('fieldset', { class: 'entry acp-surrogate', 'data-testid': 'acp-surrogate', 'data-rank': String(i + 1) },
          h('legend', {}, atf('form.surrogate', { n: i + 1 })),
          h('div', { class: 'form-grid acp-grid' },
            field('name', at('form.name'), { required: i === 0 }),
            field('relation', at('form.relation'), { hint: at('form.relationHint') }),
            field('phone', at('form.phone'), { type: 'tel' }),
          ),
          field('scopeNote', at('form.scopeNote'), { multiline: true }),
        ),
      );
    });
  }
  const message = c.errors.take('surrogates');
  if (message) parts.push(h('p', { class: 'field-error', 'data-field': 'surrogates' }, message));
  return formSection('acp-surrogates', at('form.surrogates'), ...parts);
}

/* ---------- comfort, faith, after death; review ---------- */

function otherSection(c: AcpFormContext): HTMLElement {
  const f = c.form;
  const text = (path: 'comfortWishes' | 'spiritualWishes' | 'afterDeathWishes', label: string, topic: string) => {
    const before = current(c, topic);
    return h('div', {},
      inputField({
        path, label, value: f[path], multiline: true, errors: c.errors, testId: `acp-${path}`,
        onInput: (v) => {
          f[path] = v;
          c.changed();
        },
      }),
      previousHint(before, before?.text ?? null),
    );
  };
  return formSection(
    'acp-other',
    at('form.other'),
    text('comfortWishes', at('form.comfort'), 'COMFORT'),
    text('spiritualWishes', at('form.spiritual'), 'SPIRITUAL'),
    text('afterDeathWishes', at('form.afterDeath'), 'AFTER_DEATH'),
  );
}

function reviewSection(c: AcpFormContext): HTMLElement {
  const f = c.form;
  return formSection(
    'acp-review',
    at('form.review'),
    h('div', { class: 'form-grid acp-grid' },
      inputField({
        path: 'nextReviewTrigger', label: at('form.reviewTrigger'), hint: at('form.reviewTriggerHint'), value: f.nextReviewTrigger, errors: c.errors, testId: 'acp-review-trigger',
        onInput: (v) => {
          f.nextReviewTrigger = v;
          c.changed();
        },
      }),
      inputField({
        path: 'nextReviewOn', label: at('form.reviewOn'), type: 'date', value: f.nextReviewOn, errors: c.errors, testId: 'acp-review-on',
        onInput: (v) => {
          f.nextReviewOn = v;
          c.changed();
        },
      }),
    ),
  );
}
