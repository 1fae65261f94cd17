/** Code systems and codes of the FHIR export (HL7 PACIO ADI 1.0.0, DOMAIN §4). */
export const SYSTEM = {
  loinc: 'http://loinc.org',
  snomed: 'http://snomed.info/sct',
  consentCategory: 'http://terminology.hl7.org/CodeSystem/consentcategorycodes',
  actReason: 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
  dataAbsentReason: 'http://terminology.hl7.org/CodeSystem/data-absent-reason',
  adiPreferenceCategory: 'http://hl7.org/fhir/us/pacio-adi/CodeSystem/ADIPreferenceCategoryCS',
  adiHcaDecisions: 'http://hl7.org/fhir/us/pacio-adi/CodeSystem/ADIHCADecisionsCS',
  enclosedPrecondition: 'http://hl7.org/fhir/us/pacio-adi/StructureDefinition/adi-enclosedPrecondition-extension',
  nameRepresentation: 'http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation',
  // Anpi's own value sets (no public Japanese code system covers them); always sent with a text.
  anpiIntervention: 'urn:anpi:fhir:acp-intervention',
  anpiScenario: 'urn:anpi:fhir:acp-scenario',
  anpiChoice: 'urn:anpi:fhir:acp-choice',
  anpiPlace: 'urn:anpi:fhir:acp-place',
  anpiDisclosure: 'urn:anpi:fhir:acp-disclosure',
  anpiValue: 'urn:anpi:fhir:acp-value',
  anpiTopic: 'urn:anpi:fhir:acp-topic',
  anpiCapacity: 'urn:anpi:fhir:acp-capacity',
  anpiOrder: 'urn:anpi:fhir:physician-order',
  anpiAccount: 'urn:anpi:account',
  anpiPerson: 'urn:anpi:person',
  anpiExport: 'urn:anpi:acp-export',
} as const;

/** LOINC codes of the PACP Composition and its sections (DOMAIN §4.2). */
export const LOINC = {
  pacpDocument: '81334-5',
  advanceDirectives: '42348-3',
  sectionHealthcareAgent: '81335-2',
  sectionTreatmentPreferences: '107905-2',
  sectionCareExperience: '81338-6',
  sectionUponDeath: '81337-8',
  sectionAdditionalDocumentation: '77599-9',
  sectionWitnessNotary: '81339-4',
  sectionAdministrative: '107904-5',
  hcaConsentScope: '81377-4',
  primaryHealthcareAgent: '75783-1',
  firstAlternateHealthcareAgent: '75784-9',
  preferredLocationFinalDays: '75780-7',
  religiousBeliefs: '81364-2',
  pmoCpr: '100822-6',
  pmoInitialTreatment: '100823-4',
  pmoAdditional: '100824-2',
  pmoNutrition: '100825-9',
} as const;

export const PACP_SECTION_CODES: readonly string[] = [
  LOINC.sectionHealthcareAgent, LOINC.sectionTreatmentPreferences, LOINC.sectionCareExperience, LOINC.sectionUponDeath,
  LOINC.sectionAdditionalDocumentation, LOINC.sectionWitnessNotary, LOINC.sectionAdministrative,
];

export const PMO_CATEGORY_CODES: readonly string[] = [LOINC.pmoCpr, LOINC.pmoInitialTreatment, LOINC.pmoAdditional, LOINC.pmoNutrition];

/** ADIHCADecisionsCS: what a healthcare agent may decide. */
export const HCA_DECISIONS = ['intubation', 'tube-feeding', 'life-support', 'iv-fluid-and-support', 'antibiotics', 'cpr', 'resuscitation-non-cpr'] as const;

/** ADINoHealthcareAgentIncludedReasonVS (data-absent-reason codes). */
export const HCA_EMPTY_REASONS: readonly string[] = ['unknown', 'asked-unknown', 'temp-unknown', 'not-asked', 'asked-declined', 'not-applicable', 'unsupported'];
