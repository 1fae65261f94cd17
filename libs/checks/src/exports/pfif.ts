import { Role } from '@anpi/access';
import { TaskStatus } from '../task-status';

/**
 * PFIF 1.4 (Person Finder Interchange Format, http://zesty.ca/pfif/1.4) export of safety-check
 * outcomes, for exchange with public person-finder repositories. Pure: the service decides who may
 * be included (pfifSharing) and passes plain facts; this file maps and serialises.
 *
 * What goes out is deliberately little: name, kana, sex, age, city and prefecture for the person
 * record; a fixed sentence and a status per checked task for the notes. Never the street address,
 * phone, birth date, support reasons, devices, care level, plan (supporters, destination, route),
 * ACP, responders' names, or the free-text notes responders typed (they carry medical details).
 */

export const PFIF_NS = 'http://zesty.ca/pfif/1.4';

export enum PfifStatus {
  INFORMATION_SOUGHT = 'information_sought',
  IS_NOTE_AUTHOR = 'is_note_author',
  BELIEVED_ALIVE = 'believed_alive',
  BELIEVED_MISSING = 'believed_missing',
  BELIEVED_DEAD = 'believed_dead',
}

/** Roles that may record the restricted outcomes (DECEASED, MISSING); the same set ChecksService enforces on recordCheck. */
export const RESTRICTED_OUTCOME_AUTHORS: ReadonlySet<string> = new Set([
  Role.MUNICIPAL_ADMIN, Role.MUNICIPAL_STAFF, Role.FIRE_POLICE, Role.VISITING_NURSE, Role.HOME_CARE_DOCTOR,
]);

interface NoteMapping {
  status: PfifStatus;
  /** The note's author (our responder) was in contact with the person. */
  madeContact: boolean;
  text: string;
}

/**
 * Outcome → PFIF note. NOT_REACHABLE is information_sought, not believed_missing: a visit or call that
 * found nobody says nothing about where the person is (most turn up at relatives' or a shelter), and
 * "believed missing" on a public site alarms families and floods the emergency lines; asking for
 * information is what the municipality actually does. MISSING (行方不明, a restricted outcome that only
 * coordinators, fire/police and medical responders can record after a search) is believed_missing.
 * DECEASED is believed_dead, and only when both the recorder and the exporter hold a role that may
 * record it. UNCHECKED tasks produce no note.
 */
export function pfifNoteFor(status: TaskStatus, city: string): NoteMapping | null {
  const ask = `情報をお持ちの方は${city}へご連絡ください。`;
  switch (status) {
    case TaskStatus.SAFE_AT_HOME:
    case TaskStatus.HOME_NEEDS_SUPPORT:
      return { status: PfifStatus.BELIEVED_ALIVE, madeContact: true, text: '安否確認: 自宅で無事を確認しました。 / Safety check: confirmed alive at home.' };
    case TaskStatus.EVACUATED:
      return { status: PfifStatus.BELIEVED_ALIVE, madeContact: true, text: '安否確認: 避難したことを確認しました。 / Safety check: confirmed alive and evacuated.' };
    case TaskStatus.NEEDS_HELP:
      return { status: PfifStatus.BELIEVED_ALIVE, madeContact: true, text: '安否確認: 生存を確認し、支援を手配しています。 / Safety check: confirmed alive; help is being arranged.' };
    case TaskStatus.HOSPITALISED:
      return { status: PfifStatus.BELIEVED_ALIVE, madeContact: true, text: `安否確認: 生存を確認しました。詳しくは${city}へお問い合わせください。 / Safety check: confirmed alive.` };
    case TaskStatus.NOT_REACHABLE:
      return { status: PfifStatus.INFORMATION_SOUGHT, madeContact: false, text: `安否確認: 訪問・電話で連絡がとれていません。${ask} / Safety check: not reached yet; information sought.` };
    case TaskStatus.MISSING:
      return { status: PfifStatus.BELIEVED_MISSING, madeContact: false, text: `安否確認: 所在が確認できていません。${ask} / Safety check: believed missing; information sought.` };
    case TaskStatus.DECEASED:
      return { status: PfifStatus.BELIEVED_DEAD, madeContact: false, text: `安否確認: ${city}にお問い合わせください。 / Safety check: please contact the municipality.` };
    case TaskStatus.UNCHECKED:
      return null;
    default: {
      const unreachable: never = status;
      return unreachable;
    }
  }
}

export interface PfifSharingFacts {
  /** The access policy lets the exporting actor read this person's roster data (R). */
  rosterAllowed: boolean;
  /** Latest ROSTER_SHARE_NORMAL consent. */
  rosterConsent: 'AGREE' | 'REFUSE' | 'NONE';
  /** Disaster disclosure (49-11(3)) is on for the incident. */
  disclosureActive: boolean;
  exporterRole: Role;
  /** Status of the person's most recent note. */
  latestStatus: PfifStatus;
}

export type PfifSharing = 'CONSENT' | 'MISSING_PERSON_DISCLOSURE' | null;

/**
 * Whether a person's record may go to a public repository, and on which basis:
 * - CONSENT: the access policy allows the exporting actor the roster data, and the person explicitly
 *   agreed to roster sharing (ROSTER_SHARE_NORMAL = AGREE). Presumed-consent and opt-out ordinances
 *   do not count: they cover provision to designated recipients, not publication.
 * - MISSING_PERSON_DISCLOSURE: without that consent, only while disaster disclosure is on, only when a
 *   municipal admin exports, only for a person whose latest status is information_sought or
 *   believed_missing (安否不明者: publishing the name speeds the search, as prefectures do under the
 *   Cabinet Office's guidance on naming people unaccounted for), and never for someone who refused.
 */
export function pfifSharing(f: PfifSharingFacts): PfifSharing {
  if (!f.rosterAllowed) return null;
  if (f.rosterConsent === 'AGREE') return 'CONSENT';
  const unaccounted = f.latestStatus === PfifStatus.INFORMATION_SOUGHT || f.latestStatus === PfifStatus.BELIEVED_MISSING;
  if (f.disclosureActive && f.exporterRole === Role.MUNICIPAL_ADMIN && unaccounted && f.rosterConsent !== 'REFUSE') return 'MISSING_PERSON_DISCLOSURE';
  return null;
}

export interface PfifPerson {
  recordId: string;
  entryDate: Date;
  sourceDate: Date;
  expiryDate: Date;
  authorName: string;
  sourceName: string;
  fullName: string;
  givenName: string | null;
  familyName: string | null;
  alternateNames: string | null;
  sex: 'female' | 'male' | 'other' | null;
  age: number | null;
  homeCity: string;
  homeState: string | null;
  notes: PfifNote[];
}

export interface PfifNote {
  recordId: string;
  personRecordId: string;
  entryDate: Date;
  sourceDate: Date;
  authorName: string;
  authorMadeContact: boolean;
  status: PfifStatus;
  text: string;
}

/** "anpi.<municipality code>" — the record-id domain of one municipality's Anpi records. */
export const pfifDomain = (municipalityCode: string) => `anpi.${municipalityCode}`;

/** 姓 名 split on the first space (half- or full-width); null when the name has no space. */
export function splitJapaneseName(name: string): { family: string; given: string } | null {
  const m = /^(\S+)[ \u3000]+(.+)$/.exec(name.trim());
  return m ? { family: m[1], given: m[2].trim() } : null;
}

/** UTC, second precision, with Z (PFIF dates). */
export function pfifDate(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}

function xmlText(s: string): string {
  // Characters XML 1.0 cannot carry are dropped; the five specials are escaped.
  return s
    .replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function fields(indent: string, pairs: [string, string | number | boolean | Date | null][]): string {
  return pairs
    .filter(([, v]) => v !== null && v !== '')
    .map(([k, v]) => `${indent}<pfif:${k}>${v instanceof Date ? pfifDate(v) : xmlText(String(v))}</pfif:${k}>\n`)
    .join('');
}

/** Person records in PFIF 1.4 field order, each with its notes nested. */
export function pfifXml(people: PfifPerson[]): string {
  let out = `<?xml version="1.0" encoding="UTF-8"?>\n<pfif:pfif xmlns:pfif="${PFIF_NS}">\n`;
  for (const p of people) {
    out += '  <pfif:person>\n';
    out += fields('    ', [
      ['person_record_id', p.recordId],
      ['entry_date', p.entryDate],
      ['expiry_date', p.expiryDate],
      ['author_name', p.authorName],
      ['source_name', p.sourceName],
      ['source_date', p.sourceDate],
      ['full_name', p.fullName],
      ['given_name', p.givenName],
      ['family_name', p.familyName],
      ['alternate_names', p.alternateNames],
      ['sex', p.sex],
      ['age', p.age],
      ['home_city', p.homeCity],
      ['home_state', p.homeState],
      ['home_country', 'JP'],
    ]);
    for (const n of p.notes) {
      out += '    <pfif:note>\n';
      out += fields('      ', [
        ['note_record_id', n.recordId],
        ['person_record_id', n.personRecordId],
        ['entry_date', n.entryDate],
        ['author_name', n.authorName],
        ['source_date', n.sourceDate],
        ['author_made_contact', n.authorMadeContact],
        ['status', n.status],
        ['text', n.text],
      ]);
      out += '    </pfif:note>\n';
    }
    out += '  </pfif:person>\n';
  }
  return `${out}</pfif:pfif>\n`;
}

/** 都道府県 by the first two digits of a JIS X 0401/0402 code. */
const PREFECTURES = [
  '北海道', '青森県', '岩手県', '宮城県', '秋田県', '山形県', '福島県', '茨城県', '栃木県', '群馬県', '埼玉県', '千葉県', '東京都', '神奈川県',
  '新潟県', '富山県', '石川県', '福井県', '山梨県', '長野県', '岐阜県', '静岡県', '愛知県', '三重県', '滋賀県', '京都府', '大阪府', '兵庫県',
  '奈良県', '和歌山県', '鳥取県', '島根県', '岡山県', '広島県', '山口県', '徳島県', '香川県', '愛媛県', '高知県', '福岡県', '佐賀県', '長崎県',
  '熊本県', '大分県', '宮崎県', '鹿児島県', '沖縄県',
];

export function prefectureOf(municipalityCode: string): string | null {
  return PREFECTURES[Number(municipalityCode.slice(0, 2)) - 1] ?? null;
}
