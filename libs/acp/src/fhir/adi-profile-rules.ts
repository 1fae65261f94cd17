import { HCA_DECISIONS, HCA_EMPTY_REASONS, LOINC, PACP_SECTION_CODES, PMO_CATEGORY_CODES, SYSTEM } from './fhir-codes';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const codes = (cc: Json, system?: string): string[] => (cc?.coding ?? []).filter((c: Json) => !system || c.system === system).map((c: Json) => c.code);
const hasCode = (cc: Json, system: string, code: string) => codes(cc, system).includes(code);
const valueKeys = (r: Json) => Object.keys(r).filter((k) => k.startsWith('value'));

/** Allowed entry resource types per PACP section (DOMAIN §4.2). */
const SECTION_ENTRY_TYPES: Record<string, string[]> = {
  [LOINC.sectionHealthcareAgent]: ['Consent', 'RelatedPerson'],
  [LOINC.sectionTreatmentPreferences]: ['CarePlan', 'Observation', 'List', 'Goal'],
  [LOINC.sectionCareExperience]: ['Observation', 'List', 'Goal'],
  [LOINC.sectionUponDeath]: ['CarePlan', 'Observation', 'List', 'Goal'],
  [LOINC.sectionAdditionalDocumentation]: ['Observation'],
  [LOINC.sectionWitnessNotary]: ['RelatedPerson'],
  [LOINC.sectionAdministrative]: ['Observation', 'Provenance', 'PractitionerRole', 'Practitioner'],
};

/**
 * The HL7 PACIO ADI 1.0.0 profile rules of DOMAIN §4.2, checked on an exported Bundle: what the FHIR
 * R4 base validation cannot know (fixed codes, slices, authorship, references between resources).
 * Returns one message per broken rule; empty when the bundle conforms.
 */
export function adiProfileProblems(bundle: Json): string[] {
  const out: string[] = [];
  const fail = (rule: string, where: string) => out.push(`${rule} (${where})`);
  if (bundle?.resourceType !== 'Bundle') return ['not a Bundle'];
  if (bundle.type !== 'collection' && bundle.type !== 'document') fail('Bundle.type must be document or collection', 'Bundle');
  if (!bundle.identifier?.value) fail('Bundle.identifier is required', 'Bundle');
  if (!bundle.timestamp) fail('Bundle.timestamp is required', 'Bundle');
  const entries: { fullUrl: string; resource: Json }[] = bundle.entry ?? [];
  const byUrl = new Map(entries.map((e) => [e.fullUrl, e.resource]));
  if (byUrl.size !== entries.length) fail('every entry needs a unique fullUrl', 'Bundle.entry');
  const resolve = (ref: Json) => (ref?.reference ? byUrl.get(ref.reference) : undefined);

  // Every reference resolves inside the bundle.
  const walk = (node: Json, path: string) => {
    if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${path}[${i}]`));
    else if (node && typeof node === 'object') {
      if (typeof node.reference === 'string' && !byUrl.has(node.reference)) fail('reference must resolve inside the bundle', path);
      for (const [k, v] of Object.entries(node)) walk(v, `${path}.${k}`);
    }
  };
  entries.forEach((e, i) => walk(e.resource, `entry[${i}]`));

  const patients = entries.filter((e) => e.resource.resourceType === 'Patient');
  if (patients.length !== 1) fail('exactly one Patient', 'Bundle');
  const patientUrl = patients[0]?.fullUrl;
  const isPatient = (ref: Json) => !!ref && ref.reference === patientUrl;

  // PACP Composition.
  const compositions = entries.filter((e) => e.resource.resourceType === 'Composition' && hasCode(e.resource.type, SYSTEM.loinc, LOINC.pacpDocument));
  if (compositions.length !== 1) fail('exactly one PACP Composition (type LOINC 81334-5)', 'Bundle');
  if (bundle.type === 'document' && entries[0]?.resource.resourceType !== 'Composition') fail('a document Bundle starts with its Composition', 'Bundle.entry[0]');
  const comp = compositions[0]?.resource;
  const inComposition = new Set<string>();
  if (comp) {
    const where = 'PACP Composition';
    if (!isPatient(comp.subject)) fail('subject must be the Patient', where);
    if (!Array.isArray(comp.author) || comp.author.length === 0 || !comp.author.every(isPatient)) fail('author must be the patient only', where);
    if (!Array.isArray(comp.attester) || comp.attester.length === 0) fail('attester 1..* is required', where);
    else if (!comp.attester.every((a: Json) => a.mode === 'personal')) fail("attester.mode must be 'personal'", where);
    const sections: Json[] = comp.section ?? [];
    const hca = sections.filter((s) => hasCode(s.code, SYSTEM.loinc, LOINC.sectionHealthcareAgent));
    if (hca.length !== 1) fail('healthcare_agent section (LOINC 81335-2) 1..1', where);
    sections.forEach((s, i) => {
      const w = `${where}.section[${i}]`;
      const code = codes(s.code, SYSTEM.loinc)[0];
      if (!code || !PACP_SECTION_CODES.includes(code)) fail('section code must be one of the PACP LOINC section codes', w);
      if (!s.title) fail('section.title is required', w);
      if (!s.text?.div) fail('section.text is required', w);
      const refs: Json[] = s.entry ?? [];
      if (refs.length && s.emptyReason) fail('a section with entries has no emptyReason', w);
      const allowed = code ? SECTION_ENTRY_TYPES[code] : undefined;
      for (const ref of refs) {
        inComposition.add(ref.reference);
        const r = resolve(ref);
        if (r && allowed && !allowed.includes(r.resourceType)) fail(`${r.resourceType} is not allowed in this section`, w);
        if (r?.resourceType === 'ServiceRequest') fail('physician orders (ServiceRequest) must not be inside the person-authored PACP', w);
      }
      if (code === LOINC.sectionHealthcareAgent) {
        const types = refs.map((r) => resolve(r)?.resourceType);
        if (refs.length && !(types.includes('Consent') && types.includes('RelatedPerson'))) fail('HCA-section-entries: entries need both a Consent and a RelatedPerson', w);
        if (!refs.length && !(s.emptyReason && codes(s.emptyReason, SYSTEM.dataAbsentReason).some((c) => HCA_EMPTY_REASONS.includes(c)))) {
          fail('without agents, emptyReason from ADINoHealthcareAgentIncludedReasonVS is required', w);
        }
      }
      if (code === LOINC.sectionAdditionalDocumentation) {
        for (const ref of refs) if (!hasCode(resolve(ref)?.code, SYSTEM.loinc, LOINC.advanceDirectives)) fail('additional documentation entries are DocumentationObservations (LOINC 42348-3)', w);
      }
    });
  }

  entries.forEach((e, i) => {
    const r = e.resource;
    const w = `entry[${i}] ${r.resourceType}`;
    const cats = (r.category ?? []).flatMap((c: Json) => codes(c, SYSTEM.adiPreferenceCategory));
    if (r.resourceType === 'Observation' && (cats.includes('intervention-preference') || cats.includes('care-experience-preference'))) {
      if (r.status !== 'final') fail("status must be 'final'", w);
      if (!isPatient(r.subject)) fail('subject must be the Patient', w);
      if (!r.text?.div) fail('text is required', w);
      if (!r.code) fail('code is required', w);
      if (valueKeys(r).length !== 1) fail('value[x] 1..1', w);
      if (cats.includes('care-experience-preference') && !('valueCodeableConcept' in r || 'valueString' in r)) fail('care experience value is a CodeableConcept or a string', w);
      if (!inComposition.has(e.fullUrl)) fail('a preference belongs in a PACP section', w);
      for (const ext of r.extension ?? []) if (ext.url === SYSTEM.enclosedPrecondition && !ext.valueCodeableConcept?.text) fail('enclosed precondition needs its text', w);
    }
    if (r.resourceType === 'Observation' && hasCode(r.code, SYSTEM.loinc, LOINC.advanceDirectives)) {
      if (r.status !== 'final') fail("status must be 'final'", w);
      if (!isPatient(r.subject)) fail('subject must be the Patient', w);
      if (!r.text?.div) fail('text is required', w);
      if (!r.effectiveDateTime && !r.effectivePeriod) fail('effective[x] is required', w);
      if (!r.valueCodeableConcept) fail('value[x] must be a CodeableConcept', w);
      if (!Array.isArray(r.performer) || r.performer.length !== 1) fail('performer 1..1', w);
    }
    if (r.resourceType === 'Goal') {
      if (!isPatient(r.subject) || !isPatient(r.expressedBy)) fail('subject and expressedBy must both be the Patient', w);
      if (!r.description) fail('description is required', w);
    }
    if (r.resourceType === 'Consent') {
      if (r.status !== 'active') fail("status must be 'active'", w);
      if (!hasCode(r.scope, SYSTEM.loinc, LOINC.hcaConsentScope)) fail('scope must be LOINC 81377-4', w);
      if (!(r.category ?? []).some((c: Json) => hasCode(c, SYSTEM.consentCategory, 'acd'))) fail("category must include 'acd'", w);
      if (!isPatient(r.patient)) fail('patient must be the Patient', w);
      if (!(r.policy ?? []).length && !r.policyRule) fail('policy (jurisdiction) is required', w);
      const p = r.provision;
      if (!p || (p.type !== 'permit' && p.type !== 'deny')) fail('provision.type must be permit or deny', w);
      if (!(p?.actor ?? []).length) fail('provision.actor is required', w);
      for (const a of p?.actor ?? []) {
        if (!a.role) fail('provision.actor.role is required', w);
        if (resolve(a.reference)?.resourceType !== 'RelatedPerson') fail('provision.actor.reference must be a healthcare agent (RelatedPerson)', w);
      }
      if (!(p?.purpose ?? []).some((c: Json) => c.system === SYSTEM.actReason && c.code === 'PWATRNY')) fail('provision.purpose must be PWATRNY', w);
      for (const a of p?.action ?? []) {
        if (!codes(a, SYSTEM.adiHcaDecisions).every((c) => (HCA_DECISIONS as readonly string[]).includes(c))) fail('provision.action from ADIHCADecisionsVS', w);
      }
    }
    if (r.resourceType === 'RelatedPerson') {
      if (!isPatient(r.patient)) fail('patient must be the Patient', w);
      if (!Array.isArray(r.name) || r.name.length !== 1) fail('name 1..1', w);
      if (!(r.telecom ?? []).length) fail('telecom 1..*', w);
      if (!(r.relationship ?? []).length) fail('relationship is required', w);
    }
    if (r.resourceType === 'ServiceRequest') {
      const cat = (r.category ?? []).flatMap((c: Json) => codes(c, SYSTEM.loinc));
      if (!cat.some((c: string) => PMO_CATEGORY_CODES.includes(c))) fail('PMO category must be one of the PMO LOINC codes', w);
      if (r.intent !== 'directive') fail("intent must be 'directive'", w);
      if (r.status !== 'active') fail("status must be 'active'", w);
      if (!['Practitioner', 'PractitionerRole'].includes(resolve(r.requester)?.resourceType)) fail('requester must be a Practitioner or PractitionerRole', w);
      if ('encounter' in r) fail('encounter 0..0', w);
      if (!isPatient(r.subject)) fail('subject must be the Patient', w);
      if (cat.includes(LOINC.pmoCpr) && !(r.orderDetail ?? []).length) fail('a CPR order needs orderDetail', w);
    }
  });
  return out;
}
