/**
 * The tick: a sheet with one big button per outcome. Opening it is the first tap, choosing an outcome the
 * second, and the tick is recorded (into the outbox) at once; the note above the buttons is optional.
 * "Needs help now" (要救助) is loud — red, an icon and the word — and asks for confirmation first.
 * DECEASED and MISSING are offered only to the roles the server accepts them from, behind "other outcomes".
 */
import { TASK_STATUS_COLORS, TASK_STATUS_GLYPHS } from '../colors';
import { h, replaceContent } from '../dom';
import { codeLabel, t } from '../i18n';
import type { Role } from '../types';
import { CHECK_OUTCOMES, RESTRICTED_OUTCOMES, type CheckOutcome } from './incident-types';

const RESTRICTED_OUTCOME_ROLES: ReadonlySet<Role> = new Set(['MUNICIPAL_ADMIN', 'MUNICIPAL_STAFF', 'FIRE_POLICE', 'VISITING_NURSE', 'HOME_CARE_DOCTOR']);

export interface TickSheetOptions {
  /** Who the check is about, as the list shows them (name, or "details hidden" with the district). */
  who: string;
  /** The responder group of the task, and anything else worth a line. */
  detail: string;
  role: Role;
  /** A drill's check: the sheet says 訓練 too. */
  drill?: boolean;
  onChoose(outcome: CheckOutcome, note: string | null): void | Promise<void>;
}

let openSheet: HTMLDialogElement | null = null;

/** Opens the sheet; resolves when it closes (chosen or cancelled). */
export function openTickSheet(o: TickSheetOptions): Promise<void> {
  openSheet?.close();
  const dialog = h('dialog', { class: 'sheet', 'data-testid': 'tick-sheet', 'aria-labelledby': 'tick-title' });
  const title = h('h2', { class: 'sheet-title', id: 'tick-title', tabindex: '-1' }, t('tick.title'));
  const note = h('textarea', { id: 'tick-note', rows: '2', maxlength: '1000', placeholder: t('tick.notePlaceholder'), 'data-testid': 'tick-note' });
  const body = h('div', { class: 'sheet-body' });
  dialog.append(body);

  const choose = async (outcome: CheckOutcome) => {
    for (const b of dialog.querySelectorAll('button')) b.disabled = true;
    try {
      await o.onChoose(outcome, note.value.trim() || null);
    } finally {
      dialog.close();
    }
  };

  const outcomeButton = (outcome: CheckOutcome) => {
    const loud = outcome === 'NEEDS_HELP';
    const b = h(
      'button',
      {
        type: 'button',
        class: `outcome${loud ? ' outcome-loud' : ''}`,
        style: `--c:${TASK_STATUS_COLORS[outcome]}`,
        'data-testid': `outcome-${outcome}`,
        'data-outcome': outcome,
      },
      h('span', { class: 'outcome-glyph', 'aria-hidden': 'true' }, loud ? '⚠' : TASK_STATUS_GLYPHS[outcome]),
      h('span', { class: 'outcome-label' }, codeLabel('taskStatus', outcome)),
    );
    b.addEventListener('click', () => (loud ? showConfirm() : void choose(outcome)));
    return b;
  };

  const showChoices = () => {
    const common = CHECK_OUTCOMES.filter((c) => !RESTRICTED_OUTCOMES.has(c));
    const restricted = RESTRICTED_OUTCOME_ROLES.has(o.role) ? CHECK_OUTCOMES.filter((c) => RESTRICTED_OUTCOMES.has(c)) : [];
    replaceContent(
      body,
      title,
      h('p', { class: 'sheet-who', 'data-testid': 'tick-who' }, o.drill ? h('span', { class: 'drill-badge' }, t('incident.drill')) : null, o.drill ? ' ' : '', h('strong', {}, o.who), o.detail ? ` · ${o.detail}` : ''),
      h('div', { class: 'field sheet-note' }, h('label', { for: 'tick-note' }, t('tick.note')), note),
      h('p', { class: 'sheet-hint', id: 'tick-hint' }, t('tick.choose')),
      h('div', { class: 'outcomes', role: 'group', 'aria-labelledby': 'tick-hint' }, ...common.map(outcomeButton)),
      restricted.length > 0 &&
        h('details', { class: 'outcomes-more' }, h('summary', { class: 'button button-secondary' }, t('tick.more')), h('div', { class: 'outcomes' }, ...restricted.map(outcomeButton))),
      h('div', { class: 'sheet-actions' }, cancelButton()),
    );
  };

  const showConfirm = () => {
    const yes = h(
      'button',
      { type: 'button', class: 'outcome outcome-loud', style: `--c:${TASK_STATUS_COLORS.NEEDS_HELP}`, 'data-testid': 'confirm-needs-help' },
      h('span', { class: 'outcome-glyph', 'aria-hidden': 'true' }, '⚠'),
      h('span', { class: 'outcome-label' }, t('tick.confirmYes')),
    );
    yes.addEventListener('click', () => void choose('NEEDS_HELP'));
    const back = h('button', { type: 'button', class: 'button button-secondary', 'data-testid': 'confirm-back' }, t('tick.confirmBack'));
    back.addEventListener('click', () => {
      showChoices();
      title.focus();
    });
    const heading = h('h2', { class: 'sheet-title sheet-title-danger', id: 'tick-title', tabindex: '-1' }, h('span', { 'aria-hidden': 'true' }, '⚠ '), t('tick.confirmTitle'));
    replaceContent(
      body,
      heading,
      h('p', { class: 'sheet-who' }, h('strong', {}, o.who), o.detail ? ` · ${o.detail}` : ''),
      h('p', { class: 'sheet-warning', role: 'alert' }, t('tick.confirmText')),
      note.value.trim() ? h('p', { class: 'sheet-note-preview' }, `${t('tick.note')}: ${note.value.trim()}`) : null,
      h('div', { class: 'outcomes' }, yes),
      h('div', { class: 'sheet-actions' }, back),
    );
    heading.focus();
  };

  const cancelButton = () => {
    const b = h('button', { type: 'button', class: 'button button-secondary', 'data-testid': 'tick-cancel' }, t('tick.cancel'));
    b.addEventListener('click', () => dialog.close());
    return b;
  };

  showChoices();
  document.body.append(dialog);
  openSheet = dialog;
  // A tap on the dimmed backdrop closes the sheet, like the cancel button.
  dialog.addEventListener('click', (ev) => {
    if (ev.target === dialog) dialog.close();
  });
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      if (openSheet === dialog) openSheet = null;
      dialog.remove();
      resolve();
    });
    dialog.showModal();
    // Focus the heading, not the note: the phone's keyboard should not cover the buttons.
    title.focus();
  });
}

/** Closes an open sheet (leaving the page, logging out). */
export function closeTickSheet(): void {
  openSheet?.close();
}
