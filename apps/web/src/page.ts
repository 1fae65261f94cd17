/** A page of the signed-in app, shown under the header for one route. */
import type { ApiClient, SessionPort } from './api';
import type { TickQueue } from './offline/tick-queue';
import type { SessionData } from './session-data';
import type { SignedInAccount } from './types';

export interface PageContext {
  client: ApiClient;
  account: SignedInAccount;
  data: SessionData;
  /** The session, for the live connection (its token, refresh when it expires). */
  session: SessionPort;
  /** The offline outbox of safety checks. */
  ticks: TickQueue;
}

export interface Page {
  readonly element: HTMLElement;
  /** 'fill': the page fills the height under the header (the map); 'scroll': a document that scrolls. */
  readonly layout: 'fill' | 'scroll';
  /** The page title for `document.title` (after a language change too). */
  title(): string;
  /** Runs once the element is in the document. */
  mounted?(): void;
  /** Re-renders the visible strings after a language change, keeping what was typed. */
  relabel(): void;
  /** The space under the header changed (notices, window size). */
  resize?(): void;
  /** True while leaving would lose typed input; the router then asks first. */
  hasUnsavedChanges?(): boolean;
  destroy(): void;
}
