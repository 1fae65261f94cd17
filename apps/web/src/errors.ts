/** Turns any failure into text a person can read, in the chosen language. Never an empty message. */
import { ApiError } from './api';
import { language, t, tf, type MessageKey } from './i18n';

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
  LOCKED: 'error.locked',
  RATE_LIMITED: 'error.rateLimited',
  SECOND_FACTOR_REQUIRED: 'error.secondFactorRequired',
  INTERNAL: 'error.internal',
};

/** `overrides` lets a screen say what a code means there (UNAUTHENTICATED on the login form = bad credentials). */
export function readableError(e: unknown, overrides: Partial<Record<string, MessageKey>> = {}): ReadableError {
  if (e instanceof ApiError) {
    const key = overrides[e.code] ?? BY_CODE[e.code];
    const details = e.fields.map((f) => `${f.field}: ${fieldMessage(f.message)}`);
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

/** The server's field messages (English, from the API's validators) in the chosen language. */
const FIELD_MESSAGES: [RegExp, MessageKey][] = [
  [/Japanese phone number/i, 'fieldError.phone'],
  [/shorter than or equal to (\d+) characters/i, 'fieldError.maxLength'],
  [/must not be less than (-?\d+(\.\d+)?)/i, 'fieldError.min'],
  [/must not be greater than (-?\d+(\.\d+)?)/i, 'fieldError.max'],
  [/ISO 8601 date|must be a date/i, 'fieldError.date'],
  [/must not be empty|should not be empty|is required$/i, 'fieldError.required'],
  [/not a known shelter/i, 'fieldError.unknownShelter'],
  [/at least 2 points/i, 'fieldError.routeTooShort'],
  [/more than 500 points/i, 'fieldError.routeTooLong'],
  [/inside Japan|GeoJSON LineString/i, 'fieldError.routeOutside'],
  [/plan-creation consent is missing/i, 'fieldError.planConsentMissing'],
  [/nothing changed/i, 'fieldError.nothingChanged'],
  [/may not change the medical-device plan/i, 'fieldError.devicesLocked'],
  [/must not be in the future/i, 'fieldError.future'],
  [/is required for a supporter's own consent/i, 'fieldError.supporterRequired'],
  [/not a supporter of the current plan/i, 'fieldError.notSupporter'],
  [/only applies to a supporter's own consent/i, 'fieldError.supporterOnly'],
  [/no such account/i, 'fieldError.noAccount'],
  [/is used twice/i, 'fieldError.duplicate'],
  [/must be one of/i, 'fieldError.oneOf'],
];

export function fieldMessage(message: string): string {
  for (const [pattern, key] of FIELD_MESSAGES) {
    const m = pattern.exec(message);
    if (m) return tf(key, { n: m[1] ?? '' });
  }
  return message;
}
