/**
 * Routes of the ACP screens, under a person:
 *   #/people/:id/acp (wishes and history) · #/people/:id/acp/record · #/people/:id/acp/correct/:discussionId
 *   #/people/:id/acp/emergency
 */
export type AcpTab = 'stance' | 'record' | 'emergency';

export interface AcpRoute {
  name: 'acp';
  personId: string;
  tab: AcpTab;
  /** With tab 'record': the discussion being corrected. */
  correctsId?: string;
}

const ID = /^[0-9a-f-]{8,64}$/i;

/** `rest`: the path parts after `people/:id/acp`. Null when they name no ACP screen. */
export function parseAcpRoute(personId: string, rest: string[]): AcpRoute | null {
  if (rest.length === 0) return { name: 'acp', personId, tab: 'stance' };
  if (rest.length === 1 && (rest[0] === 'record' || rest[0] === 'emergency')) return { name: 'acp', personId, tab: rest[0] };
  if (rest.length === 2 && rest[0] === 'correct' && ID.test(rest[1] ?? '')) return { name: 'acp', personId, tab: 'record', correctsId: rest[1] };
  return null;
}

export function acpHref(r: Omit<AcpRoute, 'name'>): string {
  const base = `#/people/${encodeURIComponent(r.personId)}/acp`;
  if (r.tab === 'record' && r.correctsId) return `${base}/correct/${encodeURIComponent(r.correctsId)}`;
  return r.tab === 'stance' ? base : `${base}/${r.tab}`;
}
