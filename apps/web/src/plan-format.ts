/**
 * Plan content in words, one line per entry, for the history's before → after and for the "your input"
 * text kept after a conflict. Reads the stored content shape (what `changes.before/after` carry and
 * what savePlan takes), defensively: an unexpected value is shown as JSON rather than dropped.
 */
import { codeLabel, roleName, t, tf } from './i18n';
import { isLineString, routeLengthMetres, type DraftField } from './plan-model';
import { ROLES, type AccountRef, type PlanView, type Role } from './types';
import { formatDate, formatDateTime, formatDistance, formatNumber } from './ui';

type Obj = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));
const obj = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function fieldName(field: string): string {
  return codeLabel('planField', field);
}

/** The lines a field's value reads as (empty list: nothing recorded). */
export function fieldLines(field: DraftField | string, value: unknown): string[] {
  if (value === null || value === undefined || value === '') return [];
  switch (field) {
    case 'supporters':
      return list(value).map((v) => supporterLine(obj(v)));
    case 'destination': {
      const d = obj(value);
      const extra = d.preArranged ? `（${t('fmt.preArranged')}）` : '';
      return [`${codeLabel('destType', str(d.type))}: ${str(d.name)}${extra}`];
    }
    case 'routes':
      return list(value).map((v, i) => routeLine(obj(v), i));
    case 'emergencyContacts':
      return list(value).map((v) => {
        const c = obj(v);
        return `${str(c.name)}（${str(c.relation)}）☎ ${str(c.phone)}`;
      });
    case 'careProfessionals':
      return list(value).map((v) => {
        const c = obj(v);
        const phone = c.phone ? ` ☎ ${str(c.phone)}` : '';
        return `${codeLabel('proRole', str(c.role))}: ${str(c.name)}（${str(c.organisation)}）${phone}`;
      });
    case 'medicalDevices':
      return list(value).map((v) => deviceLine(obj(v)));
    case 'nextReviewAt':
      return [formatDate(str(value))];
    case 'evacuationTrigger':
    case 'transport':
    case 'careNotes':
    case 'thingsToBring':
      return [str(value)];
    default:
      return [typeof value === 'string' ? value : JSON.stringify(value)];
  }
}

function supporterLine(s: Obj): string {
  const a = obj(s.availability);
  const day = a.day ?? s.availableDay;
  const night = a.night ?? s.availableNight;
  const time = day && night ? t('fmt.dayNight') : day ? t('fmt.dayOnly') : night ? t('fmt.nightOnly') : t('fmt.noTime');
  const name = s.name ? str(s.name) : t('fmt.redacted');
  const parts = [`${name}（${str(s.relation)}）`, codeLabel('group', str(s.responderGroup))];
  if (s.phone) parts.push(`☎ ${str(s.phone)}`);
  if (s.address) parts.push(str(s.address));
  parts.push(time);
  return parts.join(' · ');
}

function routeLine(r: Obj, i: number): string {
  const coords = isLineString(r.geometry) ? r.geometry.coordinates : [];
  return tf('fmt.route', {
    n: i + 1,
    desc: str(r.description) || t('fmt.noDescription'),
    points: coords.length,
    len: formatDistance(routeLengthMetres(coords)),
  });
}

function deviceLine(d: Obj): string {
  const internal = typeof d.internalBatteryHours === 'number' ? d.internalBatteryHours : 0;
  const external = list(d.externalBatteryHours).filter((x): x is number => typeof x === 'number');
  const total = internal + external.reduce((a, b) => a + b, 0);
  let line = tf('fmt.device', {
    device: codeLabel('medical', str(d.device)),
    settings: str(d.settingsSummary) || '—',
    internal: formatNumber(internal),
    external: external.length ? external.map((x) => formatNumber(x)).join(' + ') : '0',
    total: formatNumber(total),
  });
  if (d.backupPower) line += ` / ${tf('fmt.backup', { p: str(d.backupPower) })}`;
  if (d.oxygenSupplier) line += ` / ${str(d.oxygenSupplier)}`;
  if (d.powerCompanyRegistered) line += ` / ${t('fmt.powerCompany')}`;
  return line;
}

/** A field's value as text for a textarea: "【name】" then its lines. */
export function fieldText(field: DraftField, value: unknown): string {
  const lines = fieldLines(field, value);
  return `【${fieldName(field)}】\n${lines.length ? lines.join('\n') : t('fmt.empty')}`;
}

export function authorLabel(a: AccountRef): string {
  const role = ROLES.includes(a.role as Role) ? roleName(a.role as Role) : a.role;
  return `${a.displayName}・${role}`;
}

/** "Agreed: date (revision n)"; older records may not say which revision. */
export function agreedText(plan: Pick<PlanView, 'agreedAt' | 'agreedRevision'>): string {
  const date = formatDateTime(plan.agreedAt);
  return plan.agreedRevision ? tf('plan.agreedOn', { date, n: plan.agreedRevision }) : tf('plan.agreedOnDate', { date });
}
