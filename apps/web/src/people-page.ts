/**
 * The roster: search by a fragment of the name or its kana, filters (municipality among the account's
 * memberships, district, reasons for support, medical care, plan status, no plan yet), highest
 * priority first with the score and its factors, "show more" paging. The filters live in the address
 * (#/people?text=…), so Back from a person returns to the same list.
 */
import { h } from './dom';
import { codeLabel, joinList, language, t, tf } from './i18n';
import type { Page, PageContext } from './page';
import { fetchPeople, type PeoplePage as RosterPage } from './roster-api';
import { href, replaceRoute } from './router';
import { MEDICAL_DEPENDENCIES, PLAN_FILTER_STATUSES, SUPPORT_REASONS, type District, type Membership, type MunicipalityName, type PeopleFilter, type PersonSummary } from './types';
import { badge, errorBlock, loadingBlock, planStatusBadge, priorityTone } from './ui';

/** The roster address the person last looked at (the person page links back to it). */
let lastRosterHash = '#/people';
export function rosterHref(): string {
  return lastRosterHash;
}

const SEARCH_DELAY_MS = 300;

export class PeoplePage implements Page {
  readonly layout = 'scroll';
  readonly element = h('div', { class: 'page page-people' });
  private filter: PeopleFilter;
  private people: PersonSummary[] = [];
  private endCursor: string | null = null;
  private loading = false;
  private error: unknown = null;
  private request = 0;
  private memberships: Membership[] = [];
  private municipalities: MunicipalityName[] = [];
  private districts: District[] = [];
  private searchTimer: number | undefined;
  private filtersOpen = false;
  private destroyed = false;
  private readonly searchInput = h('input', {
    id: 'people-search',
    type: 'search',
    enterkeyhint: 'search',
    autocomplete: 'off',
    'aria-describedby': 'people-search-hint',
    'data-testid': 'people-search',
  });
  private readonly filtersArea = h('div', { class: 'people-filters' });
  private readonly listArea = h('div', { class: 'people-results' });

  constructor(private readonly ctx: PageContext, query: URLSearchParams) {
    this.filter = filterFromQuery(query);
    this.searchInput.value = this.filter.text ?? '';
    this.searchInput.addEventListener('input', () => {
      window.clearTimeout(this.searchTimer);
      this.searchTimer = window.setTimeout(() => this.setFilter({ text: this.searchInput.value }), SEARCH_DELAY_MS);
    });
    this.searchInput.addEventListener('keydown', (ev) => {
      if (ev.key !== 'Enter') return;
      ev.preventDefault();
      window.clearTimeout(this.searchTimer);
      this.setFilter({ text: this.searchInput.value });
    });
    lastRosterHash = location.hash || '#/people';
    this.render();
  }

  title(): string {
    return t('page.people');
  }

  mounted(): void {
    void this.loadScope();
    void this.load(false);
  }

  relabel(): void {
    this.render();
  }

  destroy(): void {
    this.destroyed = true;
    window.clearTimeout(this.searchTimer);
    this.element.remove();
  }

  private async loadScope(): Promise<void> {
    try {
      const info = await this.ctx.data.scopeInfo();
      this.memberships = info.memberships;
      this.municipalities = info.municipalities;
      await this.loadDistricts();
    } catch {
      // Filters by municipality and district stay hidden; the list itself reports its own errors.
    }
    if (!this.destroyed) this.render();
  }

  private async loadDistricts(): Promise<void> {
    const codes = this.filter.municipalityCode ? [this.filter.municipalityCode] : [...new Set(this.memberships.map((m) => m.municipalityCode))];
    const lists = await Promise.all(codes.map((c) => this.ctx.data.districts(c)));
    // District-scoped accounts (welfare volunteers) see their own districts only.
    const own = new Set(this.memberships.filter((m) => m.districtCode).map((m) => m.districtCode as string));
    this.districts = lists.flat().filter((d) => own.size === 0 || own.has(d.code));
  }

  private setFilter(change: Partial<PeopleFilter>): void {
    this.filter = { ...this.filter, ...change };
    if (change.municipalityCode !== undefined) {
      this.filter.districtCode = undefined;
      void this.loadDistricts().then(() => !this.destroyed && this.renderFiltersArea());
    }
    replaceRoute({ name: 'people', query: queryFromFilter(this.filter) });
    lastRosterHash = location.hash;
    this.renderFiltersArea();
    void this.load(false);
  }

  private async load(more: boolean): Promise<void> {
    const id = ++this.request;
    const shownBefore = more ? this.people.length : 0;
    this.loading = true;
    this.error = null;
    if (!more) this.endCursor = null;
    this.renderList();
    try {
      const page: RosterPage = await fetchPeople(this.ctx.client, this.filter, more ? this.endCursor : null);
      if (id !== this.request || this.destroyed) return; // a newer search answered first or will
      this.people = more ? [...this.people, ...page.nodes] : page.nodes;
      this.endCursor = page.endCursor;
    } catch (e) {
      if (id !== this.request || this.destroyed) return;
      this.error = e;
      if (!more) this.people = [];
    }
    this.loading = false;
    this.renderList();
    // After "show more", keyboard and screen-reader users continue at the first new entry.
    if (more) this.element.querySelector<HTMLElement>(`[data-index="${shownBefore}"]`)?.focus();
  }

  private render(): void {
    const searchLabel = h('label', { for: 'people-search', class: 'search-label' }, t('people.search'));
    const form = h(
      'form',
      { class: 'search', role: 'search', 'data-testid': 'people-search-form' },
      searchLabel,
      h('p', { class: 'field-hint', id: 'people-search-hint' }, t('people.searchHint')),
      this.searchInput,
    );
    form.addEventListener('submit', (ev) => ev.preventDefault());
    this.element.replaceChildren(h('h2', { class: 'page-title' }, t('people.title')), form, this.filtersArea, this.listArea);
    this.renderFiltersArea();
    this.renderList();
  }

  /** Re-renders the filters (their count, the clear button), keeping the focus on the control it was on. */
  private renderFiltersArea(): void {
    const focused = document.activeElement instanceof HTMLElement && this.filtersArea.contains(document.activeElement) ? document.activeElement.id : '';
    this.filtersArea.replaceChildren(this.renderFilters());
    if (focused) document.getElementById(focused)?.focus({ preventScroll: true });
  }

  private renderFilters(): HTMLElement {
    const f = this.filter;
    const active = countFilters(f);
    const summary = h('summary', { 'data-testid': 'people-filters-toggle' }, active ? tf('people.filtersActive', { n: active }) : t('people.filters'));
    const details = h('details', { class: 'filters', 'data-testid': 'people-filters', open: this.filtersOpen || undefined }, summary);
    details.addEventListener('toggle', () => (this.filtersOpen = details.open));

    const municipalityCodes = [...new Set(this.memberships.map((m) => m.municipalityCode))];
    if (municipalityCodes.length > 1) {
      details.append(
        selectRow('people-municipality', t('people.municipality'), f.municipalityCode ?? '', [
          { value: '', label: t('people.allMunicipalities') },
          ...municipalityCodes.map((c) => ({ value: c, label: this.municipalityName(c) })),
        ], (v) => this.setFilter({ municipalityCode: v || undefined })),
      );
    }
    if (this.districts.length > 1) {
      details.append(
        selectRow('people-district', t('people.district'), f.districtCode ?? '', [
          { value: '', label: t('people.allDistricts') },
          ...this.districts.map((d) => ({ value: d.code, label: d.nameJa })),
        ], (v) => this.setFilter({ districtCode: v || undefined })),
      );
    }
    details.append(
      chipGroup('needs', t('people.needs'), SUPPORT_REASONS.map((c) => ({ value: c, label: codeLabel('supportReason', c) })), f.needs ?? [], (v) => this.setFilter({ needs: v })),
      chipGroup('medical', t('people.medical'), MEDICAL_DEPENDENCIES.map((c) => ({ value: c, label: codeLabel('medical', c) })), f.medicalDependencies ?? [], (v) => this.setFilter({ medicalDependencies: v })),
      chipGroup('status', t('people.planStatus'), PLAN_FILTER_STATUSES.map((c) => ({ value: c, label: codeLabel('planStatus', c) })), f.planStatus ?? [], (v) => this.setFilter({ planStatus: v }), !!f.noPlan),
    );
    const noPlan = h('input', { type: 'checkbox', id: 'people-noplan', 'data-testid': 'people-noplan' });
    noPlan.checked = !!f.noPlan;
    noPlan.addEventListener('change', () => this.setFilter({ noPlan: noPlan.checked, planStatus: noPlan.checked ? [] : f.planStatus }));
    details.append(h('div', { class: 'check' }, noPlan, h('label', { for: 'people-noplan' }, t('people.noPlan'))));
    if (active) {
      const clear = h('button', { type: 'button', class: 'button button-secondary', 'data-testid': 'people-clear' }, t('people.clearFilters'));
      clear.addEventListener('click', () => {
        this.filter = { text: this.filter.text };
        this.setFilter({});
        this.filtersArea.querySelector<HTMLElement>('summary')?.focus();
      });
      details.append(clear);
    }
    return details;
  }

  private renderList(): void {
    const items: Node[] = [];
    if (this.error && this.people.length === 0) {
      this.listArea.replaceChildren(errorBlock(this.error, () => void this.load(false)));
      return;
    }
    if (this.loading && this.people.length === 0) {
      this.listArea.replaceChildren(loadingBlock());
      return;
    }
    const count = h(
      'p',
      { class: 'people-count', role: 'status', 'data-testid': 'people-count' },
      this.people.length === 0 ? t('people.empty') : tf(this.endCursor ? 'people.countMore' : 'people.count', { n: this.people.length }),
    );
    items.push(count);
    if (this.people.length > 0) {
      items.push(h('ol', { class: 'person-list', 'data-testid': 'people-list' }, ...this.people.map((p, i) => h('li', {}, this.card(p, i)))));
    }
    if (this.error) items.push(errorBlock(this.error, () => void this.load(true)));
    if (this.endCursor) {
      const more = h('button', { type: 'button', class: 'button button-secondary button-wide', 'data-testid': 'people-more', disabled: this.loading }, this.loading ? t('common.loading') : t('people.more'));
      more.addEventListener('click', () => void this.load(true));
      items.push(more);
    }
    this.listArea.replaceChildren(...items);
  }

  private card(p: PersonSummary, index: number): HTMLElement {
    const tone = priorityTone(p.priority.score);
    const factors = p.priority.factors.map((f) => codeLabel('factor', f));
    return h(
      'a',
      { class: 'person-card', href: href({ name: 'person', personId: p.id }), 'data-testid': 'person-card', 'data-person-id': p.id, 'data-index': index },
      h(
        'span',
        { class: 'person-card-head' },
        h('span', { class: 'person-card-name' }, h('span', { class: 'person-name', lang: 'ja' }, p.name), h('span', { class: 'person-kana', lang: 'ja' }, p.nameKana)),
        h('span', { class: `score score-${tone}`, 'data-testid': 'priority-score' }, h('span', { class: 'score-label' }, t('people.priority')), h('span', { class: 'score-value' }, String(p.priority.score))),
      ),
      h('span', { class: 'person-card-meta' }, `${tf('people.age', { n: p.age })} · `, h('span', { lang: 'ja' }, p.address)),
      h(
        'span',
        { class: 'person-card-tags' },
        planStatusBadge(p.planStatus),
        ...p.medicalDependencies.map((d) => badge(codeLabel('medical', d), 'danger')),
      ),
      factors.length > 0 ? h('span', { class: 'person-card-factors', 'data-testid': 'priority-factors' }, joinList(factors)) : null,
    );
  }

  private municipalityName(code: string): string {
    const m = this.municipalities.find((x) => x.code === code);
    if (!m) return code;
    return language() === 'en' ? m.nameEn : m.nameJa;
  }
}

function filterFromQuery(q: URLSearchParams): PeopleFilter {
  const list = (k: string) => (q.get(k) ?? '').split(',').filter(Boolean);
  return {
    text: q.get('text') ?? undefined,
    municipalityCode: q.get('m') ?? undefined,
    districtCode: q.get('d') ?? undefined,
    needs: list('needs'),
    medicalDependencies: list('med'),
    planStatus: list('status'),
    noPlan: q.get('noplan') === '1',
  };
}

function queryFromFilter(f: PeopleFilter): URLSearchParams {
  const q = new URLSearchParams();
  if (f.text?.trim()) q.set('text', f.text.trim());
  if (f.municipalityCode) q.set('m', f.municipalityCode);
  if (f.districtCode) q.set('d', f.districtCode);
  if (f.needs?.length) q.set('needs', f.needs.join(','));
  if (f.medicalDependencies?.length) q.set('med', f.medicalDependencies.join(','));
  if (f.planStatus?.length && !f.noPlan) q.set('status', f.planStatus.join(','));
  if (f.noPlan) q.set('noplan', '1');
  return q;
}

function countFilters(f: PeopleFilter): number {
  return [f.municipalityCode, f.districtCode, f.needs?.length, f.medicalDependencies?.length, !f.noPlan && f.planStatus?.length, f.noPlan].filter(Boolean).length;
}

function selectRow(id: string, label: string, value: string, options: { value: string; label: string }[], onChange: (v: string) => void): HTMLElement {
  const select = h('select', { id, 'data-testid': id });
  for (const o of options) select.append(h('option', { value: o.value }, o.label));
  select.value = value;
  select.addEventListener('change', () => onChange(select.value));
  return h('div', { class: 'field' }, h('label', { for: id }, label), select);
}

/** A group of toggle chips (checkboxes), each a full 44-px touch target. */
function chipGroup(name: string, legend: string, options: { value: string; label: string }[], selected: string[], onChange: (v: string[]) => void, disabled = false): HTMLElement {
  const chosen = new Set(selected);
  const fieldset = h('fieldset', { class: 'chips', 'data-testid': `people-filter-${name}`, disabled }, h('legend', {}, legend));
  for (const o of options) {
    const id = `people-${name}-${o.value}`;
    const box = h('input', { type: 'checkbox', id, value: o.value, class: 'chip-input' });
    box.checked = chosen.has(o.value);
    box.addEventListener('change', () => {
      if (box.checked) chosen.add(o.value);
      else chosen.delete(o.value);
      onChange(options.map((x) => x.value).filter((v) => chosen.has(v)));
    });
    fieldset.append(h('span', { class: 'chip' }, box, h('label', { for: id }, o.label)));
  }
  return fieldset;
}
