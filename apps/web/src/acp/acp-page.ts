/**
 * 人生会議 (ACP) of one person, in three tabs: wishes and history (current stance, timeline, records,
 * physician orders, the printable copy), the recording form (new discussion or correction), and the
 * emergency summary (with the order form for home-care doctors).
 *
 * Nothing typed is lost: the form is saved on the device at every change (acp-draft-store), restored
 * when the page opens again, and a submitted record stays there until the server has it (acp-sender).
 * Who may read is the API's decision: when it answers NOT_FOUND the page shows no ACP content at all.
 */
import './acp.css';
import { ApiError } from '../api';
import { h, replaceContent, type Child } from '../dom';
import { readableError } from '../errors';
import { t } from '../i18n';
import { showNotice } from '../notices';
import type { Page, PageContext } from '../page';
import { href } from '../router';
import type { Role } from '../types';
import { FieldErrors, button, errorBlock, focusField, formatDateTime, linkButton, loadingBlock } from '../ui';
import {
  fetchAcpPerson, fetchDiscussions, fetchEmergencySummary, fetchStance, fetchSummaryPdf, recordOrder, DISCUSSION_PAGE_SIZE,
  type AcpPerson, type Discussion, type EmergencySummary, type Stance,
} from './acp-api';
import { acpDrafts, type AcpDraft } from './acp-draft-store';
import { emergencyBlock, emptyOrderForm, orderForm, orderInput, type OrderFormState } from './acp-emergency-view';
import { ownParticipantRole, renderAcpForm } from './acp-form';
import { emptyForm, formFromDiscussion, formProblems, type AcpForm, type FormParticipant } from './acp-form-model';
import { at, atf, type AcpMessageKey } from './acp-i18n';
import { acpHref, type AcpRoute, type AcpTab } from './acp-route';
import { AcpSender, type SendResult } from './acp-sender';
import { currentBlock, discussionList, ordersBlock, stanceSummary, timelineBlock } from './acp-stance-view';

/** Roles that record discussions (the API's RECORD_ACP capability). */
const RECORDERS = new Set<Role>(['HOME_CARE_DOCTOR', 'VISITING_NURSE', 'ACP_FACILITATOR']);
/** How many pages of records the timeline reads to mark corrections. */
const MAX_PAGES = 6;

/** A message for the ACP page shown next (notices are cleared when the route changes): this person, in a moment. */
let flash: { key: AcpMessageKey; personId: string; at: number } | null = null;

export class AcpPage implements Page {
  readonly layout = 'scroll';
  readonly element = h('div', { class: 'page page-acp', 'data-testid': 'acp-page' });
  private readonly banner = h('div', { class: 'acp-draft-banner', 'data-testid': 'acp-draft-banner', role: 'status', hidden: true });
  private person: AcpPerson | null = null;
  private stance: Stance | null = null;
  private discussions: Discussion[] = [];
  private allLoaded = false;
  private summary: EmergencySummary | null = null;
  private loadError: unknown = null;
  private loaded = false;
  private form: AcpForm | null = null;
  private correcting: Discussion | null = null;
  private draft: AcpDraft | null;
  private readonly errors = new FieldErrors(['input.']);
  private order: OrderFormState | null = null;
  private readonly orderErrors = new FieldErrors(['input.']);
  private savingOrder = false;
  private printing = false;
  /** The device refused to keep the draft: leaving the page would lose it. */
  private unsaved = false;
  private readonly sender: AcpSender;
  private destroyed = false;
  private readonly onNetwork = () => this.renderBanner();

  constructor(private readonly ctx: PageContext, private readonly route: AcpRoute) {
    acpDrafts.dropOtherAccounts(ctx.account.accountId);
    this.draft = acpDrafts.load(ctx.account.accountId, route.personId);
    this.sender = new AcpSender(ctx.client, ctx.account.accountId, route.personId, (r) => this.onSent(r));
    this.render();
  }

  private get tab(): AcpTab {
    return this.route.tab;
  }

  private get canRecord(): boolean {
    return RECORDERS.has(this.ctx.account.role);
  }

  title(): string {
    return this.person ? `${this.person.name} – ${at('page.title')}` : at('page.title');
  }

  mounted(): void {
    window.addEventListener('online', this.onNetwork);
    window.addEventListener('offline', this.onNetwork);
    if (flash && flash.personId === this.route.personId && Date.now() - flash.at < 10_000) {
      const key = flash.key;
      showNotice(() => at(key), 'info', { id: 'acp-send' });
    }
    flash = null;
    if (this.draft?.state === 'sending') void this.sender.send(this.draft);
    void this.load();
  }

  relabel(): void {
    this.render();
  }

  hasUnsavedChanges(): boolean {
    return this.unsaved;
  }

  destroy(): void {
    this.destroyed = true;
    this.sender.stop();
    window.removeEventListener('online', this.onNetwork);
    window.removeEventListener('offline', this.onNetwork);
    this.element.remove();
  }

  /* ---------- loading ---------- */

  private async load(): Promise<void> {
    this.loadError = null;
    const id = this.route.personId;
    try {
      if (this.tab === 'emergency') {
        // Class E only: a responder with emergency access (break-glass) reads this without the full record.
        [this.person, this.summary] = await Promise.all([fetchAcpPerson(this.ctx.client, id), fetchEmergencySummary(this.ctx.client, id)]);
        if (this.ctx.account.role === 'HOME_CARE_DOCTOR') await this.loadDiscussions(new Set());
      } else {
        [this.person, this.stance] = await Promise.all([fetchAcpPerson(this.ctx.client, id), fetchStance(this.ctx.client, id)]);
        const need = this.tab === 'stance' ? this.stance.history.map((e) => e.discussionId) : [this.draft?.correctsId ?? this.route.correctsId ?? ''].filter(Boolean);
        await this.loadDiscussions(new Set(need));
      }
    } catch (e) {
      this.loadError = e;
    }
    if (this.destroyed) return;
    this.loaded = true;
    if (this.tab === 'record') this.setUpForm();
    if (this.tab === 'emergency' && this.ctx.account.role === 'HOME_CARE_DOCTOR' && !this.order && !this.loadError) {
      this.order = emptyOrderForm(this.discussions.find((d) => !d.supersededById && !d.declined)?.id ?? null);
    }
    this.render();
    document.title = `${this.title()} – ${t('app.name')}`;
  }

  /** Pages of records until every id in `need` is loaded (or all are, or MAX_PAGES). */
  private async loadDiscussions(need: Set<string>): Promise<void> {
    for (let page = 0; page < MAX_PAGES && !this.allLoaded; page++) {
      const after = this.discussions[this.discussions.length - 1]?.cursor ?? null;
      const next = await fetchDiscussions(this.ctx.client, this.route.personId, after);
      this.discussions.push(...next);
      if (next.length < DISCUSSION_PAGE_SIZE) this.allLoaded = true;
      const known = new Set(this.discussions.map((d) => d.id));
      if ([...need].every((x) => known.has(x))) break;
    }
  }

  private async moreDiscussions(): Promise<void> {
    try {
      const before = this.discussions.length;
      const next = await fetchDiscussions(this.ctx.client, this.route.personId, this.discussions[before - 1]?.cursor ?? null);
      this.discussions.push(...next);
      if (next.length < DISCUSSION_PAGE_SIZE) this.allLoaded = true;
    } catch (e) {
      showNotice(() => readableError(e).message, 'error', { id: 'acp-load' });
    }
    this.render();
  }

  private get unavailable(): boolean {
    return this.loadError instanceof ApiError && (this.loadError.code === 'NOT_FOUND' || this.loadError.code === 'FORBIDDEN');
  }

  /** Offline with a draft: the form still opens from the device. */
  private get offlineDraft(): boolean {
    return this.tab === 'record' && this.loadError instanceof ApiError && this.loadError.code === 'NETWORK' && this.draft !== null;
  }

  /* ---------- the form and its draft ---------- */

  private setUpForm(): void {
    if (!this.canRecord || (this.loadError && !this.offlineDraft)) return;
    const correctsId = this.draft ? this.draft.correctsId : (this.route.correctsId ?? null);
    this.correcting = correctsId ? (this.discussions.find((d) => d.id === correctsId) ?? null) : null;
    if (this.draft) {
      this.form = this.draft.form;
      if (this.draft.state === 'editing') showNotice(() => at('draft.restored'), 'info', { id: 'acp-restored' });
      return;
    }
    if (correctsId) {
      if (!this.correcting) {
        this.loadError = new ApiError('NOT_FOUND', 'ACP discussion not found');
        return;
      }
      this.form = formFromDiscussion(this.correcting);
      return;
    }
    const me = this.ctx.account;
    const participants: FormParticipant[] = [{ role: 'PERSON', name: this.person?.name ?? '', relation: '', accountId: null }];
    const own = ownParticipantRole(me);
    if (own) participants.push({ role: own, name: me.displayName, relation: '', accountId: me.accountId });
    this.form = emptyForm({ facilitatorAccountId: me.accountId, participants });
  }

  private facilitators(): { id: string; name: string }[] {
    const out = new Map<string, string>([[this.ctx.account.accountId, this.ctx.account.displayName]]);
    for (const s of [...(this.stance?.current ?? []), ...(this.stance?.history ?? [])]) if (!out.has(s.facilitatorAccountId)) out.set(s.facilitatorAccountId, s.facilitatorName ?? s.facilitatorAccountId);
    for (const d of this.discussions) if (!out.has(d.facilitatorAccountId)) out.set(d.facilitatorAccountId, d.facilitatorName ?? d.facilitatorAccountId);
    if (this.form && !out.has(this.form.facilitatorAccountId)) out.set(this.form.facilitatorAccountId, this.form.facilitatorAccountId);
    return [...out].map(([id, name]) => ({ id, name }));
  }

  /** Something was typed: keep it on the device now (a record waiting to be sent stays waiting, with the edit). */
  private changed(): void {
    if (!this.form) return;
    const next = {
      accountId: this.ctx.account.accountId, personId: this.route.personId, state: this.draft?.state ?? ('editing' as const),
      attempted: this.draft?.attempted, correctsId: this.correcting?.id ?? this.draft?.correctsId ?? null, form: this.form,
    };
    const saved = acpDrafts.save(next);
    this.unsaved = saved === null;
    this.draft = saved ?? { ...next, v: 1, savedAt: new Date().toISOString() };
    this.renderBanner();
    this.renderStatus();
  }

  private discardDraft(): void {
    if (!window.confirm(at('draft.discardConfirm'))) return;
    acpDrafts.delete(this.ctx.account.accountId, this.route.personId);
    this.draft = null;
    this.unsaved = false;
    if (this.tab === 'record') {
      this.form = null;
      this.errors.clear();
      this.setUpForm();
    }
    this.render();
  }

  private async submit(): Promise<void> {
    if (!this.form || this.sender.busy) return;
    this.errors.clear();
    for (const [path, problem] of formProblems(this.form, this.correcting !== null || this.draft?.correctsId != null)) {
      this.errors.add(path, problem === 'statement' ? at('form.requiredStatement') : problem === 'participant' ? at('form.requiredParticipant') : at('form.required'));
    }
    if (this.errors.size) return this.showErrors();
    const pending = {
      accountId: this.ctx.account.accountId, personId: this.route.personId, state: 'sending' as const,
      correctsId: this.correcting?.id ?? this.draft?.correctsId ?? null, form: this.form,
    };
    this.draft = acpDrafts.save(pending) ?? { ...pending, v: 1, savedAt: new Date().toISOString() };
    this.render();
    await this.sender.send(this.draft);
  }

  private onSent(r: SendResult): void {
    if (this.destroyed) return;
    if (r.kind === 'sent') {
      this.draft = null;
      this.unsaved = false;
      flash = { key: r.correction ? 'form.savedCorrection' : 'form.saved', personId: this.route.personId, at: Date.now() };
      const stance = acpHref({ personId: this.route.personId, tab: 'stance' });
      if (location.hash !== stance) {
        location.hash = stance;
        return;
      }
      flash = null;
      showNotice(() => at(r.correction ? 'form.savedCorrection' : 'form.saved'), 'info', { id: 'acp-send' });
      this.discussions = [];
      this.allLoaded = false;
      void this.load();
      return;
    }
    if (r.kind === 'queued') {
      this.draft = acpDrafts.load(this.ctx.account.accountId, this.route.personId) ?? this.draft;
      this.render();
      if (this.tab === 'record') showNotice(() => at('form.queued'), 'info', { id: 'acp-send' });
      return;
    }
    this.draft = acpDrafts.load(this.ctx.account.accountId, this.route.personId) ?? (this.draft ? { ...this.draft, state: 'editing' } : null);
    if (this.draft && !this.form && this.tab === 'record') this.form = this.draft.form;
    if (this.tab === 'record' && this.errors.takeFrom(r.error)) return this.showErrors();
    this.render();
    const readable = readableError(r.error);
    showNotice(() => readableError(r.error).message, 'error', { id: 'acp-send', details: readable.details });
  }

  private showErrors(): void {
    this.render();
    const first = this.errors.entries()[0];
    if (first && this.element.querySelector(`[data-field="${CSS.escape(first[0])}"]`)) focusField(this.element, first[0]);
    else this.element.querySelector<HTMLElement>('[data-testid="acp-error-summary"]')?.focus();
  }

  /* ---------- printing, orders, corrections ---------- */

  private async print(): Promise<void> {
    if (this.printing) return;
    this.printing = true;
    this.render();
    try {
      const file = await fetchSummaryPdf(this.ctx.client, this.route.personId);
      const bytes = Uint8Array.from(atob(file.contentBase64), (c) => c.charCodeAt(0));
      const url = URL.createObjectURL(new Blob([bytes], { type: file.mimeType }));
      const a = h('a', { href: url, download: file.filename, hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
      showNotice(() => atf('summary.printed', { pages: file.pages }), 'info', { id: 'acp-print' });
    } catch (e) {
      const readable = readableError(e);
      showNotice(() => readableError(e).message, 'error', { id: 'acp-print', details: readable.details });
    } finally {
      this.printing = false;
      if (!this.destroyed) this.render();
    }
  }

  private correct(d: Discussion): void {
    if (this.draft && this.draft.correctsId !== d.id) {
      if (!window.confirm(at('draft.discardConfirm'))) return;
      acpDrafts.delete(this.ctx.account.accountId, this.route.personId);
      this.draft = null;
    }
    location.hash = acpHref({ personId: this.route.personId, tab: 'record', correctsId: d.id });
  }

  private async saveOrder(): Promise<void> {
    if (!this.order || this.savingOrder) return;
    this.orderErrors.clear();
    this.savingOrder = true;
    this.render();
    try {
      await recordOrder(this.ctx.client, orderInput(this.route.personId, this.order));
      this.summary = await fetchEmergencySummary(this.ctx.client, this.route.personId);
      this.order = emptyOrderForm(this.order.basisDiscussionId || null);
      showNotice(() => at('orders.saved'), 'info', { id: 'acp-order' });
    } catch (e) {
      if (!this.orderErrors.takeFrom(e)) {
        const readable = readableError(e);
        showNotice(() => readableError(e).message, 'error', { id: 'acp-order', details: readable.details });
      }
    } finally {
      this.savingOrder = false;
      if (!this.destroyed) this.render();
    }
  }

  /* ---------- rendering ---------- */

  private render(): void {
    if (this.destroyed) return;
    const focusedId = document.activeElement instanceof HTMLElement && this.element.contains(document.activeElement) ? document.activeElement.id : '';
    const back = h('p', { class: 'back' }, h('a', { href: href({ name: 'person', personId: this.route.personId }), 'data-testid': 'acp-back' }, `← ${at('back.person')}`));
    const heading = h('h2', { class: 'page-title', 'data-testid': 'acp-title' }, this.person ? atf('page.heading', { name: this.person.name }) : at('page.title'));
    if (!this.loaded) {
      replaceContent(this.element, back, heading, loadingBlock());
      return;
    }
    if (this.unavailable) {
      replaceContent(this.element, back, heading,
        h('div', { class: 'card acp-unavailable', 'data-testid': 'acp-unavailable' }, h('h3', { class: 'card-title' }, at('unavailable.title')), h('p', {}, at('unavailable.text'))),
      );
      return;
    }
    if (this.loadError && !this.offlineDraft) {
      replaceContent(this.element, back, heading, errorBlock(this.loadError, () => {
        this.loaded = false;
        this.render();
        void this.load();
      }));
      return;
    }
    this.renderBanner();
    const head = h('header', { class: 'page-head' }, heading, this.person ? h('p', { class: 'page-subtitle' }, h('span', { lang: 'ja' }, this.person.nameKana)) : null);
    const body = this.tab === 'stance' ? this.stanceTab() : this.tab === 'record' ? this.recordTab() : this.emergencyTab();
    replaceContent(this.element, back, head, this.tabs(), this.banner, ...body);
    this.renderStatus();
    if (focusedId) document.getElementById(focusedId)?.focus({ preventScroll: true });
  }

  private tabs(): HTMLElement {
    const tabs: [AcpTab, AcpMessageKey][] = [['stance', 'tab.stance'], ...(this.canRecord ? [['record', 'tab.record'] as [AcpTab, AcpMessageKey]] : []), ['emergency', 'tab.emergency']];
    return h('nav', { class: 'acp-tabs', 'aria-label': at('tabs.label') },
      h('ul', {},
        ...tabs.map(([tab, key]) =>
          h('li', {}, h('a', {
            class: 'acp-tab', href: acpHref({ personId: this.route.personId, tab }), 'data-testid': `acp-tab-${tab}`, 'aria-current': tab === this.tab ? 'page' : undefined,
          }, at(key), tab === 'record' && this.draft ? h('span', { class: 'acp-tab-dot', 'aria-hidden': 'true' }) : null)),
        ),
      ),
    );
  }

  /** "Unsent draft" (or "waiting to be sent"), on every tab while a draft exists. */
  private renderBanner(): void {
    const d = this.draft;
    this.banner.hidden = !d;
    if (!d) {
      replaceContent(this.banner);
      return;
    }
    this.banner.dataset.state = d.state;
    const sendNow = d.state === 'sending' ? button(at('draft.sendNow'), () => this.sender.send(d).then(() => undefined), { testId: 'acp-send-now' }) : null;
    const discard = button(at('draft.discard'), () => this.discardDraft(), { kind: 'plain', testId: 'acp-draft-discard' });
    replaceContent(
      this.banner,
      h('p', { class: 'acp-draft-text' },
        !navigator.onLine ? h('strong', { class: 'acp-offline' }, `${at('draft.offline')} `) : null,
        h('strong', { 'data-testid': 'acp-draft-label' }, d.correctsId ? `${at('draft.banner')}（${at('draft.correction')}）` : at('draft.banner')),
        ' ',
        h('span', { class: 'acp-draft-time' }, atf('draft.savedAt', { time: savedTime(d.savedAt) })),
        d.state === 'sending' ? h('span', { class: 'acp-draft-sending', 'data-testid': 'acp-draft-sending' }, ` ${at('draft.sending')}`) : null,
      ),
      h('div', { class: 'acp-draft-actions' },
        this.tab !== 'record' && this.canRecord ? linkButton(at('draft.continue'), acpHref({ personId: this.route.personId, tab: 'record' }), { testId: 'acp-draft-continue' }) : null,
        sendNow,
        discard,
      ),
    );
  }

  private renderStatus(): void {
    const status = this.element.querySelector<HTMLElement>('[data-testid="acp-save-status"]');
    if (status) status.textContent = this.draft ? atf('draft.status', { time: savedTime(this.draft.savedAt) }) : at('draft.autosaved');
  }

  private stanceTab(): Child[] {
    const stance = this.stance as Stance;
    const actions: Child[] = [
      button(this.printing ? at('summary.printing') : at('summary.print'), () => this.print(), { kind: 'primary', testId: 'acp-print', disabled: this.printing }),
      this.canRecord ? linkButton(at('summary.record'), acpHref({ personId: this.route.personId, tab: 'record' }), { testId: 'acp-record-link' }) : null,
    ];
    const byId = new Map(this.discussions.map((d) => [d.id, d]));
    return [
      stanceSummary(stance, actions),
      ordersBlock(stance.physicianOrders),
      h('div', { class: 'acp-columns' }, currentBlock(stance), stance.history.length ? timelineBlock(stance, byId) : null),
      this.discussions.length
        ? discussionList(this.discussions, { canCorrect: this.canRecord, correct: (d) => this.correct(d), more: this.allLoaded ? null : () => void this.moreDiscussions() })
        : null,
    ];
  }

  private recordTab(): Child[] {
    if (!this.canRecord) return [h('p', { class: 'notice-inline', 'data-testid': 'acp-not-recorder' }, at('form.notAllowed'))];
    if (!this.form) return [loadingBlock()];
    this.errors.resetShown();
    const person = this.person ?? { id: this.route.personId, name: '', nameKana: '', age: 0 };
    const sections = renderAcpForm({
      form: this.form, errors: this.errors, person, account: this.ctx.account, facilitators: this.facilitators(), stance: this.stance,
      correcting: this.correcting ?? (this.draft?.correctsId ? { heldAt: this.draft.form.heldAt } : null),
      changed: () => this.changed(),
      rerender: () => {
        this.changed();
        this.render();
      },
    });
    const sending = this.draft?.state === 'sending' || this.sender.busy;
    const submitLabel = sending ? at('form.submitting') : this.draft?.correctsId || this.correcting ? at('form.submitCorrection') : at('form.submit');
    const submit = button(submitLabel, () => this.submit(), { kind: 'primary', testId: 'acp-submit', disabled: sending });
    const summary = this.errorSummary(sections);
    return [
      h('h3', { class: 'visually-hidden' }, this.correcting ? at('form.correctTitle') : at('form.title')),
      summary,
      h('div', { class: 'acp-form', 'data-testid': 'acp-form' }, ...sections),
      h('div', { class: 'save-bar acp-save-bar', 'data-testid': 'acp-save-bar' },
        h('div', { class: 'save-bar-actions' }, h('p', { class: 'save-status', role: 'status', 'data-testid': 'acp-save-status' }), submit),
      ),
    ];
  }

  private errorSummary(sections: HTMLElement[]): HTMLElement | null {
    if (this.errors.size === 0) return null;
    const items = this.errors.entries().map(([path, message]) => {
      const field = sections.map((s) => s.querySelector<HTMLElement>(`[data-field="${CSS.escape(path)}"]`)).find(Boolean);
      const label = field?.querySelector('label, legend')?.textContent ?? '';
      const go = h('button', { type: 'button', class: 'link-button' }, label ? `${label}: ${message}` : message);
      go.addEventListener('click', () => focusField(this.element, path));
      return h('li', {}, go);
    });
    return h('div', { class: 'form-error error-summary', role: 'alert', tabindex: '-1', 'data-testid': 'acp-error-summary' },
      h('p', {}, atf('form.errorSummary', { n: this.errors.size })),
      h('ul', {}, ...items),
    );
  }

  private emergencyTab(): Child[] {
    const out: Child[] = [this.summary ? emergencyBlock(this.summary) : loadingBlock()];
    if (this.order) {
      out.push(orderForm({
        state: this.order, errors: this.orderErrors, discussions: this.discussions, saving: this.savingOrder,
        rerender: () => this.render(),
        submit: () => void this.saveOrder(),
      }));
    }
    return out;
  }
}

/** When a draft was saved: the time of day when it was today (Japan time), else date and time. */
function savedTime(iso: string): string {
  const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(d);
  const at = new Date(iso);
  if (day(at) !== day(new Date())) return formatDateTime(iso);
  return new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit' }).format(at);
}
