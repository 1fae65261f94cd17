/**
 * The top bar after login: app name, the main navigation (map / roster), who is signed in (name and
 * role), language toggle, log out. The navigation is two large tabs: one thumb reaches either on a
 * 360-px phone.
 */
import { h } from './dom';
import { roleName, t } from './i18n';
import { languageToggle } from './language-toggle';
import type { Section } from './router';
import type { SignedInAccount } from './types';

export interface Header {
  element: HTMLElement;
  relabel(): void;
  /** Marks the tab of the page shown (null: none). */
  setSection(section: Section | null): void;
}

export function createHeader(account: SignedInAccount, onLogout: () => Promise<void>): Header {
  const brand = h('span', { class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), t('app.name'));
  const name = h('span', { class: 'account-name', 'data-testid': 'account-name' }, account.displayName);
  const role = h('span', { class: 'account-role', 'data-testid': 'account-role' });
  const whoLabel = h('span', { class: 'visually-hidden' });
  const who = h('p', { class: 'account' }, whoLabel, name, role);
  const toggle = languageToggle();
  const logout = h('button', { type: 'button', class: 'button button-quiet', 'data-testid': 'logout' });
  logout.addEventListener('click', () => {
    logout.disabled = true;
    void onLogout().finally(() => {
      logout.disabled = false;
    });
  });
  const tabs: { section: Section; link: HTMLAnchorElement }[] = [
    { section: 'map', link: h('a', { href: '#/map', class: 'app-nav-link', 'data-testid': 'nav-map' }) },
    { section: 'people', link: h('a', { href: '#/people', class: 'app-nav-link', 'data-testid': 'nav-people' }) },
  ];
  // Municipal coordinators also get the safety-check dashboard of the current incident.
  if (account.role === 'MUNICIPAL_ADMIN' || account.role === 'MUNICIPAL_STAFF') {
    tabs.push({ section: 'dashboard', link: h('a', { href: '#/dashboard', class: 'app-nav-link', 'data-testid': 'nav-dashboard' }) });
  }
  const nav = h('nav', { class: 'app-nav', 'data-testid': 'nav' }, h('ul', {}, ...tabs.map((tab) => h('li', {}, tab.link))));
  const element = h(
    'header',
    { class: 'app-header', 'data-testid': 'header' },
    h('div', { class: 'app-header-row' }, h('h1', { class: 'app-title' }, brand), h('div', { class: 'app-header-actions' }, toggle.element, logout)),
    who,
    nav,
  );
  const relabel = () => {
    role.textContent = roleName(account.role);
    logout.textContent = t('header.logout');
    whoLabel.textContent = `${t('header.account')}: `;
    nav.setAttribute('aria-label', t('nav.label'));
    for (const tab of tabs) tab.link.textContent = t(tab.section === 'map' ? 'nav.map' : tab.section === 'people' ? 'nav.people' : 'nav.dashboard');
    toggle.relabel();
  };
  const setSection = (section: Section | null) => {
    for (const tab of tabs) {
      if (tab.section === section) tab.link.setAttribute('aria-current', 'page');
      else tab.link.removeAttribute('aria-current');
    }
  };
  relabel();
  return { element, relabel, setSection };
}
