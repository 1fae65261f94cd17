/**
 * The task list beside (desktop) or below (phone) the incident map. Each entry shows only what the API
 * returned: name, address and phone when the responder may see them, otherwise "詳細非表示" with the
 * district. Priority first, then distance from the responder when the browser shares their location.
 */
import { TASK_STATUS_COLORS } from '../colors';
import { h } from '../dom';
import { codeLabel, joinList, language, t, tf } from '../i18n';
import type { OutboxItem } from '../offline/outbox';
import { badge, formatDateTime, formatDistance, priorityTone } from '../ui';
import type { Task } from './incident-types';
import { distanceMetres, type Position } from './my-location';
import { groupLabel, personLabel, statusBadge, taskLocation } from './task-format';

export interface TaskEntryContext {
  myAccountId: string;
  position: Position | null;
  districtName(code: string | null): string | null;
  pending(taskId: string): OutboxItem | undefined;
  /** Whether the map knows this person cannot reach a shelter (null: not known). */
  cannotReach(taskId: string): boolean | null;
  onTick(task: Task): void;
  onClaim(task: Task): void;
  onRelease(task: Task): void;
  onShowOnMap(task: Task): void;
}

/** Priority first; among equal priority the nearest first when the position is known. Stable otherwise. */
export function sortTasks(tasks: Task[], position: Position | null): Task[] {
  const dist = new Map<string, number>();
  if (position) {
    for (const task of tasks) {
      const at = taskLocation(task);
      dist.set(task.id, at ? distanceMetres(position, at) : Number.POSITIVE_INFINITY);
    }
  }
  return tasks
    .map((task, i) => ({ task, i }))
    .sort((a, b) => b.task.priority - a.task.priority || (dist.get(a.task.id) ?? 0) - (dist.get(b.task.id) ?? 0) || a.i - b.i)
    .map((x) => x.task);
}

export function taskEntry(task: Task, c: TaskEntryContext): HTMLLIElement {
  const pending = c.pending(task.id);
  const shownStatus = pending ? (pending.outcome as Task['status']) : task.status;
  const claimedByMe = task.claimedBy !== null && task.claimedBy === c.myAccountId;
  const claimedByOther = task.claimedBy !== null && !claimedByMe && (!task.claimedUntil || new Date(task.claimedUntil).getTime() > Date.now());
  const p = task.person;
  const at = taskLocation(task);
  const distance = c.position && at ? distanceMetres(c.position, at) : null;
  const cannotReach = c.cannotReach(task.id);

  const tickButton = h('button', { type: 'button', class: 'button button-primary task-tick', 'data-testid': 'task-tick' }, t('taskList.tick'));
  tickButton.addEventListener('click', () => c.onTick(task));
  const claimButton = claimedByMe
    ? h('button', { type: 'button', class: 'button button-secondary', 'data-testid': 'task-release' }, t('taskList.release'))
    : claimedByOther
      ? null
      : h('button', { type: 'button', class: 'button button-secondary', 'data-testid': 'task-claim' }, t('taskList.claim'));
  claimButton?.addEventListener('click', () => (claimedByMe ? c.onRelease(task) : c.onClaim(task)));
  const mapButton = at ? h('button', { type: 'button', class: 'button button-secondary task-map', 'data-testid': 'task-show-on-map' }, t('taskList.showOnMap')) : null;
  mapButton?.addEventListener('click', () => c.onShowOnMap(task));

  const name = personLabel(task, c.districtName);
  const factors = task.priorityFactors.map((f) => codeLabel('factor', f));
  return h(
    'li',
    {
      class: `task-card${shownStatus === 'NEEDS_HELP' ? ' task-card-urgent' : ''}${pending ? ' task-card-pending' : ''}`,
      style: `--c:${TASK_STATUS_COLORS[shownStatus]}`,
      'data-testid': 'task-item',
      'data-task-id': task.id,
      'data-status': task.status,
    },
    h(
      'div',
      { class: 'task-card-head' },
      statusBadge(shownStatus, pending ? { 'data-pending': 'true' } : {}),
      badge(`${t('filter.priority')} ${task.priority}`, priorityTone(task.priority), { 'data-testid': 'task-priority' }),
      task.needsReview && badge(t('taskList.needsReview'), 'warn'),
      cannotReach === true && badge(t('incidentMap.cannotReach'), 'danger'),
      task.isDrill && h('span', { class: 'drill-badge' }, t('incident.drill')),
    ),
    h('p', { class: `task-name${p ? '' : ' task-name-hidden'}`, 'data-testid': 'task-name' }, name),
    p && h('p', { class: 'task-line' }, `${tf('taskList.age', { n: p.age })} · `, h('span', { lang: 'ja' }, p.address)),
    (p?.phone || distance !== null) &&
      h(
        'p',
        { class: 'task-line' },
        p?.phone ? h('a', { href: `tel:${p.phone.replace(/[^0-9+]/g, '')}`, class: 'task-phone' }, `☎ ${p.phone}`) : null,
        p?.phone && distance !== null ? ' · ' : '',
        distance !== null ? tf('taskList.distance', { d: formatDistance(distance) }) : '',
      ),
    h(
      'p',
      { class: 'task-line task-meta' },
      groupLabel(task.responderGroup),
      task.assignedToMe ? ` · ${t('taskList.assignedToMe')}` : '',
      ` · ${task.overdue ? t('taskList.overdue') : formatDue(task.dueAt)}`,
      task.escalated ? ` · ${t('taskList.escalated')}` : '',
    ),
    (claimedByMe || claimedByOther) &&
      h(
        'p',
        { class: `task-claim${claimedByOther ? ' task-claim-other' : ''}`, 'data-testid': 'task-claimed' },
        claimedByMe ? t('taskList.claimedByMe') : task.claimedByName ? tf('taskList.claimedBy', { name: task.claimedByName }) : t('taskList.claimedBySomeone'),
      ),
    factors.length > 0 && h('p', { class: 'task-factors' }, joinList(factors)),
    task.supporters.length > 0 &&
      h(
        'p',
        { class: 'task-line task-supporters' },
        `${t('taskList.supporters')}: `,
        ...task.supporters.flatMap((s, i) => [
          i > 0 ? t('common.listSep') : '',
          `${s.name ?? '—'}（${s.relation}）`,
          s.phone ? ' ' : '',
          s.phone ? h('a', { href: `tel:${s.phone.replace(/[^0-9+]/g, '')}` }, s.phone) : '',
        ]),
      ),
    pending && h('p', { class: 'task-pending', 'data-testid': 'task-pending' }, tf('taskList.pending', { outcome: codeLabel('taskStatus', pending.outcome) })),
    task.lastEventAt && !pending && h('p', { class: 'task-line task-meta' }, tf('taskList.lastCheck', { time: formatDateTime(task.lastEventAt) })),
    h('div', { class: 'task-actions' }, tickButton, claimButton, mapButton),
  );
}

/** "Due 19:58 today" for today (Japan time), the full date otherwise. */
function formatDue(iso: string): string {
  const d = new Date(iso);
  const day = (x: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(x);
  if (Number.isNaN(d.getTime()) || day(d) !== day(new Date())) return tf('taskList.due', { time: formatDateTime(iso) });
  const time = new Intl.DateTimeFormat(language() === 'ja' ? 'ja-JP' : 'en-GB', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit' }).format(d);
  return tf('taskList.dueToday', { time });
}
