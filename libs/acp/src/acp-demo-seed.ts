import { EntityManager } from 'typeorm';
import {
  AcpCapacityStatus, AcpChoice, AcpDisclosurePreference, AcpIntervention as I, AcpParticipantRole as R, AcpPlace, AcpScenario as S, AcpValue,
  PhysicianOrderCode, PhysicianOrderKind, PhysicianOrderStatus,
} from './acp.enums';
import { AcpDiscussionDraft, validateAcpDiscussion } from './acp-validation';
import { AcpDiscussionEntity } from './acp-discussion.entity';
import { PhysicianOrderEntity } from './physician-order.entity';

export interface AcpDemoAccounts {
  facilitatorAccountId: string;
  nurseAccountId: string;
  doctorAccountId: string;
}

/**
 * Demo ACP for one Komae care-team person: three discussions in which the resuscitation wish changes
 * (wants → undecided → does not want), surrogates named, and the doctor's DNAR order after the third.
 * Also puts the facilitator in the care team and records the person's ACP_SHARE_TEAM consent, so the
 * demo doctor, nurse and facilitator can read it. Idempotent: does nothing when the person already
 * has discussions. For the demo seed to call inside its transaction; writes no audit rows (seed data).
 */
export async function seedAcpDemo(m: EntityManager, personId: string, who: AcpDemoAccounts, now = new Date()): Promise<number> {
  if (await m.getRepository(AcpDiscussionEntity).existsBy({ personId })) return 0;
  const day = (n: number) => new Date(now.getTime() - n * 86_400_000);
  await m.query(
    `INSERT INTO care_team_member (person_id, account_id, responder_group) VALUES ($1, $2, NULL) ON CONFLICT DO NOTHING`,
    [personId, who.facilitatorAccountId],
  );
  await m.query(
    `INSERT INTO consent_record (person_id, scope, decision, legal_basis, explained_items, obtained_by, obtained_at, method, signer_relation)
     VALUES ($1, 'ACP_SHARE_TEAM', 'AGREE', 'explicit_consent', '人生会議の記録をケアチームで共有することの説明 v1', $2, $3, 'WRITTEN', '本人')`,
    [personId, who.facilitatorAccountId, day(200)],
  );
  const people = [
    { role: R.PERSON, name: '本人' },
    { role: R.FAMILY, name: '長女', relation: '長女' },
  ];
  const hanako = { rank: 1, name: '長女', relation: '長女', phone: '090-1234-5678', scopeNote: '延命治療について本人の意思を推定して判断する' };
  const drafts: AcpDiscussionDraft[] = [
    {
      heldAt: day(180), facilitatorAccountId: who.facilitatorAccountId, place: '自宅', capacityStatus: AcpCapacityStatus.CAN_EXPRESS,
      participants: [...people, { role: R.FACILITATOR, name: 'ACP 進行役', accountId: who.facilitatorAccountId }],
      valuesChecklist: [AcpValue.STAYING_AT_HOME, AcpValue.TIME_WITH_FAMILY], valuesText: '住み慣れた家で、家族とゆっくり過ごしたい',
      preferences: [
        { intervention: I.CPR, scenario: S.NO_RECOVERY_EXPECTED, choice: AcpChoice.WANTS },
        { intervention: I.HOSPITAL_TRANSFER, scenario: S.SUDDEN_DETERIORATION, choice: AcpChoice.WANTS },
      ],
      surrogates: [hanako], disclosurePreference: AcpDisclosurePreference.WANTS_TO_BE_TOLD, nextReviewTrigger: '入退院、病状の変化',
    },
    {
      heldAt: day(90), facilitatorAccountId: who.facilitatorAccountId, place: '自宅', capacityStatus: AcpCapacityStatus.CAN_EXPRESS,
      participants: [...people, { role: R.NURSE, name: '訪問看護師', accountId: who.nurseAccountId }],
      preferences: [{ intervention: I.CPR, scenario: S.NO_RECOVERY_EXPECTED, choice: AcpChoice.UNDECIDED, note: '家族と相談したい' }],
      preferredPlaceOfDeath: AcpPlace.HOME,
    },
    {
      heldAt: day(20), facilitatorAccountId: who.facilitatorAccountId, place: '自宅', capacityStatus: AcpCapacityStatus.CAN_EXPRESS,
      participants: [...people, { role: R.DOCTOR, name: '在宅医', accountId: who.doctorAccountId }, { role: R.FACILITATOR, name: 'ACP 進行役', accountId: who.facilitatorAccountId }],
      preferences: [
        { intervention: I.CPR, scenario: S.NO_RECOVERY_EXPECTED, choice: AcpChoice.DOES_NOT_WANT, note: '苦しい延命は望まない' },
        { intervention: I.INTUBATION_VENTILATION, scenario: S.NO_RECOVERY_EXPECTED, choice: AcpChoice.DOES_NOT_WANT },
        { intervention: I.TUBE_FEEDING, scenario: S.FRAILTY, choice: AcpChoice.DOES_NOT_WANT, note: '口から食べられる間は食べたい' },
      ],
      surrogates: [hanako, { rank: 2, name: '長男', relation: '長男', phone: '03-3430-1111', scopeNote: null }],
      comfortWishes: '痛みや息苦しさはしっかりとってほしい',
    },
  ];
  let last: string | null = null;
  for (const d of drafts) {
    const { problems, value } = validateAcpDiscussion({ ...d, personId }, now);
    if (!value) throw new Error(`demo ACP discussion is invalid: ${JSON.stringify(problems)}`);
    const res = await m.createQueryBuilder().insert().into(AcpDiscussionEntity)
      .values({ personId, heldAt: value.heldAt, facilitatorAccountId: value.facilitatorAccountId, recordedBy: who.facilitatorAccountId, ...value.content })
      .returning('id').execute();
    last = res.identifiers[0]?.id ?? res.raw[0]?.id;
  }
  await m.createQueryBuilder().insert().into(PhysicianOrderEntity).values({
    personId, kind: PhysicianOrderKind.CPR, code: PhysicianOrderCode.DO_NOT_ATTEMPT_RESUSCITATION, status: PhysicianOrderStatus.ACTIVE,
    instructions: null, orderedAt: day(19), orderedBy: who.doctorAccountId, basisDiscussionId: last,
  }).execute();
  return drafts.length;
}
