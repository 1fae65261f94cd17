/**
 * Sends the stored draft of a discussion and keeps trying while the network is away: at once, when the
 * browser says it is online again, when the app comes back to the foreground, and by a timer with
 * backoff. The draft stays on the device (state 'sending') until the server has the record.
 *
 * recordAcpDiscussion has no idempotency key, so after a failed attempt whose request may have reached
 * the server, the next attempt first asks whether a record of this account with the same time (and
 * correction target) exists: a dropped answer never records the discussion twice.
 */
import { ApiError, type ApiClient } from '../api';
import { correctDiscussion, fetchRecent, recordDiscussion } from './acp-api';
import { acpDrafts, type AcpDraft } from './acp-draft-store';
import { inputFromForm } from './acp-form-model';

export type SendResult = { kind: 'sent'; correction: boolean } | { kind: 'queued' } | { kind: 'refused'; error: unknown };

const RETRYABLE = new Set(['NETWORK', 'INTERNAL', 'RATE_LIMITED', 'UNAUTHENTICATED']);

export function isRetryable(e: unknown): boolean {
  return e instanceof ApiError && (RETRYABLE.has(e.code) || /^HTTP_5\d\d$/.test(e.code));
}

export class AcpSender {
  private timer: number | undefined;
  private failures = 0;
  private running: Promise<SendResult | null> | null = null;
  /** The draft as last submitted, for a device that refuses to store it (storage disabled or full). */
  private fallback: AcpDraft | null = null;
  private readonly onOnline = () => {
    this.failures = 0;
    void this.send();
  };
  private readonly onVisible = () => {
    if (document.visibilityState === 'visible') void this.send();
  };

  constructor(
    private readonly client: ApiClient,
    private readonly accountId: string,
    private readonly personId: string,
    private readonly onResult: (r: SendResult) => void,
  ) {
    window.addEventListener('online', this.onOnline);
    document.addEventListener('visibilitychange', this.onVisible);
  }

  stop(): void {
    window.clearTimeout(this.timer);
    window.removeEventListener('online', this.onOnline);
    document.removeEventListener('visibilitychange', this.onVisible);
  }

  get busy(): boolean {
    return this.running !== null;
  }

  /** Sends the draft if it is waiting to be sent; one attempt at a time. */
  send(submitted?: AcpDraft): Promise<SendResult | null> {
    if (submitted) this.fallback = submitted;
    this.running ??= this.attempt().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async attempt(): Promise<SendResult | null> {
    window.clearTimeout(this.timer);
    const draft = acpDrafts.load(this.accountId, this.personId) ?? this.fallback;
    if (!draft || draft.state !== 'sending') return null;
    let result: SendResult;
    try {
      if (draft.attempted && (await this.arrived(draft))) {
        result = { kind: 'sent', correction: draft.correctsId !== null };
      } else {
        this.fallback = { ...draft, attempted: true };
        acpDrafts.save(this.fallback);
        const input = inputFromForm(draft.form);
        if (draft.correctsId) await correctDiscussion(this.client, draft.correctsId, draft.form.reason.trim(), input);
        else await recordDiscussion(this.client, this.personId, input);
        result = { kind: 'sent', correction: draft.correctsId !== null };
      }
      this.failures = 0;
      this.fallback = null;
      acpDrafts.delete(this.accountId, this.personId);
    } catch (e) {
      if (isRetryable(e)) {
        this.failures++;
        this.timer = window.setTimeout(() => void this.send(), Math.min(30_000, 2_000 * 2 ** Math.min(this.failures - 1, 4)));
        result = { kind: 'queued' };
      } else {
        // Refused (bad input, no longer allowed, already corrected): back to the form, nothing lost.
        this.fallback = null;
        acpDrafts.save({ ...draft, state: 'editing', attempted: false });
        result = { kind: 'refused', error: e };
      }
    }
    this.onResult(result);
    return result;
  }

  /** Whether an earlier attempt reached the server although its answer was lost. */
  private async arrived(draft: AcpDraft): Promise<boolean> {
    const heldAt = new Date(draft.form.heldAt).getTime();
    const recent = await fetchRecent(this.client, this.personId);
    return recent.some((d) => d.recordedBy === this.accountId && new Date(d.heldAt).getTime() === heldAt && (d.correctsId ?? null) === draft.correctsId);
  }
}
