/**
 * One roster entry: the roster fields (49-10(2)(i)–(vi)), the priority with each factor explained in
 * words, the plan's status with links to the plan and its history, and the consent records.
 */
import { acpPersonSection } from './acp/acp-link';
import { ApiError } from './api';
import { ConsentPanel } from './consent-panel';
import { h, replaceContent } from './dom';
import { codeLabel, joinList, language, t, tf } from './i18n';
import type { Page, PageContext } from './page';
import { rosterHref } from './people-page';
import { agreedText } from './plan-format';
import { fetchPerson, type PlanHeadline } from './roster-api';
import { href } from './router';
import type { District, MunicipalityName, PersonDetail } from './types';
import { badge, definitionList, errorBlock, formatDate, formatDateTime, linkButton, loadingBlock, planStatusBadge, priorityTone, section } from './ui';

type Loaded = PersonDetail & { plan: PlanHeadline | null };

export class PersonPage implements Page {
  readonly layout = 'scroll';
  readonly element = h('div', { class: 'page page-person' });
  private person: Loaded | null = null;
  private error: unknown = null;
  private municipalities: MunicipalityName[] = [];
  private districts: District[] = [];
  private consent: ConsentPanel | null = null;
  private destroyed = false;

  constructor(private readonly ctx: PageContext, private readonly personId: string) {
    this.render();
  }

  title(): string {
    return this.person ? `${this.person.name} – ${t('page.person')}` : t('page.person');
  }

  mounted(): void {
    void this.load();
  }

  relabel(): void {
    this.render();
  }

  hasUnsavedChanges(): boolean {
    return this.consent?.hasUnsavedChanges() ?? false;
  }

  destroy(): void {
    this.destroyed = true;
    this.consent?.destroy();
    this.element.remove();
  }

  private async load(): Promise<void> {
    this.error = null;
    this.render();
    try {
      this.person = await fetchPerson(this.ctx.client, this.personId);
    } catch (e) {
      this.error = e;
    }
    if (this.destroyed) return;
    if (this.person) {
      this.consent = new ConsentPanel(this.ctx, this.personId, this.person.plan?.supporters ?? []);
      try {
        const info = await this.ctx.data.scopeInfo();
        this.municipalities = info.municipalities;
        this.districts = await this.ctx.data.districts(this.person.municipalityCode);
      } catch {
        /* names fall back to codes */
      }
    }
    if (this.destroyed) return;
    this.render();
    document.title = `${this.title()} – ${t('app.name')}`;
    this.consent?.load();
  }

  private render(): void {
    const back = h('p', { class: 'back' }, h('a', { href: rosterHref(), 'data-testid': 'back-to-roster' }, `← ${t('person.back')}`));
    const p = this.person;
    if (!p) {
      const notFound = this.error instanceof ApiError && this.error.code === 'NOT_FOUND';
      this.element.replaceChildren(back, h('h2', { class: 'page-title' }, t('page.person')), this.error ? errorBlock(this.error, notFound ? undefined : () => void this.load()) : loadingBlock());
      return;
    }
    replaceContent(
      this.element,
      back,
      h(
        'header',
        { class: 'page-head' },
        h('h2', { class: 'page-title', 'data-testid': 'person-name' }, h('span', { lang: 'ja' }, p.name)),
        h('p', { class: 'page-subtitle', lang: 'ja' }, p.nameKana),
        h(
          'p',
          { class: 'person-line', 'data-testid': 'person-line' },
          `${tf('people.age', { n: p.age })} · ${codeLabel('sex', p.sex)} · `,
          h('span', { lang: 'ja' }, p.address),
          p.phone ? h('span', {}, ' · ', h('a', { href: `tel:${p.phone.replace(/[^\d+]/g, '')}` }, `☎ ${p.phone}`)) : null,
        ),
        h('p', { class: 'page-tags' }, planStatusBadge(p.planStatus), p.rosterStatus === 'EXCLUDED' ? badge(codeLabel('rosterStatus', 'EXCLUDED'), 'danger') : null),
      ),
      this.prioritySection(p),
      this.planSection(p),
      acpPersonSection(this.ctx.account, p.id),
      this.consent ? this.consent.element : null,
      this.rosterSection(p),
    );
    this.consent?.relabel();
  }

  private prioritySection(p: Loaded): HTMLElement {
    const tone = priorityTone(p.priority.score);
    return section(
      t('person.priorityTitle'),
      'person-priority',
      h('p', { class: `priority-line score-${tone}` }, h('span', { class: `score score-${tone}` }, h('span', { class: 'score-value' }, String(p.priority.score))), tf('person.priorityScore', { score: p.priority.score })),
      p.priority.factors.length === 0
        ? h('p', {}, t('person.priorityNone'))
        : h(
            'div',
            {},
            h('p', {}, t('person.priorityIntro')),
            h(
              'ul',
              { class: 'factor-list', 'data-testid': 'priority-explained' },
              ...p.priority.factors.map((f) => h('li', {}, h('strong', {}, codeLabel('factor', f)), h('span', {}, codeLabel('factorText', f)))),
            ),
          ),
    );
  }

  private planSection(p: Loaded): HTMLElement {
    const plan = p.plan;
    const links = h(
      'p',
      { class: 'actions' },
      linkButton(p.planStatus ? t('person.openPlan') : t('person.createPlan'), href({ name: 'plan', personId: p.id }), { kind: 'primary', testId: 'open-plan' }),
      p.planStatus ? linkButton(t('person.history'), href({ name: 'history', personId: p.id }), { testId: 'open-history' }) : null,
    );
    if (!plan) {
      return section(t('person.planTitle'), 'person-plan', h('p', {}, p.planStatus ? t('person.planHidden') : t('person.noPlan')), links);
    }
    const supporters = plan.supporters.map((s) => (s.redacted || !s.name ? `${t('fmt.redacted')}（${s.relation}）` : `${s.name}（${s.relation}）`));
    return section(
      t('person.planTitle'),
      'person-plan',
      definitionList([
        [t('plan.workflow'), [planStatusBadge(plan.status), ' ', tf('person.planRevision', { n: plan.revision })]],
        [t('person.destination'), plan.destination ? `${codeLabel('destType', plan.destination.type)}: ${plan.destination.name}` : null],
        [t('person.supporters'), supporters.length ? joinList(supporters) : t('common.none')],
        [t('person.shelterAccess'), codeLabel('shelterAccess', plan.shelterAccess)],
        [t('person.planUpdated'), formatDateTime(plan.updatedAt)],
        [t('person.nextReview'), formatDate(plan.nextReviewAt)],
        [t('person.agreed'), plan.agreedAt ? agreedText(plan) : null],
      ]),
      links,
    );
  }

  private rosterSection(p: Loaded): HTMLElement {
    const list = (group: string, codes: string[]) => (codes.length ? joinList(codes.map((c) => codeLabel(group, c))) : t('common.none'));
    const municipality = this.municipalities.find((m) => m.code === p.municipalityCode);
    const district = this.districts.find((d) => d.code === p.districtCode);
    return section(
      t('person.roster'),
      'person-roster',
      definitionList(
        [
          [t('person.kana'), h('span', { lang: 'ja' }, p.nameKana)],
          [t('person.birthDate'), `${formatDate(p.birthDate)}（${tf('people.age', { n: p.age })}）`],
          [t('person.sex'), codeLabel('sex', p.sex)],
          [t('person.address'), h('span', { lang: 'ja' }, p.address)],
          [t('person.municipality'), municipality ? (language() === 'en' ? municipality.nameEn : municipality.nameJa) : p.municipalityCode],
          [t('person.district'), district ? district.nameJa : p.districtCode],
          [t('person.phone'), p.phone ? h('a', { href: `tel:${p.phone.replace(/[^\d+]/g, '')}` }, p.phone) : null],
          [t('person.otherContacts'), p.otherContacts.length ? joinList(p.otherContacts) : null],
          [t('person.household'), codeLabel('household', p.household)],
          [t('person.careLevel'), codeLabel('careLevel', p.careLevel)],
          [t('person.supportReasons'), list('supportReason', p.supportReasons)],
          [t('person.supportReasonNote'), p.supportReasonNote],
          [t('person.medical'), list('medical', p.medicalDependencies)],
          [t('person.hazards'), list('hazardFlag', p.hazardFlags)],
          [t('person.rosterStatus'), codeLabel('rosterStatus', p.rosterStatus)],
          [t('person.rosterExcluded'), p.rosterExcludedReason],
          [t('person.updatedAt'), formatDateTime(p.updatedAt)],
        ],
        'person-facts',
      ),
    );
  }
}
