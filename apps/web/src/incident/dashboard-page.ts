/**
 * The coordinators' dashboard (municipal staff and admins): progress by responder group and by municipality
 * (incidentProgress, kept live by incidentProgressChanged), the people flagged 要救助, high-priority people
 * nobody has checked, escalations, and the reports a coordinator should look at (needsReview: a stale report
 * after "needs help", a tick after reassignment) with "確認済み" (clearTaskReview). The latest task changes
 * scroll past in a live feed.
 *
 * The API lists tasks by status and priority only, so escalations and review flags are found among the
 * highest-priority tasks (a bounded scan, said on screen); the counts at the top are exact.
 */
import { TASK_STATUS_COLORS } from '../colors';
import { h, replaceContent } from '../dom';
import { readableError } from '../errors';
import { codeLabel, language, t, tf } from '../i18n';
import { showNotice } from '../notices';
import type { Page, PageContext } from '../page';
import { href } from '../router';
import type { MunicipalityName } from '../types';
import { badge, errorBlock, formatDateTime, loadingBlock } from '../ui';
import { rememberIncident, resolveCurrentIncident } from './current-incident';
import { IncidentApi } from './incident-api';
import { TASK_STATUSES, type Incident, type IncidentProgress, type ProgressGroup, type Task, type TaskChange, type TaskStatus } from './incident-types';
import { LiveUpdates, type LiveState } from './live';
import { groupLabel, incidentHeading, personLabel, statusBadge } from './task-format';

const COORDINATOR_ROLES = new Set(['MUNICIPAL_ADMIN', 'MUNICIPAL_STAFF']);
const SCAN_PAGES = 4;
const FEED_SIZE = 20;
/** Entries shown per list before "show all". */
const LIST_PREVIEW = 8;
const CHECKED_STATUSES = TASK_STATUSES.filter((s) => s !== 'UNCHECKED');

interface Lists {
  needsHelp: Task[];
  uncheckedHigh: Task[];
  escalated: Task[];
  review: Task[];
  scanned: number;
}

export class DashboardPage implements Page {
  readonly layout = 'scroll';
  readonly element = h('div', { class: 'page page-dashboard', 'data-testid': 'dashboard' });
  private readonly api: IncidentApi;
  private incidentId: string | null;
  private incident: Incident | null = null;
  private progress: IncidentProgress | null = null;
  private progressAt: string | null = null;
  private lists: Lists | null = null;
  private readonly feed: { change: TaskChange; name: string | null }[] = [];
  private readonly known = new Map<string, Task>();
  private readonly expanded = new Set<string>();
  private municipalities: MunicipalityName[] = [];
  private error: unknown = null;
  private noIncident = false;
  private live: LiveUpdates | null = null;
  private liveState: LiveState = 'connecting';
  private listTimer: number | undefined;
  private listRequest = 0;
  private destroyed = false;
  private readonly head = h('div', { class: 'dashboard-head' });
  private readonly summary = h('div', { class: 'dashboard-summary', 'aria-live': 'polite' });
  private readonly groups = h('div', { class: 'dashboard-groups' });
  private readonly listsArea = h('div', { class: 'dashboard-lists' });
  private readonly feedArea = h('section', { class: 'card dashboard-feed', 'data-testid': 'dashboard-feed', 'aria-labelledby': 'feed-title' });

  constructor(
    private readonly ctx: PageContext,
    incidentId: string | null,
  ) {
    this.api = new IncidentApi(ctx.client);
    this.incidentId = incidentId;
    this.element.append(this.head, this.summary, this.groups, h('div', { class: 'dashboard-columns' }, this.listsArea, this.feedArea));
    this.render();
  }

  title(): string {
    return this.incident ? `${t('page.dashboard')}: ${this.incident.isDrill ? `【${t('incident.drill')}】` : ''}${this.incident.title}` : t('page.dashboard');
  }

  mounted(): void {
    if (!COORDINATOR_ROLES.has(this.ctx.account.role)) return;
    void this.start();
  }

  relabel(): void {
    this.render();
  }

  destroy(): void {
    this.destroyed = true;
    window.clearTimeout(this.listTimer);
    this.live?.stop();
    this.element.remove();
  }

  private async start(): Promise<void> {
    try {
      if (!this.incidentId) {
        const { current } = await resolveCurrentIncident(this.ctx.client);
        if (!current) {
          this.noIncident = true;
          return this.render();
        }
        this.incidentId = current.id;
      }
      rememberIncident(this.incidentId);
      const [incident, progress, scope] = await Promise.all([
        this.api.incident(this.incidentId),
        this.api.progress(this.incidentId),
        this.ctx.data.scopeInfo().catch(() => ({ municipalities: [] as MunicipalityName[] })),
      ]);
      if (this.destroyed) return;
      this.incident = incident;
      this.setProgress(progress);
      this.municipalities = scope.municipalities;
      document.title = `${this.title()} – ${t('app.name')}`;
      this.render();
    } catch (e) {
      this.error = e;
      return this.render();
    }
    void this.loadLists();
    this.live = new LiveUpdates(this.ctx.session, this.incidentId, {
      onProgress: (p) => {
        this.setProgress(p);
        this.renderSummary();
        this.renderGroups();
      },
      onTaskChanged: (c) => this.onTaskChanged(c),
      onReconnected: () => void this.reload(),
      onState: (s) => {
        this.liveState = s;
        this.renderHead();
      },
    });
    this.live.start();
  }

  private setProgress(p: IncidentProgress): void {
    this.progress = p;
    this.progressAt = new Date().toISOString();
  }

  private async reload(): Promise<void> {
    if (!this.incidentId) return;
    try {
      this.setProgress(await this.api.progress(this.incidentId));
      this.renderSummary();
      this.renderGroups();
    } catch {
      /* the next change or reconnect tries again */
    }
    void this.loadLists();
  }

  private onTaskChanged(c: TaskChange): void {
    const task = this.known.get(c.taskId);
    if (task) {
      task.status = c.status;
      task.needsReview = c.needsReview;
      task.claimedBy = c.claimedBy;
      task.claimedByName = c.claimedByName ?? null;
    }
    const item = { change: c, name: task ? personLabel(task, (d) => d) : null };
    this.feed.unshift(item);
    this.feed.length = Math.min(this.feed.length, FEED_SIZE);
    this.renderFeed();
    if (!task) {
      // Who it is: one small read, after the change is already on screen.
      void this.api
        .task(c.taskId)
        .then((fresh) => {
          this.known.set(fresh.id, fresh);
          item.name = personLabel(fresh, (d) => d);
          if (!this.destroyed) this.renderFeed();
        })
        .catch(() => undefined);
    }
    // The lists follow within a couple of seconds (one reload for a burst of ticks).
    window.clearTimeout(this.listTimer);
    this.listTimer = window.setTimeout(() => void this.loadLists(), 1500);
  }

  private async loadLists(): Promise<void> {
    if (!this.incidentId) return;
    const id = ++this.listRequest;
    const incidentId = this.incidentId;
    try {
      const scan = async (statuses: TaskStatus[], minPriority?: number): Promise<Task[]> => {
        const out: Task[] = [];
        let after: string | null = null;
        for (let i = 0; i < SCAN_PAGES; i++) {
          const page = await this.api.tasks(incidentId, { statuses, minPriority }, after);
          out.push(...page.nodes);
          after = page.endCursor;
          if (!after) break;
        }
        return out;
      };
      const [needsHelp, uncheckedHigh, unchecked, checked] = await Promise.all([
        this.api.tasks(incidentId, { statuses: ['NEEDS_HELP'] }, null).then((p) => p.nodes),
        this.api.tasks(incidentId, { statuses: ['UNCHECKED'], minPriority: 60 }, null).then((p) => p.nodes),
        this.progress && this.progress.escalated === 0 ? Promise.resolve([] as Task[]) : scan(['UNCHECKED']),
        this.progress && this.progress.needsReview === 0 ? Promise.resolve([] as Task[]) : scan(CHECKED_STATUSES),
      ]);
      if (id !== this.listRequest || this.destroyed) return;
      for (const task of [...needsHelp, ...uncheckedHigh, ...unchecked, ...checked]) this.known.set(task.id, task);
      this.lists = {
        needsHelp,
        uncheckedHigh,
        escalated: unchecked.filter((x) => x.escalated),
        review: [...checked, ...unchecked].filter((x) => x.needsReview),
        scanned: Math.max(unchecked.length, checked.length),
      };
      this.error = null;
    } catch (e) {
      if (id !== this.listRequest || this.destroyed) return;
      if (!this.lists) this.error = e;
    }
    this.renderLists();
  }

  private async clearReview(task: Task, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    try {
      const fresh = await this.api.clearReview(task.id);
      this.known.set(fresh.id, fresh);
      if (this.lists) this.lists.review = this.lists.review.filter((x) => x.id !== task.id);
      this.renderLists();
    } catch (e) {
      button.disabled = false;
      const readable = () => readableError(e);
      showNotice(() => readable().message, 'error', { id: 'clear-review', details: readable().details });
    }
  }

  /* ---------------------------------------------------------------- rendering */

  private render(): void {
    if (!COORDINATOR_ROLES.has(this.ctx.account.role)) {
      replaceContent(this.head, h('h2', { class: 'page-title' }, t('dashboard.title')), h('p', { class: 'form-error', role: 'alert' }, t('dashboard.forbidden')));
      return;
    }
    if (this.noIncident) {
      replaceContent(
        this.head,
        h('h2', { class: 'page-title' }, t('dashboard.title')),
        h('p', {}, t('incident.none')),
        h('p', {}, h('a', { class: 'button button-secondary', href: href({ name: 'incidents' }) }, t('incident.all'))),
      );
      return;
    }
    this.renderHead();
    this.renderSummary();
    this.renderGroups();
    this.renderLists();
    this.renderFeed();
  }

  private renderHead(): void {
    const i = this.incident;
    const liveLabel = { connecting: 'live.connecting', live: 'live.connected', reconnecting: 'live.reconnecting', offline: 'live.offline' } as const;
    replaceContent(
      this.head,
      h('h2', { class: 'page-title dashboard-title', 'data-testid': 'dashboard-title' }, t('dashboard.title'), i ? ': ' : '', ...(i ? incidentHeading(i) : [])),
      i?.isDrill ? h('p', { class: 'drill-banner' }, t('incident.drillBanner')) : null,
      h(
        'p',
        { class: 'dashboard-meta' },
        h('span', { class: `live-state live-${this.liveState}`, 'data-testid': 'live-state', 'data-state': this.liveState }, t(liveLabel[this.liveState])),
        this.progressAt ? ` ${tf('dashboard.updated', { time: formatDateTime(this.progressAt) })} ` : ' ',
        i ? h('a', { class: 'button button-small', href: href({ name: 'incident', incidentId: i.id }) }, t('dashboard.openMap')) : null,
      ),
      this.error && !this.progress ? errorBlock(this.error, () => void this.start()) : null,
      !this.progress && !this.error ? loadingBlock() : null,
    );
  }

  private renderSummary(): void {
    const p = this.progress;
    if (!p) return replaceContent(this.summary);
    const pct = p.total ? Math.round((p.checked / p.total) * 100) : 0;
    const tile = (id: string, label: string, value: number, tone: string, extra?: string) =>
      h('div', { class: `tile tile-${tone}`, 'data-testid': `dash-${id}`, 'data-value': String(value) }, h('span', { class: 'tile-value' }, String(value)), h('span', { class: 'tile-label' }, label), extra ? h('span', { class: 'tile-extra' }, extra) : null);
    replaceContent(
      this.summary,
      tile('total', t('dashboard.total'), p.total, 'neutral'),
      tile('checked', t('dashboard.checked'), p.checked, 'good', `${pct}%`),
      tile('unchecked', t('dashboard.unchecked'), p.total - p.checked, 'neutral'),
      tile('needs-help', `⚠ ${t('dashboard.needsHelp')}`, p.needsHelp, p.needsHelp ? 'danger' : 'neutral'),
      tile('needs-review', t('dashboard.needsReview'), p.needsReview, p.needsReview ? 'warn' : 'neutral'),
      tile('escalated', t('dashboard.escalated'), p.escalated, p.escalated ? 'warn' : 'neutral'),
      tile('overdue', t('dashboard.overdue'), p.overdue, p.overdue ? 'warn' : 'neutral'),
    );
  }

  private renderGroups(): void {
    const p = this.progress;
    if (!p) return replaceContent(this.groups);
    const muniName = (code: string) => {
      const m = this.municipalities.find((x) => x.code === code);
      return m ? (language() === 'en' ? m.nameEn : m.nameJa) : code;
    };
    replaceContent(
      this.groups,
      progressTable('dash-by-group', t('dashboard.byGroup'), t('dashboard.group'), p.byGroup, groupLabel),
      progressTable('dash-by-municipality', t('dashboard.byMunicipality'), t('dashboard.municipality'), p.byMunicipality, muniName),
    );
  }

  private renderLists(): void {
    if (!this.progress) return replaceContent(this.listsArea);
    const l = this.lists;
    const entry = (task: Task, action?: HTMLElement) =>
      h(
        'li',
        { class: 'dash-task', 'data-task-id': task.id, 'data-testid': 'dash-task' },
        h('div', { class: 'dash-task-head' }, statusBadge(task.status), badge(`${t('filter.priority')} ${task.priority}`, task.priority >= 60 ? 'danger' : task.priority >= 35 ? 'warn' : 'neutral')),
        h('p', { class: 'dash-task-name' }, personLabel(task, (d) => d)),
        h(
          'p',
          { class: 'task-line task-meta' },
          groupLabel(task.responderGroup),
          task.person ? ` · ${task.person.address}` : '',
          task.person?.phone ? ' · ' : '',
          task.person?.phone ? h('a', { href: `tel:${task.person.phone.replace(/[^0-9+]/g, '')}` }, task.person.phone) : '',
          task.claimedByName ? ` · ${tf('taskList.claimedBy', { name: task.claimedByName })}` : '',
          task.lastEventAt ? ` · ${tf('taskList.lastCheck', { time: formatDateTime(task.lastEventAt) })}` : '',
        ),
        action ?? null,
      );
    const section = (id: string, title: string, tasks: Task[] | null, note: string | null, make = (x: Task) => entry(x)) => {
      const shown = tasks && !this.expanded.has(id) ? tasks.slice(0, LIST_PREVIEW) : tasks;
      const more = tasks && shown && shown.length < tasks.length ? h('button', { type: 'button', class: 'button button-secondary', 'data-testid': `dash-more-${id}` }, tf('dashboard.showAll', { n: tasks.length })) : null;
      more?.addEventListener('click', () => {
        this.expanded.add(id);
        this.renderLists();
      });
      return h(
        'section',
        { class: `card dash-list dash-list-${id}`, 'data-testid': `dash-list-${id}`, 'aria-labelledby': `dash-${id}-title` },
        h('h3', { class: 'card-title', id: `dash-${id}-title` }, title, tasks ? ` (${tasks.length})` : ''),
        shown === null ? loadingBlock() : shown.length === 0 ? h('p', { class: 'empty' }, t('dashboard.noneNow')) : h('ul', { class: 'dash-tasks' }, ...shown.map(make)),
        more,
        note ? h('p', { class: 'muted' }, note) : null,
      );
    };
    const scannedNote = l && l.scanned >= 50 * SCAN_PAGES ? tf('dashboard.scanned', { n: l.scanned }) : null;
    replaceContent(
      this.listsArea,
      this.error && !l ? errorBlock(this.error, () => void this.loadLists()) : null,
      section('needs-help', `⚠ ${t('dashboard.needsHelpList')}`, l?.needsHelp ?? null, null),
      section('review', t('dashboard.reviewList'), l?.review ?? null, scannedNote, (task) => {
        const done = h('button', { type: 'button', class: 'button button-secondary', 'data-testid': 'clear-review' }, t('dashboard.reviewed'));
        done.addEventListener('click', () => void this.clearReview(task, done));
        return entry(task, h('div', { class: 'task-actions' }, done));
      }),
      section('unchecked-high', t('dashboard.uncheckedHigh'), l?.uncheckedHigh ?? null, null),
      section('escalated', t('dashboard.escalations'), l?.escalated ?? null, scannedNote),
    );
  }

  private renderFeed(): void {
    replaceContent(
      this.feedArea,
      h('h3', { class: 'card-title', id: 'feed-title' }, t('dashboard.feed')),
      this.feed.length === 0
        ? h('p', { class: 'empty' }, t('dashboard.feedEmpty'))
        : h(
            'ol',
            { class: 'feed' },
            ...this.feed.map(({ change, name }) =>
              h(
                'li',
                { class: 'feed-item', 'data-testid': 'feed-item', 'data-task-id': change.taskId, 'data-status': change.status },
                h('span', { class: 'feed-time' }, formatTime(change.at)),
                statusBadge(change.status),
                h('span', { class: 'feed-name' }, name ?? ''),
                change.claimedBy ? h('span', { class: 'muted' }, `· ${t('dashboard.claimed')}`) : null,
                change.needsReview ? badge(t('taskList.needsReview'), 'warn') : null,
              ),
            ),
          ),
    );
  }
}

function progressTable(testId: string, title: string, keyLabel: string, rows: ProgressGroup[], label: (key: string) => string): HTMLElement {
  return h(
    'section',
    { class: 'card progress-card', 'data-testid': testId, 'aria-labelledby': `${testId}-title` },
    h('h3', { class: 'card-title', id: `${testId}-title` }, title),
    h(
      'table',
      { class: 'progress-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, keyLabel), h('th', { scope: 'col' }, t('dashboard.checked')))),
      h(
        'tbody',
        {},
        ...rows.map((r) => {
          const pct = r.total ? Math.round((r.checked / r.total) * 100) : 0;
          return h(
            'tr',
            { 'data-key': r.key },
            h('th', { scope: 'row' }, label(r.key)),
            h(
              'td',
              {},
              h('span', { class: 'progress-text', 'data-testid': `${testId}-${r.key}` }, tf('dashboard.progress', { checked: r.checked, total: r.total, pct })),
              stackedBar(r),
            ),
          );
        }),
      ),
    ),
  );
}

/** One bar per row, a segment per status in the status colours; the words are in the title and beside it. */
function stackedBar(r: ProgressGroup): HTMLElement {
  const parts = [...r.byStatus].filter((s) => s.count > 0).sort((a, b) => TASK_STATUSES.indexOf(a.status) - TASK_STATUSES.indexOf(b.status));
  const words = parts.map((s) => `${codeLabel('taskStatus', s.status)} ${s.count}`).join(' / ');
  return h(
    'span',
    { class: 'stacked-bar', role: 'img', 'aria-label': words, title: words },
    ...parts.map((s) => h('span', { class: 'stacked-part', style: `flex:${s.count};background:${TASK_STATUS_COLORS[s.status]}` })),
  );
}

function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(language() === 'ja' ? 'ja-JP' : 'en-GB', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(d);
}
