import { writeFileSync } from 'node:fs';
import { inspectPdf, utf16Hex } from '@anpi/core';
import {
  AcpChoice, AcpDisclosurePreference, AcpIntervention as I, AcpParticipantRole as R, AcpPlace, AcpScenario as S, AcpValue,
  PhysicianOrderCode, PhysicianOrderKind,
} from '../acp.enums';
import { deriveAcpStance } from '../acp-stance';
import { discussion, order, pref } from '../testing/acp-fixtures';
import { AcpSummaryInput, acpSummaryPdf } from './acp-summary-pdf';
import { CHANGE_NOTE, SUMMARY_TITLE, jstDate, treatmentSentence } from './acp-summary-text';

const hanako = { rank: 1, name: '猪方 花子', relation: '長女', phone: '090-1111-2222', scopeNote: '延命治療について本人の意思を推定して判断する' };
const jiro = { rank: 2, name: '猪方 次郎', relation: '長男', phone: '03-3430-1111', scopeNote: null };

const records = [
  discussion('d1', 0, {
    preferences: [pref(I.CPR, S.NO_RECOVERY_EXPECTED, AcpChoice.UNDECIDED, '家族と相談したい')], surrogates: [hanako],
    valuesChecklist: [AcpValue.STAYING_AT_HOME, AcpValue.TIME_WITH_FAMILY], valuesText: '住み慣れた家で家族と過ごしたい',
  }),
  discussion('d2', 40, {
    participants: [{ role: R.PERSON, name: '猪方 ハナ', relation: null, accountId: null }, { role: R.FAMILY, name: '猪方 花子', relation: '長女', accountId: null }],
    preferences: [pref(I.CPR, S.NO_RECOVERY_EXPECTED, AcpChoice.DOES_NOT_WANT, '苦しい延命は望まない'), pref(I.HOSPITAL_TRANSFER, S.SUDDEN_DETERIORATION, AcpChoice.WANTS)],
    surrogates: [hanako, jiro], preferredPlaceOfDeath: AcpPlace.HOME, disclosurePreference: AcpDisclosurePreference.WANTS_TO_BE_TOLD,
    comfortWishes: '痛みや息苦しさはしっかりとってほしい', nextReviewTrigger: '入退院、病状の変化', nextReviewOn: '2026-11-01',
  }),
];

function input(o: Partial<AcpSummaryInput> = {}): AcpSummaryInput {
  return {
    person: { name: '猪方 ハナ', nameKana: 'イノカタ ハナ' },
    stance: deriveAcpStance(records),
    orders: [order('o1', 41, PhysicianOrderKind.CPR, PhysicianOrderCode.DO_NOT_ATTEMPT_RESUSCITATION, { orderedByName: '在宅医 元和泉 誠' })],
    printedBy: { displayName: 'ACP 進行役 東和泉 遥', organisation: '狛江 在宅クリニック' },
    printedAt: new Date('2026-05-20T01:23:00Z'),
    exportId: '1a2b3c4d',
    ...o,
  };
}

/** Every string shown, in drawing order, as one hex run: a sentence wrapped over two lines is still found. */
function shown(pdf: Buffer): string {
  return [...inspectPdf(pdf).content.matchAll(/<([0-9A-F]+)> Tj/g)].map((m) => m[1]).join('');
}

describe(treatmentSentence.name, () => {
  it.each([
    [I.CPR, S.NO_RECOVERY_EXPECTED, AcpChoice.DOES_NOT_WANT, '回復の見込みがない場合、心肺蘇生（心臓マッサージ・AED）は希望しません。'],
    [I.HOSPITAL_TRANSFER, S.SUDDEN_DETERIORATION, AcpChoice.WANTS, '急に具合が悪くなった場合、救急車で病院へ運ばれること・入院を希望します。'],
    [I.DIALYSIS, S.ANY, AcpChoice.UNDECIDED, '人工透析は、まだ決めていません。'],
    [I.PEG, S.FRAILTY, AcpChoice.SURROGATE_DECIDES, '老衰で弱ってきた場合、胃ろうによる栄養は、代理人の判断に任せます。'],
  ])('says %s in %s / %s in plain Japanese', (intervention, scenario, choice, sentence) => {
    expect(treatmentSentence({ intervention, scenario, choice })).toBe(sentence);
  });
});

describe(acpSummaryPdf.name, () => {
  it('prints the title, the name, the last discussion, surrogates with phones, current wishes and the order as an order', () => {
    const { pdf, pages } = acpSummaryPdf(input());
    const i = inspectPdf(pdf);
    expect(i).toMatchObject({ version: '1.4', badOffsets: [], startxrefOk: true, pageCount: pages, declaredPages: pages, fontOk: true });
    const text = shown(pdf);
    const has = (s: string) => text.includes(utf16Hex(s));
    expect(has(SUMMARY_TITLE)).toBe(true);
    expect(has('猪方 ハナ さん')).toBe(true);
    expect(has(`最後に話し合った日: ${jstDate(records[1].heldAt)}（自宅）`)).toBe(true);
    expect(has(CHANGE_NOTE[1].slice(0, 12))).toBe(true);
    expect(has('第1順位 猪方 花子（長女）')).toBe(true);
    expect(has('電話 090-1111-2222')).toBe(true);
    expect(has('第2順位 猪方 次郎（長男）')).toBe(true);
    // The current wish, not the earlier one.
    expect(has('回復の見込みがない場合、心肺蘇生（心臓マッサージ・AED）は希望しません。')).toBe(true);
    expect(has('まだ決めていません')).toBe(false);
    expect(has('最期を過ごしたい場所: 自宅')).toBe(true);
    expect(has('指示: 心肺蘇生を行わない（DNAR）')).toBe(true);
    expect(has('指示した医師: 在宅医 元和泉 誠')).toBe(true);
    expect(has('入退院、病状の変化')).toBe(true);
    expect(has('控え番号 1a2b3c4d')).toBe(true);
    if (process.env.ACP_PDF_SAMPLE_OUT) writeFileSync(process.env.ACP_PDF_SAMPLE_OUT, pdf);
  });

  it('continues on further pages with a footer on each when there is much to say', () => {
    const many = discussion('d3', 60, {
      preferences: Object.values(I).flatMap((iv) => [S.NO_RECOVERY_EXPECTED, S.FRAILTY, S.SUDDEN_DETERIORATION].map((sc) => pref(iv, sc, AcpChoice.TRIAL, '長い説明'.repeat(12)))),
    });
    const { pdf, pages } = acpSummaryPdf(input({ stance: deriveAcpStance([...records, many]) }));
    const i = inspectPdf(pdf);
    expect(pages).toBeGreaterThan(2);
    expect(i).toMatchObject({ badOffsets: [], pageCount: pages, declaredPages: pages });
    expect(i.content.split(utf16Hex(`${SUMMARY_TITLE}　猪方 ハナ さん`)).length - 1).toBe(pages);
    expect(i.content).toContain(utf16Hex(`${pages} / ${pages}`));
  });

  it('says so when nothing was discussed yet, and respects a declined discussion', () => {
    const none = shown(acpSummaryPdf(input({ stance: deriveAcpStance([]), orders: [] })).pdf);
    expect(none).toContain(utf16Hex('まだ話し合いの記録はありません。'));
    expect(none).toContain(utf16Hex('現在、医師の指示はありません。'));
    const declined = shown(acpSummaryPdf(input({ stance: deriveAcpStance([...records, discussion('d9', 80, { declined: true, capacityStatus: null, participants: [] })]) })).pdf);
    expect(declined).toContain(utf16Hex('「今は考えたくない」というあなたの気持ちを大切にしました。'));
    // Earlier statements stand as they were said.
    expect(declined).toContain(utf16Hex('電話 090-1111-2222'));
  });
});
