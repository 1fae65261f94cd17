/**
 * The emergency summary (data class E) as a medical responder reads it in an incident: physician orders
 * first and as orders, then the person's wishes about resuscitation, ventilation and transport (marked
 * as wishes, not orders), then whom to call. And, for home-care doctors, the form to record an order.
 */
import { h } from '../dom';
import { FieldErrors, badge, formatDate, inputField, selectField } from '../ui';
import { ORDER_CODES_BY_KIND, type Discussion, type EmergencySummary, type OrderCode, type OrderInput, type OrderKind } from './acp-api';
import { acpCode, at, atf } from './acp-i18n';
import { localDateTime } from './acp-form-model';
import { ordersBlock } from './acp-stance-view';

export function emergencyBlock(s: EmergencySummary): HTMLElement {
  const state = s.noDiscussion
    ? h('p', { class: 'notice-inline acp-emergency-state', 'data-testid': 'acp-emergency-none' }, at('emergency.none'))
    : s.declined
      ? h('p', { class: 'notice-inline acp-emergency-state', 'data-testid': 'acp-emergency-declined' }, at('emergency.declined'))
      : null;
  return h('div', { class: 'acp-emergency', 'data-testid': 'acp-emergency' },
    h('section', { class: 'card acp-emergency-head' },
      h('h3', { class: 'card-title' }, at('emergency.title')),
      h('p', { class: 'muted' }, at('emergency.intro')),
      state,
      s.lastDiscussionAt ? h('p', { 'data-testid': 'acp-emergency-last' }, atf('emergency.last', { date: formatDate(s.lastDiscussionAt) })) : null,
    ),
    ordersBlock(s.physicianOrders, 'acp-emergency-orders'),
    h('section', { class: 'card acp-wishes', 'data-testid': 'acp-emergency-wishes', 'aria-labelledby': 'acp-wishes-title' },
      h('h3', { class: 'card-title', id: 'acp-wishes-title' }, at('emergency.wishes')),
      s.urgentWishes.length === 0
        ? h('p', {}, at('emergency.noWishes'))
        : h('ul', { class: 'acp-wish-list' },
            ...s.urgentWishes.map((w) =>
              h('li', { class: 'acp-wish', 'data-testid': 'acp-wish', 'data-intervention': w.intervention, 'data-choice': w.choice },
                h('p', { class: 'acp-wish-line' },
                  h('span', { class: 'acp-wish-what' }, acpCode('intervention', w.intervention)),
                  h('span', { class: 'acp-wish-when' }, acpCode('scenario', w.scenario)),
                  badge(acpCode('choice', w.choice), w.choice === 'DOES_NOT_WANT' ? 'warn' : w.choice === 'WANTS' ? 'info' : 'neutral'),
                ),
                w.note ? h('p', { class: 'acp-note' }, `「${w.note}」`) : null,
                h('p', { class: 'acp-meta' }, atf('emergency.statedAt', { date: formatDate(w.statedAt) })),
              ),
            ),
          ),
    ),
    h('section', { class: 'card acp-contacts', 'data-testid': 'acp-emergency-surrogates', 'aria-labelledby': 'acp-contacts-title' },
      h('h3', { class: 'card-title', id: 'acp-contacts-title' }, at('emergency.surrogates')),
      s.surrogates.length === 0
        ? h('p', {}, at('emergency.noSurrogates'))
        : h('ul', { class: 'acp-contact-list' },
            ...s.surrogates.map((x) =>
              h('li', { class: 'acp-contact', 'data-testid': 'acp-emergency-surrogate', 'data-rank': String(x.rank) },
                h('p', { class: 'acp-contact-name' }, atf('form.surrogate', { n: x.rank }), ' ', h('strong', {}, x.name), `（${x.relation}）`),
                h('a', { class: 'button button-primary acp-call', href: `tel:${x.phone.replace(/[^\d+]/g, '')}`, 'aria-label': atf('emergency.call', { name: x.name }) }, `☎ ${x.phone}`),
              ),
            ),
          ),
    ),
  );
}

export interface OrderFormState {
  kind: OrderKind;
  code: OrderCode;
  status: 'ACTIVE' | 'WITHDRAWN';
  instructions: string;
  orderedAt: string;
  basisDiscussionId: string;
}

export function emptyOrderForm(basisDiscussionId: string | null): OrderFormState {
  return { kind: 'CPR', code: 'DO_NOT_ATTEMPT_RESUSCITATION', status: 'ACTIVE', instructions: '', orderedAt: localDateTime(new Date()), basisDiscussionId: basisDiscussionId ?? '' };
}

export function orderInput(personId: string, f: OrderFormState): OrderInput {
  return {
    personId, kind: f.kind, code: f.code, status: f.status, instructions: f.instructions.trim() || null, orderedAt: new Date(f.orderedAt).toISOString(),
    basisDiscussionId: f.basisDiscussionId || null,
  };
}

/** Home-care doctors only: kind → order (codes of that kind), give or withdraw, details, when, basis. */
export function orderForm(o: { state: OrderFormState; errors: FieldErrors; discussions: Discussion[]; saving: boolean; rerender(): void; submit(): void }): HTMLElement {
  const f = o.state;
  const submit = h('button', { type: 'submit', class: 'button button-primary', 'data-testid': 'acp-order-submit', disabled: o.saving }, o.saving ? at('form.submitting') : at('orders.submit'));
  const form = h('form', { class: 'card acp-order-form', 'data-testid': 'acp-order-form', novalidate: true },
    h('h3', { class: 'card-title' }, at('orders.form')),
    h('div', { class: 'form-grid acp-grid' },
      selectField({
        path: 'kind', label: at('orders.kind'), value: f.kind, errors: o.errors, testId: 'acp-order-kind',
        options: (Object.keys(ORDER_CODES_BY_KIND) as OrderKind[]).map((k) => ({ value: k, label: acpCode('orderKind', k) })),
        onChange: (v) => {
          f.kind = v as OrderKind;
          f.code = ORDER_CODES_BY_KIND[f.kind][0];
          o.rerender();
        },
      }),
      selectField({
        path: 'code', label: at('orders.code'), value: f.code, errors: o.errors, testId: 'acp-order-code',
        options: ORDER_CODES_BY_KIND[f.kind].map((c) => ({ value: c, label: acpCode('orderCode', c) })),
        onChange: (v) => (f.code = v as OrderCode),
      }),
      selectField({
        path: 'status', label: at('orders.status'), value: f.status, errors: o.errors, testId: 'acp-order-status',
        options: [{ value: 'ACTIVE', label: at('orders.statusActive') }, { value: 'WITHDRAWN', label: at('orders.statusWithdrawn') }],
        onChange: (v) => (f.status = v as OrderFormState['status']),
      }),
      inputField({ path: 'orderedAt', label: at('orders.orderedAt'), type: 'datetime-local', value: f.orderedAt, errors: o.errors, testId: 'acp-order-at', onInput: (v) => (f.orderedAt = v) }),
      selectField({
        path: 'basisDiscussionId', label: at('orders.basis'), value: f.basisDiscussionId, errors: o.errors, testId: 'acp-order-basis', placeholder: at('orders.basisNone'),
        options: o.discussions.filter((d) => !d.supersededById && !d.declined).map((d) => ({ value: d.id, label: formatDate(d.heldAt) })),
        onChange: (v) => (f.basisDiscussionId = v),
      }),
    ),
    inputField({ path: 'instructions', label: at('orders.instructionsLabel'), value: f.instructions, multiline: true, errors: o.errors, testId: 'acp-order-instructions', onInput: (v) => (f.instructions = v) }),
    h('p', { class: 'actions' }, submit),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    o.submit();
  });
  return form;
}
