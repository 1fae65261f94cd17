/**
 * The screen after login: header, notice area, and the map filling the rest of the height.
 * Later issues put the task list beside (wide screens) or over (phones) the map here.
 */
import type { ApiClient } from './api';
import type { AuthSession } from './auth';
import { h } from './dom';
import { createHeader, type Header } from './header';
import { MapView } from './map-view';
import { onNoticesChanged, relabelNotices, setNoticeArea } from './notices';
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
  private readonly mapView: MapView;
  private readonly cleanups: (() => void)[] = [];

  constructor(opts: SignedInViewOptions) {
    this.header = createHeader(opts.account, async () => {
      await opts.auth.logout();
      opts.onLoggedOut();
    });
    this.mapView = new MapView(opts.client);
    this.element = h('div', { class: 'screen screen-signed-in' }, this.header.element, this.notices, h('main', { class: 'content' }, this.mapView.element));
  }

  mounted(): void {
    setNoticeArea(this.notices);
    this.cleanups.push(onNoticesChanged(() => this.mapView.resize()));
    const onResize = () => this.mapView.resize();
    window.addEventListener('resize', onResize);
    this.cleanups.push(() => window.removeEventListener('resize', onResize));
    this.mapView.mount();
  }

  relabel(): void {
    this.header.relabel();
    this.mapView.relabel();
    relabelNotices();
    this.mapView.resize(); // the header may wrap differently in the other language
  }

  destroy(): void {
    for (const fn of this.cleanups.splice(0)) fn();
    setNoticeArea(null);
    this.mapView.destroy();
    this.element.remove();
  }
}
