/** The way from a person's page to their ACP: shown only to roles the access policy may let read it. */
import { h } from '../dom';
import type { Role, SignedInAccount } from '../types';
import { badge, linkButton, section } from '../ui';
import { acpDrafts } from './acp-draft-store';
import { at } from './acp-i18n';
import { acpHref } from './acp-route';

/** Roles the access policy may let read ACP (with care-team membership and the person's consent). */
const ACP_READERS = new Set<Role>(['HOME_CARE_DOCTOR', 'VISITING_NURSE', 'ACP_FACILITATOR', 'CARE_MANAGER', 'PERSON_OR_SURROGATE']);

export function acpPersonSection(account: SignedInAccount, personId: string): HTMLElement | null {
  if (!ACP_READERS.has(account.role)) return null;
  const draft = acpDrafts.load(account.accountId, personId);
  return section(
    at('person.link'),
    'person-acp',
    h('p', {}, at('person.linkHint'), draft ? ' ' : null, draft ? badge(at('person.draft'), 'warn', { 'data-testid': 'person-acp-draft' }) : null),
    h('p', { class: 'actions' }, linkButton(at('person.open'), acpHref({ personId, tab: 'stance' }), { kind: 'primary', testId: 'open-acp' })),
  );
}
