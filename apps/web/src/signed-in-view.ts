/**
 * The screen after login: header with the navigation, notice area, and the page of the current hash
 * route under it. The map (the start page) fills the height; the roster and plan pages scroll.
 */
import type { ApiClient } from './api';
import type { AuthSession } from './auth';
import { h } from './dom';
import { createHeader, type Header } from './header';
import { HistoryPage } from './history-page';
import { t } from './i18n';
import { MapView } from './map-view';
import { clearNotices, onNoticesChanged, relabelNotices, setNoticeArea } from './notices';
import type { Page, PageContext } from './page';
import { PeoplePage } from './people-page';
import { PersonPage } from './person-page';
import { PlanPage } from './plan-page';
import { currentRoute, href, sectionOf, type Route } from './router';
import { SessionData } from './session-data';
import type { SignedInAccount } from './types';
import type { View } from './view';

export interface SignedInViewOptions {
  account: SignedInAccount;
  auth: AuthSession;
  client: ApiClient;
  onLoggedOut(): void;
}

export class SignedInView implements View {
  readonly element: HTMLElement;
  private readonly header: Header;
  private readonly notices = h('div', { class: 'notices', 'aria-live': 'polite' });
  private readonly main = h('main', { class: 'content', id: 'content' });
  private readonly ctx: PageContext;
  private page: Page | null = null;
  private shownHash = '';
  private readonly cleanups: (() => void)[] = [];

  constructor(opts: SignedInViewOptions) {
    this.header = createHeader(opts.account, async () => {
      await opts.auth.logout();
      opts.onLoggedOut();
    });
    this.ctx = { client: opts.client, account: opts.account, data: new SessionData(opts.client) };
    this.element = h('div', { class: 'screen screen-signed-in' }, this.header.element, this.notices, this.main);
  }

  mounted(): void {
    setNoticeArea(this.notices);
    this.cleanups.push(onNoticesChanged(() => this.page?.resize?.()));
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
    this.page?.relabel();
    relabelNotices();
    this.updateTitle();
    this.page?.resize?.(); // the header may wrap differently in the other language
  }

  destroy(): void {
    for (const fn of this.cleanups.splice(0)) fn();
    setNoticeArea(null);
    this.page?.destroy();
    this.page = null;
    this.element.remove();
  }

  /** A hash change: leave the page unless it holds unsaved input the person wants to keep. */
  private follow(): void {
    if (location.hash === this.shownHash) return;
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
        return new MapPage(this.ctx);
      case 'people':
        return new PeoplePage(this.ctx, route.query);
      case 'person':
        return new PersonPage(this.ctx, route.personId);
      case 'plan':
        return new PlanPage(this.ctx, route.personId);
      case 'history':
        return new HistoryPage(this.ctx, route.personId);
      case 'notFound':
        return new NotFoundPage();
      default: {
        const unreachable: never = route;
        return unreachable;
      }
    }
  }
}

/** The region map as a page (the start page after login). */
class MapPage implements Page {
  readonly layout = 'fill';
  private readonly view: MapView;

  constructor(ctx: PageContext) {
    this.view = new MapView(ctx.client);
  }

  get element(): HTMLElement {
    return this.view.element;
  }

  title(): string {
    return t('page.map');
  }

  mounted(): void {
    this.view.mount();
  }

  relabel(): void {
    this.view.relabel();
  }

  resize(): void {
    this.view.resize();
  }

  destroy(): void {
    this.view.destroy();
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
