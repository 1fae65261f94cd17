import {
  AcpChoice, AcpDisclosurePreference, AcpIntervention, AcpParticipantRole, AcpPlace, AcpScenario, AcpTopic, PhysicianOrderCode, labelOf,
} from '../acp.enums';
import { AcpParticipant, AcpSurrogate, PhysicianOrderRecord } from '../acp-content';
import { AcpStance, AcpStatement } from '../acp-stance';

/**
 * The person's copy (本人控え) in plain Japanese: each current wish as a sentence the person would say,
 * not as a code or a table cell. Pure; the PDF layout (acp-summary-pdf.ts) only places these lines.
 */

export const SUMMARY_TITLE = '人生会議の記録 — 本人控え';

/** Printed in a box near the top: wishes can change at any time (MHLW 2018, DOMAIN §3.1-2). */
export const CHANGE_NOTE = [
  'ここに書かれているのは、話し合いのときにあなたが伝えた気持ちです。',
  '気持ちはいつ変わってもかまいません。何度でも話し合い直すことができます。変わったときは、家族やケアチームにいつでも伝えてください。',
  'この控えに法的な拘束力はありません。あなたの気持ちを、家族等とケアチームで分かち合うためのものです。',
];

/** Everyday words for each treatment (the API labels are clinical). */
const TREATMENT_WORDS: Record<AcpIntervention, string> = {
  [AcpIntervention.CPR]: '心肺蘇生（心臓マッサージ・AED）',
  [AcpIntervention.INTUBATION_VENTILATION]: '気管挿管・人工呼吸器',
  [AcpIntervention.TUBE_FEEDING]: '鼻からの管による栄養（経鼻経管栄養）',
  [AcpIntervention.PEG]: '胃ろうによる栄養',
  [AcpIntervention.TPN]: '点滴による高カロリーの栄養（中心静脈栄養）',
  [AcpIntervention.IV_HYDRATION]: '点滴による水分補給',
  [AcpIntervention.DIALYSIS]: '人工透析',
  [AcpIntervention.HOSPITAL_TRANSFER]: '救急車で病院へ運ばれること・入院',
  [AcpIntervention.ICU]: '集中治療室での治療',
  [AcpIntervention.SURGERY]: '手術',
  [AcpIntervention.ANTIBIOTICS]: '抗菌薬（抗生物質）による治療',
};

const SCENARIO_WORDS: Record<AcpScenario, string> = {
  [AcpScenario.RECOVERY_EXPECTED]: '回復の見込みがある場合、',
  [AcpScenario.NO_RECOVERY_EXPECTED]: '回復の見込みがない場合、',
  [AcpScenario.FRAILTY]: '老衰で弱ってきた場合、',
  [AcpScenario.SUDDEN_DETERIORATION]: '急に具合が悪くなった場合、',
  [AcpScenario.ANY]: '',
};

const CHOICE_ENDINGS: Record<AcpChoice, string> = {
  [AcpChoice.WANTS]: 'を希望します。',
  [AcpChoice.DOES_NOT_WANT]: 'は希望しません。',
  [AcpChoice.TRIAL]: 'は、期間を決めて試してみたいです。',
  [AcpChoice.SURROGATE_DECIDES]: 'は、代理人の判断に任せます。',
  [AcpChoice.UNDECIDED]: 'は、まだ決めていません。',
};

const DISCLOSURE_WORDS: Record<AcpDisclosurePreference, string> = {
  [AcpDisclosurePreference.WANTS_TO_BE_TOLD]: '病名や病状の見通しは、本人に知らせてほしい。',
  [AcpDisclosurePreference.DOES_NOT_WANT_TO_BE_TOLD]: '病名や病状の見通しは、本人には知らせないでほしい。',
  [AcpDisclosurePreference.LEAVES_TO_OTHERS]: '病名や病状の見通しを知らせるかどうかは、家族等や医師に任せる。',
  [AcpDisclosurePreference.UNDECIDED]: '病名や病状の見通しを知らせてほしいかどうかは、まだ決めていない。',
};

const PLACE_WORDS: Record<AcpPlace, string> = {
  [AcpPlace.HOME]: '自宅',
  [AcpPlace.CARE_FACILITY]: '介護施設',
  [AcpPlace.HOSPITAL]: '病院',
  [AcpPlace.PALLIATIVE_CARE_UNIT]: '緩和ケア病棟・ホスピス',
  [AcpPlace.OTHER]: 'その他の場所',
  [AcpPlace.UNDECIDED]: 'まだ決めていない',
};

/** Orders are the doctor's, said as orders (never as the person's wish). */
const ORDER_WORDS: Record<PhysicianOrderCode, string> = {
  [PhysicianOrderCode.ATTEMPT_RESUSCITATION]: '心肺蘇生を行う',
  [PhysicianOrderCode.DO_NOT_ATTEMPT_RESUSCITATION]: '心肺蘇生を行わない（DNAR）',
  [PhysicianOrderCode.FULL_TREATMENT]: 'あらゆる治療を行う',
  [PhysicianOrderCode.SELECTIVE_TREATMENT]: '選択的な治療を行う（気管挿管・集中治療は行わない）',
  [PhysicianOrderCode.COMFORT_FOCUSED]: '苦痛をやわらげることを中心にする',
  [PhysicianOrderCode.LONG_TERM_ARTIFICIAL_NUTRITION]: '長期の人工栄養を行う',
  [PhysicianOrderCode.TRIAL_ARTIFICIAL_NUTRITION]: '期間を決めて人工栄養を試す',
  [PhysicianOrderCode.NO_ARTIFICIAL_NUTRITION]: '人工栄養を行わない',
  [PhysicianOrderCode.OTHER_INSTRUCTIONS]: 'その他の指示',
};

/** A calendar date in Japan time, e.g. 2026年4月10日. */
export function jstDate(d: Date): string {
  const j = new Date(d.getTime() + 9 * 3600_000);
  return `${j.getUTCFullYear()}年${j.getUTCMonth() + 1}月${j.getUTCDate()}日`;
}

/** Date and time in Japan time, e.g. 2026年4月10日 14:05. */
export function jstDateTime(d: Date): string {
  const j = new Date(d.getTime() + 9 * 3600_000);
  return `${jstDate(d)} ${String(j.getUTCHours()).padStart(2, '0')}:${String(j.getUTCMinutes()).padStart(2, '0')}`;
}

const quoted = (note: string | null) => (note ? `「${note}」` : '');

/** One treatment wish as a sentence: 回復の見込みがない場合、心肺蘇生（心臓マッサージ・AED）は希望しません。 */
export function treatmentSentence(s: Pick<AcpStatement, 'intervention' | 'scenario' | 'choice'>): string {
  const what = TREATMENT_WORDS[s.intervention as AcpIntervention] ?? labelOf(String(s.intervention));
  const when = SCENARIO_WORDS[s.scenario as AcpScenario] ?? '';
  const ending = CHOICE_ENDINGS[s.choice as AcpChoice] ?? `: ${labelOf(String(s.choice))}`;
  return `${when}${what}${ending}`;
}

export function placeWords(place: AcpPlace): string {
  return PLACE_WORDS[place] ?? labelOf(place);
}

export function orderWords(o: Pick<PhysicianOrderRecord, 'code'>): string {
  return ORDER_WORDS[o.code] ?? labelOf(o.code);
}

export function participantWords(p: AcpParticipant): string {
  if (p.role === AcpParticipantRole.PERSON) return `${p.name}（本人）`;
  if (p.relation) return `${p.name}（${p.relation}）`;
  return `${p.name}（${labelOf(p.role)}）`;
}

export function surrogateWords(s: AcpSurrogate): { title: string; phone: string; note: string | null } {
  return { title: `第${s.rank}順位 ${s.name}（${s.relation}）`, phone: s.phone, note: s.scopeNote };
}

/** A section of the person's copy: a heading and its lines (each a paragraph), with when it was said. */
export interface SummarySection {
  heading: string;
  lines: { text: string; note?: string; said?: string }[];
}

/**
 * The current wishes as sections in the order a person would read them: what matters, places, being
 * told, treatments, comfort, faith, after death. Surrogates and physician orders are laid out apart.
 */
export function wishSections(stance: AcpStance): SummarySection[] {
  const by = (topic: AcpTopic) => stance.current.filter((s) => s.topic === topic);
  const said = (s: AcpStatement) => `${jstDate(s.heldAt)}の話し合い`;
  const sections: SummarySection[] = [];
  const values = by(AcpTopic.VALUES)[0];
  if (values) {
    const lines: SummarySection['lines'] = [];
    if (values.values.length) lines.push({ text: values.values.map((v) => labelOf(v)).join('、'), said: said(values) });
    if (values.text) lines.push({ text: `「${values.text}」`, said: values.values.length ? undefined : said(values) });
    sections.push({ heading: '大切にしていること', lines });
  }
  const places: SummarySection['lines'] = [];
  const care = by(AcpTopic.PLACE_OF_CARE)[0];
  const death = by(AcpTopic.PLACE_OF_DEATH)[0];
  if (care) places.push({ text: `療養したい場所: ${placeWords(care.place as AcpPlace)}`, said: said(care) });
  if (death) places.push({ text: `最期を過ごしたい場所: ${placeWords(death.place as AcpPlace)}`, said: said(death) });
  const placeNote = (death ?? care)?.note;
  if (placeNote) places.push({ text: quoted(placeNote) });
  if (places.length) sections.push({ heading: '過ごしたい場所', lines: places });
  const disclosure = by(AcpTopic.DISCLOSURE)[0];
  if (disclosure) sections.push({ heading: '病名や病状を知らせること', lines: [{ text: DISCLOSURE_WORDS[disclosure.disclosure as AcpDisclosurePreference], said: said(disclosure) }] });
  const treatments = by(AcpTopic.TREATMENT);
  if (treatments.length) {
    sections.push({
      heading: '医療やケアについての希望',
      lines: treatments.map((s) => ({ text: treatmentSentence(s), note: s.note ? quoted(s.note) : undefined, said: said(s) })),
    });
  }
  const text = (topic: AcpTopic, heading: string) => {
    const s = by(topic)[0];
    if (s?.text) sections.push({ heading, lines: [{ text: s.text, said: said(s) }] });
  };
  text(AcpTopic.COMFORT, '苦痛をやわらげること');
  text(AcpTopic.SPIRITUAL, '信仰・心のよりどころ');
  text(AcpTopic.AFTER_DEATH, '亡くなった後のこと');
  return sections;
}
