import { createHash } from 'node:crypto';
import { ROLES_NEEDING_SECOND_FACTOR, Role, base32Encode } from '@anpi/access';

export interface DemoAccount {
  login: string;
  displayName: string;
  role: Role;
  organisation: string;
  municipalityCode: string;
  districtCode: string | null;
}

/**
 * Demo accounts, one or more per role, all in Komae (狛江市, 13219) unless noted. They exist only when
 * demo data was asked for (DEMO_DATA=true, the embedded default); the password is DEMO_PASSWORD.
 * The README's demo table lists exactly these (a test keeps the two in step).
 */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { login: 'admin.komae', displayName: '狛江 防災 管理者', role: Role.MUNICIPAL_ADMIN, organisation: '狛江市 安心安全課', municipalityCode: '13219', districtCode: null },
  { login: 'staff.komae', displayName: '狛江 福祉 職員', role: Role.MUNICIPAL_STAFF, organisation: '狛江市 福祉政策課', municipalityCode: '13219', districtCode: null },
  { login: 'admin.mitaka', displayName: '三鷹 防災 管理者', role: Role.MUNICIPAL_ADMIN, organisation: '三鷹市 防災課', municipalityCode: '13204', districtCode: null },
  { login: 'volunteer.komae', displayName: '民生委員 和泉 一子', role: Role.WELFARE_VOLUNTEER, organisation: '狛江市民生委員児童委員協議会', municipalityCode: '13219', districtCode: '13219-01' },
  { login: 'bousai.komae', displayName: '自主防災 岩戸 太郎', role: Role.VOLUNTARY_DISASTER_ORG, organisation: '岩戸南町会 自主防災会', municipalityCode: '13219', districtCode: '13219-01' },
  { login: 'fire.komae', displayName: '狛江消防署 救急 隊員', role: Role.FIRE_POLICE, organisation: '東京消防庁 狛江消防署', municipalityCode: '13219', districtCode: null },
  { login: 'shakyo.komae', displayName: '社協 ボランティア 係', role: Role.SOCIAL_WELFARE_COUNCIL, organisation: '狛江市社会福祉協議会', municipalityCode: '13219', districtCode: null },
  { login: 'supporter.komae', displayName: '近隣支援者 猪方 花子', role: Role.SUPPORTER, organisation: '個人（近隣住民）', municipalityCode: '13219', districtCode: null },
  { login: 'caremanager.komae', displayName: 'ケアマネ 駒井 京子', role: Role.CARE_MANAGER, organisation: '狛江 居宅介護支援事業所', municipalityCode: '13219', districtCode: null },
  { login: 'nurse.komae', displayName: '訪問看護師 中和泉 恵', role: Role.VISITING_NURSE, organisation: '狛江 訪問看護ステーション', municipalityCode: '13219', districtCode: null },
  { login: 'doctor.komae', displayName: '在宅医 元和泉 誠', role: Role.HOME_CARE_DOCTOR, organisation: '狛江 在宅クリニック', municipalityCode: '13219', districtCode: null },
  { login: 'facilitator.komae', displayName: 'ACP 進行役 東和泉 遥', role: Role.ACP_FACILITATOR, organisation: '狛江 在宅クリニック', municipalityCode: '13219', districtCode: null },
  { login: 'person.komae', displayName: '本人 猪方 ハナ', role: Role.PERSON_OR_SURROGATE, organisation: '本人', municipalityCode: '13219', districtCode: null },
];

/**
 * Demo TOTP secret of a demo account whose role needs a second factor (listed in the README so a
 * newcomer can add it to an authenticator app, and so tests can log in). Null for other roles.
 */
export function demoTotpSecret(a: Pick<DemoAccount, 'login' | 'role'>): string | null {
  if (!ROLES_NEEDING_SECOND_FACTOR.has(a.role)) return null;
  return base32Encode(createHash('sha1').update(`anpi-demo-totp:${a.login}`).digest());
}
