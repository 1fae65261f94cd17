/**
 * A plan's history: revisions newest first, each with its author and time, the fields it changed as a
 * readable before → after, and its comments; a comment can be added to any revision.
 */
import { ApiError } from './api';
import { h, replaceContent, type Child } from './dom';
import { fieldMessage, readableError } from './errors';
import { t, tf } from './i18n';
import { showNotice } from './notices';
import type { Page, PageContext } from './page';
import { HISTORY_PAGE_SIZE, addPlanComment, fetchRevisions } from './plan-api';
import { authorLabel, fieldLines, fieldName } from './plan-format';
import { fetchPerson } from './roster-api';
import { href } from './router';
import type { FieldChange, PlanRevision } from './types';
import { FieldErrors, badge, button, errorBlock, formatDateTime, inputField, loadingBlock } from './ui';

/** Fields that hold a list: their diff shows removed and added entries. */
const LIST_FIELDS = new Set(['supporters', 'routes', 'emergencyContacts', 'careProfessionals', 'medicalDevices']);

export class HistoryPage implements Page {
  readonly layout = 'scroll';
  readonly element = h('div', { class: 'page page-history' });
  private name: string | null = null;
  private revisions: PlanRevision[] = [];
  private more = false;
  private loading = true;
  private error: unknown = null;
  private readonly drafts = new Map<number, string>();
  private readonly errors = new FieldErrors();
  private destroyed = false;

  constructor(private readonly ctx: PageContext, private readonly personId: string) {
    this.render();
  }

  title(): string {
    return this.name ? `${this.name} – ${t('page.history')}` : t('page.history');
  }

  mounted(): void {
    void this.load(false);
  }

  relabel(): void {
    this.render();
  }

  hasUnsavedChanges(): boolean {
    return [...this.drafts.values()].some((v) => v.trim() !== '');
  }

  destroy(): void {
    this.destroyed = true;
    this.element.remove();
  }

  private async load(older: boolean): Promise<void> {
    this.loading = true;
    this.error = null;
    this.render();
    try {
      const before = older ? this.revisions[this.revisions.length - 1]?.revision : undefined;
      const [person, page] = await Promise.all([this.name || older ? Promise.resolve(null) : fetchPerson(this.ctx.client, this.personId), fetchRevisions(this.ctx.client, this.personId, before)]);
      if (this.destroyed) return;
      if (person) this.name = person.name;
      this.revisions = older ? [...this.revisions, ...page] : page;
      const last = this.revisions[this.revisions.length - 1];
      this.more = page.length === HISTORY_PAGE_SIZE && !!last && last.revision > 1;
    } catch (e) {
      if (this.destroyed) return;
      this.error = e;
    }
    this.loading = false;
    this.render();
    document.title = `${this.title()} – ${t('app.name')}`;
  }

  private render(): void {
    this.errors.resetShown();
    const links = h(
      'p',
      { class: 'back' },
      h('a', { href: href({ name: 'person', personId: this.personId }) }, `← ${t('plan.backToPerson')}`),
      h('a', { href: href({ name: 'plan', personId: this.personId }), 'data-testid': 'history-open-plan' }, t('history.openPlan')),
    );
    const head = h('header', { class: 'page-head' }, h('h2', { class: 'page-title' }, t('history.title')), this.name ? h('p', { class: 'page-subtitle', lang: 'ja' }, this.name) : null, h('p', { class: 'field-hint' }, t('history.intro')));
    const body: Child[] = [];
    if (this.revisions.length > 0) {
      body.push(h('ol', { class: 'revisions', 'data-testid': 'revisions' }, ...this.revisions.map((r, i) => h('li', {}, this.revisionCard(r, i === 0)))));
    } else if (!this.loading && !this.error) {
      body.push(h('p', { 'data-testid': 'history-empty' }, t('history.empty')));
    }
    if (this.error) {
      const notFound = this.error instanceof ApiError && (this.error.code === 'NOT_FOUND' || this.error.code === 'FORBIDDEN');
      body.push(errorBlock(this.error, notFound ? undefined : () => void this.load(this.revisions.length > 0)));
    }
    if (this.loading) body.push(loadingBlock());
    else if (this.more) body.push(button(t('history.older'), () => this.load(true), { testId: 'history-older' }));
    replaceContent(this.element, links, head, ...body);
  }

  private revisionCard(r: PlanRevision, current: boolean): HTMLElement {
    const titleId = `rev-${r.revision}-title`;
    const changes: Child[] = [];
    if (r.changedFields.length === 0) {
      changes.push(h('p', { class: 'muted' }, r.revision === 1 ? t('history.firstVersion') : t('history.noChanges')));
    } else {
      changes.push(
        h(
          'p',
          { class: 'changed-fields', 'data-testid': 'revision-fields' },
          `${t('history.changed')}: `,
          // A field whose change reads the same before and after (the API re-normalised it) gets a quiet chip.
          ...r.changedFields.map((f) => badge(fieldName(f), r.changes.some((c) => c.field === f && formatOnly(c)) ? 'neutral' : 'info')),
        ),
        ...r.changes.map((c) => changeBlock(c)),
      );
    }
    return h(
      'article',
      { class: 'card revision', 'aria-labelledby': titleId, 'data-testid': 'revision', 'data-revision': r.revision },
      h('h3', { class: 'card-title', id: titleId }, tf('history.revision', { n: r.revision }), current ? h('span', {}, ' ', badge(t('history.current'), 'good')) : null),
      h(
        'p',
        { class: 'revision-meta' },
        h('time', { datetime: r.createdAt }, formatDateTime(r.createdAt)),
        ' · ',
        h('span', { 'data-testid': 'revision-author' }, authorLabel(r.author)),
        r.author.organisation ? h('span', { class: 'muted' }, `（${r.author.organisation}）`) : null,
      ),
      ...changes,
      this.comments(r),
    );
  }

  private comments(r: PlanRevision): HTMLElement {
    const path = `body.${r.revision}`;
    const open = this.drafts.has(r.revision);
    const details = h('details', { class: 'comment-form', open: open || undefined }, h('summary', { class: 'button button-secondary' }, t('history.addComment')));
    details.addEventListener('toggle', () => {
      if (details.open && !this.drafts.has(r.revision)) this.drafts.set(r.revision, '');
    });
    details.append(
      inputField({
        path,
        label: tf('history.commentLabel', { n: r.revision }),
        value: this.drafts.get(r.revision) ?? '',
        multiline: true,
        onInput: (v) => this.drafts.set(r.revision, v),
        errors: this.errors,
        maxlength: 2000,
        testId: 'comment-body',
      }),
      h('p', { class: 'actions' }, button(t('history.commentSubmit'), () => this.addComment(r), { kind: 'primary', testId: 'comment-submit' })),
    );
    return h(
      'div',
      { class: 'comments' },
      r.comments.length
        ? h('div', {}, h('h4', {}, `${t('history.comments')} (${r.comments.length})`), h('ul', { class: 'comment-list', 'data-testid': 'comments' }, ...r.comments.map((c) => h('li', {}, h('p', { class: 'comment-meta' }, authorLabel(c.author), ' · ', h('time', { datetime: c.createdAt }, formatDateTime(c.createdAt))), h('p', { class: 'comment-body' }, c.body)))))
        : null,
      details,
    );
  }

  private async addComment(r: PlanRevision): Promise<void> {
    const body = (this.drafts.get(r.revision) ?? '').trim();
    const path = `body.${r.revision}`;
    this.errors.clear();
    if (!body) {
      this.errors.add(path, t('fieldError.required'));
      this.render();
      return;
    }
    try {
      await addPlanComment(this.ctx.client, this.personId, r.revision, body);
      r.comments.push({ id: `local-${Date.now()}`, body, createdAt: new Date().toISOString(), author: { displayName: this.ctx.account.displayName, role: this.ctx.account.role } });
      this.drafts.delete(r.revision);
      showNotice(() => t('history.commentAdded'), 'info', { id: 'comment' });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'BAD_USER_INPUT') {
        for (const f of e.fields) this.errors.add(path, fieldMessage(f.message));
      } else {
        const rd = readableError(e);
        showNotice(() => readableError(e).message, 'error', { id: 'comment', details: rd.details });
      }
    }
    this.render();
  }
}

/** True when a change reads the same before and after (only the stored notation differs). */
function formatOnly(c: FieldChange): boolean {
  if (c.before === null && c.after === null) return false; // hidden from this account, not unchanged
  return JSON.stringify(fieldLines(c.field, c.before)) === JSON.stringify(fieldLines(c.field, c.after));
}

/** One field's change: list fields as removed / added entries, others as before → after. */
function changeBlock(c: FieldChange): HTMLElement {
  const before = fieldLines(c.field, c.before);
  const after = fieldLines(c.field, c.after);
  const title = h('h4', {}, fieldName(c.field));
  if (c.before === null && c.after === null) {
    return h('div', { class: 'change', 'data-testid': 'change', 'data-field': c.field }, title, h('p', { class: 'muted' }, t('fmt.redacted')));
  }
  if (formatOnly(c)) {
    return h('div', { class: 'change', 'data-testid': 'change', 'data-field': c.field }, title, h('p', { class: 'muted' }, t('history.formatOnly')));
  }
  if (LIST_FIELDS.has(c.field)) {
    const removed = before.filter((l) => !after.includes(l));
    const added = after.filter((l) => !before.includes(l));
    return h(
      'div',
      { class: 'change', 'data-testid': 'change', 'data-field': c.field },
      title,
      removed.length ? h('ul', { class: 'diff diff-removed' }, ...removed.map((l) => h('li', {}, h('span', { class: 'diff-mark' }, `− ${t('history.removed')}`), h('del', {}, l)))) : null,
      added.length ? h('ul', { class: 'diff diff-added' }, ...added.map((l) => h('li', {}, h('span', { class: 'diff-mark' }, `＋ ${t('history.added')}`), h('ins', {}, l)))) : null,
    );
  }
  return h(
    'div',
    { class: 'change', 'data-testid': 'change', 'data-field': c.field },
    title,
    h(
      'dl',
      { class: 'diff-pair' },
      h('div', {}, h('dt', {}, t('history.before')), h('dd', {}, before.length ? h('del', {}, before.join('\n')) : h('span', { class: 'muted' }, t('fmt.empty')))),
      h('div', {}, h('dt', {}, `→ ${t('history.after')}`), h('dd', {}, after.length ? h('ins', {}, after.join('\n')) : h('span', { class: 'muted' }, t('fmt.empty')))),
    ),
  );
}
