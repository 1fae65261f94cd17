/**
 * Consent records of a person (DOMAIN §7.2): the immutable list, the one in force per scope marked,
 * and a form to record a new decision. Shown only to accounts the API lets read them; the form only
 * to roles that may record (municipal staff, and the care team that drafts the plan).
 */
import { ApiError } from './api';
import { append, h } from './dom';
import { readableError } from './errors';
import { codeLabel, hasLabel, t } from './i18n';
import { showNotice } from './notices';
import type { PageContext } from './page';
import { fetchConsents, recordConsent } from './roster-api';
import { CONSENT_DECISIONS, CONSENT_METHODS, CONSENT_SCOPES, LEGAL_BASES, ROLES, type ConsentRecord, type Role } from './types';
import { FieldErrors, badge, button, checkboxField, focusField, formatDateTime, inputField, section, selectField } from './ui';

/** Roles the API lets record consent (MANAGE_ROSTER, or the drafting care team with plan access). */
const RECORDING_ROLES = new Set<Role>(['MUNICIPAL_ADMIN', 'MUNICIPAL_STAFF', 'CARE_MANAGER', 'VISITING_NURSE', 'HOME_CARE_DOCTOR']);
/** Recipients a normal-time sharing consent may name (the designated recipient roles). */
const RECIPIENTS: Role[] = ['WELFARE_VOLUNTEER', 'VOLUNTARY_DISASTER_ORG', 'FIRE_POLICE', 'SOCIAL_WELFARE_COUNCIL'];
const SHARING_SCOPES = new Set(['PLAN_SHARE_NORMAL', 'ROSTER_SHARE_NORMAL']);

interface ConsentForm {
  scope: string;
  decision: string;
  legalBasis: string;
  method: string;
  signerRelation: string;
  explainedItems: string;
  obtainedAt: string;
  supporterKey: string;
  recipients: string[];
  /** Whether the explanation is still the template (then it follows a change of scope or language). */
  templated: boolean;
}

export class ConsentPanel {
  readonly element = h('div', { class: 'consent-panel' });
  private records: ConsentRecord[] | null = null;
  private hidden = false;
  private error: unknown = null;
  private formOpen = false;
  private form: ConsentForm = blankForm();
  private readonly errors = new FieldErrors();
  private busy = false;
  private destroyed = false;

  constructor(
    private readonly ctx: PageContext,
    private readonly personId: string,
    private readonly supporters: { key: string; name: string | null; relation: string; redacted: boolean }[],
  ) {}

  get mayRecord(): boolean {
    return RECORDING_ROLES.has(this.ctx.account.role);
  }

  hasUnsavedChanges(): boolean {
    const blank = blankForm();
    return this.formOpen && (this.form.signerRelation !== blank.signerRelation || !this.form.templated);
  }

  async load(): Promise<void> {
    try {
      this.records = await fetchConsents(this.ctx.client, this.personId);
      this.error = null;
    } catch (e) {
      // Accounts that may not read consent records (the API says FORBIDDEN) do not see the panel at all.
      if (e instanceof ApiError && (e.code === 'FORBIDDEN' || e.code === 'NOT_FOUND')) this.hidden = true;
      else this.error = e;
    }
    if (!this.destroyed) this.relabel();
  }

  destroy(): void {
    this.destroyed = true;
  }

  relabel(): void {
    if (this.hidden) {
      this.element.replaceChildren();
      return;
    }
    this.errors.resetShown();
    const body: (Node | null)[] = [h('p', { class: 'field-hint' }, t('consent.intro'))];
    if (this.error) {
      const r = readableError(this.error);
      body.push(h('p', { class: 'form-error', role: 'alert' }, r.message));
    } else if (!this.records) {
      body.push(h('p', { role: 'status' }, t('common.loading')));
    } else if (this.records.length === 0) {
      body.push(h('p', { 'data-testid': 'consent-empty' }, t('consent.empty')));
    } else {
      body.push(this.list(this.records));
    }
    if (this.mayRecord && this.records) body.push(this.renderForm());
    this.element.replaceChildren(section(t('consent.title'), 'consents', ...body));
  }

  private list(records: ConsentRecord[]): HTMLElement {
    // Newest first (the API's order): the first record per scope and supporter is the one in force.
    const seen = new Set<string>();
    return h(
      'ul',
      { class: 'consent-list', 'data-testid': 'consent-list' },
      ...records.map((r) => {
        const k = `${r.scope}:${r.supporterKey ?? ''}`;
        const inForce = !seen.has(k);
        seen.add(k);
        const supporter = r.supporterKey ? this.supporters.find((s) => s.key === r.supporterKey) : undefined;
        return h(
          'li',
          { class: `consent-item${inForce ? '' : ' consent-old'}`, 'data-testid': 'consent-item' },
          h(
            'p',
            { class: 'consent-head' },
            h('strong', {}, codeLabel('consentScope', r.scope)),
            ' ',
            badge(codeLabel('consentDecision', r.decision), r.decision === 'AGREE' ? 'good' : r.decision === 'NO_ANSWER' ? 'neutral' : 'danger'),
            ' ',
            badge(inForce ? t('consent.inForce') : t('consent.superseded'), inForce ? 'info' : 'neutral'),
          ),
          h(
            'p',
            { class: 'consent-meta' },
            [formatDateTime(r.obtainedAt), codeLabel('consentMethod', r.method), `${t('consent.signer')}: ${r.signerRelation}`, codeLabel('legalBasis', r.legalBasis)].join(' · '),
          ),
          r.supporterKey ? h('p', { class: 'consent-meta' }, `${t('consent.supporter')}: ${supporter ? `${supporter.name ?? t('fmt.redacted')}（${supporter.relation}）` : r.supporterKey}`) : null,
          r.recipientsAllowed.length
            ? h('p', { class: 'consent-meta' }, `${t('consent.recipients')}: ${r.recipientsAllowed.map((x) => (ROLES.includes(x as Role) ? codeLabel('role', x) : x)).join(t('common.listSep'))}`)
            : null,
          h('details', { class: 'consent-explained' }, h('summary', {}, t('consent.explained')), h('p', {}, r.explainedItems)),
        );
      }),
    );
  }

  private renderForm(): HTMLElement {
    const f = this.form;
    if (f.templated) f.explainedItems = template(f.scope);
    const rerender = () => this.relabel();
    const details = h('details', { class: 'consent-form', open: this.formOpen || undefined, 'data-testid': 'consent-form' }, h('summary', { class: 'button button-secondary' }, t('consent.record')));
    details.addEventListener('toggle', () => (this.formOpen = details.open));
    const fields = h(
      'div',
      { class: 'form-grid' },
      selectField({
        path: 'scope',
        label: t('consent.scope'),
        value: f.scope,
        options: CONSENT_SCOPES.map((s) => ({ value: s, label: codeLabel('consentScope', s) })),
        onChange: (v) => {
          f.scope = v;
          rerender();
        },
        errors: this.errors,
        testId: 'consent-scope',
      }),
      f.scope === 'SUPPORTER_PLAN_SHARE'
        ? this.supporters.length === 0
          ? h('p', { class: 'form-error', 'data-field': 'supporterKey' }, t('consent.noSupporters'))
          : selectField({
              path: 'supporterKey',
              label: t('consent.supporter'),
              value: f.supporterKey,
              placeholder: t('consent.pickSupporter'),
              options: this.supporters.map((s) => ({ value: s.key, label: `${s.redacted || !s.name ? t('fmt.redacted') : s.name}（${s.relation}）` })),
              onChange: (v) => (f.supporterKey = v),
              errors: this.errors,
              testId: 'consent-supporter',
            })
        : null,
      selectField({
        path: 'decision',
        label: t('consent.decision'),
        value: f.decision,
        options: CONSENT_DECISIONS.map((s) => ({ value: s, label: codeLabel('consentDecision', s) })),
        onChange: (v) => (f.decision = v),
        errors: this.errors,
        testId: 'consent-decision',
      }),
      selectField({
        path: 'legalBasis',
        label: t('consent.legalBasis'),
        value: f.legalBasis,
        options: LEGAL_BASES.map((s) => ({ value: s, label: codeLabel('legalBasis', s) })),
        onChange: (v) => (f.legalBasis = v),
        errors: this.errors,
        testId: 'consent-basis',
      }),
      selectField({
        path: 'method',
        label: t('consent.method'),
        value: f.method,
        options: CONSENT_METHODS.map((s) => ({ value: s, label: codeLabel('consentMethod', s) })),
        onChange: (v) => (f.method = v),
        errors: this.errors,
        testId: 'consent-method',
      }),
      inputField({
        path: 'signerRelation',
        label: t('consent.signer'),
        hint: t('consent.signerHint'),
        value: f.signerRelation,
        onInput: (v) => (f.signerRelation = v),
        errors: this.errors,
        required: true,
        maxlength: 50,
        list: 'consent-signers',
        testId: 'consent-signer',
      }),
      h('datalist', { id: 'consent-signers' }, ...['本人', '代理人（長男）', '代理人（長女）', '代理人（配偶者）', '成年後見人', '支援者本人'].map((v) => h('option', { value: v }))),
      inputField({
        path: 'obtainedAt',
        label: t('consent.obtainedAt'),
        type: 'datetime-local',
        value: f.obtainedAt,
        onInput: (v) => (f.obtainedAt = v),
        errors: this.errors,
        required: true,
        testId: 'consent-obtained',
      }),
    );
    if (SHARING_SCOPES.has(f.scope)) {
      fields.append(
        h(
          'fieldset',
          { class: 'chips', 'data-field': 'recipientsAllowed' },
          h('legend', {}, t('consent.recipients')),
          ...RECIPIENTS.map((r) =>
            checkboxField({
              path: `recipientsAllowed.${r}`,
              label: codeLabel('role', r),
              checked: f.recipients.includes(r),
              onChange: (on) => (f.recipients = on ? [...f.recipients, r] : f.recipients.filter((x) => x !== r)),
            }),
          ),
        ),
      );
    }
    fields.append(
      inputField({
        path: 'explainedItems',
        label: t('consent.explained'),
        hint: t('consent.explainedHint'),
        value: f.explainedItems,
        multiline: true,
        onInput: (v) => {
          f.explainedItems = v;
          f.templated = false;
        },
        errors: this.errors,
        required: true,
        maxlength: 4000,
        testId: 'consent-explained',
      }),
    );
    const submit = button(this.busy ? t('common.sending') : t('consent.submit'), () => this.submit(), { kind: 'primary', testId: 'consent-submit', disabled: this.busy });
    const leftovers = this.errors.unclaimed();
    append(
      details,
      fields,
      leftovers.length ? h('div', { class: 'form-error', role: 'alert' }, ...leftovers.map(([p, m]) => h('p', {}, `${p}: ${m}`))) : null,
      h('p', { class: 'actions' }, submit),
    );
    return details;
  }

  private async submit(): Promise<void> {
    const f = this.form;
    this.errors.clear();
    if (!f.signerRelation.trim()) this.errors.add('signerRelation', t('plan.required'));
    if (!f.explainedItems.trim()) this.errors.add('explainedItems', t('plan.required'));
    if (f.scope === 'SUPPORTER_PLAN_SHARE' && !f.supporterKey) this.errors.add('supporterKey', t('fieldError.supporterRequired'));
    const obtained = new Date(f.obtainedAt);
    if (Number.isNaN(obtained.getTime())) this.errors.add('obtainedAt', t('fieldError.date'));
    if (this.errors.size) return this.showErrors();
    this.busy = true;
    this.relabel();
    try {
      const saved = await recordConsent(this.ctx.client, {
        personId: this.personId,
        scope: f.scope,
        decision: f.decision,
        legalBasis: f.legalBasis,
        method: f.method,
        signerRelation: f.signerRelation.trim(),
        explainedItems: f.explainedItems.trim(),
        recipientsAllowed: SHARING_SCOPES.has(f.scope) ? f.recipients : [],
        obtainedAt: obtained.toISOString(),
        supporterKey: f.scope === 'SUPPORTER_PLAN_SHARE' ? f.supporterKey : null,
      });
      this.records = [saved, ...(this.records ?? [])];
      this.form = blankForm();
      this.formOpen = false;
      showNotice(() => t('consent.recorded'), 'info', { id: 'consent' });
    } catch (e) {
      this.busy = false;
      if (this.errors.takeFrom(e)) return this.showErrors();
      const r = readableError(e);
      showNotice(() => readableError(e).message, 'error', { id: 'consent', details: r.details });
    }
    this.busy = false;
    if (!this.destroyed) this.relabel();
  }

  private showErrors(): void {
    this.busy = false;
    this.relabel();
    const first = this.errors.entries()[0];
    if (first) focusField(this.element, first[0]);
  }
}

function blankForm(): ConsentForm {
  return {
    scope: 'PLAN_CREATION',
    decision: 'AGREE',
    legalBasis: 'explicit_consent',
    method: 'WRITTEN',
    signerRelation: '',
    explainedItems: '',
    obtainedAt: localDateTime(new Date()),
    supporterKey: '',
    recipients: [],
    templated: true,
  };
}

function template(scope: string): string {
  return hasLabel('consent.template', scope) ? codeLabel('consent.template', scope) : '';
}

/** `YYYY-MM-DDTHH:mm` in the device's zone, for a datetime-local input. */
function localDateTime(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
