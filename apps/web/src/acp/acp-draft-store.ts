/**
 * The recording form's draft, kept on this device while a discussion is being recorded: written on every
 * change, read back when the page opens again (a reload, a dropped connection, the app killed in the
 * background), and deleted once the server has the record.
 *
 * sessionStorage, never localStorage: it is health data, it lives only as long as the tab, and logging
 * out clears the whole of sessionStorage (auth.ts). Keys name the account and the person, so another
 * account signed in later in the same tab never sees it (and drafts of other accounts are dropped when it
 * opens an ACP page).
 */
import type { AcpForm } from './acp-form-model';

const PREFIX = 'anpi.acpDraft.';

export interface AcpDraft {
  v: 1;
  accountId: string;
  personId: string;
  /** 'editing': being typed; 'sending': submitted, waiting for the server (offline, failing network). */
  state: 'editing' | 'sending';
  /** The record a correction replaces (null: a new discussion). */
  correctsId: string | null;
  /** A send was tried: its request may have reached the server even if the answer never came back. */
  attempted?: boolean;
  savedAt: string;
  form: AcpForm;
}

const keyOf = (accountId: string, personId: string) => `${PREFIX}${accountId}.${personId}`;

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export const acpDrafts = {
  load(accountId: string, personId: string): AcpDraft | null {
    try {
      const raw = storage()?.getItem(keyOf(accountId, personId));
      if (!raw) return null;
      const d = JSON.parse(raw) as AcpDraft;
      return d?.v === 1 && d.accountId === accountId && d.personId === personId && d.form ? d : null;
    } catch {
      return null;
    }
  },

  /** False when the device refused to keep it (storage disabled or full): the page then warns before leaving. */
  save(d: Omit<AcpDraft, 'v' | 'savedAt'>): AcpDraft | null {
    const draft: AcpDraft = { ...d, v: 1, savedAt: new Date().toISOString() };
    try {
      const s = storage();
      if (!s) return null;
      s.setItem(keyOf(d.accountId, d.personId), JSON.stringify(draft));
      return draft;
    } catch {
      return null;
    }
  },

  delete(accountId: string, personId: string): void {
    try {
      storage()?.removeItem(keyOf(accountId, personId));
    } catch {
      /* nothing kept */
    }
  },

  /** Drops drafts another account left in this tab (a session that ended without logout). */
  dropOtherAccounts(accountId: string): void {
    const s = storage();
    if (!s) return;
    try {
      const stale: string[] = [];
      for (let i = 0; i < s.length; i++) {
        const k = s.key(i);
        if (k?.startsWith(PREFIX) && !k.startsWith(`${PREFIX}${accountId}.`)) stale.push(k);
      }
      for (const k of stale) s.removeItem(k);
    } catch {
      /* nothing kept */
    }
  },
};
