/**
 * Reading the ACP: the current wish per topic (highlighted), how each wish changed over the discussions
 * (date, who was present, what changed), physician orders shown as orders, and the list of records with
 * corrections marked. Pure rendering from what the API answered.
 */
import { h, type Child } from '../dom';
import { joinList } from '../i18n';
import { badge, formatDate, formatDateTime } from '../ui';
import type { Discussion, PhysicianOrder, Stance, Statement, TimelineEntry } from './acp-api';
import { acpCode, at, atf } from './acp-i18n';

/** What a topic is about: "CPR (…) — if no recovery is expected", "Place of death". */
export function topicTitle(s: Pick<Statement, 'topic' | 'intervention' | 'scenario'>): string {
  if (s.topic === 'TREATMENT' && s.intervention) return `${acpCode('intervention', s.intervention)} — ${acpCode('scenario', s.scenario ?? 'ANY')}`;
  return acpCode('topic', s.topic);
}

/** What was said, in words. */
export function statementValue(s: Statement): string {
  if (s.choice) return acpCode('choice', s.choice);
  if (s.place) return acpCode('place', s.place);
  if (s.disclosure) return acpCode('disclosure', s.disclosure);
  if (s.topic === 'VALUES') return [joinList(s.values.map((v) => acpCode('value', v))), s.text ? `「${s.text}」` : ''].filter(Boolean).join(' ');
  return s.text ?? '';
}

function choiceBadge(s: Statement): HTMLElement {
  const tone = s.choice === 'WANTS' ? 'info' : s.choice === 'DOES_NOT_WANT' ? 'warn' : 'neutral';
  return badge(statementValue(s), tone, { 'data-testid': 'acp-value', 'data-choice': s.choice ?? '' });
}

export function stanceSummary(stance: Stance, actions: Child[]): HTMLElement {
  return h('section', { class: 'card acp-summary', 'data-testid': 'acp-summary' },
    h('p', { class: 'acp-summary-line' },
      stance.discussionCount ? badge(atf('summary.count', { n: stance.discussionCount }), 'info', { 'data-testid': 'acp-discussion-count' }) : null,
      ' ',
      stance.lastDiscussionAt ? atf('summary.last', { date: formatDate(stance.lastDiscussionAt) }) : at('summary.none'),
    ),
    stance.declined ? h('p', { class: 'notice-inline', 'data-testid': 'acp-declined-notice' }, at('summary.declined')) : null,
    h('div', { class: 'actions' }, ...actions),
  );
}

/** Physician orders: the doctor's, kept apart from the person's wishes. */
export function ordersBlock(orders: PhysicianOrder[], testId = 'acp-orders'): HTMLElement {
  return h('section', { class: 'card acp-orders', 'data-testid': testId, 'aria-labelledby': `${testId}-title` },
    h('h3', { class: 'card-title', id: `${testId}-title` }, at('orders.title')),
    h('p', { class: 'muted' }, at('orders.intro')),
    orders.length === 0
      ? h('p', { 'data-testid': 'acp-orders-none' }, at('orders.none'))
      : h('ul', { class: 'acp-order-list' },
          ...orders.map((o) =>
            h('li', { class: 'acp-order', 'data-testid': 'acp-order', 'data-code': o.code },
              h('p', { class: 'acp-order-code' }, h('span', { class: 'acp-order-kind' }, acpCode('orderKind', o.kind)), ' ', acpCode('orderCode', o.code)),
              o.instructions ? h('p', {}, atf('orders.instructions', { text: o.instructions })) : null,
              h('p', { class: 'acp-order-meta' }, atf('orders.by', { name: o.orderedByName ?? '—' }), ' · ', atf('orders.at', { date: formatDate(o.orderedAt) })),
            ),
          ),
        ),
  );
}

export function currentBlock(stance: Stance): HTMLElement {
  return h('section', { class: 'card acp-current', 'data-testid': 'acp-current', 'aria-labelledby': 'acp-current-title' },
    h('h3', { class: 'card-title', id: 'acp-current-title' }, at('current.title')),
    stance.current.length === 0
      ? h('p', {}, at('current.none'))
      : h('div', {},
          h('p', { class: 'muted' }, at('current.intro')),
          h('ul', { class: 'acp-current-list' },
            ...stance.current.map((s) =>
              h('li', { class: 'acp-current-item', 'data-testid': 'acp-current-item', 'data-key': s.key },
                h('p', { class: 'acp-topic' }, topicTitle(s)),
                h('p', { class: 'acp-current-value' }, s.choice ? choiceBadge(s) : h('span', { 'data-testid': 'acp-value' }, statementValue(s))),
                s.note ? h('p', { class: 'acp-note' }, `「${s.note}」`) : null,
                h('p', { class: 'acp-meta' }, atf('current.said', { date: formatDate(s.heldAt) })),
              ),
            ),
          ),
        ),
  );
}

/**
 * The history grouped by topic (the API gives it grouped, oldest first within a topic). `byId` holds the
 * loaded records, to mark entries that come from a correction.
 */
export function timelineBlock(stance: Stance, byId: Map<string, Discussion>): HTMLElement {
  const groups: TimelineEntry[][] = [];
  for (const e of stance.history) {
    const last = groups[groups.length - 1];
    if (last && last[0]?.key === e.key) last.push(e);
    else groups.push([e]);
  }
  return h('section', { class: 'card acp-timeline', 'data-testid': 'acp-timeline', 'aria-labelledby': 'acp-timeline-title' },
    h('h3', { class: 'card-title', id: 'acp-timeline-title' }, at('timeline.title')),
    h('p', { class: 'muted' }, at('timeline.intro')),
    ...groups.map((entries) => {
      const first = entries[0] as TimelineEntry;
      return h('div', { class: 'acp-topic-history', 'data-testid': 'acp-topic-history', 'data-key': first.key },
        h('h4', { class: 'acp-topic' }, topicTitle(first)),
        h('ol', { class: 'acp-steps' },
          ...entries.map((e, i) => {
            const isCurrent = i === entries.length - 1;
            const d = byId.get(e.discussionId);
            return h('li', { class: `acp-step${isCurrent ? ' is-current' : ''}${e.changed && i > 0 ? ' is-changed' : ''}`, 'data-testid': 'acp-step', 'data-current': String(isCurrent), 'data-choice': e.choice ?? '' },
              h('p', { class: 'acp-step-head' },
                h('span', { class: 'acp-step-date' }, formatDate(e.heldAt)),
                ' ',
                e.choice ? choiceBadge(e) : h('strong', { 'data-testid': 'acp-value' }, statementValue(e)),
                isCurrent ? badge(at('timeline.current'), 'good', { 'data-testid': 'acp-step-current' }) : null,
                i > 0 ? (e.changed ? badge(at('timeline.changed'), 'warn', { 'data-testid': 'acp-step-changed' }) : h('span', { class: 'muted' }, at('timeline.same'))) : null,
                d?.correctsId ? badge(atf('timeline.correctionOf', { reason: d.correctionReason ?? '' }), 'danger', { 'data-testid': 'acp-step-correction' }) : null,
              ),
              e.note ? h('p', { class: 'acp-note' }, `「${e.note}」`) : null,
              h('p', { class: 'acp-meta' },
                e.presentNames.length ? atf('timeline.present', { names: joinList(e.presentNames) }) : null,
                e.facilitatorName ? ` · ${atf('timeline.facilitator', { name: e.facilitatorName })}` : null,
              ),
            );
          }),
        ),
      );
    }),
  );
}

function statementCount(d: Discussion): number {
  return d.preferences.length + (d.valuesChecklist.length || d.valuesText ? 1 : 0) + (d.preferredPlaceOfCare ? 1 : 0) + (d.preferredPlaceOfDeath ? 1 : 0) +
    (d.disclosurePreference ? 1 : 0) + (d.surrogates ? 1 : 0) + (d.comfortWishes ? 1 : 0) + (d.spiritualWishes ? 1 : 0) + (d.afterDeathWishes ? 1 : 0);
}

/** The records, newest first; corrected ones struck through, corrections with their reason. */
export function discussionList(discussions: Discussion[], o: { canCorrect: boolean; correct(d: Discussion): void; more: (() => void) | null }): HTMLElement {
  const more = o.more ? h('button', { type: 'button', class: 'button button-secondary', 'data-testid': 'acp-list-more' }, at('list.more')) : null;
  if (more && o.more) more.addEventListener('click', o.more);
  return h('section', { class: 'card acp-list', 'data-testid': 'acp-list', 'aria-labelledby': 'acp-list-title' },
    h('h3', { class: 'card-title', id: 'acp-list-title' }, at('list.title')),
    h('p', { class: 'muted' }, at('list.intro')),
    h('ul', { class: 'acp-records' },
      ...discussions.map((d) => {
        const correct = o.canCorrect && !d.supersededById ? h('button', { type: 'button', class: 'button button-secondary button-small', 'data-testid': 'acp-correct' }, at('list.correct')) : null;
        correct?.addEventListener('click', () => o.correct(d));
        return h('li', { class: `acp-record${d.supersededById ? ' is-superseded' : ''}`, 'data-testid': 'acp-record', 'data-id': d.id },
          h('p', { class: 'acp-record-head' },
            h('strong', {}, formatDateTime(d.heldAt)),
            ' ',
            d.declined ? badge(at('list.declined'), 'neutral', { 'data-testid': 'acp-record-declined' }) : null,
            d.correctsId ? badge(at('list.correction'), 'danger', { 'data-testid': 'acp-record-correction' }) : null,
            d.supersededById ? badge(at('list.superseded'), 'neutral', { 'data-testid': 'acp-record-superseded' }) : null,
          ),
          d.correctionReason ? h('p', {}, atf('list.reason', { reason: d.correctionReason })) : null,
          h('p', { class: 'acp-meta' },
            d.place ? atf('list.place', { place: d.place }) : null,
            d.facilitatorName ? `${d.place ? ' · ' : ''}${atf('list.facilitator', { name: d.facilitatorName })}` : null,
          ),
          d.participants.length
            ? h('p', { class: 'acp-meta' }, atf('list.participants', { names: joinList(d.participants.map((p) => (p.relation ? `${p.name}（${p.relation}）` : `${p.name}（${acpCode('role', p.role)}）`))) }))
            : null,
          d.declined ? (d.declinedNote ? h('p', {}, d.declinedNote) : null) : h('p', { class: 'acp-meta' }, atf('list.statements', { n: statementCount(d) })),
          d.nextReviewTrigger ? h('p', { class: 'acp-meta' }, atf('list.nextReview', { text: d.nextReviewTrigger })) : null,
          correct ? h('p', { class: 'actions' }, correct) : null,
        );
      }),
    ),
    more ? h('p', { class: 'actions' }, more) : null,
  );
}
