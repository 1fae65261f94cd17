/**
 * Hash routes of the signed-in app. Hash routing needs nothing from the server (every path serves
 * index.html anyway) and survives a reload:
 *   #/map · #/people?text=…&m=… · #/people/:id · #/people/:id/plan · #/people/:id/history
 *   #/incidents · #/incidents/:id · #/incidents/:id/dashboard · #/dashboard
 *   #/people/:id/acp[/record | /emergency | /correct/:discussionId] (acp/acp-route.ts)
 * `#/map` (the start page) shows the active incident when there is one, else the region map.
 */
import { acpHref, parseAcpRoute, type AcpRoute } from './acp/acp-route';

export type Route =
  | { name: 'map' }
  | { name: 'incidents' }
  | { name: 'incident'; incidentId: string }
  | { name: 'dashboard'; incidentId: string | null }
  | { name: 'people'; query: URLSearchParams }
  | { name: 'person'; personId: string }
  | { name: 'plan'; personId: string }
  | { name: 'history'; personId: string }
  | AcpRoute
  | { name: 'notFound' };

/** Which header tab a route belongs to. */
export type Section = 'map' | 'people' | 'dashboard';

const ID = /^[0-9a-f-]{8,64}$/i;

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = q >= 0 ? raw.slice(0, q) : raw;
  const query = new URLSearchParams(q >= 0 ? raw.slice(q + 1) : '');
  const parts = path.split('/').filter(Boolean).map(safeDecode);
  if (parts.length === 0 || (parts.length === 1 && parts[0] === 'map')) return { name: 'map' };
  if (parts.length === 1 && parts[0] === 'dashboard') return { name: 'dashboard', incidentId: null };
  if (parts[0] === 'incidents') {
    if (parts.length === 1) return { name: 'incidents' };
    const incidentId = parts[1] ?? '';
    if (!ID.test(incidentId)) return { name: 'notFound' };
    if (parts.length === 2) return { name: 'incident', incidentId };
    if (parts.length === 3 && parts[2] === 'dashboard') return { name: 'dashboard', incidentId };
    return { name: 'notFound' };
  }
  if (parts[0] !== 'people') return { name: 'notFound' };
  if (parts.length === 1) return { name: 'people', query };
  const personId = parts[1] ?? '';
  if (!ID.test(personId)) return { name: 'notFound' };
  if (parts.length === 2) return { name: 'person', personId };
  if (parts.length === 3 && parts[2] === 'plan') return { name: 'plan', personId };
  if (parts.length === 3 && parts[2] === 'history') return { name: 'history', personId };
  if (parts[2] === 'acp') return parseAcpRoute(personId, parts.slice(3)) ?? { name: 'notFound' };
  return { name: 'notFound' };
}

export function href(route: Route): string {
  switch (route.name) {
    case 'map':
      return '#/map';
    case 'incidents':
      return '#/incidents';
    case 'incident':
      return `#/incidents/${encodeURIComponent(route.incidentId)}`;
    case 'dashboard':
      return route.incidentId ? `#/incidents/${encodeURIComponent(route.incidentId)}/dashboard` : '#/dashboard';
    case 'people': {
      const qs = route.query.toString();
      return qs ? `#/people?${qs}` : '#/people';
    }
    case 'person':
      return `#/people/${encodeURIComponent(route.personId)}`;
    case 'plan':
      return `#/people/${encodeURIComponent(route.personId)}/plan`;
    case 'history':
      return `#/people/${encodeURIComponent(route.personId)}/history`;
    case 'acp':
      return acpHref(route);
    case 'notFound':
      return '#/map';
    default: {
      const unreachable: never = route;
      return unreachable;
    }
  }
}

export function sectionOf(route: Route): Section | null {
  if (route.name === 'map' || route.name === 'incidents' || route.name === 'incident') return 'map';
  if (route.name === 'dashboard') return 'dashboard';
  if (route.name === 'notFound') return null;
  return 'people';
}

export function currentRoute(): Route {
  return parseRoute(location.hash);
}

/** Goes to a route (a new history entry, so Back returns). */
export function navigate(route: Route): void {
  location.hash = href(route);
}

/** Rewrites the address without a history entry or a hashchange (filters of the roster). */
export function replaceRoute(route: Route): void {
  history.replaceState(history.state, '', href(route));
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
