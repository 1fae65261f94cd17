/** Turns any failure into text a person can read, in the chosen language. Never an empty message. */
import { ApiError } from './api';
import { language, t, type MessageKey } from './i18n';

export interface ReadableError {
  message: string;
  /** Per-field problems (BAD_USER_INPUT) or the server's own wording when it adds something. */
  details: string[];
}

const BY_CODE: Partial<Record<string, MessageKey>> = {
  NETWORK: 'error.network',
  UNAUTHENTICATED: 'error.sessionExpired',
  FORBIDDEN: 'error.forbidden',
  NOT_FOUND: 'error.notFound',
  BAD_USER_INPUT: 'error.badInput',
  CONFLICT: 'error.conflict',
  RATE_LIMITED: 'error.rateLimited',
  SECOND_FACTOR_REQUIRED: 'error.secondFactorRequired',
  INTERNAL: 'error.internal',
};

/** `overrides` lets a screen say what a code means there (UNAUTHENTICATED on the login form = bad credentials). */
export function readableError(e: unknown, overrides: Partial<Record<string, MessageKey>> = {}): ReadableError {
  if (e instanceof ApiError) {
    const key = overrides[e.code] ?? BY_CODE[e.code];
    const details = e.fields.map((f) => `${f.field}: ${f.message}`);
    if (!key) return { message: e.message || t('error.unexpected'), details };
    // The server speaks English; show its words as a detail when they add to ours (English UI, unknown cases).
    if (details.length === 0 && language() === 'en' && e.message && !['NETWORK', 'INTERNAL'].includes(e.code) && !overrides[e.code]) {
      details.push(e.message);
    }
    return { message: t(key), details };
  }
  const text = e instanceof Error ? e.message : typeof e === 'string' ? e : '';
  return { message: t('error.unexpected'), details: text ? [text] : [] };
}
