import { Role } from '@anpi/access';
import { TaskModel } from '../graphql/task.model';
import { TaskStatus } from '../task-status';

/**
 * Printable task lists (DESIGN §5.4: paper lists for when phones fail). Pure: rows are made from the
 * task models the API itself returns (toTaskModel, after the access policy decided), so a printout
 * never shows more than the screen would; this file only chooses labels, order and cell text.
 */

/** Shown instead of the name (and the address) of a person the policy hides from the printing actor. */
export const HIDDEN_LABEL = '詳細非表示';

/** Printed on every page and at the top of every file (DOMAIN §8.2 enforcement notes). */
export const HANDLING_NOTICE = '取扱注意・災害対応以外の目的で使用禁止 / return or destroy after the incident（事案終了後は返却または廃棄）';

export const ROLE_LABEL: Record<Role, string> = {
  [Role.MUNICIPAL_ADMIN]: '市町村 防災・福祉担当（管理者）',
  [Role.MUNICIPAL_STAFF]: '市町村 防災・福祉担当',
  [Role.WELFARE_VOLUNTEER]: '民生委員',
  [Role.VOLUNTARY_DISASTER_ORG]: '自主防災組織・自治会',
  [Role.FIRE_POLICE]: '消防・警察',
  [Role.SOCIAL_WELFARE_COUNCIL]: '社会福祉協議会',
  [Role.SUPPORTER]: '避難支援等実施者',
  [Role.CARE_MANAGER]: 'ケアマネジャー・相談支援専門員',
  [Role.VISITING_NURSE]: '訪問看護',
  [Role.HOME_CARE_DOCTOR]: '在宅医',
  [Role.ACP_FACILITATOR]: 'ACP進行役',
  [Role.PERSON_OR_SURROGATE]: '本人・代理人',
};

export const STATUS_LABEL: Record<TaskStatus, string> = {
  [TaskStatus.UNCHECKED]: '未確認',
  [TaskStatus.SAFE_AT_HOME]: '無事(在宅)',
  [TaskStatus.HOME_NEEDS_SUPPORT]: '在宅・要支援',
  [TaskStatus.EVACUATED]: '避難済',
  [TaskStatus.NEEDS_HELP]: '要救助',
  [TaskStatus.HOSPITALISED]: '搬送・入院',
  [TaskStatus.NOT_REACHABLE]: '連絡不能',
  [TaskStatus.DECEASED]: '死亡',
  [TaskStatus.MISSING]: '行方不明',
};

/** The outcomes a responder ticks by hand on paper, one box each (restricted outcomes are not offered). */
export const TICK_COLUMNS: { outcome: TaskStatus; label: [string, string] }[] = [
  { outcome: TaskStatus.SAFE_AT_HOME, label: ['無事', '(在宅)'] },
  { outcome: TaskStatus.HOME_NEEDS_SUPPORT, label: ['在宅', '要支援'] },
  { outcome: TaskStatus.EVACUATED, label: ['避難', '済'] },
  { outcome: TaskStatus.NEEDS_HELP, label: ['要', '救助'] },
  { outcome: TaskStatus.HOSPITALISED, label: ['搬送', '入院'] },
  { outcome: TaskStatus.NOT_REACHABLE, label: ['連絡', '不能'] },
];

const DEVICE_LABEL: Record<string, string> = {
  VENTILATOR: '人工呼吸器',
  OXYGEN: '在宅酸素',
  SUCTION: '吸引器',
  DIALYSIS: '透析',
  TUBE_FEEDING: '経管栄養',
  OTHER_DEVICE: '医療機器',
};

const CARE_LEVEL_LABEL: Record<string, string> = {
  SUPPORT_1: '要支援1', SUPPORT_2: '要支援2', CARE_1: '要介護1', CARE_2: '要介護2', CARE_3: '要介護3', CARE_4: '要介護4', CARE_5: '要介護5',
};

const HOUSEHOLD_LABEL: Record<string, string> = { LIVES_ALONE: '独居', ELDERLY_ONLY: '高齢者のみ世帯' };

const GROUP_LABEL: Record<string, string> = { MEDICAL: '医療', CARE: '介護', WELFARE_VOLUNTEER: '民生委員・地域', MUNICIPAL: '市町村' };

export interface TaskListRow {
  taskId: string;
  priority: number;
  status: TaskStatus;
  statusLabel: string;
  group: string;
  /** Named to the printing actor (担当) or sitting in a pool (プール). */
  assignment: string;
  dueAt: Date;
  /** The policy hides this person from the actor: no name, address, phone, needs or supporters. */
  hidden: boolean;
  name: string;
  nameKana: string;
  address: string;
  phone: string;
  district: string;
  /** Rounded to ~500 m; only for hidden people (the same as the API's approximateLocation). */
  approximate: { lat: number; lng: number } | null;
  needs: string[];
  /** "relation name phone", or "relation (非開示)" where the supporter's own consent is missing. */
  supporters: string[];
}

export interface RowContext {
  /** District code → display name (e.g. 13219-01 → 狛江市 第1地区). */
  districtNames: Map<string, string>;
}

/** Needs a responder must know at the door: devices, care level, living alone. */
export function needsOf(p: NonNullable<TaskModel['person']>): string[] {
  const out = p.medicalDependencies.map((d) => DEVICE_LABEL[d] ?? d);
  if (CARE_LEVEL_LABEL[p.careLevel]) out.push(CARE_LEVEL_LABEL[p.careLevel]);
  if (HOUSEHOLD_LABEL[p.household]) out.push(HOUSEHOLD_LABEL[p.household]);
  return out;
}

export function toTaskListRow(t: TaskModel, ctx: RowContext): TaskListRow {
  const district = t.districtCode ? (ctx.districtNames.get(t.districtCode) ?? t.districtCode) : '';
  const base = {
    taskId: t.id,
    priority: t.priority,
    status: t.status,
    statusLabel: STATUS_LABEL[t.status] ?? t.status,
    group: GROUP_LABEL[t.responderGroup] ?? t.responderGroup,
    assignment: t.assignedToMe ? '担当' : t.inPool ? 'プール' : '',
    dueAt: t.dueAt,
    district,
  };
  const p = t.person;
  if (!p) {
    const a = t.approximateLocation;
    return {
      ...base,
      hidden: true,
      name: HIDDEN_LABEL,
      nameKana: '',
      address: [district || '地区不明', a ? `概略位置 ${a.lat.toFixed(3)}, ${a.lng.toFixed(3)}（約500m）` : ''].filter(Boolean).join(' / '),
      phone: '',
      approximate: a ? { lat: a.lat, lng: a.lng } : null,
      needs: [],
      supporters: [],
    };
  }
  return {
    ...base,
    hidden: false,
    name: p.name,
    nameKana: p.nameKana,
    address: p.address,
    phone: [p.phone, ...p.otherContacts].filter(Boolean).join(' / '),
    approximate: null,
    needs: needsOf(p),
    supporters: t.supporters.map((s) => (s.name === null ? `${s.relation}（非開示）` : [s.relation, s.name, s.phone].filter(Boolean).join(' '))),
  };
}

const collator = new Intl.Collator('ja');

/** Priority first (highest on top), then address, so one street is walked in one go; task id breaks ties. */
export function sortRows(rows: TaskListRow[]): TaskListRow[] {
  return [...rows].sort((a, b) => b.priority - a.priority || collator.compare(a.address, b.address) || (a.taskId < b.taskId ? -1 : a.taskId > b.taskId ? 1 : 0));
}

/** YYYY-MM-DD HH:mm JST. */
export function jst(d: Date): string {
  const s = new Date(d.getTime() + 9 * 3600 * 1000).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 16)} JST`;
}

export interface Watermark {
  displayName: string;
  role: Role;
  organisation: string;
  at: Date;
  incidentTitle: string;
  isDrill: boolean;
  /** Short id of this export's audit record, so a found sheet leads back to who printed it. */
  exportId: string;
  /** This actor's n-th export for this incident. */
  printNumber: number;
}

/** The watermark as text lines: who, when, which incident, and the handling notice. */
export function watermarkLines(w: Watermark): [string, string] {
  return [
    `出力者: ${w.displayName}（${ROLE_LABEL[w.role]}／${w.organisation}） 出力日時: ${jst(w.at)} 事案: ${w.isDrill ? '【訓練】' : ''}${w.incidentTitle} 出力ID: ${w.exportId}（${w.printNumber}回目）`,
    HANDLING_NOTICE,
  ];
}

/** Short form for every CSV row and the diagonal page stamp. */
export function watermarkStamp(w: Watermark): string {
  return `${w.displayName} ${jst(w.at)} #${w.exportId}`;
}

/**
 * One CSV cell: quoted when needed, and defused against spreadsheet formula injection (a leading
 * = + - @, tab or carriage return, or their full-width forms, gets a leading apostrophe).
 */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  const safe = /^[=+\-@\t\r＝＋－＠]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const CSV_HEADER = [
  'タスクID', '優先度', '現在の状態', ...TICK_COLUMNS.map((c) => `確認:${c.label.join('')}`), '氏名', 'ふりがな', '住所', '電話', '地区',
  '必要な支援', '支援者（電話）', '担当区分', '確認期限', '記録欄', '出力',
];

/** UTF-8 with BOM and CRLF (what Excel opens as UTF-8); the watermark on top and in the last column of each row. */
export function taskListCsv(rows: TaskListRow[], w: Watermark): string {
  const stamp = watermarkStamp(w);
  const [who, notice] = watermarkLines(w);
  const lines = [
    [`# ${notice}`],
    [`# ${who}`],
    CSV_HEADER,
    ...rows.map((r) => [
      r.taskId, r.priority, r.statusLabel, ...TICK_COLUMNS.map(() => ''), r.name, r.nameKana, r.address, r.phone, r.district,
      r.needs.join('・'), r.supporters.join(' / '), [r.group, r.assignment].filter(Boolean).join(' '), jst(r.dueAt), '', stamp,
    ]),
    [`# 以上 ${rows.length} 件 / ${stamp}`],
  ];
  return `\ufeff${lines.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
