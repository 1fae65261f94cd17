/**
 * The people the schema walk reads, built through the API as the municipality and the care team would:
 *
 * - T (target): Komae district 13219-01, on a ventilator. Every consent agreed (roster, plan creation and
 *   sharing, ACP with the team and for emergencies). A plan (two revisions) with three supporters — one with
 *   their own consent, two without (one of them the demo neighbour's account) — a ventilator plan, care
 *   professionals; ACP discussions and a DNAR order. Care team: nurse, doctor, care manager, facilitator,
 *   the demo person account, the demo neighbour, and `extraTeam`.
 * - H (hidden): same district, on oxygen. Refused roster sharing, did not agree to share the plan or ACP;
 *   a plan with one supporter (no consent), a device plan and an ACP discussion. Care team: nurse and
 *   facilitator. Consent recipients may not see H at all; clinicians of the team do not get H's ACP.
 *
 * Every text below is a canary: it must never reach someone the policy does not let read it.
 */
import { randomUUID } from 'node:crypto';
import type { TestApp } from '../app';
import { addToCareTeam, personInput } from '../factories';
import type { Session } from './sessions';
import type { ScanTarget } from './walker';

const T_TEXT = {
  address: '和泉本町4-4-44 歩行荘', phone: '03-3430-5555',
  s1: { name: '猪方 一郎', phone: '090-1111-0001', address: '狛江市和泉本町1-2-3' },
  s2: { name: '和泉 次郎', phone: '090-2222-0002', address: '狛江市和泉本町1-2-5' },
  s3: { name: '猪方 花枝', phone: '03-3480-1234' },
  careNotes: 'PLAN秘密-痰の吸引が1時間毎に必要', contact: { name: '歩行検証 一', phone: '090-3333-0003' },
  device: 'DEVICE秘密-TPPV 24時間 一回換気量450mL',
  values: 'ACP秘密-猫のタマ三郎と家で過ごしたい', comfort: 'ACP秘密-痛みだけは取ってほしい',
  cprNote: 'ACP秘密-苦しい延命は望まない', order: 'ACP秘密-DNAR指示書は枕元', surrogate: { name: '鶴見 遥香', phone: '090-7777-1234' },
};
const H_TEXT = {
  address: '和泉本町5-5-55 秘密荘', phone: '03-3430-6666',
  s1: { name: '和泉 三郎', phone: '090-4444-0004' },
  careNotes: 'PLAN秘密H-階段で介助が必要',
  device: 'DEVICE秘密H-酸素濃縮器 3L/分',
  values: 'ACP秘密H-庭の梅を見ていたい', note: 'ACP秘密H-酸素は続けたい', surrogate: { name: '和泉 照子', phone: '090-8888-4321' },
};

/** Texts of both people by kind, for the checks that do not know whose they are (error messages). */
export const CANARY = {
  acp: [T_TEXT.values, T_TEXT.comfort, T_TEXT.cprNote, T_TEXT.order, T_TEXT.surrogate.name, T_TEXT.surrogate.phone, H_TEXT.values, H_TEXT.note, H_TEXT.surrogate.name, H_TEXT.surrogate.phone, 'DO_NOT_ATTEMPT_RESUSCITATION'],
  plan: [T_TEXT.careNotes, T_TEXT.s2.name, T_TEXT.s2.phone, T_TEXT.s3.name, H_TEXT.careNotes, H_TEXT.s1.name, H_TEXT.s1.phone],
  device: [T_TEXT.device, H_TEXT.device],
};

export interface Target extends ScanTarget {
  label: 'T' | 'H';
  id: string;
  name: string;
  lat: number;
  lng: number;
  /** Supporter keys of the current plan: `consented` gave their own consent. */
  supporters: { key: string; name: string; consented: boolean }[];
}

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

async function ok<T = any>(t: TestApp, token: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const r = await t.gql<T>(query, variables, token);
  if (!r.data || r.errors) throw new Error(`${query.slice(0, 60)}… failed: ${JSON.stringify(r.errors)}`);
  return r.data;
}

const CREATE = `mutation($i: CreatePersonInput!) { createPerson(input: $i) { id } }`;
const CONSENT = `mutation($i: RecordConsentInput!) { recordConsent(input: $i) { id } }`;
const SAVE = `mutation($i: SavePlanInput!) { savePlan(input: $i) { revision supporters { key name } } }`;
const ACP = `mutation($i: RecordAcpDiscussionInput!) { recordAcpDiscussion(input: $i) { id } }`;
const ORDER = `mutation($i: RecordPhysicianOrderInput!) { recordPhysicianOrder(input: $i) { id } }`;

async function consent(t: TestApp, staff: Session, personId: string, scope: string, decision: string, supporterKey?: string) {
  await ok(t, staff.token, CONSENT, {
    i: { personId, scope, decision, legalBasis: 'explicit_consent', explainedItems: '名簿・個別避難計画・人生会議の共有について (test v1)', method: 'WRITTEN', signerRelation: '本人', obtainedAt: daysAgo(30), ...(supporterKey ? { supporterKey } : {}) },
  });
}

const route = (lng: number, lat: number) => ({ description: '自宅前の道を北へ', geometry: { type: 'LineString', coordinates: [[lng, lat], [lng + 0.001, lat + 0.001]] } });

export async function createTargets(
  t: TestApp,
  s: { staff: Session; nurse: Session; doctor: Session; caremanager: Session; facilitator: Session; person: Session; supporter: Session },
  extraTeam: { accountId: string; group: string | null }[],
): Promise<{ T: Target; H: Target }> {
  const tag = randomUUID().slice(0, 6);
  // ── T
  const tLoc = { lat: 35.6349, lng: 139.5786 };
  const tName = `歩行検証 富士子${tag}`;
  const T = (
    await ok(t, s.staff.token, CREATE, {
      i: personInput({
        name: tName, nameKana: 'ホコウケンショウ フジコ', ...tLoc, medicalDependencies: ['VENTILATOR'], careLevel: 'CARE_5', household: 'LIVES_ALONE',
        hazardFlags: ['FLOOD'], supportReasons: ['CARE_NEED', 'MEDICAL_CARE'], districtCode: '13219-01', phone: T_TEXT.phone, address: T_TEXT.address,
      }),
    })
  ).createPerson.id as string;
  for (const scope of ['ROSTER_SHARE_NORMAL', 'PLAN_CREATION', 'PLAN_SHARE_NORMAL', 'ACP_SHARE_TEAM', 'ACP_SHARE_EMERGENCY']) await consent(t, s.staff, T, scope, 'AGREE');
  const supporters = [
    { ...T_TEXT.s1, relation: '長男', responderGroup: 'WELFARE_VOLUNTEER', availability: { day: true, night: true } },
    { ...T_TEXT.s2, relation: '近隣住民', responderGroup: 'WELFARE_VOLUNTEER', availability: { day: true, night: false } },
    { ...T_TEXT.s3, relation: '近隣支援者', responderGroup: 'WELFARE_VOLUNTEER', accountId: s.supporter.accountId, availability: { day: true, night: true } },
  ];
  const device = { device: 'VENTILATOR', settingsSummary: T_TEXT.device, internalBatteryHours: 2, externalBatteryHours: [3], backupPower: '車のインバーター', powerCompanyRegistered: true };
  const content = {
    supporters,
    destination: { type: 'STAY_HOME', name: '在宅避難', preArranged: false },
    routes: [route(tLoc.lng, tLoc.lat)],
    evacuationTrigger: '警戒レベル3 高齢者等避難',
    transport: 'ストレッチャー',
    careNotes: T_TEXT.careNotes,
    emergencyContacts: [{ ...T_TEXT.contact, relation: '兄' }],
    careProfessionals: [
      { name: '訪問看護師 中和泉 恵', organisation: '狛江 訪問看護ステーション', role: 'VISITING_NURSE', accountId: s.nurse.accountId, phone: '03-3430-0101' },
      { name: '在宅医 元和泉 誠', organisation: '狛江 在宅クリニック', role: 'HOME_CARE_DOCTOR', accountId: s.doctor.accountId },
      { name: 'ケアマネ 駒井 京子', organisation: '狛江 居宅介護支援事業所', role: 'CARE_MANAGER', accountId: s.caremanager.accountId },
    ],
    medicalDevices: [device],
    thingsToBring: '予備バッテリー、吸引器',
  };
  await ok(t, s.staff.token, SAVE, { i: { personId: T, baseRevision: 0, content, nextReviewAt: '2027-04-01', comment: '初回作成' } });
  // A second revision changing supporters and devices, so the history diff carries both.
  const saved = await ok(t, s.staff.token, SAVE, {
    i: {
      personId: T, baseRevision: 1, comment: '電話番号と設定の更新',
      content: { ...content, supporters: supporters.map((x, i) => (i === 0 ? { ...x, availability: { day: true, night: false } } : x)), medicalDevices: [{ ...device, externalBatteryHours: [3, 2] }] },
    },
  });
  // savePlan assigns keys; keep them by name (names are unique in this plan).
  const withKeys = await ok(t, s.staff.token, `query($p: ID!) { plan(personId: $p) { supporters { key name } } }`, { p: T });
  void saved;
  const keyOf = (name: string) => withKeys.plan.supporters.find((x: { name: string }) => x.name === name).key as string;
  await consent(t, s.staff, T, 'SUPPORTER_PLAN_SHARE', 'AGREE', keyOf(T_TEXT.s1.name));
  await consent(t, s.staff, T, 'SUPPORTER_PLAN_SHARE', 'REFUSE', keyOf(T_TEXT.s2.name));
  await addToCareTeam(t.app, T, s.facilitator.accountId, null);
  await addToCareTeam(t.app, T, s.person.accountId, null);
  for (const x of extraTeam) await addToCareTeam(t.app, T, x.accountId, x.group);
  const participants = [
    { role: 'PERSON', name: tName },
    { role: 'FAMILY', name: T_TEXT.surrogate.name, relation: '長女' },
    { role: 'FACILITATOR', name: '進行役', accountId: s.facilitator.accountId },
  ];
  const first = (
    await ok(t, s.facilitator.token, ACP, {
      i: {
        personId: T, heldAt: daysAgo(40), facilitatorAccountId: s.facilitator.accountId, place: '自宅', participants, capacityStatus: 'CAN_EXPRESS',
        preferences: [
          { intervention: 'CPR', scenario: 'NO_RECOVERY_EXPECTED', choice: 'WANTS' },
          { intervention: 'HOSPITAL_TRANSFER', scenario: 'SUDDEN_DETERIORATION', choice: 'WANTS', note: '骨折なら病院へ' },
        ],
        surrogates: [{ rank: 1, ...T_TEXT.surrogate, relation: '長女' }],
        valuesChecklist: ['STAYING_AT_HOME', 'FREE_FROM_PAIN'],
        valuesText: T_TEXT.values,
      },
    })
  ).recordAcpDiscussion.id as string;
  const second = (
    await ok(t, s.nurse.token, ACP, {
      i: {
        personId: T, heldAt: daysAgo(20), facilitatorAccountId: s.facilitator.accountId, place: '自宅', participants, capacityStatus: 'CAN_EXPRESS',
        preferences: [{ intervention: 'CPR', scenario: 'NO_RECOVERY_EXPECTED', choice: 'DOES_NOT_WANT', note: T_TEXT.cprNote }],
        comfortWishes: T_TEXT.comfort,
        preferredPlaceOfDeath: 'HOME',
        surrogates: [{ rank: 1, ...T_TEXT.surrogate, relation: '長女' }],
        nextReviewTrigger: '入退院、病状の変化',
      },
    })
  ).recordAcpDiscussion.id as string;
  void first;
  await ok(t, s.doctor.token, ORDER, {
    i: { personId: T, kind: 'CPR', code: 'DO_NOT_ATTEMPT_RESUSCITATION', orderedAt: daysAgo(19), basisDiscussionId: second, instructions: T_TEXT.order },
  });

  // ── H
  const hLoc = { lat: 35.6352, lng: 139.579 };
  const hName = `歩行検証 秘子${tag}`;
  const H = (
    await ok(t, s.staff.token, CREATE, {
      i: personInput({
        name: hName, nameKana: 'ホコウケンショウ ヒデコ', ...hLoc, medicalDependencies: ['OXYGEN'], careLevel: 'CARE_4', household: 'ELDERLY_ONLY',
        supportReasons: ['CARE_NEED', 'MEDICAL_CARE'], districtCode: '13219-01', phone: H_TEXT.phone, address: H_TEXT.address,
      }),
    })
  ).createPerson.id as string;
  await consent(t, s.staff, H, 'ROSTER_SHARE_NORMAL', 'REFUSE');
  await consent(t, s.staff, H, 'PLAN_CREATION', 'AGREE');
  await consent(t, s.staff, H, 'PLAN_SHARE_NORMAL', 'DISAGREE');
  await ok(t, s.staff.token, SAVE, {
    i: {
      personId: H, baseRevision: 0,
      content: {
        supporters: [{ ...H_TEXT.s1, relation: '長男', responderGroup: 'WELFARE_VOLUNTEER', availability: { day: true, night: true } }],
        destination: { type: 'RELATIVES', name: '親族宅', preArranged: false },
        routes: [route(hLoc.lng, hLoc.lat)],
        careNotes: H_TEXT.careNotes,
        emergencyContacts: [],
        careProfessionals: [{ name: '訪問看護師 中和泉 恵', organisation: '狛江 訪問看護ステーション', role: 'VISITING_NURSE', accountId: s.nurse.accountId }],
        medicalDevices: [{ device: 'OXYGEN', settingsSummary: H_TEXT.device, internalBatteryHours: 0, externalBatteryHours: [4] }],
      },
    },
  });
  await addToCareTeam(t.app, H, s.facilitator.accountId, null);
  await ok(t, s.facilitator.token, ACP, {
    i: {
      personId: H, heldAt: daysAgo(10), facilitatorAccountId: s.facilitator.accountId, place: '自宅', capacityStatus: 'PARTIALLY',
      participants: [{ role: 'PERSON', name: hName }, { role: 'FAMILY', name: H_TEXT.surrogate.name, relation: '長女' }],
      preferences: [{ intervention: 'INTUBATION_VENTILATION', scenario: 'ANY', choice: 'DOES_NOT_WANT', note: H_TEXT.note }],
      surrogates: [{ rank: 1, ...H_TEXT.surrogate, relation: '長女' }],
      valuesText: H_TEXT.values,
    },
  });
  const hPlan = await ok(t, s.staff.token, `query($p: ID!) { plan(personId: $p) { supporters { key name } } }`, { p: H });

  return {
    T: {
      label: 'T', id: T, name: tName, ...tLoc,
      supporters: withKeys.plan.supporters.map((x: { key: string; name: string }) => ({ ...x, consented: x.name === T_TEXT.s1.name })),
      canaries: {
        R: [tName, T_TEXT.address, T_TEXT.phone],
        P: [T_TEXT.s1.name, T_TEXT.s1.phone, T_TEXT.s2.name, T_TEXT.s2.phone, T_TEXT.s3.name, T_TEXT.s3.phone, T_TEXT.careNotes, T_TEXT.contact.name, T_TEXT.contact.phone],
        M: [T_TEXT.device],
        A: [T_TEXT.values, T_TEXT.comfort],
        E: [T_TEXT.surrogate.name, T_TEXT.surrogate.phone, T_TEXT.cprNote, T_TEXT.order],
      },
      hiddenWhenRedacted: { P: [T_TEXT.s2.name, T_TEXT.s2.phone, T_TEXT.s2.address, T_TEXT.s3.name, T_TEXT.s3.phone], M: [T_TEXT.device] },
    },
    H: {
      label: 'H', id: H, name: hName, ...hLoc,
      supporters: hPlan.plan.supporters.map((x: { key: string; name: string }) => ({ ...x, consented: false })),
      canaries: {
        R: [hName, H_TEXT.address, H_TEXT.phone],
        P: [H_TEXT.s1.name, H_TEXT.s1.phone, H_TEXT.careNotes],
        M: [H_TEXT.device],
        A: [H_TEXT.values],
        E: [H_TEXT.note, H_TEXT.surrogate.name, H_TEXT.surrogate.phone],
      },
      hiddenWhenRedacted: { P: [H_TEXT.s1.name, H_TEXT.s1.phone], M: [H_TEXT.device] },
    },
  };
}
