/**
 * Small building blocks shared by the roster and plan pages: formatted dates and numbers, badges,
 * loading / error blocks, definition lists, and form fields that show the server's field errors next
 * to the input they belong to.
 */
import { ApiError } from './api';
import { h, type Child } from './dom';
import { fieldMessage, readableError } from './errors';
import { codeLabel, language, t, tf } from './i18n';

/* ---------- formatting (Japan time, whatever the device's zone) ---------- */

const TIME_ZONE = 'Asia/Tokyo';

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(language() === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: language() === 'ja' ? 'long' : 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(d);
}

/** A calendar date (YYYY-MM-DD, no time zone) in words. */
export function formatDate(ymd: string | null | undefined): string {
  if (!ymd) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(ymd);
  if (!m) return ymd;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(language() === 'ja' ? 'ja-JP' : 'en-GB', { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric' }).format(d);
}

export function formatNumber(n: number, digits = 1): string {
  return new Intl.NumberFormat(language() === 'ja' ? 'ja-JP' : 'en-GB', { maximumFractionDigits: digits }).format(n);
}

export function formatDistance(metres: number): string {
  if (metres < 1000) return tf('common.m', { n: formatNumber(Math.round(metres / 10) * 10, 0) });
  return tf('common.km', { n: formatNumber(metres / 1000, 1) });
}

/* ---------- display blocks ---------- */

export type BadgeTone = 'neutral' | 'info' | 'good' | 'warn' | 'danger';

export function badge(text: string, tone: BadgeTone = 'neutral', attrs: Record<string, string> = {}): HTMLElement {
  return h('span', { class: `badge badge-${tone}`, ...attrs }, text);
}

const STATUS_TONES: Record<string, BadgeTone> = { DRAFT: 'warn', IN_REVIEW: 'info', AGREED: 'good', REVIEW_DUE: 'danger', NONE: 'neutral' };

export function planStatusBadge(status: string | null): HTMLElement {
  const s = status ?? 'NONE';
  return badge(codeLabel('planStatus', s), STATUS_TONES[s] ?? 'neutral', { 'data-testid': 'plan-status', 'data-status': s });
}

/** Tone of a priority score, for the badge (the same bands everywhere). */
export function priorityTone(score: number): BadgeTone {
  if (score >= 60) return 'danger';
  if (score >= 35) return 'warn';
  return 'neutral';
}

export function loadingBlock(): HTMLElement {
  return h('p', { class: 'page-status', role: 'status' }, t('common.loading'));
}

/** A failure in words, with the server's details and an optional retry button. */
export function errorBlock(e: unknown, retry?: () => void): HTMLElement {
  const r = readableError(e);
  const button = retry ? h('button', { type: 'button', class: 'button button-secondary' }, t('common.retry')) : null;
  button?.addEventListener('click', retry as () => void);
  return h(
    'div',
    { class: 'form-error', role: 'alert', 'data-testid': 'page-error' },
    h('p', {}, r.message),
    ...r.details.map((d) => h('p', { class: 'form-error-detail' }, d)),
    button,
  );
}

/** A two-column list of labelled values; empty values show "—" in the muted colour. */
export function definitionList(rows: [string, Child | Child[]][], testId?: string): HTMLElement {
  const dl = h('dl', { class: 'facts', 'data-testid': testId });
  for (const [label, value] of rows) {
    const values = Array.isArray(value) ? value : [value];
    const empty = values.every((v) => v === null || v === undefined || v === false || v === '');
    dl.append(h('div', { class: 'fact' }, h('dt', {}, label), h('dd', { class: empty ? 'fact-empty' : undefined }, ...(empty ? ['—'] : values))));
  }
  return dl;
}

export function section(title: string, id: string, ...children: Child[]): HTMLElement {
  return h('section', { class: 'card', 'aria-labelledby': `${id}-title`, 'data-testid': id }, h('h3', { class: 'card-title', id: `${id}-title` }, title), ...children);
}

/* ---------- forms with field errors ---------- */

/**
 * Field problems by path (`supporters.0.phone`), with the prefix of the mutation's input stripped.
 * Each form field asks for its own message when it renders; the rest go to the summary.
 */
export class FieldErrors {
  private readonly byPath = new Map<string, string>();
  private readonly shown = new Set<string>();

  /** `prefixes`: the mutation's input paths to strip, most specific first (`input.content.`, `input.`). */
  constructor(private readonly prefixes: string[] = ['input.']) {}

  get size(): number {
    return this.byPath.size;
  }

  clear(): void {
    this.byPath.clear();
    this.shown.clear();
  }

  /** Takes the problems of a BAD_USER_INPUT error; false when `e` is not one. */
  takeFrom(e: unknown): boolean {
    if (!(e instanceof ApiError) || e.code !== 'BAD_USER_INPUT' || e.fields.length === 0) return false;
    for (const f of e.fields) {
      const prefix = this.prefixes.find((p) => f.field.startsWith(p));
      this.add(prefix ? f.field.slice(prefix.length) : f.field, fieldMessage(f.message));
    }
    return true;
  }

  add(path: string, message: string): void {
    const before = this.byPath.get(path);
    this.byPath.set(path, before && before !== message ? `${before} ${message}` : message);
  }

  /** The message for a field (and marks it as shown next to its field). */
  take(path: string): string | null {
    const m = this.byPath.get(path) ?? null;
    if (m) this.shown.add(path);
    return m;
  }

  /** Removes the message of a field (the person is correcting it). */
  drop(path: string): void {
    this.byPath.delete(path);
  }

  entries(): [string, string][] {
    return [...this.byPath.entries()];
  }

  /** Problems no rendered field claimed (shown in the summary with their path). */
  unclaimed(): [string, string][] {
    return this.entries().filter(([p]) => !this.shown.has(p));
  }

  resetShown(): void {
    this.shown.clear();
  }
}

export function fieldId(path: string): string {
  return `f-${path.replace(/[^a-zA-Z0-9]+/g, '-')}`;
}

export interface InputOptions {
  path: string;
  label: string;
  value: string;
  onInput(value: string): void;
  errors?: FieldErrors;
  hint?: string;
  type?: 'text' | 'tel' | 'date' | 'search' | 'datetime-local';
  inputmode?: 'text' | 'tel' | 'decimal' | 'numeric';
  multiline?: boolean;
  required?: boolean;
  autocomplete?: string;
  maxlength?: number;
  list?: string;
  readOnly?: boolean;
  testId?: string;
}

/** A labelled input (or textarea) with its hint and, when the server refused it, its error message. */
export function inputField(o: InputOptions): HTMLElement {
  const id = fieldId(o.path);
  const message = o.errors?.take(o.path) ?? null;
  const hintId = o.hint ? `${id}-hint` : undefined;
  const errorId = `${id}-error`;
  const described = [message ? errorId : null, hintId].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: o.path,
    'aria-describedby': described,
    'aria-invalid': message ? 'true' : undefined,
    required: o.required,
    readonly: o.readOnly,
    maxlength: o.maxlength,
    'data-testid': o.testId,
  };
  const input = o.multiline
    ? h('textarea', { ...common, rows: 3 })
    : h('input', { ...common, type: o.type ?? 'text', inputmode: o.inputmode, autocomplete: o.autocomplete ?? 'off', list: o.list });
  input.value = o.value;
  const error = h('p', { class: 'field-error', id: errorId, hidden: !message, 'data-testid': 'field-error' }, message ?? '');
  input.addEventListener('input', () => {
    o.onInput(input.value);
    if (!error.hidden) {
      // The person is correcting it: the old message no longer applies.
      error.hidden = true;
      input.removeAttribute('aria-invalid');
      o.errors?.drop(o.path);
    }
  });
  return h(
    'div',
    { class: `field${message ? ' field-invalid' : ''}`, 'data-field': o.path },
    h('label', { for: id }, o.label, o.required ? h('span', { class: 'field-required' }, ` (${t('common.required')})`) : null),
    o.hint ? h('p', { class: 'field-hint', id: hintId }, o.hint) : null,
    input,
    error,
  );
}

export interface SelectOptions {
  path: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onChange(value: string): void;
  errors?: FieldErrors;
  hint?: string;
  placeholder?: string;
  testId?: string;
}

export function selectField(o: SelectOptions): HTMLElement {
  const id = fieldId(o.path);
  const message = o.errors?.take(o.path) ?? null;
  const errorId = `${id}-error`;
  const hintId = o.hint ? `${id}-hint` : undefined;
  const select = h('select', {
    id,
    name: o.path,
    'aria-invalid': message ? 'true' : undefined,
    'aria-describedby': [message ? errorId : null, hintId].filter(Boolean).join(' ') || undefined,
    'data-testid': o.testId,
  });
  if (o.placeholder !== undefined) select.append(h('option', { value: '' }, o.placeholder));
  for (const opt of o.options) select.append(h('option', { value: opt.value }, opt.label));
  select.value = o.value;
  select.addEventListener('change', () => o.onChange(select.value));
  return h(
    'div',
    { class: `field${message ? ' field-invalid' : ''}`, 'data-field': o.path },
    h('label', { for: id }, o.label),
    o.hint ? h('p', { class: 'field-hint', id: hintId }, o.hint) : null,
    select,
    h('p', { class: 'field-error', id: errorId, hidden: !message, 'data-testid': 'field-error' }, message ?? ''),
  );
}

/** A checkbox with a large touch area (the whole label). */
export function checkboxField(o: { path: string; label: string; checked: boolean; onChange(checked: boolean): void; testId?: string; disabled?: boolean }): HTMLElement {
  const id = fieldId(o.path);
  const box = h('input', { type: 'checkbox', id, name: o.path, 'data-testid': o.testId, disabled: o.disabled });
  box.checked = o.checked;
  box.addEventListener('change', () => o.onChange(box.checked));
  return h('div', { class: 'check', 'data-field': o.path }, box, h('label', { for: id }, o.label));
}

/** A button; `onClick` may be async (the button is disabled meanwhile). */
export function button(label: string, onClick: () => void | Promise<void>, opts: { kind?: 'primary' | 'secondary' | 'danger' | 'plain'; testId?: string; disabled?: boolean; type?: 'button' | 'submit'; ariaLabel?: string } = {}): HTMLButtonElement {
  const b = h('button', {
    type: opts.type ?? 'button',
    class: `button button-${opts.kind ?? 'secondary'}`,
    'data-testid': opts.testId,
    disabled: opts.disabled,
    'aria-label': opts.ariaLabel,
  }, label);
  b.addEventListener('click', () => {
    const r = onClick();
    if (r instanceof Promise) {
      b.disabled = true;
      void r.finally(() => (b.disabled = false));
    }
  });
  return b;
}

/** Link styled as a button (navigation stays a link: it opens in a new tab, Back works). */
export function linkButton(label: string, href: string, opts: { kind?: 'primary' | 'secondary'; testId?: string } = {}): HTMLAnchorElement {
  return h('a', { class: `button button-${opts.kind ?? 'secondary'}`, href, 'data-testid': opts.testId }, label);
}

/** Focuses a field by path (after a failed save), scrolling it into the middle of the screen. */
export function focusField(root: ParentNode, path: string): void {
  const el = root.querySelector<HTMLElement>(`#${CSS.escape(fieldId(path))}`) ?? root.querySelector<HTMLElement>(`[data-field="${CSS.escape(path)}"]`);
  if (!el) return;
  el.scrollIntoView({ block: 'center' });
  el.focus({ preventScroll: true });
}
