import { createHash } from 'node:crypto';

/** The fields a chain hash covers, in a fixed order. Changing any of them breaks the chain from that row on. */
export interface ChainRow {
  id: string;
  at: Date | string;
  account_id: string | null;
  role: string | null;
  organisation: string | null;
  action: string;
  data_class: string | null;
  person_id: string | null;
  purpose: string | null;
  incident_id: string | null;
  break_glass: boolean;
  decision: string | null;
  detail: unknown;
}

export const CHAIN_GENESIS = '0'.repeat(64);

export function chainHash(prev: string, r: ChainRow): string {
  const at = r.at instanceof Date ? r.at.toISOString() : new Date(r.at).toISOString();
  const canonical = JSON.stringify([
    r.id, at, r.account_id, r.role, r.organisation, r.action, r.data_class, r.person_id, r.purpose, r.incident_id, r.break_glass, r.decision, canonicalJson(r.detail),
  ]);
  return createHash('sha256').update(prev).update(canonical).digest('hex');
}

/** JSON with object keys sorted, so jsonb's key reordering does not change the hash. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}
