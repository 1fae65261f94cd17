import { AcpChoice, AcpIntervention as I, AcpPlace, AcpScenario as S, AcpTopic } from './acp.enums';
import { AcpDiscussionRecord } from './acp-content';
import { AcpStatement, deriveAcpStance } from './acp-stance';
import { discussion, pref } from './testing/acp-fixtures';

const CPR_NO_RECOVERY = 'TREATMENT:CPR:NO_RECOVERY_EXPECTED';

/** "key=value@discussion" for compact expectations. */
function brief(s: AcpStatement): string {
  const value = s.choice ?? s.place ?? s.disclosure ?? s.text ?? (s.surrogates ? s.surrogates.map((x) => `${x.rank}:${x.name}`).join(',') || 'none' : s.values.join(','));
  return `${s.key}=${value}@${s.discussionId}`;
}

const three = [
  discussion('d1', 0, { preferences: [pref(I.CPR, S.NO_RECOVERY_EXPECTED, AcpChoice.WANTS), pref(I.DIALYSIS, S.ANY, AcpChoice.DOES_NOT_WANT)], preferredPlaceOfDeath: AcpPlace.HOSPITAL }),
  discussion('d2', 30, { preferences: [pref(I.CPR, S.NO_RECOVERY_EXPECTED, AcpChoice.UNDECIDED)], preferredPlaceOfDeath: AcpPlace.HOME }),
  discussion('d3', 90, { preferences: [pref(I.CPR, S.NO_RECOVERY_EXPECTED, AcpChoice.DOES_NOT_WANT, '苦しい延命は望まない')], preferredPlaceOfDeath: AcpPlace.HOME }),
];

describe(deriveAcpStance.name, () => {
  it.each<[string, AcpDiscussionRecord[], string[], boolean, number]>([
    ['no discussions', [], [], false, 0],
    [
      'three discussions changing a wish: the latest statement per topic counts, untouched topics keep theirs',
      three,
      [`${CPR_NO_RECOVERY}=DOES_NOT_WANT@d3`, 'TREATMENT:DIALYSIS:ANY=DOES_NOT_WANT@d1', 'PLACE_OF_DEATH=HOME@d3'],
      false,
      3,
    ],
    ['the same, given in any order', [three[2], three[0], three[1]], [`${CPR_NO_RECOVERY}=DOES_NOT_WANT@d3`, 'TREATMENT:DIALYSIS:ANY=DOES_NOT_WANT@d1', 'PLACE_OF_DEATH=HOME@d3'], false, 3],
    [
      'a correction supersedes the record it corrects',
      [...three, discussion('d3c', 90, { correctsId: 'd3', correctionReason: '選択を聞き違えた', preferences: [pref(I.CPR, S.NO_RECOVERY_EXPECTED, AcpChoice.TRIAL)] })],
      [`${CPR_NO_RECOVERY}=TRIAL@d3c`, 'TREATMENT:DIALYSIS:ANY=DOES_NOT_WANT@d1', 'PLACE_OF_DEATH=HOME@d2'],
      false,
      3,
    ],
    [
      'a chain of corrections: only its last link counts',
      [
        ...three,
        discussion('d3c', 90, { correctsId: 'd3', correctionReason: 'x', preferences: [pref(I.CPR, S.NO_RECOVERY_EXPECTED, AcpChoice.TRIAL)] }),
        discussion('d3cc', 90, { correctsId: 'd3c', correctionReason: 'y', preferences: [pref(I.CPR, S.NO_RECOVERY_EXPECTED, AcpChoice.SURROGATE_DECIDES)] }),
      ],
      [`${CPR_NO_RECOVERY}=SURROGATE_DECIDES@d3cc`, 'TREATMENT:DIALYSIS:ANY=DOES_NOT_WANT@d1', 'PLACE_OF_DEATH=HOME@d2'],
      false,
      3,
    ],
    [
      'a declined latest discussion states nothing and retracts nothing, and is flagged',
      [...three, discussion('d4', 120, { declined: true, capacityStatus: null, participants: [] })],
      [`${CPR_NO_RECOVERY}=DOES_NOT_WANT@d3`, 'TREATMENT:DIALYSIS:ANY=DOES_NOT_WANT@d1', 'PLACE_OF_DEATH=HOME@d3'],
      true,
      4,
    ],
    ['a person who only ever declined', [discussion('d1', 0, { declined: true })], [], true, 1],
    [
      'a discussion after a refusal clears the declined flag',
      [discussion('d1', 0, { declined: true }), discussion('d2', 10, { preferences: [pref(I.CPR, S.ANY, AcpChoice.DOES_NOT_WANT)] })],
      ['TREATMENT:CPR:ANY=DOES_NOT_WANT@d2'],
      false,
      2,
    ],
    [
      'naming nobody is a statement; not discussing surrogates is not',
      [
        discussion('d1', 0, { surrogates: [{ rank: 1, name: '長女 花子', relation: '長女', phone: '090-1111-2222', scopeNote: null }] }),
        discussion('d2', 10, { surrogates: null, comfortWishes: '痛みはとってほしい' }),
        discussion('d3', 20, { surrogates: [] }),
      ],
      ['SURROGATES=none@d3', 'COMFORT=痛みはとってほしい@d2'],
      false,
      3,
    ],
  ])('%s', (_name, records, current, declined, count) => {
    const stance = deriveAcpStance(records);
    expect(stance.current.map(brief)).toEqual(current);
    expect(stance.declined).toBe(declined);
    expect(stance.discussionCount).toBe(count);
  });

  it('keeps each topic’s history oldest first, marking what changed', () => {
    const records = [...three, discussion('d4', 120, { preferences: [pref(I.CPR, S.NO_RECOVERY_EXPECTED, AcpChoice.DOES_NOT_WANT, '苦しい延命は望まない')] })];
    const cpr = deriveAcpStance(records).timelines.find((t) => t.key === CPR_NO_RECOVERY);
    expect(cpr?.entries.map((e) => [e.discussionId, e.choice, e.changed])).toEqual([
      ['d1', AcpChoice.WANTS, true],
      ['d2', AcpChoice.UNDECIDED, true],
      ['d3', AcpChoice.DOES_NOT_WANT, true],
      ['d4', AcpChoice.DOES_NOT_WANT, false],
    ]);
  });

  it('leaves superseded records out of the timeline and maps each to its correction', () => {
    const records = [...three, discussion('d2c', 30, { correctsId: 'd2', correctionReason: '日付違い', preferences: [pref(I.CPR, S.NO_RECOVERY_EXPECTED, AcpChoice.WANTS)] })];
    const stance = deriveAcpStance(records);
    expect(stance.supersededBy).toEqual(new Map([['d2', 'd2c']]));
    const cpr = stance.timelines.find((t) => t.key === CPR_NO_RECOVERY);
    expect(cpr?.entries.map((e) => [e.discussionId, e.changed])).toEqual([['d1', true], ['d2c', false], ['d3', true]]);
    // The place of death was stated at d2, which the correction replaced without restating it.
    expect(stance.timelines.find((t) => t.topic === AcpTopic.PLACE_OF_DEATH)?.entries.map((e) => e.discussionId)).toEqual(['d1', 'd3']);
  });

  it('says when and before whom each current statement was made', () => {
    const s = deriveAcpStance(three).current.find((x) => x.key === CPR_NO_RECOVERY);
    expect(s).toMatchObject({ heldAt: three[2].heldAt, facilitatorAccountId: 'fac-1', participants: three[2].participants, note: '苦しい延命は望まない' });
  });
});
