/** Small shared pieces of the incident screens: status badges, how a task names its person, drill badges. */
import { TASK_STATUS_COLORS, TASK_STATUS_GLYPHS } from '../colors';
import { h } from '../dom';
import { codeLabel, t, tf } from '../i18n';
import type { Incident, Task, TaskStatus } from './incident-types';

/** Colour + glyph + word: a status is never told by colour alone. */
export function statusBadge(status: TaskStatus, extra: Record<string, string> = {}): HTMLElement {
  return h(
    'span',
    { class: `status-badge status-${status.toLowerCase().replace(/_/g, '-')}`, style: `--c:${TASK_STATUS_COLORS[status]}`, 'data-status': status, ...extra },
    h('span', { class: 'status-glyph', 'aria-hidden': 'true' }, status === 'NEEDS_HELP' ? '⚠' : TASK_STATUS_GLYPHS[status]),
    codeLabel('taskStatus', status),
  );
}

export function drillBadge(): HTMLElement {
  return h('span', { class: 'drill-badge', 'data-testid': 'drill-badge' }, t('incident.drill'));
}

/** The incident's title with its kind, and 訓練 when it is a drill. */
export function incidentHeading(i: Incident): HTMLElement[] {
  return [
    ...(i.isDrill ? [drillBadge()] : []),
    h('span', { class: 'incident-kind' }, codeLabel('incidentKind', i.kind)),
    h('span', { class: 'incident-title-text' }, i.title),
  ];
}

/** How an entry names its person: the name when the API gave it, else "details hidden" with the district. */
export function personLabel(task: Task, districtName: (code: string | null) => string | null): string {
  if (task.person) return task.person.name;
  const district = districtName(task.districtCode);
  return district ? tf('taskList.hiddenDistrict', { district }) : t('taskList.hidden');
}

export function groupLabel(group: string): string {
  return codeLabel('group', group);
}

/** Where a task is on the map: the person, or the rounded location when they are hidden. */
export function taskLocation(task: Task): { lat: number; lng: number } | null {
  if (task.person) return { lat: task.person.lat, lng: task.person.lng };
  return task.approximateLocation;
}
