/**
 * Japanese by default, English on request. The choice lives in localStorage (it is not personal data)
 * and `<html lang>` follows it. Every visible string goes through `t(key)`.
 */
import type { Role, ShelterKind } from './types';

export type Language = 'ja' | 'en';

const ja = {
  'app.name': '安否 Anpi',
  'app.tagline': '避難行動要支援者の安否確認',
  'app.loading': '読み込み中…',

  'language.switch': 'English',
  'language.switchLabel': 'Switch to English（英語に切り替え）',

  'login.title': 'ログイン',
  'login.login': 'ログインID',
  'login.password': 'パスワード',
  'login.totp': '確認コード（6桁）',
  'login.totpHint': '認証アプリに表示されている6桁の数字を入力してください。',
  'login.submit': 'ログイン',
  'login.submitting': 'ログインしています…',
  'login.demoHint': 'これはデモ版です。デモ用のアカウント、パスワード、確認コード用の認証アプリ設定は README に記載されています。',
  'login.missing': 'ログインIDとパスワードを入力してください。',
  'login.totpFormat': '確認コードは6桁の数字です。',

  'error.badCredentials': 'ログインIDまたはパスワードが違います。',
  'error.secondFactorRequired': 'このアカウントには確認コードが必要です。認証アプリの6桁の数字を入力してください。',
  'error.secondFactorWrong': '確認コードが違います。',
  'error.rateLimited': 'ログインの失敗が続いたため、一時的にロックされています。しばらくしてからもう一度お試しください。',
  'error.network': 'サーバーに接続できません。通信状態を確認して、もう一度お試しください。',
  'error.sessionExpired': 'ログインの有効期限が切れました。もう一度ログインしてください。',
  'error.forbidden': 'この操作を行う権限がありません。',
  'error.notFound': '対象が見つかりません。',
  'error.badInput': '入力内容を確認してください。',
  'error.conflict': '他の人が先に変更しました。最新の内容を読み込んでください。',
  'error.internal': 'サーバーでエラーが発生しました。時間をおいてもう一度お試しください。',
  'error.unexpected': '予期しないエラーが発生しました。',

  'header.account': 'ログイン中のアカウント',
  'header.logout': 'ログアウト',

  'notice.dismiss': '閉じる',

  'map.label': '地域の地図',
  'map.loading': '地図データを読み込んでいます…',
  'map.loadFailed': '地図データを読み込めませんでした。',
  'map.retry': 'もう一度読み込む',
  'map.tilesUnavailable': '背景地図を読み込めません（境界と避難所は表示しています）。',
  'map.layers': '表示する情報',

  'layer.boundaries': '市区町村の境界',

  'shelterKind.EMERGENCY_SITE': '指定緊急避難場所',
  'shelterKind.SHELTER': '指定避難所',
  'shelterKind.WELFARE_SHELTER': '福祉避難所',
  'shelter.open': '開設中',
  'shelter.notOpen': '未開設',
  'shelter.hazards': '対象とする災害',

  'hazard.flood': '洪水',
  'hazard.landslide': '崖崩れ・土石流・地滑り',
  'hazard.storm_surge': '高潮',
  'hazard.earthquake': '地震',
  'hazard.tsunami': '津波',
  'hazard.large_fire': '大規模な火事',
  'hazard.inland_flooding': '内水氾濫',
  'hazard.volcano': '火山現象',

  'role.MUNICIPAL_ADMIN': '市町村管理者',
  'role.MUNICIPAL_STAFF': '市町村職員',
  'role.WELFARE_VOLUNTEER': '民生委員',
  'role.VOLUNTARY_DISASTER_ORG': '自主防災組織',
  'role.FIRE_POLICE': '消防・警察',
  'role.SOCIAL_WELFARE_COUNCIL': '社会福祉協議会',
  'role.SUPPORTER': '避難支援者',
  'role.CARE_MANAGER': 'ケアマネジャー',
  'role.VISITING_NURSE': '訪問看護師',
  'role.HOME_CARE_DOCTOR': '在宅医',
  'role.ACP_FACILITATOR': 'ACP進行役',
  'role.PERSON_OR_SURROGATE': '本人・代理人',
} as const;

export type MessageKey = keyof typeof ja;

const en: Record<MessageKey, string> = {
  'app.name': '安否 Anpi',
  'app.tagline': 'Safety checks for people who cannot evacuate alone',
  'app.loading': 'Loading…',

  'language.switch': '日本語',
  'language.switchLabel': '日本語に切り替え (switch to Japanese)',

  'login.title': 'Log in',
  'login.login': 'Login ID',
  'login.password': 'Password',
  'login.totp': 'One-time code (6 digits)',
  'login.totpHint': 'Enter the 6-digit number shown in your authenticator app.',
  'login.submit': 'Log in',
  'login.submitting': 'Logging in…',
  'login.demoHint': 'This is a demo. The demo accounts, their password and the authenticator secrets for the one-time code are listed in the README.',
  'login.missing': 'Enter your login ID and password.',
  'login.totpFormat': 'The one-time code is 6 digits.',

  'error.badCredentials': 'The login ID or password is wrong.',
  'error.secondFactorRequired': 'This account needs a one-time code. Enter the 6 digits from your authenticator app.',
  'error.secondFactorWrong': 'The one-time code is wrong.',
  'error.rateLimited': 'Too many failed logins: the account is locked for a while. Please try again later.',
  'error.network': 'Cannot reach the server. Check your connection and try again.',
  'error.sessionExpired': 'Your session has expired. Please log in again.',
  'error.forbidden': 'You are not allowed to do this.',
  'error.notFound': 'Not found.',
  'error.badInput': 'Please check what you entered.',
  'error.conflict': 'Someone else changed this first. Please reload the latest version.',
  'error.internal': 'Something went wrong on the server. Please try again later.',
  'error.unexpected': 'An unexpected error occurred.',

  'header.account': 'Signed in as',
  'header.logout': 'Log out',

  'notice.dismiss': 'Dismiss',

  'map.label': 'Map of the region',
  'map.loading': 'Loading map data…',
  'map.loadFailed': 'The map data could not be loaded.',
  'map.retry': 'Try again',
  'map.tilesUnavailable': 'No background map: boundaries and shelters are still shown.',
  'map.layers': 'Show on the map',

  'layer.boundaries': 'Municipal boundaries',

  'shelterKind.EMERGENCY_SITE': 'Designated emergency site',
  'shelterKind.SHELTER': 'Designated shelter',
  'shelterKind.WELFARE_SHELTER': 'Welfare shelter',
  'shelter.open': 'Open',
  'shelter.notOpen': 'Not open',
  'shelter.hazards': 'Designated for',

  'hazard.flood': 'Flood',
  'hazard.landslide': 'Landslide / debris flow',
  'hazard.storm_surge': 'Storm surge',
  'hazard.earthquake': 'Earthquake',
  'hazard.tsunami': 'Tsunami',
  'hazard.large_fire': 'Large fire',
  'hazard.inland_flooding': 'Inland flooding',
  'hazard.volcano': 'Volcanic activity',

  'role.MUNICIPAL_ADMIN': 'Municipal administrator',
  'role.MUNICIPAL_STAFF': 'Municipal staff',
  'role.WELFARE_VOLUNTEER': 'Welfare volunteer (minsei-iin)',
  'role.VOLUNTARY_DISASTER_ORG': 'Voluntary disaster organisation',
  'role.FIRE_POLICE': 'Fire / police',
  'role.SOCIAL_WELFARE_COUNCIL': 'Social welfare council',
  'role.SUPPORTER': 'Evacuation supporter',
  'role.CARE_MANAGER': 'Care manager',
  'role.VISITING_NURSE': 'Visiting nurse',
  'role.HOME_CARE_DOCTOR': 'Home-care doctor',
  'role.ACP_FACILITATOR': 'ACP facilitator',
  'role.PERSON_OR_SURROGATE': 'Person or surrogate',
};

const DICTIONARIES: Record<Language, Record<MessageKey, string>> = { ja, en };
const STORAGE_KEY = 'anpi.language';

let current: Language = readStoredLanguage();
const listeners = new Set<(lang: Language) => void>();

function readStoredLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'ja';
  } catch {
    return 'ja'; // storage disabled: still usable, in Japanese
  }
}

/** The text of `key` in the chosen language. */
export function t(key: MessageKey): string {
  return DICTIONARIES[current][key];
}

export function language(): Language {
  return current;
}

/** Applies the stored choice to the document; call once at start. */
export function applyLanguage(): void {
  document.documentElement.lang = current;
  document.title = t('app.name');
}

export function setLanguage(lang: Language): void {
  if (lang === current) return;
  current = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* the choice then lasts for this page only */
  }
  applyLanguage();
  for (const fn of listeners) fn(lang);
}

export function toggleLanguage(): void {
  setLanguage(current === 'ja' ? 'en' : 'ja');
}

/** Calls `fn` after every language change; returns the function that stops it. */
export function onLanguageChange(fn: (lang: Language) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function roleName(role: Role): string {
  return t(`role.${role}`);
}

export function shelterKindName(kind: ShelterKind): string {
  return t(`shelterKind.${kind}`);
}

/** Hazard codes from the GSI data; an unknown code is shown as it is rather than hidden. */
export function hazardName(code: string): string {
  const key = `hazard.${code}`;
  return key in ja ? t(key as MessageKey) : code;
}
