/** The top bar after login: app name, who is signed in (name and role), language toggle, log out. */
import { h } from './dom';
import { roleName, t } from './i18n';
import { languageToggle } from './language-toggle';
import type { SignedInAccount } from './types';

export interface Header {
  element: HTMLElement;
  relabel(): void;
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
  const element = h(
    'header',
    { class: 'app-header', 'data-testid': 'header' },
    h('div', { class: 'app-header-row' }, h('h1', { class: 'app-title' }, brand), h('div', { class: 'app-header-actions' }, toggle.element, logout)),
    who,
  );
  const relabel = () => {
    role.textContent = roleName(account.role);
    logout.textContent = t('header.logout');
    whoLabel.textContent = `${t('header.account')}: `;
    toggle.relabel();
  };
  relabel();
  return { element, relabel };
}
