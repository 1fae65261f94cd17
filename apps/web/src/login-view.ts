/**
 * Login: login ID, password, and the one-time code field once the server asks for it
 * (SECOND_FACTOR_REQUIRED). Errors stay on this screen in words, never as a blank page.
 */
import { ApiError } from './api';
import type { AuthSession } from './auth';
import { h } from './dom';
import { readableError } from './errors';
import { t, type MessageKey } from './i18n';
import { languageToggle } from './language-toggle';
import type { SignedInAccount } from './types';
import type { View } from './view';

/** What an error code means on this form (UNAUTHENTICATED here = wrong credentials, not an expired session). */
const LOGIN_ERRORS: Partial<Record<string, MessageKey>> = {
  UNAUTHENTICATED: 'error.badCredentials',
};

type Problem = { error: unknown; overrides?: Partial<Record<string, MessageKey>> } | { key: MessageKey } | null;

export interface LoginViewOptions {
  auth: AuthSession;
  onSignedIn(account: SignedInAccount): void;
  /** Shown on arrival, e.g. "your session has expired". */
  initialProblem?: unknown;
}

export class LoginView implements View {
  readonly element: HTMLElement;
  private readonly toggle = languageToggle();
  private readonly title = h('h2', { class: 'login-title', id: 'login-title' });
  private readonly tagline = h('p', { class: 'login-tagline' });
  private readonly loginLabel = h('label', { for: 'login-id' });
  private readonly loginInput = h('input', {
    id: 'login-id',
    name: 'username',
    type: 'text',
    autocomplete: 'username',
    autocapitalize: 'none',
    spellcheck: 'false',
    required: true,
    'data-testid': 'login-id',
  });
  private readonly passwordLabel = h('label', { for: 'login-password' });
  private readonly passwordInput = h('input', {
    id: 'login-password',
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    'data-testid': 'login-password',
  });
  private readonly totpLabel = h('label', { for: 'login-totp' });
  private readonly totpHint = h('p', { class: 'field-hint', id: 'login-totp-hint' });
  private readonly totpInput = h('input', {
    id: 'login-totp',
    name: 'one-time-code',
    type: 'text',
    inputmode: 'numeric',
    pattern: '[0-9]{6}',
    maxlength: 6,
    autocomplete: 'one-time-code',
    'aria-describedby': 'login-totp-hint',
    'data-testid': 'login-totp',
  });
  private readonly totpField = h('div', { class: 'field', hidden: true }, this.totpLabel, this.totpHint, this.totpInput);
  private readonly errorBox = h('div', { class: 'form-error', role: 'alert', 'aria-live': 'assertive', hidden: true, 'data-testid': 'login-error' });
  private readonly submit = h('button', { type: 'submit', class: 'button button-primary button-block', 'data-testid': 'login-submit' });
  private readonly demoHint = h('p', { class: 'demo-hint', 'data-testid': 'demo-hint' });
  private readonly form: HTMLFormElement;
  private problem: Problem = null;
  private busy = false;

  constructor(private readonly opts: LoginViewOptions) {
    this.form = h(
      'form',
      { class: 'login-form', novalidate: true, 'aria-labelledby': 'login-title', 'data-testid': 'login-form' },
      this.title,
      h('div', { class: 'field' }, this.loginLabel, this.loginInput),
      h('div', { class: 'field' }, this.passwordLabel, this.passwordInput),
      this.totpField,
      this.errorBox,
      this.submit,
    );
    this.form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      void this.signIn();
    });
    this.element = h(
      'main',
      { class: 'screen screen-login' },
      h('div', { class: 'login-top' }, this.toggle.element),
      h(
        'div',
        { class: 'login-card' },
        h('h1', { class: 'login-brand' }, h('span', { class: 'brand-mark brand-mark-large', 'aria-hidden': 'true' }), '安否 Anpi'),
        this.tagline,
        this.form,
        this.demoHint,
      ),
    );
    if (opts.initialProblem !== undefined) this.problem = { error: opts.initialProblem };
    this.relabel();
  }

  mounted(): void {
    this.loginInput.focus();
  }

  relabel(): void {
    this.toggle.relabel();
    this.title.textContent = t('login.title');
    this.tagline.textContent = t('app.tagline');
    this.loginLabel.textContent = t('login.login');
    this.passwordLabel.textContent = t('login.password');
    this.totpLabel.textContent = t('login.totp');
    this.totpHint.textContent = t('login.totpHint');
    this.submit.textContent = this.busy ? t('login.submitting') : t('login.submit');
    this.demoHint.textContent = t('login.demoHint');
    this.renderProblem();
  }

  destroy(): void {
    this.element.remove();
  }

  private async signIn(): Promise<void> {
    if (this.busy) return;
    const login = this.loginInput.value.trim();
    const password = this.passwordInput.value;
    const totp = this.totpField.hidden ? '' : this.totpInput.value.replace(/\s/g, '');
    if (!login || !password) return this.fail({ key: 'login.missing' }, !login ? this.loginInput : this.passwordInput);
    if (!this.totpField.hidden && !/^\d{6}$/.test(totp)) return this.fail({ key: 'login.totpFormat' }, this.totpInput);
    this.setBusy(true);
    try {
      const account = await this.opts.auth.login(login, password, totp || undefined);
      this.problem = null;
      this.opts.onSignedIn(account);
    } catch (e) {
      this.setBusy(false);
      if (e instanceof ApiError && e.code === 'SECOND_FACTOR_REQUIRED') {
        const wasAsked = !this.totpField.hidden;
        this.totpField.hidden = false;
        this.totpInput.required = true;
        this.totpInput.value = '';
        return this.fail({ key: wasAsked ? 'error.secondFactorWrong' : 'error.secondFactorRequired' }, this.totpInput);
      }
      const focus = e instanceof ApiError && e.code === 'UNAUTHENTICATED' ? this.passwordInput : this.submit;
      this.fail({ error: e, overrides: LOGIN_ERRORS }, focus);
    }
  }

  private fail(problem: Problem, focus: HTMLElement): void {
    this.problem = problem;
    this.renderProblem();
    focus.focus();
    if (focus instanceof HTMLInputElement) focus.select();
  }

  private setBusy(busy: boolean): void {
    this.busy = busy;
    this.submit.disabled = busy;
    this.form.setAttribute('aria-busy', String(busy));
    this.submit.textContent = busy ? t('login.submitting') : t('login.submit');
  }

  private renderProblem(): void {
    const p = this.problem;
    if (!p) {
      this.errorBox.hidden = true;
      this.errorBox.replaceChildren();
      return;
    }
    const readable = 'key' in p ? { message: t(p.key), details: [] } : readableError(p.error, p.overrides);
    this.errorBox.replaceChildren(h('p', {}, readable.message), ...readable.details.map((d) => h('p', { class: 'form-error-detail' }, d)));
    this.errorBox.hidden = false;
  }
}
