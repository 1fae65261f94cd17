/**
 * The sections of the plan editor, rendered from the draft. Inputs write into the draft as the person
 * types (`changed()` then updates the live parts: unsaved marker, backup runtime); adding or removing
 * an entry re-renders (`rerender()`). Each field carries its path (`supporters.0.phone`), so the
 * server's field errors appear under the field they belong to.
 */
import { h, type Child } from './dom';
import { codeLabel, shelterKindName, t, tf } from './i18n';
import {
  DESTINATION_TYPES,
  DEVICE_TYPES,
  EXPECTED_OUTAGE_HOURS,
  MAX_LIST,
  PROFESSIONAL_ROLES,
  RESPONDER_GROUPS,
  SHELTER_DESTINATIONS,
  deviceRuntime,
  distanceMetres,
  emptyContact,
  emptyDevice,
  emptyProfessional,
  emptySupporter,
  planRuntime,
  routeLengthMetres,
  type PlanDraft,
} from './plan-model';
import { SHELTER_KIND_COLORS } from './colors';
import type { PlanView, ShelterKind, ShelterPoint } from './types';
import { FieldErrors, checkboxField, formatDistance, formatNumber, inputField, selectField } from './ui';

export interface FormContext {
  draft: PlanDraft;
  errors: FieldErrors;
  plan: PlanView | null;
  home: { lat: number; lng: number };
  shelters: ShelterPoint[];
  /** Something was typed: update the live parts (no re-render). */
  changed(): void;
  /** The structure changed (an entry added or removed): render again from the draft. */
  rerender(): void;
  chooseShelter(s: ShelterPoint): void;
  clearShelter(): void;
  showRoute(i: number): void;
  removeRoute(i: number): void;
}

const KIND_FOR_TYPE: Record<string, ShelterKind> = { DESIGNATED_SHELTER: 'SHELTER', WELFARE_SHELTER_DIRECT: 'WELFARE_SHELTER', EMERGENCY_SITE: 'EMERGENCY_SITE' };
const NEARBY = 15;

export function renderPlanSections(c: FormContext): HTMLElement[] {
  return [
    destinationSection(c),
    routesSection(c),
    supportersSection(c),
    timingSection(c),
    careSection(c),
    contactsSection(c),
    professionalsSection(c),
    devicesSection(c),
    reviewSection(c),
  ];
}

function planSection(id: string, title: string, ...children: Child[]): HTMLElement {
  return h('section', { class: 'card plan-section', id, 'aria-labelledby': `${id}-title`, 'data-testid': id }, h('h3', { class: 'card-title', id: `${id}-title` }, title), ...children);
}

/** One entry of a repeatable list: a fieldset with its legend and a delete button. */
function entry(legend: string, testId: string, onRemove: () => void, ...fields: Child[]): HTMLElement {
  const remove = h('button', { type: 'button', class: 'button button-plain button-remove', 'data-testid': `${testId}-remove`, 'aria-label': tf('plan.removeItem', { item: legend }) }, t('plan.remove'));
  remove.addEventListener('click', onRemove);
  return h('fieldset', { class: 'entry', 'data-testid': testId }, h('legend', {}, legend), h('div', { class: 'entry-actions' }, remove), h('div', { class: 'form-grid' }, ...fields));
}

function addButton(label: string, testId: string, disabled: boolean, run: () => void): HTMLElement {
  const b = h('button', { type: 'button', class: 'button button-secondary', 'data-testid': testId, disabled }, `＋ ${label}`);
  b.addEventListener('click', run);
  return h('p', { class: 'actions' }, b);
}

/* ---------- destination ---------- */

function destinationSection(c: FormContext): HTMLElement {
  const d = c.draft.destination;
  const type = d?.type ?? '';
  const radios = h('fieldset', { class: 'choices', 'data-field': 'destination.type', 'data-testid': 'destination-type' }, h('legend', {}, t('plan.destinationType')));
  for (const v of DESTINATION_TYPES) {
    const id = `dest-type-${v}`;
    const r = h('input', { type: 'radio', name: 'destination-type', id, value: v });
    r.checked = v === type;
    r.addEventListener('change', () => {
      const prev = c.draft.destination;
      if (SHELTER_DESTINATIONS.has(v)) {
        // Keep a chosen shelter only if it is of the kind this type means.
        const chosen = prev?.shelterId ? c.shelters.find((s) => s.id === prev.shelterId) : undefined;
        const keep = chosen && chosen.kind === KIND_FOR_TYPE[v];
        c.draft.destination = { type: v, shelterId: keep ? chosen.id : null, name: keep ? chosen.nameJa : '', preArranged: prev?.preArranged ?? false };
      } else {
        c.draft.destination = { type: v, shelterId: null, name: prev && !SHELTER_DESTINATIONS.has(prev.type) ? prev.name : '', preArranged: prev?.preArranged ?? false };
        c.clearShelter();
      }
      c.rerender();
    });
    radios.append(h('span', { class: 'choice' }, r, h('label', { for: id }, codeLabel('destType', v))));
  }
  const typeError = c.errors.take('destination.type');
  if (typeError) radios.append(h('p', { class: 'field-error' }, typeError));

  const parts: Child[] = [radios];
  if (!d || SHELTER_DESTINATIONS.has(d.type)) {
    parts.push(chosenShelter(c), nearbyShelters(c));
  } else {
    parts.push(
      inputField({
        path: 'destination.name',
        label: t('plan.destinationName'),
        hint: t('plan.destinationNameHint'),
        value: d.name,
        onInput: (v) => {
          d.name = v;
          c.changed();
        },
        errors: c.errors,
        required: true,
        maxlength: 200,
        testId: 'destination-name',
      }),
    );
  }
  if (d) {
    parts.push(
      checkboxField({
        path: 'destination.preArranged',
        label: t('plan.preArranged'),
        checked: d.preArranged,
        onChange: (on) => {
          d.preArranged = on;
          c.changed();
        },
        testId: 'destination-prearranged',
      }),
    );
  }
  return planSection('plan-destination', t('plan.section.destination'), ...parts);
}

function chosenShelter(c: FormContext): HTMLElement {
  const d = c.draft.destination;
  const s = d?.shelterId ? c.shelters.find((x) => x.id === d.shelterId) : undefined;
  const message = c.errors.take('destination.shelterId') ?? c.errors.take('destination');
  let body: Child[];
  if (s) {
    const dist = distanceMetres([c.home.lng, c.home.lat], [s.lng, s.lat]);
    body = [
      h('span', { class: 'chosen-swatch', style: `background:${SHELTER_KIND_COLORS[s.kind]}`, 'aria-hidden': 'true' }, s.kind === 'WELFARE_SHELTER' ? '福' : ''),
      h('span', {}, h('strong', { lang: 'ja', 'data-testid': 'destination-chosen-name' }, s.nameJa), h('br', {}), `${shelterKindName(s.kind)} · ${tf('plan.fromHome', { d: formatDistance(dist) })}`, h('br', {}), h('span', { class: 'muted', lang: 'ja' }, s.address)),
    ];
  } else if (d?.shelterId) {
    body = [h('span', {}, h('strong', { lang: 'ja', 'data-testid': 'destination-chosen-name' }, d.name), h('br', {}), t('plan.shelterUnknown'))];
  } else {
    body = [h('span', {}, t('plan.destinationNone'), h('br', {}), h('span', { class: 'muted' }, t('plan.destinationPickHint')))];
  }
  return h(
    'div',
    { class: `field${message ? ' field-invalid' : ''}`, 'data-field': 'destination.shelterId' },
    h('p', { class: 'field-label' }, t('plan.destinationChosen')),
    h('div', { class: 'chosen', 'aria-live': 'polite', 'data-testid': 'destination-chosen' }, ...body),
    h('p', { class: 'field-error', hidden: !message, 'data-testid': 'field-error' }, message ?? ''),
  );
}

function nearbyShelters(c: FormContext): HTMLElement {
  const here: [number, number] = [c.home.lng, c.home.lat];
  const nearest = c.shelters
    .map((s) => ({ s, d: distanceMetres(here, [s.lng, s.lat]) }))
    .sort((a, b) => a.d - b.d)
    .slice(0, NEARBY);
  return selectField({
    path: 'destination.nearby',
    label: t('plan.nearby'),
    value: '',
    placeholder: t('plan.nearbyPlaceholder'),
    options: nearest.map(({ s, d }) => ({ value: s.id, label: `${s.nameJa}（${shelterKindName(s.kind)}・${formatDistance(d)}）` })),
    onChange: (id) => {
      const s = c.shelters.find((x) => x.id === id);
      if (s) c.chooseShelter(s);
    },
    testId: 'destination-nearby',
  });
}

/* ---------- routes ---------- */

function routesSection(c: FormContext): HTMLElement {
  const routes = c.draft.routes;
  const items = routes.map((r, i) => {
    const legend = tf('plan.routeN', { n: i + 1 });
    const geometryError = c.errors.take(`routes.${i}.geometry`) ?? c.errors.take(`routes.${i}`);
    const show = h('button', { type: 'button', class: 'button button-secondary', 'data-testid': 'route-show' }, t('plan.routeShow'));
    show.addEventListener('click', () => c.showRoute(i));
    return entry(
      legend,
      'route',
      () => c.removeRoute(i),
      h(
        'div',
        { class: 'field', 'data-field': `routes.${i}.geometry` },
        h('p', { class: 'route-stats', 'data-testid': 'route-stats', 'data-points': r.coordinates.length }, tf('plan.routeStats', { n: r.coordinates.length, len: formatDistance(routeLengthMetres(r.coordinates)) })),
        h('p', { class: 'field-error', hidden: !geometryError, 'data-testid': 'field-error' }, geometryError ?? ''),
        h('p', { class: 'actions' }, show),
      ),
      inputField({
        path: `routes.${i}.description`,
        label: t('plan.routeDescription'),
        hint: t('plan.routeDescriptionHint'),
        value: r.description,
        onInput: (v) => {
          r.description = v;
          c.changed();
        },
        errors: c.errors,
        maxlength: 1000,
        testId: 'route-description',
      }),
    );
  });
  return planSection('plan-routes', t('plan.section.routes'), h('p', { class: 'field-hint' }, t('plan.routesHint')), ...(items.length ? items : [h('p', { class: 'empty' }, t('plan.routesEmpty'))]));
}

/* ---------- supporters ---------- */

function supportersSection(c: FormContext): HTMLElement {
  const list = c.draft.supporters;
  const items = list.map((s, i) => {
    const p = `supporters.${i}`;
    return entry(
      tf('plan.supporterN', { n: i + 1 }),
      'supporter',
      () => {
        list.splice(i, 1);
        c.rerender();
      },
      inputField({ path: `${p}.name`, label: t('plan.supporterName'), value: s.name, onInput: (v) => ((s.name = v), c.changed()), errors: c.errors, required: true, maxlength: 100, autocomplete: 'off', testId: 'supporter-name' }),
      inputField({ path: `${p}.relation`, label: t('plan.supporterRelation'), hint: t('plan.supporterRelationHint'), value: s.relation, onInput: (v) => ((s.relation = v), c.changed()), errors: c.errors, required: true, maxlength: 50, list: 'plan-relations', testId: 'supporter-relation' }),
      selectField({
        path: `${p}.responderGroup`,
        label: t('plan.supporterGroup'),
        value: s.responderGroup,
        options: RESPONDER_GROUPS.map((g) => ({ value: g, label: codeLabel('group', g) })),
        onChange: (v) => ((s.responderGroup = v), c.changed()),
        errors: c.errors,
      }),
      inputField({ path: `${p}.phone`, label: t('plan.phone'), hint: t('plan.phoneHint'), type: 'tel', inputmode: 'tel', value: s.phone, onInput: (v) => ((s.phone = v), c.changed()), errors: c.errors, maxlength: 20, autocomplete: 'off', testId: 'supporter-phone' }),
      inputField({ path: `${p}.address`, label: t('plan.address'), value: s.address, onInput: (v) => ((s.address = v), c.changed()), errors: c.errors, maxlength: 300 }),
      h(
        'fieldset',
        { class: 'choices choices-inline', 'data-field': `${p}.availability` },
        h('legend', {}, t('plan.availability')),
        checkboxField({ path: `${p}.availability.day`, label: t('plan.day'), checked: s.day, onChange: (on) => ((s.day = on), c.changed()) }),
        checkboxField({ path: `${p}.availability.night`, label: t('plan.night'), checked: s.night, onChange: (on) => ((s.night = on), c.changed()) }),
      ),
    );
  });
  return planSection(
    'plan-supporters',
    t('plan.section.supporters'),
    h('p', { class: 'notice-inline' }, t('plan.liability')),
    ...(items.length ? items : [h('p', { class: 'empty' }, t('plan.supportersEmpty'))]),
    h('datalist', { id: 'plan-relations' }, ...['長男', '長女', '次男', '配偶者', '近隣住民', '町会役員', '民生委員', '友人'].map((v) => h('option', { value: v }))),
    addButton(t('plan.addSupporter'), 'add-supporter', list.length >= MAX_LIST, () => {
      list.push(emptySupporter());
      c.rerender();
      focusLast(`[data-testid="supporter"]`, 'input');
    }),
  );
}

/* ---------- timing, transport, care ---------- */

function timingSection(c: FormContext): HTMLElement {
  const d = c.draft;
  return planSection(
    'plan-timing',
    t('plan.section.timing'),
    h(
      'div',
      { class: 'form-grid' },
      inputField({ path: 'evacuationTrigger', label: t('plan.trigger'), hint: t('plan.triggerHint'), value: d.evacuationTrigger, onInput: (v) => ((d.evacuationTrigger = v), c.changed()), errors: c.errors, maxlength: 500, list: 'plan-triggers', testId: 'plan-trigger' }),
      inputField({ path: 'transport', label: t('plan.transport'), hint: t('plan.transportHint'), value: d.transport, onInput: (v) => ((d.transport = v), c.changed()), errors: c.errors, maxlength: 200, list: 'plan-transports', testId: 'plan-transport' }),
    ),
    h('datalist', { id: 'plan-triggers' }, ...['警戒レベル3 高齢者等避難', '警戒レベル4 避難指示', '大雨の予報が出た時点で早めに'].map((v) => h('option', { value: v }))),
    h('datalist', { id: 'plan-transports' }, ...['徒歩', '車いす', 'ストレッチャー', '車両', '福祉タクシー'].map((v) => h('option', { value: v }))),
  );
}

function careSection(c: FormContext): HTMLElement {
  const d = c.draft;
  return planSection(
    'plan-care',
    t('plan.section.care'),
    inputField({ path: 'careNotes', label: t('plan.careNotes'), hint: t('plan.careNotesHint'), value: d.careNotes, multiline: true, onInput: (v) => ((d.careNotes = v), c.changed()), errors: c.errors, maxlength: 4000, testId: 'plan-care-notes' }),
    inputField({ path: 'thingsToBring', label: t('plan.thingsToBring'), hint: t('plan.thingsToBringHint'), value: d.thingsToBring, multiline: true, onInput: (v) => ((d.thingsToBring = v), c.changed()), errors: c.errors, maxlength: 2000, testId: 'plan-things' }),
  );
}

/* ---------- contacts and professionals ---------- */

function contactsSection(c: FormContext): HTMLElement {
  const list = c.draft.emergencyContacts;
  const items = list.map((x, i) => {
    const p = `emergencyContacts.${i}`;
    return entry(
      tf('plan.contactN', { n: i + 1 }),
      'contact',
      () => {
        list.splice(i, 1);
        c.rerender();
      },
      inputField({ path: `${p}.name`, label: t('plan.contactName'), value: x.name, onInput: (v) => ((x.name = v), c.changed()), errors: c.errors, required: true, maxlength: 100 }),
      inputField({ path: `${p}.relation`, label: t('plan.contactRelation'), value: x.relation, onInput: (v) => ((x.relation = v), c.changed()), errors: c.errors, maxlength: 50, list: 'plan-relations' }),
      inputField({ path: `${p}.phone`, label: t('plan.phone'), hint: t('plan.phoneHint'), type: 'tel', inputmode: 'tel', value: x.phone, onInput: (v) => ((x.phone = v), c.changed()), errors: c.errors, required: true, maxlength: 20, testId: 'contact-phone' }),
    );
  });
  return planSection(
    'plan-contacts',
    t('plan.section.contacts'),
    ...(items.length ? items : [h('p', { class: 'empty' }, t('plan.contactsEmpty'))]),
    addButton(t('plan.addContact'), 'add-contact', list.length >= MAX_LIST, () => {
      list.push(emptyContact());
      c.rerender();
      focusLast('[data-testid="contact"]', 'input');
    }),
  );
}

function professionalsSection(c: FormContext): HTMLElement {
  const list = c.draft.careProfessionals;
  const items = list.map((x, i) => {
    const p = `careProfessionals.${i}`;
    return entry(
      tf('plan.professionalN', { n: i + 1 }),
      'professional',
      () => {
        list.splice(i, 1);
        c.rerender();
      },
      selectField({ path: `${p}.role`, label: t('plan.professionalRole'), value: x.role, options: PROFESSIONAL_ROLES.map((r) => ({ value: r, label: codeLabel('proRole', r) })), onChange: (v) => ((x.role = v), c.changed()), errors: c.errors }),
      inputField({ path: `${p}.name`, label: t('plan.professionalName'), value: x.name, onInput: (v) => ((x.name = v), c.changed()), errors: c.errors, required: true, maxlength: 100 }),
      inputField({ path: `${p}.organisation`, label: t('plan.professionalOrg'), value: x.organisation, onInput: (v) => ((x.organisation = v), c.changed()), errors: c.errors, required: true, maxlength: 200 }),
      inputField({ path: `${p}.phone`, label: t('plan.phone'), hint: t('plan.phoneHint'), type: 'tel', inputmode: 'tel', value: x.phone, onInput: (v) => ((x.phone = v), c.changed()), errors: c.errors, maxlength: 20 }),
    );
  });
  return planSection(
    'plan-professionals',
    t('plan.section.professionals'),
    ...(items.length ? items : [h('p', { class: 'empty' }, t('plan.professionalsEmpty'))]),
    addButton(t('plan.addProfessional'), 'add-professional', list.length >= MAX_LIST, () => {
      list.push(emptyProfessional());
      c.rerender();
      focusLast('[data-testid="professional"]', 'select');
    }),
  );
}

/* ---------- medical devices ---------- */

function devicesSection(c: FormContext): HTMLElement {
  const devices = c.draft.medicalDevices;
  if (devices === null) {
    const summary = c.plan?.deviceSummary;
    return planSection(
      'plan-devices',
      t('plan.section.devices'),
      h('p', { class: 'notice-inline' }, t('plan.devicesHidden')),
      summary && summary.devices.length ? h('p', {}, tf('plan.deviceSummary', { devices: summary.devices.map((d) => codeLabel('medical', d)).join(t('common.listSep')) })) : null,
    );
  }
  const items = devices.map((d, i) => {
    const p = `medicalDevices.${i}`;
    const externalError = c.errors.take(`${p}.externalBatteryHours`);
    const externals = h(
      'div',
      { class: `field externals${externalError ? ' field-invalid' : ''}`, 'data-field': `${p}.externalBatteryHours` },
      ...d.externalBatteryHours.map((hours, j) => {
        const remove = h('button', { type: 'button', class: 'button button-plain button-remove', 'aria-label': tf('plan.removeItem', { item: tf('plan.externalBatteryN', { n: j + 1 }) }) }, '×');
        remove.addEventListener('click', () => {
          d.externalBatteryHours.splice(j, 1);
          c.rerender();
        });
        return h(
          'div',
          { class: 'external-row' },
          inputField({
            path: `${p}.externalBatteryHours.${j}`,
            label: tf('plan.externalBatteryN', { n: j + 1 }),
            value: hours,
            inputmode: 'decimal',
            onInput: (v) => ((d.externalBatteryHours[j] = v), c.changed()),
            errors: c.errors,
            testId: 'device-external',
          }),
          remove,
        );
      }),
      h('p', { class: 'field-error', hidden: !externalError, 'data-testid': 'field-error' }, externalError ?? ''),
      addButton(t('plan.addExternal'), 'add-external', d.externalBatteryHours.length >= 10, () => {
        d.externalBatteryHours.push('');
        c.rerender();
        focusLast(`[data-field="${p}.externalBatteryHours"] .external-row`, 'input');
      }),
    );
    return entry(
      tf('plan.deviceN', { n: i + 1 }),
      'device',
      () => {
        devices.splice(i, 1);
        c.rerender();
      },
      selectField({
        path: `${p}.device`,
        label: t('plan.device'),
        value: d.device,
        options: DEVICE_TYPES.map((x) => ({ value: x, label: codeLabel('medical', x) })),
        onChange: (v) => {
          d.device = v;
          c.rerender(); // the oxygen supplier field depends on it
        },
        errors: c.errors,
        testId: 'device-type',
      }),
      inputField({ path: `${p}.settingsSummary`, label: t('plan.deviceSettings'), value: d.settingsSummary, multiline: true, onInput: (v) => ((d.settingsSummary = v), c.changed()), errors: c.errors, maxlength: 500 }),
      inputField({ path: `${p}.internalBatteryHours`, label: t('plan.internalBattery'), value: d.internalBatteryHours, inputmode: 'decimal', onInput: (v) => ((d.internalBatteryHours = v), c.changed()), errors: c.errors, required: true, testId: 'device-internal' }),
      externals,
      h('p', { class: 'runtime', 'data-runtime-index': i, 'aria-live': 'polite', 'data-testid': 'device-runtime' }, runtimeText(deviceRuntime(d))),
      inputField({ path: `${p}.backupPower`, label: t('plan.backupPower'), hint: t('plan.backupPowerHint'), value: d.backupPower, onInput: (v) => ((d.backupPower = v), c.changed()), errors: c.errors, maxlength: 200 }),
      d.device === 'OXYGEN' ? inputField({ path: `${p}.oxygenSupplier`, label: t('plan.oxygenSupplier'), value: d.oxygenSupplier, onInput: (v) => ((d.oxygenSupplier = v), c.changed()), errors: c.errors, maxlength: 200 }) : null,
      checkboxField({ path: `${p}.powerCompanyRegistered`, label: t('plan.powerCompany'), checked: d.powerCompanyRegistered, onChange: (on) => ((d.powerCompanyRegistered = on), c.changed()) }),
    );
  });
  const devicesError = c.errors.take('medicalDevices');
  return planSection(
    'plan-devices',
    t('plan.section.devices'),
    devicesError ? h('p', { class: 'field-error', 'data-field': 'medicalDevices' }, devicesError) : null,
    ...(items.length ? items : [h('p', { class: 'empty' }, t('plan.devicesEmpty'))]),
    devices.length ? h('p', { class: 'runtime-total', 'data-runtime-total': '', 'aria-live': 'polite', 'data-testid': 'plan-runtime' }, ...totalRuntime(devices.length ? planRuntime(devices) : null)) : null,
    addButton(t('plan.addDevice'), 'add-device', devices.length >= MAX_LIST, () => {
      devices.push(emptyDevice());
      c.rerender();
      focusLast('[data-testid="device"]', 'select');
    }),
  );
}

export function runtimeText(hours: number | null): string {
  return hours === null ? t('plan.deviceRuntimeUnknown') : tf('plan.deviceRuntime', { h: formatNumber(hours) });
}

export function totalRuntime(hours: number | null): Child[] {
  if (hours === null) return [t('plan.deviceRuntimeUnknown')];
  const short = hours < EXPECTED_OUTAGE_HOURS;
  return [
    h('strong', {}, tf('plan.planRuntime', { h: formatNumber(hours) })),
    ' ',
    h('span', { class: short ? 'runtime-short' : 'runtime-ok' }, tf(short ? 'plan.runtimeShort' : 'plan.runtimeOk', { h: EXPECTED_OUTAGE_HOURS })),
  ];
}

/* ---------- review date ---------- */

function reviewSection(c: FormContext): HTMLElement {
  const d = c.draft;
  return planSection(
    'plan-review',
    t('plan.section.save'),
    inputField({ path: 'nextReviewAt', label: t('plan.nextReview'), type: 'date', value: d.nextReviewAt, onInput: (v) => ((d.nextReviewAt = v), c.changed()), errors: c.errors, testId: 'plan-next-review' }),
  );
}

/** After adding an entry: focus the first control of the last one (it was just rendered). */
function focusLast(entrySelector: string, control: string): void {
  queueMicrotask(() => {
    const all = document.querySelectorAll<HTMLElement>(entrySelector);
    all[all.length - 1]?.querySelector<HTMLElement>(control)?.focus();
  });
}
