/**
 * The start page (#/map): the incident map of the active incident when there is one; otherwise the region
 * map with a bar that says so and leads to the list of incidents (the picker). Never a blank screen: if the
 * incidents cannot be read, the region map shows with the error.
 */
import { h, replaceContent } from '../dom';
import { readableError } from '../errors';
import { t } from '../i18n';
import { MapView } from '../map-view';
import { showNotice } from '../notices';
import type { Page, PageContext } from '../page';
import { href, replaceRoute } from '../router';
import { rememberIncident, resolveCurrentIncident } from './current-incident';
import { IncidentPage } from './incident-page';

export class StartPage implements Page {
  readonly layout = 'fill';
  readonly element = h('div', { class: 'start-page' });
  private inner: Page | null = null;
  private destroyed = false;

  constructor(private readonly ctx: PageContext) {}

  title(): string {
    return this.inner?.title() ?? t('page.map');
  }

  mounted(): void {
    void this.decide();
  }

  relabel(): void {
    this.inner?.relabel();
  }

  resize(): void {
    this.inner?.resize?.();
  }

  destroy(): void {
    this.destroyed = true;
    this.inner?.destroy();
    this.element.remove();
  }

  private async decide(): Promise<void> {
    let incidentId: string | null = null;
    let problem: unknown = null;
    try {
      incidentId = (await resolveCurrentIncident(this.ctx.client)).current?.id ?? null;
    } catch (e) {
      problem = e;
    }
    if (this.destroyed) return;
    if (incidentId) {
      rememberIncident(incidentId);
      // The address names the incident, so a reload (or a shared link) comes back to it.
      replaceRoute({ name: 'incident', incidentId });
      this.show(new IncidentPage(this.ctx, incidentId));
    } else {
      this.show(new RegionPage(this.ctx));
      if (problem) {
        const readable = () => readableError(problem);
        showNotice(() => `${t('common.loadFailed')} ${readable().message}`, 'error', { id: 'incidents-load', details: readable().details });
      }
    }
    document.title = `${this.title()} – ${t('app.name')}`;
  }

  private show(page: Page): void {
    this.inner = page;
    this.element.replaceChildren(page.element);
    page.mounted?.();
  }
}

/** The region map with a bar: no active incident, and the way to the list of incidents. */
class RegionPage implements Page {
  readonly layout = 'fill';
  readonly element: HTMLElement;
  private readonly view: MapView;
  private readonly bar = h('div', { class: 'no-incident-bar', 'data-testid': 'no-incident' });

  constructor(ctx: PageContext) {
    this.view = new MapView(ctx.client);
    this.element = h('div', { class: 'region-page' }, this.bar, h('div', { class: 'region-map-pane' }, this.view.element));
    this.relabel();
  }

  title(): string {
    return t('page.map');
  }

  mounted(): void {
    this.view.mount();
  }

  relabel(): void {
    replaceContent(
      this.bar,
      h('p', {}, t('incident.none')),
      h('a', { class: 'button button-small', href: href({ name: 'incidents' }), 'data-testid': 'to-incidents' }, t('incident.all')),
    );
    this.view.relabel();
  }

  resize(): void {
    this.view.resize();
  }

  destroy(): void {
    this.view.destroy();
    this.element.remove();
  }
}
