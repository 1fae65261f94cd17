/**
 * Short messages under the header (errors, "background map unavailable"). The signed-in screen registers
 * its notice area; if none is mounted (an error while booting, on the login screen) the message goes into
 * a fixed banner, so a failure is never a blank screen. Texts are functions so a language change
 * re-renders them.
 */
import { h } from './dom';
import { t } from './i18n';

export type NoticeKind = 'error' | 'info';
type Text = string | (() => string);

export interface NoticeOptions {
  /** A notice with the same id replaces the earlier one instead of stacking. */
  id?: string;
  details?: Text[];
  action?: { label: Text; run(): void };
}

interface Shown {
  el: HTMLElement;
  relabel(): void;
}

let area: HTMLElement | null = null;
const shown = new Set<Shown>();
const listeners = new Set<() => void>();

export function setNoticeArea(el: HTMLElement | null): void {
  area = el;
}

/** Runs after a notice appears or goes (the map then re-measures itself). */
export function onNoticesChanged(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Shows a message and returns the function that removes it. */
export function showNotice(message: Text, kind: NoticeKind = 'info', opts: NoticeOptions = {}): () => void {
  const target = area ?? fallbackArea();
  if (opts.id) for (const s of shown) if (s.el.dataset.noticeId === opts.id) remove(s);
  const text = h('p', {});
  const details = (opts.details ?? []).map(() => h('p', { class: 'notice-detail' }));
  const action = opts.action ? h('button', { type: 'button', class: 'button button-small' }) : null;
  const close = h('button', { type: 'button', class: 'notice-close' }, '×');
  const el = h(
    'div',
    { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status', 'data-testid': `notice-${kind}` },
    h('div', { class: 'notice-text' }, text, ...details, action),
    close,
  );
  if (opts.id) el.dataset.noticeId = opts.id;
  const entry: Shown = {
    el,
    relabel() {
      text.textContent = resolve(message);
      details.forEach((d, i) => (d.textContent = resolve((opts.details ?? [])[i] ?? '')));
      if (action && opts.action) action.textContent = resolve(opts.action.label);
      close.setAttribute('aria-label', t('notice.dismiss'));
      close.title = t('notice.dismiss');
    },
  };
  entry.relabel();
  close.addEventListener('click', () => remove(entry));
  action?.addEventListener('click', () => {
    remove(entry);
    opts.action?.run();
  });
  shown.add(entry);
  target.appendChild(el);
  changed();
  return () => remove(entry);
}

export function relabelNotices(): void {
  for (const s of shown) s.relabel();
}

export function clearNotices(): void {
  for (const s of [...shown]) remove(s);
}

function remove(entry: Shown): void {
  if (!shown.delete(entry)) return;
  entry.el.remove();
  changed();
}

function resolve(text: Text): string {
  return typeof text === 'function' ? text() : text;
}

function changed(): void {
  for (const fn of listeners) fn();
}

function fallbackArea(): HTMLElement {
  let el = document.getElementById('global-notices');
  if (!el) {
    el = h('div', { id: 'global-notices', class: 'notices notices-global' });
    document.body.appendChild(el);
  }
  return el;
}
