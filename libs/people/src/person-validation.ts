import { FieldProblem } from '@anpi/core';

/** Limits of free-text roster fields. */
export const TEXT_LIMITS = { name: 100, nameKana: 200, address: 300, note: 2000, reason: 500, phone: 20, contacts: 5 } as const;

/** Katakana or hiragana (with the long-vowel mark, middle dot and spaces); what ふりがな fields hold. */
const KANA = /^[\u3041-\u3096\u309D\u309E\u30A1-\u30FA\u30FC\u30FD\u30FE\u30FB\u3000 ]+$/;

/** Hiragana → katakana, so ふりがな typed either way are stored and searched alike. */
export function toKatakana(s: string): string {
  return s.replace(/[\u3041-\u3096\u309D\u309E]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
}

export function isKana(s: string): boolean {
  return KANA.test(s) && /[^\u3000 ]/.test(s);
}

/**
 * Japanese phone numbers: landlines (0 + area code, 10 digits), mobiles and IP phones (070/080/090/050,
 * 11 digits), toll-free (0120, 0800). Hyphens, spaces and full-width digits are accepted and normalised.
 */
export function normalisePhone(input: string): string | null {
  const half = input.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[ー－‐―]/g, '-');
  if (!/^[0-9\- ()]+$/.test(half)) return null;
  const digits = half.replace(/\D/g, '');
  if (/^0[5789]0\d{8}$/.test(digits)) return `${digits.slice(0, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}`;
  if (/^0120\d{6}$/.test(digits)) return `${digits.slice(0, 4)}-${digits.slice(4, 7)}-${digits.slice(7)}`;
  if (/^0800\d{7}$/.test(digits)) return `${digits.slice(0, 4)}-${digits.slice(4, 7)}-${digits.slice(7)}`;
  if (/^0[1-9]\d{8}$/.test(digits) && !/^0[5789]0/.test(digits)) {
    // Keep the caller's own grouping for landlines when they gave one (area codes vary in length).
    const groups = half.split(/[\- ()]+/).filter(Boolean);
    return groups.length === 3 ? groups.join('-') : `${digits.slice(0, 2)}-${digits.slice(2, 6)}-${digits.slice(6)}`;
  }
  return null;
}

export function birthDateProblem(iso: string, today = new Date()): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return 'must be a date as YYYY-MM-DD';
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) return 'is not a real date';
  if (d.getTime() >= Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())) return 'must be in the past';
  if (d.getUTCFullYear() < 1900) return 'must be after 1900';
  return null;
}

export function ageOn(birthDate: string, on = new Date()): number {
  const [y, m, d] = birthDate.split('-').map(Number);
  let age = on.getUTCFullYear() - y;
  if (on.getUTCMonth() + 1 < m || (on.getUTCMonth() + 1 === m && on.getUTCDate() < d)) age--;
  return age;
}

/** Collects problems with their field paths; `check` adds one when the condition fails. */
export class Problems {
  readonly list: FieldProblem[] = [];

  constructor(private readonly prefix: string) {}

  check(ok: boolean, field: string, message: string): void {
    if (!ok) this.list.push({ field: `${this.prefix}.${field}`, message });
  }

  add(field: string, message: string | null): void {
    if (message) this.list.push({ field: `${this.prefix}.${field}`, message });
  }
}
