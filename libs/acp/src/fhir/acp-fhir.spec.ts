import { Fhir } from 'fhir';
import {
  AcpChoice, AcpDisclosurePreference, AcpIntervention as I, AcpPlace, AcpScenario as S, AcpValue, PhysicianOrderCode as C, PhysicianOrderKind as K,
} from '../acp.enums';
import { discussion, order, pref } from '../testing/acp-fixtures';
import { ACP_BUNDLE_TYPE, AcpBundleInput, buildAcpBundle } from './acp-fhir';
import { adiProfileProblems } from './adi-profile-rules';

/* eslint-disable @typescript-eslint/no-explicit-any */
const fhir = new Fhir();
const r4Errors = (bundle: unknown) => fhir.validate(bundle as object, { errorOnUnexpected: true }).messages?.filter((m) => m.severity === 'error') ?? [];

const person = { id: 'a0f4c3c2-1b7e-4b59-9f0e-2f4d7c2b9e01', name: '猪方 ハナ', nameKana: 'イノカタ ハナ', birthDate: '1938-05-02', sex: 'FEMALE', municipalityCode: '13219' };
const hanako = { rank: 1, name: '猪方 花子', relation: '長女', phone: '090-1111-2222', scopeNote: '延命治療の判断を任せる' };

function input(o: Partial<AcpBundleInput> = {}): AcpBundleInput {
  return {
    person,
    records: [
      discussion('d1', 0, {
        preferences: [pref(I.CPR, S.NO_RECOVERY_EXPECTED, AcpChoice.WANTS), pref(I.TUBE_FEEDING, S.FRAILTY, AcpChoice.DOES_NOT_WANT, '口から食べられる間は食べたい')],
        surrogates: [hanako, { rank: 2, name: '猪方 次郎', relation: '長男', phone: '03-3430-1111', scopeNote: null }],
        valuesChecklist: [AcpValue.STAYING_AT_HOME, AcpValue.FREE_FROM_PAIN],
        valuesText: '猫と一緒に家で過ごしたい',
        preferredPlaceOfCare: AcpPlace.HOME,
        disclosurePreference: AcpDisclosurePreference.WANTS_TO_BE_TOLD,
        spiritualWishes: '浄土真宗。お寺の住職に連絡を',
        comfortWishes: '痛みは我慢したくない',
      }),
      discussion('d2', 60, {
        preferences: [pref(I.CPR, S.NO_RECOVERY_EXPECTED, AcpChoice.DOES_NOT_WANT), pref(I.HOSPITAL_TRANSFER, S.SUDDEN_DETERIORATION, AcpChoice.TRIAL)],
        preferredPlaceOfDeath: AcpPlace.HOME,
        afterDeathWishes: '葬儀は家族だけで',
      }),
    ],
    orders: [order('o1', 61, K.CPR, C.DO_NOT_ATTEMPT_RESUSCITATION), order('o2', 61, K.ARTIFICIAL_NUTRITION, C.TRIAL_ARTIFICIAL_NUTRITION, { instructions: '2週間の試行' })],
    exportedAt: new Date('2026-11-26T09:00:00Z'),
    exportId: 'e7e1c1de-0000-4000-8000-000000000001',
    exportedBy: { accountId: 'acc-1', role: 'ACP_FACILITATOR' },
    ...o,
  };
}

const resources = (b: any, type: string) => b.entry.map((e: any) => e.resource).filter((r: any) => r.resourceType === type);
const sectionCodes = (b: any) => resources(b, 'Composition')[0].section.map((s: any) => s.code.coding[0].code);

describe(buildAcpBundle.name, () => {
  it('exports a full record that validates against FHIR R4 and the PACIO ADI profile rules', () => {
    const b: any = buildAcpBundle(input());
    expect(r4Errors(b)).toEqual([]);
    expect(adiProfileProblems(b)).toEqual([]);
    expect(b.type).toBe(ACP_BUNDLE_TYPE);
    expect(sectionCodes(b)).toEqual(['81335-2', '107905-2', '81338-6', '81337-8', '107904-5']);
  });

  it('maps wishes to intervention preferences with the scenario as their precondition, from the current stance only', () => {
    const b: any = buildAcpBundle(input());
    const prefs = resources(b, 'Observation').filter((o: any) => o.category?.[0].coding[0].code === 'intervention-preference');
    expect(prefs.map((o: any) => [o.code.coding[0].code, o.extension[0].valueCodeableConcept.text, o.valueCodeableConcept.coding[0].code])).toEqual([
      ['CPR', '回復の見込みがない場合', 'DOES_NOT_WANT'],
      ['TUBE_FEEDING', '老衰の場合', 'DOES_NOT_WANT'],
      ['HOSPITAL_TRANSFER', '急変した場合', 'TRIAL'],
    ]);
    expect(prefs[1].note).toEqual([{ text: '口から食べられる間は食べたい' }]);
  });

  it('appoints the surrogates with one Consent (PWATRNY) and a RelatedPerson each', () => {
    const b: any = buildAcpBundle(input());
    const [consent] = resources(b, 'Consent');
    const people = resources(b, 'RelatedPerson');
    expect(people.map((p: any) => [p.name[0].text, p.telecom[0].value])).toEqual([['猪方 花子', '090-1111-2222'], ['猪方 次郎', '03-3430-1111']]);
    expect(consent.provision.actor.map((a: any) => a.role.coding[0].code)).toEqual(['75783-1', '75784-9']);
    expect(consent.provision.purpose[0].code).toBe('PWATRNY');
  });

  it('keeps physician orders as PMO ServiceRequests beside the PACP, with the doctor as requester', () => {
    const b: any = buildAcpBundle(input());
    const orders = resources(b, 'ServiceRequest');
    expect(orders.map((o: any) => [o.category[0].coding[0].code, o.orderDetail[0].coding[0].code, o.doNotPerform ?? false])).toEqual([
      ['100822-6', 'DO_NOT_ATTEMPT_RESUSCITATION', true],
      ['100825-9', 'TRIAL_ARTIFICIAL_NUTRITION', false],
    ]);
    const requester = b.entry.find((e: any) => e.fullUrl === orders[0].requester.reference).resource;
    expect(requester).toMatchObject({ resourceType: 'Practitioner', name: [{ text: '在宅医' }] });
  });

  it('exports a declined ACP as a DocumentationObservation, with the agent section empty for that reason', () => {
    const b: any = buildAcpBundle(input({ records: [discussion('d1', 0, { declined: true, declinedNote: '今は考えたくない', capacityStatus: null })], orders: [] }));
    expect(r4Errors(b)).toEqual([]);
    expect(adiProfileProblems(b)).toEqual([]);
    const comp = resources(b, 'Composition')[0];
    expect(comp.section[0].emptyReason.coding[0].code).toBe('asked-declined');
    const declined = resources(b, 'Observation').find((o: any) => o.code.coding[0].code === '42348-3');
    expect(declined).toMatchObject({ valueCodeableConcept: { coding: [{ code: '373067005' }] }, note: [{ text: '今は考えたくない' }] });
  });

  it('exports a person with no discussion yet as a valid, nearly empty plan', () => {
    const b: any = buildAcpBundle(input({ records: [], orders: [] }));
    expect(r4Errors(b)).toEqual([]);
    expect(adiProfileProblems(b)).toEqual([]);
    expect(resources(b, 'Composition')[0].section[0].emptyReason.coding[0].code).toBe('not-asked');
  });

  it('gives the same resources the same ids in every export', () => {
    const a: any = buildAcpBundle(input());
    const b: any = buildAcpBundle(input({ exportId: 'e7e1c1de-0000-4000-8000-000000000002' }));
    expect(a.entry.map((e: any) => e.fullUrl)).toEqual(b.entry.map((e: any) => e.fullUrl));
    expect(a.identifier.value).not.toBe(b.identifier.value);
  });
});

describe(adiProfileProblems.name, () => {
  const clone = () => JSON.parse(JSON.stringify(buildAcpBundle(input())));
  const find = (b: any, pred: (r: any) => boolean) => b.entry.map((e: any) => e.resource).find(pred);
  const comp = (b: any) => find(b, (r) => r.resourceType === 'Composition');
  const pref0 = (b: any) => find(b, (r) => r.category?.[0].coding[0].code === 'intervention-preference');

  it.each<[string, (b: any) => void, RegExp]>([
    ['a Composition authored by someone else', (b) => comp(b).author.push(find(b, (r) => r.resourceType === 'ServiceRequest').requester), /author must be the patient only/],
    ['a non-personal attestation', (b) => (comp(b).attester[0].mode = 'professional'), /attester.mode must be 'personal'/],
    ['no healthcare agent section', (b) => comp(b).section.shift(), /healthcare_agent section \(LOINC 81335-2\) 1..1/],
    ['an agent section with a Consent but no RelatedPerson', (b) => (comp(b).section[0].entry = comp(b).section[0].entry.slice(0, 1)), /HCA-section-entries/],
    ['an empty agent section without a reason', (b) => delete (comp(b).section[0] = { ...comp(b).section[0], entry: undefined }).emptyReason, /emptyReason from ADINoHealthcareAgentIncludedReasonVS/],
    ['a physician order inside the PACP', (b) => comp(b).section[1].entry.push({ reference: b.entry.find((e: any) => e.resource.resourceType === 'ServiceRequest').fullUrl }), /must not be inside the person-authored PACP/],
    ['a preference that is not final', (b) => (pref0(b).status = 'preliminary'), /status must be 'final'/],
    ['a preference without narrative', (b) => delete pref0(b).text, /text is required/],
    ['a preference with two values', (b) => (pref0(b).valueString = 'x'), /value\[x\] 1..1/],
    ['a Consent without PWATRNY', (b) => (find(b, (r) => r.resourceType === 'Consent').provision.purpose = []), /PWATRNY/],
    ['a Consent with a foreign scope', (b) => (find(b, (r) => r.resourceType === 'Consent').scope.coding[0].code = 'patient-privacy'), /scope must be LOINC 81377-4/],
    ['a surrogate without phone', (b) => delete find(b, (r) => r.resourceType === 'RelatedPerson').telecom, /telecom 1..\*/],
    ['an order with intent "order"', (b) => (find(b, (r) => r.resourceType === 'ServiceRequest').intent = 'order'), /intent must be 'directive'/],
    ['an order tied to an encounter', (b) => (find(b, (r) => r.resourceType === 'ServiceRequest').encounter = { reference: 'Encounter/1' }), /encounter 0..0/],
    ['a goal expressed by someone else', (b) => (find(b, (r) => r.resourceType === 'Goal').expressedBy = { reference: b.entry[b.entry.length - 1].fullUrl }), /expressedBy must both be the Patient/],
    ['a dangling reference', (b) => (pref0(b).subject = { reference: 'urn:uuid:00000000-0000-0000-0000-000000000000' }), /reference must resolve inside the bundle/],
    ['a bundle of the wrong type', (b) => (b.type = 'searchset'), /Bundle.type must be document or collection/],
  ])('catches %s', (_name, breakIt, rule) => {
    const b = clone();
    breakIt(b);
    expect(adiProfileProblems(b).join('\n')).toMatch(rule);
  });

  it('is backed by an R4 validator that catches what base FHIR forbids', () => {
    const b = clone();
    pref0(b).status = 'done';
    find(b, (r) => r.resourceType === 'ServiceRequest').doNotPerform = 'yes';
    expect(r4Errors(b).map((m) => m.location)).toEqual(expect.arrayContaining(['Observation.status', 'ServiceRequest.doNotPerform']));
  });
});
