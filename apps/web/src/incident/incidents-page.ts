/** The incident picker (#/incidents): every incident of the account's municipalities, active first; drills marked 訓練. */
import { h, replaceContent } from '../dom';
import { t, tf } from '../i18n';
import type { Page, PageContext } from '../page';
import { href } from '../router';
import { badge, errorBlock, formatDateTime, loadingBlock } from '../ui';
import { rememberIncident } from './current-incident';
import { IncidentApi } from './incident-api';
import type { Incident } from './incident-types';
import { incidentHeading } from './task-format';

export class IncidentsPage implements Page {
  readonly layout = 'scroll';
  readonly element = h('div', { class: 'page page-incidents' });
  private incidents: Incident[] | null = null;
  private error: unknown = null;
  private destroyed = false;

  constructor(private readonly ctx: PageContext) {
    this.render();
  }

  title(): string {
    return t('page.incidents');
  }

  mounted(): void {
    void this.load();
  }

  relabel(): void {
    this.render();
  }

  destroy(): void {
    this.destroyed = true;
    this.element.remove();
  }

  private async load(): Promise<void> {
    this.error = null;
    this.render();
    try {
      const all = await new IncidentApi(this.ctx.client).incidents();
      // Active first (newest first within each), as the server orders by declaration.
      this.incidents = [...all.filter((i) => i.status === 'ACTIVE'), ...all.filter((i) => i.status !== 'ACTIVE')];
    } catch (e) {
      this.error = e;
    }
    if (!this.destroyed) this.render();
  }

  private render(): void {
    const coordinator = this.ctx.account.role === 'MUNICIPAL_ADMIN' || this.ctx.account.role === 'MUNICIPAL_STAFF';
    const list = this.incidents;
    replaceContent(
      this.element,
      h('h2', { class: 'page-title' }, t('incident.pick')),
      this.error ? errorBlock(this.error, () => void this.load()) : null,
      !list && !this.error ? loadingBlock() : null,
      list && list.length === 0 ? h('p', { class: 'empty' }, t('incident.empty')) : null,
      list && list.length > 0
        ? h(
            'ul',
            { class: 'incident-list', 'data-testid': 'incident-list' },
            ...list.map((i) => {
              const open = h('a', { class: 'incident-card-link', href: href({ name: 'incident', incidentId: i.id }), 'data-testid': 'incident-open' }, ...incidentHeading(i));
              open.addEventListener('click', () => rememberIncident(i.id));
              return h(
                'li',
                { class: `incident-card${i.isDrill ? ' incident-card-drill' : ''}`, 'data-testid': 'incident-item', 'data-incident-id': i.id },
                h('p', { class: 'incident-card-title' }, open),
                h(
                  'p',
                  { class: 'incident-card-meta' },
                  badge(i.status === 'ACTIVE' ? t('incident.active') : t('incident.closed'), i.status === 'ACTIVE' ? 'danger' : 'neutral'),
                  ' ',
                  tf('incident.declaredAt', { time: formatDateTime(i.declaredAt) }),
                ),
                coordinator ? h('p', {}, h('a', { class: 'button button-secondary', href: href({ name: 'dashboard', incidentId: i.id }) }, t('incident.toDashboard'))) : null,
              );
            }),
          )
        : null,
    );
  }
}
