/**
 * The screen after login: header with the navigation, notice area, and the page of the current hash
 * route under it. The map (the start page) fills the height; the roster and plan pages scroll.
 */
import type { ApiClient } from './api';
import type { AuthSession } from './auth';
import { h } from './dom';
import { createHeader, type Header } from './header';
import { AcpPage } from './acp/acp-page';
import { HistoryPage } from './history-page';
import { t, tf } from './i18n';
import { DashboardPage } from './incident/dashboard-page';
import { IncidentPage } from './incident/incident-page';
import { IncidentsPage } from './incident/incidents-page';
import { rememberIncident } from './incident/current-incident';
import { StartPage } from './incident/start-page';
import { clearNotices, onNoticesChanged, relabelNotices, setNoticeArea } from './notices';
import type { Page, PageContext } from './page';
import { PeoplePage } from './people-page';
import { PersonPage } from './person-page';
import { PlanPage } from './plan-page';
import { currentRoute, href, sectionOf, type Route } from './router';
import { SyncBar } from './offline/sync-bar';
import type { TickQueue } from './offline/tick-queue';
import { wipeDeviceData } from './offline/wipe';
import { SessionData } from './session-data';
import type { SignedInAccount } from './types';
import type { View } from './view';

export interface SignedInViewOptions {
  account: SignedInAccount;
  auth: AuthSession;
  client: ApiClient;
  /** The outbox of safety checks (started for this account by main.ts). */
  ticks: TickQueue;
  onLoggedOut(): void;
}

export class SignedInView implements View {
  readonly element: HTMLElement;
  private readonly header: Header;
  private readonly notices = h('div', { class: 'notices', 'aria-live': 'polite' });
  private readonly main = h('main', { class: 'content', id: 'content' });
  private readonly syncBar: SyncBar;
  private readonly ctx: PageContext;
  private page: Page | null = null;
  private shownHash = '';
  private readonly cleanups: (() => void)[] = [];

  constructor(opts: SignedInViewOptions) {
    this.header = createHeader(opts.account, async () => {
      // Logging out wipes the outbox: say so when checks are still waiting to be sent.
      const pending = opts.ticks.state().pending.length;
      if (pending > 0 && !window.confirm(tf('sync.logoutPending', { n: pending }))) return;
      await opts.auth.logout();
      await wipeDeviceData(opts.ticks);
      opts.onLoggedOut();
    });
    this.ctx = { client: opts.client, account: opts.account, data: new SessionData(opts.client), session: opts.auth, ticks: opts.ticks };
    this.syncBar = new SyncBar(opts.ticks);
    this.element = h('div', { class: 'screen screen-signed-in' }, this.header.element, this.syncBar.element, this.notices, this.main);
  }

  mounted(): void {
    setNoticeArea(this.notices);
    this.cleanups.push(onNoticesChanged(() => this.page?.resize?.()));
    // The sync bar appearing or going changes the room left for the map.
    this.cleanups.push(this.ctx.ticks.onChange(() => requestAnimationFrame(() => this.page?.resize?.())));
    const onResize = () => this.page?.resize?.();
    window.addEventListener('resize', onResize);
    this.cleanups.push(() => window.removeEventListener('resize', onResize));
    const onHash = () => this.follow();
    window.addEventListener('hashchange', onHash);
    this.cleanups.push(() => window.removeEventListener('hashchange', onHash));
    const onBeforeUnload = (ev: BeforeUnloadEvent) => {
      if (this.page?.hasUnsavedChanges?.()) ev.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    this.cleanups.push(() => window.removeEventListener('beforeunload', onBeforeUnload));
    this.show(currentRoute(), false);
  }

  relabel(): void {
    this.header.relabel();
    this.syncBar.relabel();
    this.page?.relabel();
    relabelNotices();
    this.updateTitle();
    this.page?.resize?.(); // the header may wrap differently in the other language
  }

  destroy(): void {
    for (const fn of this.cleanups.splice(0)) fn();
    this.syncBar.destroy();
    setNoticeArea(null);
    this.page?.destroy();
    this.page = null;
    this.element.remove();
  }

  /** A hash change: leave the page unless it holds unsaved input the person wants to keep. */
  private follow(): void {
    if (this.page?.hasUnsavedChanges?.() && !window.confirm(t('common.unsavedLeave'))) {
      history.replaceState(history.state, '', this.shownHash || '#/map');
      return;
    }
    this.show(currentRoute(), true);
  }

  private show(route: Route, moveFocus: boolean): void {
    this.page?.destroy();
    clearNotices();
    const page = this.pageFor(route);
    this.page = page;
    // Where to return if the person cancels leaving a page with unsaved input (replaceState fires no hashchange).
    this.shownHash = location.hash || href(route);
    this.header.setSection(sectionOf(route));
    this.element.classList.toggle('screen-fill', page.layout === 'fill');
    this.main.classList.toggle('content-fill', page.layout === 'fill');
    this.main.replaceChildren(page.element);
    window.scrollTo(0, 0);
    page.mounted?.();
    this.updateTitle();
    if (moveFocus && page.layout === 'scroll') {
      // Screen readers hear the new page's heading; keyboard focus starts at its top.
      const heading = page.element.querySelector<HTMLElement>('h2');
      if (heading) {
        heading.tabIndex = -1;
        heading.focus({ preventScroll: true });
      }
    }
  }

  private updateTitle(): void {
    document.title = this.page ? `${this.page.title()} – ${t('app.name')}` : t('app.name');
  }

  private pageFor(route: Route): Page {
    switch (route.name) {
      case 'map':
        return new StartPage(this.ctx);
      case 'incidents':
        return new IncidentsPage(this.ctx);
      case 'incident':
        rememberIncident(route.incidentId);
        return new IncidentPage(this.ctx, route.incidentId);
      case 'dashboard':
        return new DashboardPage(this.ctx, route.incidentId);
      case 'people':
        return new PeoplePage(this.ctx, route.query);
      case 'person':
        return new PersonPage(this.ctx, route.personId);
      case 'plan':
        return new PlanPage(this.ctx, route.personId);
      case 'history':
        return new HistoryPage(this.ctx, route.personId);
      case 'acp':
        return new AcpPage(this.ctx, route);
      case 'notFound':
        return new NotFoundPage();
      default: {
        const unreachable: never = route;
        return unreachable;
      }
    }
  }
}

class NotFoundPage implements Page {
  readonly layout = 'scroll';
  readonly element = h('div', { class: 'page' });

  constructor() {
    this.relabel();
  }

  title(): string {
    return t('page.notFound');
  }

  relabel(): void {
    this.element.replaceChildren(
      h('h2', { class: 'page-title' }, t('page.notFound')),
      h('p', {}, t('page.notFoundText')),
      h('p', {}, h('a', { class: 'button button-secondary', href: '#/people' }, t('page.toPeople'))),
    );
  }

  destroy(): void {
    this.element.remove();
  }
}
