import { createHash } from 'node:crypto';
import {
  AcpIntervention, AcpTopic, PhysicianOrderCode, PhysicianOrderKind, labelOf,
} from '../acp.enums';
import { AcpDiscussionRecord, AcpSurrogate, PhysicianOrderRecord, ordersInForce } from '../acp-content';
import { AcpStatement, deriveAcpStance } from '../acp-stance';
import { HCA_DECISIONS, LOINC, SYSTEM } from './fhir-codes';

type Resource = Record<string, unknown> & { resourceType: string };
type Reference = { reference: string; display?: string };

export interface AcpBundleInput {
  person: { id: string; name: string; nameKana: string; birthDate: string; sex: string; municipalityCode: string };
  records: AcpDiscussionRecord[];
  orders: PhysicianOrderRecord[];
  exportedAt: Date;
  exportId: string;
  exportedBy: { accountId: string; role: string };
}

/** The Bundle type of the export, and why (see buildAcpBundle). */
export const ACP_BUNDLE_TYPE = 'collection';

/** MHLW 人生の最終段階における医療・ケアの決定プロセスに関するガイドライン (2018), the policy the surrogate appointment follows. */
export const MHLW_ACP_GUIDELINE_URI = 'https://www.mhlw.go.jp/file/04-Houdouhappyou-10802000-Iseikyoku-Shidouka/0000197701.pdf';

/** LOINC codes (ADIHCADecisions-style request codes) for interventions that have one; others carry Anpi's code and text only. */
const INTERVENTION_LOINC: Partial<Record<AcpIntervention, { code: string; display: string }>> = {
  [AcpIntervention.INTUBATION_VENTILATION]: { code: '75787-2', display: 'Advance directive - request for intubation' },
  [AcpIntervention.TUBE_FEEDING]: { code: '75788-0', display: 'Advance directive - request for tube feeding' },
  [AcpIntervention.PEG]: { code: '75788-0', display: 'Advance directive - request for tube feeding' },
  [AcpIntervention.IV_HYDRATION]: { code: '75790-6', display: 'Advance directive - request for IV fluid and support' },
  [AcpIntervention.ANTIBIOTICS]: { code: '75791-4', display: 'Advance directive - request for antibiotics' },
};

const PMO_CATEGORY: Record<PhysicianOrderKind, { code: string; display: string }> = {
  [PhysicianOrderKind.CPR]: { code: LOINC.pmoCpr, display: 'Cardiopulmonary resuscitation orders' },
  [PhysicianOrderKind.INITIAL_TREATMENT]: { code: LOINC.pmoInitialTreatment, display: 'Initial portable medical treatment orders' },
  [PhysicianOrderKind.ARTIFICIAL_NUTRITION]: { code: LOINC.pmoNutrition, display: 'Medically assisted nutrition orders' },
  [PhysicianOrderKind.ADDITIONAL]: { code: LOINC.pmoAdditional, display: 'Additional portable medical orders or instructions' },
};

/** Orders that say "do not do this". */
const DO_NOT_PERFORM = new Set([PhysicianOrderCode.DO_NOT_ATTEMPT_RESUSCITATION, PhysicianOrderCode.NO_ARTIFICIAL_NUTRITION]);

const GENDER: Record<string, string> = { FEMALE: 'female', MALE: 'male', OTHER: 'other', UNKNOWN: 'unknown' };

/** A name-based UUID (SHA-1, version 5 layout): the same person and item give the same id in every export. */
export function stableUuid(...parts: string[]): string {
  const h = createHash('sha1').update(parts.join('\u0000')).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function narrative(...lines: string[]): { status: string; div: string } {
  return { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${lines.map((l) => `<p>${escapeXml(l)}</p>`).join('')}</div>` };
}

const coded = (system: string, code: string, display?: string, text?: string) => ({ coding: [{ system, code, ...(display ? { display } : {}) }], ...(text ? { text } : {}) });
const local = (system: string, code: string) => coded(system, code, labelOf(code), labelOf(code));

/**
 * Builds the FHIR R4 export of a person's ACP following HL7 PACIO ADI 1.0.0 (DOMAIN §4.1–§4.2).
 *
 * Bundle type `collection`, not `document`: the export carries two kinds of content with different
 * authors — the person's own wishes (a PACP Composition whose only author and attester is the person)
 * and physician orders (PMO ServiceRequests whose requester is the doctor). PACIO keeps those in
 * separate documents; a `document` Bundle has one Composition whose authorship covers everything in it,
 * so putting the orders inside would present a doctor's order as the person's own statement. The
 * collection holds the PACP Composition with everything it references, plus the orders beside it.
 * The PACP content is the current stance derived from all discussions in force (corrections applied).
 */
export function buildAcpBundle(input: AcpBundleInput): Record<string, unknown> {
  const { person } = input;
  const stance = deriveAcpStance(input.records);
  const orders = ordersInForce(input.orders);
  const entries: { fullUrl: string; resource: Resource }[] = [];
  const add = (key: string, resource: Resource): Reference => {
    const fullUrl = `urn:uuid:${stableUuid(person.id, key)}`;
    if (!entries.some((e) => e.fullUrl === fullUrl)) entries.push({ fullUrl, resource });
    return { reference: fullUrl };
  };

  const [family, ...given] = person.name.split(/[\s\u3000]+/).filter(Boolean);
  const patient = add('patient', {
    resourceType: 'Patient',
    text: narrative(`${person.name}（${person.nameKana}）`, `生年月日 ${person.birthDate}`),
    identifier: [{ system: SYSTEM.anpiPerson, value: person.id }],
    name: [
      { use: 'official', text: person.name, ...(family ? { family } : {}), ...(given.length ? { given } : {}) },
      { extension: [{ url: SYSTEM.nameRepresentation, valueCode: 'SYL' }], use: 'official', text: person.nameKana },
    ],
    gender: GENDER[person.sex] ?? 'unknown',
    birthDate: person.birthDate,
  });
  const patientRef = { ...patient, display: person.name };

  const practitioner = (accountId: string, name: string | null): Reference =>
    add(`practitioner:${accountId}`, {
      resourceType: 'Practitioner',
      text: narrative(name ?? accountId),
      identifier: [{ system: SYSTEM.anpiAccount, value: accountId }],
      name: [{ text: name ?? accountId }],
    });

  const observationBase = (s: AcpStatement) => ({
    resourceType: 'Observation',
    status: 'final',
    subject: patientRef,
    effectiveDateTime: s.heldAt.toISOString(),
    performer: [patientRef],
  });

  // Healthcare agents (surrogates) and the consent that appoints them.
  const surrogateStatement = stance.current.find((s) => s.topic === AcpTopic.SURROGATES);
  const surrogates = surrogateStatement?.surrogates ?? [];
  const hcaEntries: Reference[] = [];
  const relatedPeople = surrogates.map((s: AcpSurrogate) =>
    add(`surrogate:${s.rank}:${s.name}`, {
      resourceType: 'RelatedPerson',
      text: narrative(`意思を推定する者（第${s.rank}順位）: ${s.name}（${s.relation}） ${s.phone}`, ...(s.scopeNote ? [s.scopeNote] : [])),
      active: true,
      patient: patientRef,
      relationship: [{ text: s.relation }],
      name: [{ text: s.name }],
      telecom: [{ system: 'phone', value: s.phone }],
    }),
  );
  if (surrogateStatement && surrogates.length) {
    const consent = add('hca-consent', {
      resourceType: 'Consent',
      text: narrative(
        '本人は、意思を表明できなくなったときに本人の意思を推定する者として次の人を指名した（人生会議）。',
        ...surrogates.map((s) => `第${s.rank}順位: ${s.name}（${s.relation}）${s.scopeNote ? ` — ${s.scopeNote}` : ''}`),
      ),
      status: 'active',
      scope: coded(SYSTEM.loinc, LOINC.hcaConsentScope, undefined, '代理人（意思を推定する者）の指名'),
      category: [coded(SYSTEM.consentCategory, 'acd', 'Advance Directive')],
      patient: patientRef,
      dateTime: surrogateStatement.heldAt.toISOString(),
      performer: [patientRef],
      policy: [{ uri: MHLW_ACP_GUIDELINE_URI }],
      provision: {
        type: 'permit',
        actor: surrogates.map((s, i) => ({
          role: coded(SYSTEM.loinc, s.rank === 1 ? LOINC.primaryHealthcareAgent : LOINC.firstAlternateHealthcareAgent, undefined, s.rank === 1 ? '代理人（第1順位）' : '代理人（第2順位）'),
          reference: relatedPeople[i],
        })),
        action: HCA_DECISIONS.map((c) => coded(SYSTEM.adiHcaDecisions, c)),
        purpose: [{ system: SYSTEM.actReason, code: 'PWATRNY', display: 'power of attorney' }],
      },
    });
    hcaEntries.push(consent, ...relatedPeople);
  }

  // Personal intervention preferences (life-sustaining treatment by scenario).
  const treatment: Reference[] = [];
  const careExperience: Reference[] = [];
  const uponDeath: Reference[] = [];
  for (const s of stance.current) {
    const key = `statement:${s.key}`;
    switch (s.topic) {
      case AcpTopic.TREATMENT: {
        const intervention = s.intervention as AcpIntervention;
        const loinc = INTERVENTION_LOINC[intervention];
        treatment.push(
          add(key, {
            ...observationBase(s),
            text: narrative(`${labelOf(s.scenario as string)}、${labelOf(intervention)}: ${labelOf(s.choice as string)}`, ...(s.note ? [s.note] : [])),
            extension: [{ url: SYSTEM.enclosedPrecondition, valueCodeableConcept: local(SYSTEM.anpiScenario, s.scenario as string) }],
            category: [coded(SYSTEM.adiPreferenceCategory, 'intervention-preference', 'Intervention preference')],
            code: {
              coding: [{ system: SYSTEM.anpiIntervention, code: intervention, display: labelOf(intervention) }, ...(loinc ? [{ system: SYSTEM.loinc, ...loinc }] : [])],
              text: labelOf(intervention),
            },
            valueCodeableConcept: local(SYSTEM.anpiChoice, s.choice as string),
            ...(s.note ? { note: [{ text: s.note }] } : {}),
          }),
        );
        break;
      }
      case AcpTopic.PLACE_OF_CARE:
      case AcpTopic.PLACE_OF_DEATH: {
        const death = s.topic === AcpTopic.PLACE_OF_DEATH;
        const label = death ? '最期を過ごしたい場所' : '療養したい場所';
        careExperience.push(
          add(key, {
            ...observationBase(s),
            text: narrative(`${label}: ${labelOf(s.place as string)}`, ...(s.note ? [s.note] : [])),
            category: [coded(SYSTEM.adiPreferenceCategory, 'care-experience-preference', 'Care experience preference')],
            code: death ? coded(SYSTEM.loinc, LOINC.preferredLocationFinalDays, undefined, label) : coded(SYSTEM.anpiTopic, s.topic, label, label),
            valueCodeableConcept: local(SYSTEM.anpiPlace, s.place as string),
            ...(s.note ? { note: [{ text: s.note }] } : {}),
          }),
        );
        break;
      }
      case AcpTopic.DISCLOSURE:
        careExperience.push(
          add(key, {
            ...observationBase(s),
            text: narrative(`病名・余命の告知: ${labelOf(s.disclosure as string)}`),
            category: [coded(SYSTEM.adiPreferenceCategory, 'care-experience-preference', 'Care experience preference')],
            code: coded(SYSTEM.anpiTopic, s.topic, '病名・余命の告知希望', '病名・余命の告知希望'),
            valueCodeableConcept: local(SYSTEM.anpiDisclosure, s.disclosure as string),
          }),
        );
        break;
      case AcpTopic.VALUES:
        if (s.text) {
          careExperience.push(
            add(key, {
              ...observationBase(s),
              text: narrative(`大切にしていること: ${s.text}`),
              category: [coded(SYSTEM.adiPreferenceCategory, 'care-experience-preference', 'Care experience preference')],
              code: coded(SYSTEM.anpiTopic, s.topic, '大切にしていること', '大切にしていること（本人の言葉）'),
              valueString: s.text,
            }),
          );
        }
        for (const v of s.values) {
          careExperience.push(
            add(`goal:${v}`, {
              resourceType: 'Goal',
              text: narrative(`大切にしていること: ${labelOf(v)}`),
              lifecycleStatus: 'active',
              description: local(SYSTEM.anpiValue, v),
              subject: patientRef,
              startDate: s.heldAt.toISOString().slice(0, 10),
              expressedBy: patientRef,
            }),
          );
        }
        break;
      case AcpTopic.COMFORT:
      case AcpTopic.SPIRITUAL: {
        const spiritual = s.topic === AcpTopic.SPIRITUAL;
        const label = spiritual ? '信仰・心のよりどころ' : '苦痛緩和の希望';
        careExperience.push(
          add(key, {
            ...observationBase(s),
            text: narrative(`${label}: ${s.text}`),
            category: [coded(SYSTEM.adiPreferenceCategory, 'care-experience-preference', 'Care experience preference')],
            code: spiritual ? coded(SYSTEM.loinc, LOINC.religiousBeliefs, undefined, label) : coded(SYSTEM.anpiTopic, s.topic, label, label),
            valueString: s.text,
          }),
        );
        break;
      }
      case AcpTopic.AFTER_DEATH:
        uponDeath.push(
          add(key, {
            ...observationBase(s),
            text: narrative(`死後の希望: ${s.text}`),
            code: coded(SYSTEM.anpiTopic, s.topic, '死後の希望（臓器提供・葬儀など）', '死後の希望（臓器提供・葬儀など）'),
            valueString: s.text,
          }),
        );
        break;
      case AcpTopic.SURROGATES:
        break;
      default: {
        const unreachable: never = s.topic;
        throw new Error(`unmapped ACP topic ${String(unreachable)}`);
      }
    }
  }

  // Additional documentation: the person declined ACP at the latest discussion (PACIO DocumentationObservation).
  const documentation: Reference[] = [];
  const last = stance.lastDiscussion;
  if (last && stance.declined) {
    documentation.push(
      add(`declined:${last.id}`, {
        resourceType: 'Observation',
        text: narrative('本人は人生会議（ACP）の話し合いを辞退した。その意思を尊重する。', ...(last.declinedNote ? [last.declinedNote] : [])),
        status: 'final',
        code: coded(SYSTEM.loinc, LOINC.advanceDirectives, 'Advance healthcare directives', '人生会議（ACP）'),
        subject: patientRef,
        effectiveDateTime: last.heldAt.toISOString(),
        performer: [practitioner(last.facilitatorAccountId, last.facilitatorName)],
        valueCodeableConcept: coded(SYSTEM.snomed, '373067005', 'No (qualifier value)', '辞退'),
        ...(last.declinedNote ? { note: [{ text: last.declinedNote }] } : {}),
      }),
    );
  }

  // Administrative information: capacity at the latest discussion that assessed it.
  const administrative: Reference[] = [];
  const assessed = [...input.records].filter((r) => r.capacityStatus && !stance.supersededBy.has(r.id)).sort((a, b) => b.heldAt.getTime() - a.heldAt.getTime())[0];
  if (assessed?.capacityStatus) {
    administrative.push(
      add(`capacity:${assessed.id}`, {
        resourceType: 'Observation',
        text: narrative(`意思表示の可否: ${labelOf(assessed.capacityStatus)}`),
        status: 'final',
        code: coded(SYSTEM.anpiTopic, 'CAPACITY', '意思表示の可否', '意思表示の可否'),
        subject: patientRef,
        effectiveDateTime: assessed.heldAt.toISOString(),
        performer: [practitioner(assessed.facilitatorAccountId, assessed.facilitatorName)],
        valueCodeableConcept: local(SYSTEM.anpiCapacity, assessed.capacityStatus),
      }),
    );
  }

  const section = (code: string, title: string, refs: Reference[], summary: string) => ({
    title,
    code: coded(SYSTEM.loinc, code, undefined, title),
    text: narrative(summary),
    ...(refs.length ? { entry: refs } : {}),
  });
  const sections: Record<string, unknown>[] = [];
  if (hcaEntries.length) {
    sections.push(section(LOINC.sectionHealthcareAgent, '意思を推定する者（代理人）', hcaEntries, surrogates.map((s) => `第${s.rank}順位: ${s.name}（${s.relation}）${s.phone}`).join(' / ')));
  } else {
    const reason = stance.declined ? 'asked-declined' : surrogateStatement ? 'asked-unknown' : 'not-asked';
    sections.push({
      title: '意思を推定する者（代理人）',
      code: coded(SYSTEM.loinc, LOINC.sectionHealthcareAgent, undefined, '意思を推定する者（代理人）'),
      text: narrative(surrogateStatement ? '代理人は指名されていない。' : '代理人についてはまだ話し合われていない。'),
      emptyReason: coded(SYSTEM.dataAbsentReason, reason),
    });
  }
  if (treatment.length) sections.push(section(LOINC.sectionTreatmentPreferences, '医療・ケアの希望（状況別）', treatment, `${treatment.length} 件の治療の希望`));
  if (careExperience.length) sections.push(section(LOINC.sectionCareExperience, '大切にしていること・過ごし方の希望', careExperience, `${careExperience.length} 件`));
  if (uponDeath.length) sections.push(section(LOINC.sectionUponDeath, '死後の希望', uponDeath, '死後の希望'));
  if (documentation.length) sections.push(section(LOINC.sectionAdditionalDocumentation, '人生会議の辞退', documentation, '本人は人生会議を辞退した。'));
  if (administrative.length) sections.push(section(LOINC.sectionAdministrative, '記録の管理情報', administrative, `最終の話し合い ${last?.heldAt.toISOString() ?? ''}`));

  const compositionDate = (last?.heldAt ?? input.exportedAt).toISOString();
  const composition: Resource = {
    resourceType: 'Composition',
    text: narrative(`${person.name} の人生会議（ACP）: 本人の意向（${stance.discussionCount} 回の話し合いから）`),
    status: 'final',
    type: coded(SYSTEM.loinc, LOINC.pacpDocument, 'Patient Personal advance care plan', '人生会議（ACP）本人の意向'),
    category: [coded(SYSTEM.loinc, LOINC.advanceDirectives, 'Advance healthcare directives')],
    subject: patientRef,
    date: compositionDate,
    author: [patientRef],
    title: '人生会議（ACP）— 本人の意向',
    confidentiality: 'R',
    attester: [{ mode: 'personal', time: compositionDate, party: patientRef }],
    section: sections,
  };
  // The Composition comes first, as in a PACP document.
  entries.unshift({ fullUrl: `urn:uuid:${stableUuid(person.id, 'pacp-composition')}`, resource: composition });

  // Physician orders (PMO), beside the PACP, never inside it.
  for (const o of orders) {
    const category = PMO_CATEGORY[o.kind];
    add(`order:${o.kind}`, {
      resourceType: 'ServiceRequest',
      text: narrative(`医師指示: ${labelOf(o.code)}（${o.orderedByName ?? ''}、${o.orderedAt.toISOString().slice(0, 10)}）`, ...(o.instructions ? [o.instructions] : [])),
      status: 'active',
      intent: 'directive',
      category: [coded(SYSTEM.loinc, category.code, category.display)],
      code: coded(SYSTEM.loinc, category.code, category.display, labelOf(o.kind === PhysicianOrderKind.ADDITIONAL ? o.code : o.kind)),
      orderDetail: [local(SYSTEM.anpiOrder, o.code)],
      ...(DO_NOT_PERFORM.has(o.code) ? { doNotPerform: true } : {}),
      subject: patientRef,
      authoredOn: o.orderedAt.toISOString(),
      requester: { ...practitioner(o.orderedBy, o.orderedByName), ...(o.orderedByName ? { display: o.orderedByName } : {}) },
      ...(o.instructions ? { note: [{ text: o.instructions }] } : {}),
    });
  }

  return {
    resourceType: 'Bundle',
    meta: {
      tag: [{ system: SYSTEM.anpiExport, code: 'watermark', display: `exported by ${input.exportedBy.accountId} (${input.exportedBy.role}) at ${input.exportedAt.toISOString()}` }],
    },
    identifier: { system: SYSTEM.anpiExport, value: input.exportId },
    type: ACP_BUNDLE_TYPE,
    timestamp: input.exportedAt.toISOString(),
    entry: entries,
  };
}
