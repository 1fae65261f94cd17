import { AcpChoice, AcpIntervention as I, AcpScenario as S, PhysicianOrderCode as C, PhysicianOrderKind as K, PhysicianOrderStatus } from './acp.enums';
import { ordersInForce } from './acp-content';
import { deriveAcpStance } from './acp-stance';
import { deriveEmergencySummary } from './emergency-summary';
import { discussion, order, pref } from './testing/acp-fixtures';

const hanako = { rank: 1, name: '猪方 花子', relation: '長女', phone: '090-1111-2222', scopeNote: '延命治療の判断を任せる' };
const jiro = { rank: 2, name: '猪方 次郎', relation: '長男', phone: '03-3430-1111', scopeNote: null };

describe(deriveEmergencySummary.name, () => {
  it('takes surrogates 1 and 2, the urgent wishes and the last discussion date from the discussions', () => {
    const records = [
      discussion('d1', 0, { surrogates: [jiro, hanako], preferences: [pref(I.CPR, S.ANY, AcpChoice.WANTS), pref(I.DIALYSIS, S.ANY, AcpChoice.DOES_NOT_WANT)] }),
      discussion('d2', 40, {
        preferences: [
          pref(I.HOSPITAL_TRANSFER, S.SUDDEN_DETERIORATION, AcpChoice.WANTS, '骨折なら病院へ'),
          pref(I.CPR, S.ANY, AcpChoice.DOES_NOT_WANT),
          pref(I.INTUBATION_VENTILATION, S.NO_RECOVERY_EXPECTED, AcpChoice.DOES_NOT_WANT),
        ],
      }),
    ];
    const summary = deriveEmergencySummary(deriveAcpStance(records), []);
    expect(summary.surrogates.map((s) => [s.rank, s.name, s.phone])).toEqual([[1, '猪方 花子', '090-1111-2222'], [2, '猪方 次郎', '03-3430-1111']]);
    expect(summary.urgentWishes.map((w) => [w.intervention, w.scenario, w.choice, w.note])).toEqual([
      [I.CPR, S.ANY, AcpChoice.DOES_NOT_WANT, null],
      [I.INTUBATION_VENTILATION, S.NO_RECOVERY_EXPECTED, AcpChoice.DOES_NOT_WANT, null],
      [I.HOSPITAL_TRANSFER, S.SUDDEN_DETERIORATION, AcpChoice.WANTS, '骨折なら病院へ'],
    ]);
    expect(summary.urgentWishes.some((w) => w.intervention === I.DIALYSIS)).toBe(false);
    expect(summary).toMatchObject({ lastDiscussionAt: records[1].heldAt, declined: false, noDiscussion: false, physicianOrders: [] });
  });

  it('keeps physician orders apart from wishes: the latest order per kind, unless it withdrew the kind', () => {
    const orders = [
      order('o1', 0, K.CPR, C.ATTEMPT_RESUSCITATION),
      order('o2', 20, K.CPR, C.DO_NOT_ATTEMPT_RESUSCITATION),
      order('o3', 5, K.ARTIFICIAL_NUTRITION, C.NO_ARTIFICIAL_NUTRITION),
      order('o4', 25, K.ARTIFICIAL_NUTRITION, C.NO_ARTIFICIAL_NUTRITION, { status: PhysicianOrderStatus.WITHDRAWN }),
      order('o5', 3, K.INITIAL_TREATMENT, C.COMFORT_FOCUSED),
    ];
    const summary = deriveEmergencySummary(deriveAcpStance([discussion('d1', 0, { preferences: [pref(I.CPR, S.ANY, AcpChoice.WANTS)] })]), orders);
    expect(summary.physicianOrders.map((o) => o.id)).toEqual(['o2', 'o5']);
    // The person's own wish stays a wish, even where an order says otherwise.
    expect(summary.urgentWishes.map((w) => w.choice)).toEqual([AcpChoice.WANTS]);
  });

  it.each([
    ['no discussion at all', [], { noDiscussion: true, declined: false, lastDiscussionAt: null, surrogates: [] }],
    ['a declined discussion', [discussion('d1', 3, { declined: true })], { noDiscussion: false, declined: true, surrogates: [], urgentWishes: [] }],
  ])('says so for %s', (_name, records, expected) => {
    expect(deriveEmergencySummary(deriveAcpStance(records), [])).toMatchObject(expected);
  });

  it('uses only the corrected record when a surrogate was misrecorded', () => {
    const records = [
      discussion('d1', 0, { surrogates: [{ ...hanako, phone: '090-0000-0000' }] }),
      discussion('d1c', 0, { correctsId: 'd1', correctionReason: '電話番号の誤り', surrogates: [hanako] }),
    ];
    expect(deriveEmergencySummary(deriveAcpStance(records), []).surrogates.map((s) => s.phone)).toEqual(['090-1111-2222']);
  });
});

describe(ordersInForce.name, () => {
  it('breaks ties on the same order time by when the order was recorded', () => {
    const t = new Date('2026-05-01T00:00:00Z');
    const a = order('a', 0, K.CPR, C.ATTEMPT_RESUSCITATION, { orderedAt: t, recordedAt: new Date('2026-05-01T01:00:00Z') });
    const b = order('b', 0, K.CPR, C.DO_NOT_ATTEMPT_RESUSCITATION, { orderedAt: t, recordedAt: new Date('2026-05-01T02:00:00Z') });
    expect(ordersInForce([b, a]).map((o) => o.id)).toEqual(['b']);
  });
});
