import { ResponderGroup } from '../role';

export type ConsentState = 'AGREE' | 'REFUSE' | 'NONE';
export type OrdinancePatternName = 'EXPLICIT_CONSENT' | 'PRESUMED_CONSENT' | 'OPT_OUT';

/**
 * Everything the policy needs to know about one person, as seen by one actor. Loaded in bulk by
 * AccessFactsRepository so a list of 500 people costs a handful of queries, not 500.
 */
export interface PersonFacts {
  personId: string;
  municipalityCode: string;
  districtCode: string | null;
  /** The actor is in this person's care team; with which responder group (null for facilitators / self). */
  actorInCareTeam: boolean;
  actorCareGroup: ResponderGroup | null;
  ordinance: OrdinancePatternName;
  /** Role names the municipality's disaster plan (地域防災計画) designates as recipients. */
  designatedRecipients: string[];
  consent: {
    rosterShareNormal: ConsentState;
    planCreation: ConsentState;
    planShareNormal: ConsentState;
    acpShareTeam: ConsentState;
    acpShareEmergency: ConsentState;
  };
  /** Disaster disclosure (49-11(3), 49-15(3)) is on for an incident covering this person, and the actor has a task there. */
  disclosureForActor: boolean;
  /** The actor has a safety-check task for this person in an active incident. */
  actorHasTaskForPerson: boolean;
  /** An unexpired break-glass grant of the actor for this person. */
  breakGlassActive: boolean;
}
