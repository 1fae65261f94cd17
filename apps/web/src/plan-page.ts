/**
 * The individual evacuation plan of one person: the editor (or a read-only view), saving with the
 * base revision, the conflict panel when someone else saved first, and the procedure draft → review →
 * agreement (after showing whom the plan will be shared with, art. 49-14(2)).
 */
import { ApiError } from './api';
import { h, replaceContent, type Child } from './dom';
import { readableError } from './errors';
import { codeLabel, joinList, roleName, t, tf } from './i18n';
import { showNotice } from './notices';
import type { Page, PageContext } from './page';
import { agreePlan, fetchPlan, fetchPlanPage, fetchRecentAuthors, fetchSharePreview, savePlan, submitPlanForReview, type PlanPerson } from './plan-api';
import { agreedText, authorLabel, fieldLines, fieldName, fieldText } from './plan-format';
import { renderPlanSections, totalRuntime, runtimeText } from './plan-form';
import { PlanMap } from './plan-map';
import {
  PLAN_FIELDS,
  SHELTER_DESTINATIONS,
  changedDraftFields,
  cloneDraft,
  contentFromDraft,
  deviceRuntime,
  draftFromPlan,
  fieldValue,
  mergeDrafts,
  parseHours,
  planRuntime,
  setField,
  type DraftField,
  type PlanDraft,
} from './plan-model';
import { href } from './router';
import type { PlanMapData } from './session-data';
import { ROLES, type AccountRef, type PlanView, type Role, type ShareRecipient, type ShelterPoint } from './types';
import { FieldErrors, badge, button, definitionList, errorBlock, focusField, inputField, linkButton, loadingBlock, planStatusBadge } from './ui';

/** Roles that draft plans with the person (the API's DRAFTING_ROLES without welfare volunteers, who see plans redacted). */
const EDITING_ROLES = new Set<Role>(['MUNICIPAL_ADMIN', 'MUNICIPAL_STAFF', 'CARE_MANAGER', 'VISITING_NURSE', 'HOME_CARE_DOCTOR']);

interface Conflict {
  currentRevision: number;
  serverFields: string[];
  changedBy: string | null;
  authors: AccountRef[] | null;
  /** Fields that really differ between the base I edited and the new revision (null until fetched). */
  realFields: DraftField[] | null;
  mine: PlanDraft;
  myBase: PlanDraft;
  myComment: string;
  loaded: boolean;
  carried: DraftField[];
  overlapping: DraftField[];
  usedMine: Set<DraftField>;
}

interface AgreeFlow {
  recipients: ShareRecipient[] | null;
  explained: boolean;
  error: unknown;
  needConsent: boolean;
}

export class PlanPage implements Page {
  readonly layout = 'scroll';
  readonly element = h('div', { class: 'page page-plan' });
  private person: PlanPerson | null = null;
  private mapData: PlanMapData | null = null;
  private loadError: unknown = null;
  private plan: PlanView | null = null;
  private base: PlanDraft = draftFromPlan(null);
  private draft: PlanDraft = draftFromPlan(null);
  private comment = '';
  private readonly errors = new FieldErrors(['input.content.', 'input.']);
  private conflict: Conflict | null = null;
  private agree: AgreeFlow | null = null;
  private saving = false;
  private map: PlanMap | null = null;
  private destroyed = false;

  constructor(private readonly ctx: PageContext, private readonly personId: string) {
    this.render();
  }

  title(): string {
    return this.person ? `${this.person.name} – ${t('page.plan')}` : t('page.plan');
  }

  mounted(): void {
    void this.load();
  }

  relabel(): void {
    this.render();
  }

  resize(): void {
    this.map?.resize();
  }

  hasUnsavedChanges(): boolean {
    return this.editable && (this.isDirty() || this.comment.trim() !== '');
  }

  destroy(): void {
    this.destroyed = true;
    this.map?.destroy();
    this.element.remove();
  }

  private get editable(): boolean {
    if (!this.person || !EDITING_ROLES.has(this.ctx.account.role)) return false;
    if (!this.plan && this.person.planStatus) return false; // a plan exists that this account may not see
    return !(this.plan?.supporters.some((s) => s.redacted) ?? false);
  }

  private get baseRevision(): number {
    return this.plan?.revision ?? 0;
  }

  private isDirty(): boolean {
    return changedDraftFields(this.base, this.draft).length > 0;
  }

  /* ---------- loading ---------- */

  private async load(): Promise<void> {
    this.loadError = null;
    this.render();
    try {
      const [person, mapData] = await Promise.all([fetchPlanPage(this.ctx.client, this.personId), this.ctx.data.planMapData()]);
      if (this.destroyed) return;
      this.person = person;
      this.mapData = mapData;
      this.adopt(person.plan);
    } catch (e) {
      if (this.destroyed) return;
      this.loadError = e;
    }
    this.render();
    document.title = `${this.title()} – ${t('app.name')}`;
  }

  /** Makes `plan` the base of the editor and the draft a copy of it. */
  private adopt(plan: PlanView | null): void {
    this.plan = plan;
    this.base = draftFromPlan(plan);
    this.draft = cloneDraft(this.base);
  }

  private ensureMap(): PlanMap | null {
    if (this.map || !this.person || !this.mapData) return this.map;
    this.map = new PlanMap({
      home: { lat: this.person.lat, lng: this.person.lng },
      data: this.mapData,
      editable: this.editable,
      onShelterChosen: (s) => this.chooseShelter(s),
      onRouteFinished: (coordinates) => {
        this.draft.routes.push({ coordinates, description: '' });
        this.map?.setRoutes(this.draft.routes);
        this.render();
      },
      routeCount: () => this.draft.routes.length,
    });
    return this.map;
  }

  /* ---------- rendering ---------- */

  private render(): void {
    if (this.destroyed) return;
    const p = this.person;
    const links = h(
      'p',
      { class: 'back' },
      h('a', { href: href({ name: 'person', personId: this.personId }), 'data-testid': 'back-to-person' }, `← ${t('plan.backToPerson')}`),
      p?.planStatus || this.plan ? h('a', { href: href({ name: 'history', personId: this.personId }), 'data-testid': 'plan-history-link' }, t('plan.history')) : null,
    );
    if (!p || !this.mapData) {
      this.element.replaceChildren(links, h('h2', { class: 'page-title' }, t('page.plan')), this.loadError ? errorBlock(this.loadError, this.isNotFound() ? undefined : () => void this.load()) : loadingBlock());
      return;
    }
    const head = h(
      'header',
      { class: 'page-head' },
      h('h2', { class: 'page-title', 'data-testid': 'plan-title' }, tf('plan.heading', { name: p.name })),
      h('p', { class: 'page-subtitle' }, h('span', { lang: 'ja' }, p.nameKana), ' · ', h('span', { lang: 'ja' }, p.address)),
      h('p', { class: 'page-tags' }, planStatusBadge(this.plan?.status ?? null), ' ', this.plan ? badge(tf('plan.revision', { n: this.plan.revision }), 'neutral', { 'data-testid': 'plan-revision' }) : badge(t('plan.new'), 'neutral')),
    );
    if (!this.plan && p.planStatus) {
      this.element.replaceChildren(links, head, h('p', { class: 'form-error', role: 'alert' }, t('plan.hidden')));
      return;
    }
    const map = this.ensureMap();
    const focusedId = document.activeElement instanceof HTMLElement && this.element.contains(document.activeElement) ? document.activeElement.id : '';
    this.errors.resetShown();
    const children: Child[] = [links, head];
    if (this.conflict) children.push(this.conflictPanel(this.conflict));
    if (this.editable) children.push(this.workflowPanel());
    else children.push(h('p', { class: 'notice-inline', 'data-testid': 'plan-readonly' }, t('plan.readOnly')));

    const form = h('div', { class: 'plan-form' });
    if (this.editable) {
      const sections = renderPlanSections({
          draft: this.draft,
          errors: this.errors,
          plan: this.plan,
          home: { lat: p.lat, lng: p.lng },
          shelters: this.mapData.shelters,
          changed: () => this.updateLive(),
          rerender: () => this.render(),
          chooseShelter: (s) => this.chooseShelter(s),
          clearShelter: () => this.map?.setChosen(null),
          showRoute: (i) => this.map?.showRoute(i),
          removeRoute: (i) => {
            this.draft.routes.splice(i, 1);
            this.map?.setRoutes(this.draft.routes);
            this.render();
          },
        });
      sections[sections.length - 1]?.append(this.commentField());
      form.append(...sections);
    } else {
      form.append(this.readOnlyView());
    }
    const summary = this.editable ? this.errorSummary(form) : null;
    children.push(summary, h('div', { class: 'plan-layout' }, h('div', { class: 'plan-map-column' }, map?.element ?? null), form));
    if (this.editable) children.push(this.saveBar());
    replaceContent(this.element, ...children);
    if (map) {
      map.mount();
      map.setChosen(this.draft.destination?.shelterId ?? null);
      map.setRoutes(this.draft.routes);
      map.relabel();
      map.resize();
    }
    this.updateLive();
    // A re-render replaces the form: keep the keyboard where it was (a select that changed, a checkbox…).
    if (focusedId) document.getElementById(focusedId)?.focus({ preventScroll: true });
  }

  private isNotFound(): boolean {
    return this.loadError instanceof ApiError && (this.loadError.code === 'NOT_FOUND' || this.loadError.code === 'FORBIDDEN');
  }

  /** The parts that follow typing without a re-render: unsaved marker, runtimes, buttons that need a saved plan. */
  private updateLive(): void {
    const dirty = this.isDirty();
    const status = this.element.querySelector<HTMLElement>('[data-testid="save-status"]');
    if (status) {
      status.textContent = dirty ? t('plan.unsaved') : t('plan.noChanges');
      status.classList.toggle('is-dirty', dirty);
    }
    for (const b of this.element.querySelectorAll<HTMLButtonElement>('[data-needs-saved]')) b.disabled = dirty || this.saving;
    for (const n of this.element.querySelectorAll<HTMLElement>('[data-needs-saved-hint]')) n.hidden = !dirty;
    const devices = this.draft.medicalDevices ?? [];
    for (const el of this.element.querySelectorAll<HTMLElement>('[data-runtime-index]')) {
      const d = devices[Number(el.dataset.runtimeIndex)];
      if (d) el.textContent = runtimeText(deviceRuntime(d));
    }
    const total = this.element.querySelector<HTMLElement>('[data-runtime-total]');
    if (total) replaceContent(total, ...totalRuntime(planRuntime(devices)));
  }

  private readOnlyView(): HTMLElement {
    const content = contentFromDraft(this.draft) as unknown as Record<string, unknown>;
    const rows: [string, Child[]][] = PLAN_FIELDS.map((f) => {
      const value = f === 'medicalDevices' && this.draft.medicalDevices === null ? null : content[f];
      const lines = fieldLines(f, value);
      return [fieldName(f), lines.length ? lines.map((l) => h('span', { class: 'line' }, l)) : [t('fmt.empty')]];
    });
    rows.push([fieldName('nextReviewAt'), fieldLines('nextReviewAt', this.draft.nextReviewAt || null).map((l) => h('span', { class: 'line' }, l))]);
    return h('section', { class: 'card' }, definitionList(rows, 'plan-readonly-facts'));
  }

  private errorSummary(form: HTMLElement): HTMLElement | null {
    if (this.errors.size === 0) return null;
    const items = this.errors.entries().map(([path, message]) => {
      const field = form.querySelector<HTMLElement>(`[data-field="${CSS.escape(path)}"]`);
      const legend = field?.closest('fieldset.entry')?.querySelector('legend')?.textContent;
      const label = field?.querySelector('label, legend, .field-label')?.textContent ?? fieldName(path.split('.')[0] ?? path);
      const text = `${legend ? `${legend} · ` : ''}${label}: ${message}`;
      const go = h('button', { type: 'button', class: 'link-button' }, text);
      go.addEventListener('click', () => focusField(this.element, path));
      return h('li', {}, go);
    });
    return h(
      'div',
      { class: 'form-error error-summary', role: 'alert', tabindex: '-1', 'data-testid': 'error-summary' },
      h('p', {}, tf('plan.errorSummary', { n: this.errors.size })),
      h('ul', {}, ...items),
    );
  }

  private commentField(): HTMLElement {
    return inputField({
      path: 'comment',
      label: t('plan.comment'),
      hint: t('plan.commentHint'),
      value: this.comment,
      onInput: (v) => (this.comment = v),
      errors: this.errors,
      maxlength: 1000,
      testId: 'plan-comment',
    });
  }

  /** Stays at the bottom of the screen: the unsaved marker and Save, in reach of the thumb. */
  private saveBar(): HTMLElement {
    const save = button(this.saving ? t('common.saving') : t('plan.save'), () => this.save(), { kind: 'primary', testId: 'plan-save', disabled: this.saving });
    return h('div', { class: 'save-bar', 'data-testid': 'save-bar' }, h('div', { class: 'save-bar-actions' }, h('p', { class: 'save-status', role: 'status', 'data-testid': 'save-status' }), save));
  }

  /* ---------- choosing on the map ---------- */

  private chooseShelter(s: ShelterPoint): void {
    const type = s.kind === 'WELFARE_SHELTER' ? 'WELFARE_SHELTER_DIRECT' : s.kind === 'SHELTER' ? 'DESIGNATED_SHELTER' : 'EMERGENCY_SITE';
    const prev = this.draft.destination;
    this.draft.destination = { type, shelterId: s.id, name: s.nameJa, preArranged: prev && SHELTER_DESTINATIONS.has(prev.type) ? prev.preArranged : false };
    for (const p of ['destination', 'destination.shelterId', 'destination.type', 'destination.name']) this.errors.drop(p);
    this.map?.setChosen(s.id);
    this.render();
  }

  /* ---------- saving ---------- */

  private validate(): void {
    const d = this.draft;
    const req = (path: string, v: string) => !v.trim() && this.errors.add(path, t('plan.required'));
    d.supporters.forEach((s, i) => {
      req(`supporters.${i}.name`, s.name);
      req(`supporters.${i}.relation`, s.relation);
    });
    d.emergencyContacts.forEach((c, i) => {
      req(`emergencyContacts.${i}.name`, c.name);
      req(`emergencyContacts.${i}.phone`, c.phone);
    });
    d.careProfessionals.forEach((c, i) => {
      req(`careProfessionals.${i}.name`, c.name);
      req(`careProfessionals.${i}.organisation`, c.organisation);
    });
    (d.medicalDevices ?? []).forEach((m, i) => {
      const hours = (path: string, v: string) => {
        const n = parseHours(v);
        if (n === null || n > 200) this.errors.add(path, v.trim() ? t('plan.hoursInvalid') : t('plan.required'));
      };
      hours(`medicalDevices.${i}.internalBatteryHours`, m.internalBatteryHours);
      m.externalBatteryHours.forEach((v, j) => hours(`medicalDevices.${i}.externalBatteryHours.${j}`, v));
    });
    const dest = d.destination;
    if (dest && SHELTER_DESTINATIONS.has(dest.type) && !dest.shelterId) this.errors.add('destination.shelterId', t('plan.destinationPickHint'));
    if (dest && !SHELTER_DESTINATIONS.has(dest.type)) req('destination.name', dest.name);
  }

  private async save(): Promise<void> {
    if (this.saving || !this.person) return;
    this.errors.clear();
    this.validate();
    if (this.errors.size) return this.showErrors();
    if (this.baseRevision > 0 && !this.isDirty()) {
      showNotice(() => t('plan.nothingToSave'), 'info', { id: 'plan-save' });
      return;
    }
    this.saving = true;
    this.render();
    try {
      const saved = await savePlan(this.ctx.client, {
        personId: this.personId,
        baseRevision: this.baseRevision,
        content: contentFromDraft(this.draft),
        nextReviewAt: this.draft.nextReviewAt.trim() || null,
        comment: this.comment.trim() || null,
      });
      if (this.destroyed) return;
      this.saving = false;
      this.adopt(saved);
      this.person.planStatus = saved.status;
      this.comment = '';
      this.conflict = null;
      this.agree = null;
      this.render();
      showNotice(() => tf('plan.saved', { n: saved.revision }), 'info', { id: 'plan-save' });
    } catch (e) {
      this.saving = false;
      if (this.destroyed) return;
      if (e instanceof ApiError && e.code === 'CONFLICT') return this.onConflict(e);
      if (this.errors.takeFrom(e)) return this.showErrors();
      this.render();
      const r = readableError(e);
      showNotice(() => readableError(e).message, 'error', { id: 'plan-save', details: r.details });
    }
  }

  private showErrors(): void {
    this.render();
    const summary = this.element.querySelector<HTMLElement>('[data-testid="error-summary"]');
    const first = this.errors.entries()[0];
    if (first && this.element.querySelector(`[data-field="${CSS.escape(first[0])}"]`)) focusField(this.element, first[0]);
    else summary?.focus();
  }

  /* ---------- conflict ---------- */

  private async onConflict(e: ApiError): Promise<void> {
    const ext = e.extensions;
    const current = typeof ext.currentRevision === 'number' ? ext.currentRevision : this.baseRevision + 1;
    const conflict: Conflict = {
      currentRevision: current,
      serverFields: Array.isArray(ext.changedFields) ? ext.changedFields.map(String) : [],
      changedBy: typeof ext.changedBy === 'string' ? ext.changedBy : null,
      authors: null,
      realFields: null,
      mine: cloneDraft(this.draft),
      myBase: cloneDraft(this.base),
      myComment: this.comment,
      loaded: false,
      carried: [],
      overlapping: [],
      usedMine: new Set(),
    };
    this.conflict = conflict;
    this.render();
    this.focusConflict();
    // Who changed it and what really differs (the server's list can include fields only re-normalised).
    try {
      const [authors, latest] = await Promise.all([
        fetchRecentAuthors(this.ctx.client, this.personId, current - this.baseRevision),
        fetchPlan(this.ctx.client, this.personId),
      ]);
      if (this.conflict !== conflict || this.destroyed) return;
      const seen = new Set<string>();
      conflict.authors = authors
        .filter((r) => r.revision > this.baseRevision)
        .map((r) => r.author)
        .filter((a) => (a.id && seen.has(a.id) ? false : (seen.add(a.id ?? a.displayName), true)));
      if (latest) conflict.realFields = changedDraftFields(conflict.myBase, draftFromPlan(latest));
      this.render();
    } catch {
      /* the panel still says what the server told */
    }
  }

  private focusConflict(): void {
    this.element.querySelector<HTMLElement>('[data-testid="conflict"] h3')?.focus();
    this.element.querySelector<HTMLElement>('[data-testid="conflict"]')?.scrollIntoView({ block: 'start' });
  }

  private async loadLatest(): Promise<void> {
    const c = this.conflict;
    if (!c) return;
    try {
      const latest = await fetchPlan(this.ctx.client, this.personId);
      if (this.destroyed || this.conflict !== c) return;
      const theirs = draftFromPlan(latest);
      const merge = mergeDrafts(c.myBase, c.mine, theirs);
      this.plan = latest;
      this.base = theirs;
      this.draft = merge.merged;
      this.comment = c.myComment;
      if (this.person && latest) this.person.planStatus = latest.status;
      c.loaded = true;
      c.currentRevision = latest?.revision ?? c.currentRevision;
      c.carried = merge.carried;
      c.overlapping = merge.overlapping;
      c.realFields ??= changedDraftFields(c.myBase, theirs);
      this.errors.clear();
      this.render();
      this.focusConflict();
    } catch (e) {
      const r = readableError(e);
      showNotice(() => readableError(e).message, 'error', { id: 'plan-conflict', details: r.details });
    }
  }

  private conflictPanel(c: Conflict): HTMLElement {
    const who = c.authors?.length ? joinList(c.authors.map(authorLabel)) : null;
    const fields = (c.realFields && c.realFields.length ? c.realFields : c.serverFields).map((f) => fieldName(f));
    const myFields = changedDraftFields(c.myBase, c.mine);
    const mineText = [...myFields.map((f) => fieldText(f, fieldValue(c.mine, f))), c.myComment.trim() ? `【${t('plan.comment')}】\n${c.myComment.trim()}` : ''].filter(Boolean).join('\n\n');
    const body: Child[] = [
      h('h3', { class: 'conflict-title', tabindex: '-1' }, t('conflict.title')),
      h('p', { class: 'conflict-message', 'data-testid': 'conflict-message' }, who ? tf('conflict.by', { who, n: c.currentRevision }) : tf('conflict.byUnknown', { n: c.currentRevision })),
      fields.length ? h('p', { 'data-testid': 'conflict-fields' }, tf('conflict.fields', { fields: joinList(fields) })) : null,
    ];
    if (!c.loaded) {
      body.push(h('p', { class: 'actions' }, button(tf('conflict.load', { n: c.currentRevision }), () => this.loadLatest(), { kind: 'primary', testId: 'conflict-load' })));
    } else {
      body.push(h('p', { 'data-testid': 'conflict-loaded' }, tf('conflict.loaded', { n: c.currentRevision })));
      if (c.carried.length) body.push(h('p', { 'data-testid': 'conflict-carried' }, tf('conflict.carried', { fields: joinList(c.carried.map(fieldName)) })));
      if (c.overlapping.length) {
        body.push(h('p', {}, t('conflict.overlap')));
        for (const f of c.overlapping) {
          const used = c.usedMine.has(f);
          body.push(
            h(
              'div',
              { class: 'compare', 'data-testid': 'conflict-compare' },
              h('h4', {}, fieldName(f)),
              h('div', { class: 'compare-cols' }, compareColumn(t('conflict.theirs'), f, fieldValue(this.base, f)), compareColumn(t('conflict.yours'), f, fieldValue(c.mine, f))),
              used
                ? h('p', { role: 'status' }, t('conflict.usedMine'))
                : h(
                    'p',
                    { class: 'actions' },
                    button(t('conflict.useMine'), () => {
                      setField(this.draft, f, c.mine);
                      c.usedMine.add(f);
                      this.render();
                    }, { testId: 'conflict-use-mine' }),
                  ),
            ),
          );
        }
      }
    }
    const mineId = 'conflict-mine';
    const textarea = h('textarea', { id: mineId, class: 'conflict-mine', readonly: true, rows: Math.min(12, Math.max(3, mineText.split('\n').length + 1)), 'data-testid': 'conflict-mine' });
    textarea.value = mineText || t('plan.noChanges');
    body.push(h('div', { class: 'field' }, h('label', { for: mineId }, t('conflict.mine')), h('p', { class: 'field-hint' }, t('conflict.mineHint')), textarea));
    if (c.loaded) {
      body.push(
        h('p', { class: 'actions' }, button(t('common.close'), () => {
          this.conflict = null;
          this.render();
        }, { testId: 'conflict-close' })),
      );
    }
    return h('div', { class: 'conflict-panel', role: 'alert', 'data-testid': 'conflict' }, ...body);
  }

  /* ---------- procedure: submit, share preview, agree ---------- */

  private workflowPanel(): HTMLElement {
    const plan = this.plan;
    const status = plan?.status ?? 'NEW';
    const body: Child[] = [
      h('p', { class: 'workflow-status' }, planStatusBadge(plan?.status ?? null), ' ', plan ? tf('plan.revision', { n: plan.revision }) : '', ' ', h('span', { 'data-testid': 'workflow-hint' }, codeLabel('plan.statusHint', status))),
    ];
    if (plan?.agreedAt) body.push(h('p', {}, agreedText(plan)));
    if (plan && (status === 'AGREED' || status === 'REVIEW_DUE')) body.push(h('p', { class: 'field-hint' }, t('plan.newDraftNote')));
    const actions = h('p', { class: 'actions' });
    if (plan && status === 'DRAFT') {
      const b = button(t('plan.submit'), () => this.submit(), { kind: 'secondary', testId: 'plan-submit' });
      b.dataset.needsSaved = '';
      actions.append(b);
    }
    if (plan && status === 'IN_REVIEW' && !this.agree) {
      const b = button(t('plan.agree'), () => this.openAgree(), { kind: 'secondary', testId: 'plan-agree' });
      b.dataset.needsSaved = '';
      actions.append(b);
    }
    if (actions.childNodes.length) {
      body.push(actions, h('p', { class: 'field-hint', 'data-needs-saved-hint': '', hidden: true }, t('plan.saveFirst')));
    }
    if (this.agree) body.push(this.agreePanel(this.agree));
    return h('section', { class: 'card workflow', 'aria-labelledby': 'plan-workflow-title', 'data-testid': 'plan-workflow' }, h('h3', { class: 'card-title', id: 'plan-workflow-title' }, t('plan.workflow')), ...body);
  }

  private async submit(): Promise<void> {
    if (!this.plan) return;
    try {
      const next = await submitPlanForReview(this.ctx.client, this.personId, this.plan.revision);
      this.applyTransition(next);
      showNotice(() => t('plan.submitted'), 'info', { id: 'plan-workflow' });
    } catch (e) {
      this.transitionFailed(e);
    }
  }

  private async openAgree(): Promise<void> {
    this.agree = { recipients: null, explained: false, error: null, needConsent: false };
    this.render();
    try {
      this.agree.recipients = await fetchSharePreview(this.ctx.client, this.personId);
    } catch (e) {
      if (this.agree) this.agree.error = e;
    }
    this.render();
    this.element.querySelector<HTMLElement>('[data-testid="share-preview"] h4')?.focus();
  }

  private agreePanel(a: AgreeFlow): HTMLElement {
    const body: Child[] = [h('h4', { tabindex: '-1' }, t('plan.sharePreviewTitle')), h('p', {}, t('plan.sharePreviewIntro'))];
    if (a.error) body.push(errorBlock(a.error, () => void this.openAgree()));
    else if (!a.recipients) body.push(loadingBlock());
    else {
      for (const when of ['NORMAL_TIMES', 'DISASTER']) {
        const rows = a.recipients.filter((r) => r.when === when);
        body.push(
          h('h5', {}, codeLabel('plan.when', when)),
          rows.length
            ? h('ul', { class: 'recipients', 'data-testid': `share-${when.toLowerCase()}` }, ...rows.map((r) => h('li', {}, h('strong', {}, recipientLabel(r.recipient)), h('span', { class: 'muted' }, basisLabel(r.basis)))))
            : h('p', { class: 'muted' }, t('plan.noRecipients')),
        );
      }
      const check = h('input', { type: 'checkbox', id: 'agree-explained', 'data-testid': 'agree-explained' });
      check.checked = a.explained;
      const confirm = button(t('plan.agreeConfirm'), () => this.confirmAgree(), { kind: 'primary', testId: 'agree-confirm', disabled: !a.explained });
      check.addEventListener('change', () => {
        a.explained = check.checked;
        confirm.disabled = !a.explained;
      });
      body.push(h('div', { class: 'check' }, check, h('label', { for: 'agree-explained' }, t('plan.explainedCheck'))));
      if (a.needConsent) {
        body.push(
          h('div', { class: 'form-error', role: 'alert', 'data-testid': 'agree-needs-consent' }, h('p', {}, t('plan.needConsent')), h('p', {}, linkButton(t('plan.goConsent'), href({ name: 'person', personId: this.personId })))),
        );
      }
      body.push(
        h('p', { class: 'actions' }, confirm, button(t('common.cancel'), () => {
          this.agree = null;
          this.render();
        }, { testId: 'agree-cancel' })),
      );
    }
    return h('div', { class: 'share-preview', 'data-testid': 'share-preview' }, ...body);
  }

  private async confirmAgree(): Promise<void> {
    const flow = this.agree;
    if (!this.plan || !flow) return;
    try {
      const next = await agreePlan(this.ctx.client, this.personId, this.plan.revision);
      this.agree = null;
      this.applyTransition(next);
      showNotice(() => t('plan.agreed'), 'info', { id: 'plan-workflow' });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'BAD_USER_INPUT' && e.fields.some((f) => f.field === 'input.personId')) {
        flow.needConsent = true;
        this.render();
        this.element.querySelector<HTMLElement>('[data-testid="agree-needs-consent"] a')?.focus();
        return;
      }
      this.transitionFailed(e);
    }
  }

  /** The plan after submit / agree: same content, new status (unsaved edits stay in the form). */
  private applyTransition(next: PlanView): void {
    const keep = this.isDirty() ? this.draft : null;
    this.adopt(next);
    if (keep) this.draft = keep;
    if (this.person) this.person.planStatus = next.status;
    this.render();
  }

  private transitionFailed(e: unknown): void {
    if (e instanceof ApiError && e.code === 'CONFLICT') {
      // Someone saved a newer revision meanwhile: treat it like a save conflict.
      void this.onConflict(e);
      return;
    }
    const r = readableError(e);
    showNotice(() => readableError(e).message, 'error', { id: 'plan-workflow', details: r.details });
  }
}

function compareColumn(title: string, field: DraftField, value: unknown): HTMLElement {
  const lines = fieldLines(field, value);
  return h('div', { class: 'compare-col' }, h('p', { class: 'compare-head' }, title), ...(lines.length ? lines.map((l) => h('p', {}, l)) : [h('p', { class: 'muted' }, t('fmt.empty'))]));
}

function recipientLabel(r: string): string {
  if (r === 'CARE_TEAM') return t('recipient.CARE_TEAM');
  return ROLES.includes(r as Role) ? roleName(r as Role) : r;
}

/** The API's basis sentences (English) in the chosen language; unknown ones as they are. */
function basisLabel(basis: string): string {
  if (/^named in the plan/i.test(basis)) return t('basis.careTeam');
  if (/^consent \(49-15\(2\)\)/i.test(basis)) return t('basis.consent');
  const ord = /^ordinance \((\w+)\)/i.exec(basis);
  if (ord) return tf('basis.ordinance', { pattern: codeLabel('ordinance', ord[1] ?? '') });
  if (/^disaster provision/i.test(basis)) return t('basis.disaster');
  return basis;
}
