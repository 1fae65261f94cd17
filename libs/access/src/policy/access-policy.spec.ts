import { Actor } from '../actor';
import { ResponderGroup, Role } from '../role';
import { consentAllows, decide } from './access-policy';
import { DataClass, Decision, DecisionReason } from './data-class';
import { PersonFacts } from './person-facts';

const KOMAE = '13219';

function actor(role: Role, o: Partial<Actor> = {}): Actor {
  return {
    accountId: 'a1', sessionId: 's1', role, organisation: 'org', municipalityCodes: [KOMAE],
    districtCodes: role === Role.WELFARE_VOLUNTEER || role === Role.VOLUNTARY_DISASTER_ORG ? ['13219-01'] : [],
    secondFactor: true, pledgeAccepted: true, ...o,
  };
}

function facts(o: Omit<Partial<PersonFacts>, 'consent'> & { consent?: Partial<PersonFacts['consent']> } = {}): PersonFacts {
  const { consent, ...rest } = o;
  return {
    personId: 'p1', municipalityCode: KOMAE, districtCode: '13219-01', actorInCareTeam: false, actorCareGroup: null,
    ordinance: 'EXPLICIT_CONSENT', designatedRecipients: [Role.WELFARE_VOLUNTEER, Role.VOLUNTARY_DISASTER_ORG, Role.FIRE_POLICE, Role.SOCIAL_WELFARE_COUNCIL],
    consent: { rosterShareNormal: 'NONE', planCreation: 'NONE', planShareNormal: 'NONE', acpShareTeam: 'NONE', acpShareEmergency: 'NONE', ...consent },
    disclosureForActor: false, actorHasTaskForPerson: false, breakGlassActive: false, ...rest,
  };
}

const d = (a: Actor, f: PersonFacts, c: DataClass) => decide(a, f, c).decision;

describe(consentAllows.name, () => {
  it.each([
    ['EXPLICIT_CONSENT', 'AGREE', true], ['EXPLICIT_CONSENT', 'NONE', false], ['EXPLICIT_CONSENT', 'REFUSE', false],
    ['PRESUMED_CONSENT', 'AGREE', true], ['PRESUMED_CONSENT', 'NONE', true], ['PRESUMED_CONSENT', 'REFUSE', false],
    ['OPT_OUT', 'AGREE', true], ['OPT_OUT', 'NONE', true], ['OPT_OUT', 'REFUSE', false],
  ] as const)('%s with consent %s shares: %s', (ordinance, state, expected) => {
    expect(consentAllows(ordinance, state)).toBe(expected);
  });
});

describe(decide.name, () => {
  it('denies every class of personal data until the confidentiality pledge is accepted', () => {
    for (const c of Object.values(DataClass)) {
      expect(decide(actor(Role.MUNICIPAL_ADMIN, { pledgeAccepted: false }), facts(), c)).toEqual({ decision: Decision.DENY, reason: DecisionReason.PLEDGE_REQUIRED });
    }
  });

  it('denies medical and ACP data to a session without a second factor, even inside the care team', () => {
    const nurse = actor(Role.VISITING_NURSE, { secondFactor: false });
    const f = facts({ actorInCareTeam: true, consent: { acpShareTeam: 'AGREE' } });
    expect(d(nurse, f, DataClass.R)).toBe(Decision.ALLOW);
    for (const c of [DataClass.M, DataClass.A, DataClass.E]) expect(decide(nurse, f, c).reason).toBe(DecisionReason.SECOND_FACTOR_REQUIRED);
  });

  it('lets municipal staff use their own municipality roster, plans and devices, and nothing elsewhere', () => {
    expect(d(actor(Role.MUNICIPAL_STAFF), facts(), DataClass.R)).toBe(Decision.ALLOW);
    expect(d(actor(Role.MUNICIPAL_STAFF), facts(), DataClass.M)).toBe(Decision.ALLOW);
    expect(d(actor(Role.MUNICIPAL_STAFF), facts({ municipalityCode: '13204' }), DataClass.R)).toBe(Decision.DENY);
  });

  it.each([Role.WELFARE_VOLUNTEER, Role.VOLUNTARY_DISASTER_ORG])('limits %s to their district, and to consent under an explicit-consent ordinance', (role) => {
    const a = actor(role);
    expect(d(a, facts(), DataClass.R)).toBe(Decision.DENY);
    expect(d(a, facts({ consent: { rosterShareNormal: 'AGREE' } }), DataClass.R)).toBe(Decision.ALLOW);
    expect(d(a, facts({ districtCode: '13219-02', consent: { rosterShareNormal: 'AGREE' } }), DataClass.R)).toBe(Decision.DENY);
    expect(d(a, facts({ ordinance: 'OPT_OUT' }), DataClass.R)).toBe(Decision.ALLOW);
    expect(d(a, facts({ ordinance: 'OPT_OUT', consent: { rosterShareNormal: 'REFUSE' } }), DataClass.R)).toBe(Decision.DENY);
    expect(d(a, facts({ ordinance: 'PRESUMED_CONSENT' }), DataClass.R)).toBe(Decision.ALLOW);
  });

  it('shares plan data with a recipient only with creation and sharing consent, and asks the mapper to check supporters', () => {
    const a = actor(Role.WELFARE_VOLUNTEER);
    expect(decide(a, facts({ consent: { planShareNormal: 'AGREE' } }), DataClass.P).reason).toBe(DecisionReason.NO_PLAN_CONSENT);
    expect(d(a, facts({ consent: { planCreation: 'AGREE' } }), DataClass.P)).toBe(Decision.DENY);
    expect(decide(a, facts({ consent: { planCreation: 'AGREE', planShareNormal: 'AGREE' } }), DataClass.P)).toEqual({
      decision: Decision.REDACT,
      reason: DecisionReason.SUPPORTER_CONSENT_MISSING,
    });
  });

  it('refuses recipients the municipality did not designate', () => {
    expect(decide(actor(Role.SOCIAL_WELFARE_COUNCIL), facts({ designatedRecipients: [], consent: { rosterShareNormal: 'AGREE' } }), DataClass.R).reason).toBe(
      DecisionReason.NOT_DESIGNATED_RECIPIENT,
    );
  });

  it('opens roster and plan (never devices or ACP) to responders with tasks while disaster disclosure is on', () => {
    const a = actor(Role.WELFARE_VOLUNTEER);
    const f = facts({ disclosureForActor: true });
    expect(decide(a, f, DataClass.R).reason).toBe(DecisionReason.DISASTER_DISCLOSURE);
    expect(d(a, f, DataClass.P)).toBe(Decision.ALLOW);
    expect(d(a, f, DataClass.M)).toBe(Decision.DENY);
    expect(d(a, f, DataClass.A)).toBe(Decision.DENY);
    expect(d(a, f, DataClass.E)).toBe(Decision.DENY);
    expect(d(a, facts({ disclosureForActor: true, districtCode: '13219-05' }), DataClass.R)).toBe(Decision.DENY);
  });

  it('gives fire and police a device summary only', () => {
    expect(decide(actor(Role.FIRE_POLICE), facts(), DataClass.M)).toEqual({ decision: Decision.REDACT, reason: DecisionReason.DEVICE_SUMMARY_ONLY });
  });

  it('gives a named supporter their own person, with a device alert only', () => {
    const a = actor(Role.SUPPORTER);
    expect(d(a, facts(), DataClass.R)).toBe(Decision.DENY);
    expect(d(a, facts({ actorInCareTeam: true, actorCareGroup: ResponderGroup.WELFARE_VOLUNTEER }), DataClass.P)).toBe(Decision.ALLOW);
    expect(d(a, facts({ actorInCareTeam: true }), DataClass.M)).toBe(Decision.REDACT);
    expect(d(a, facts({ actorInCareTeam: true }), DataClass.A)).toBe(Decision.DENY);
  });

  describe('ACP (A) and emergency summary (E)', () => {
    const shared = { acpShareTeam: 'AGREE' as const };
    it.each([Role.VISITING_NURSE, Role.HOME_CARE_DOCTOR, Role.CARE_MANAGER])('reach %s in the care team only when the person agreed to share', (role) => {
      expect(d(actor(role), facts({ actorInCareTeam: true, consent: shared }), DataClass.A)).toBe(Decision.ALLOW);
      expect(decide(actor(role), facts({ actorInCareTeam: true }), DataClass.A).reason).toBe(DecisionReason.ACP_NOT_SHARED);
      expect(d(actor(role), facts({ consent: shared }), DataClass.A)).toBe(Decision.DENY);
    });

    it.each([Role.WELFARE_VOLUNTEER, Role.MUNICIPAL_ADMIN, Role.MUNICIPAL_STAFF, Role.VOLUNTARY_DISASTER_ORG, Role.SOCIAL_WELFARE_COUNCIL, Role.SUPPORTER, Role.FIRE_POLICE])(
      'never reach %s, whatever the consent, disclosure or tasks',
      (role) => {
        const f = facts({ actorInCareTeam: true, disclosureForActor: true, actorHasTaskForPerson: true, consent: { acpShareTeam: 'AGREE', acpShareEmergency: 'AGREE', rosterShareNormal: 'AGREE' } });
        expect(d(actor(role), f, DataClass.A)).toBe(Decision.DENY);
        expect(d(actor(role), f, DataClass.E)).toBe(Decision.DENY);
      },
    );

    it('give an assigned medical responder the emergency summary (not the full record) when the person agreed', () => {
      const f = facts({ actorHasTaskForPerson: true, consent: { acpShareEmergency: 'AGREE' } });
      expect(decide(actor(Role.VISITING_NURSE), f, DataClass.E).reason).toBe(DecisionReason.ASSIGNED_MEDICAL_RESPONDER);
      expect(d(actor(Role.VISITING_NURSE), f, DataClass.A)).toBe(Decision.DENY);
      expect(d(actor(Role.VISITING_NURSE), facts({ actorHasTaskForPerson: true }), DataClass.E)).toBe(Decision.DENY);
    });

    it('open through break-glass for medical responders (A and E) and fire/EMS (E only), flagged', () => {
      const f = facts({ breakGlassActive: true });
      expect(decide(actor(Role.HOME_CARE_DOCTOR), f, DataClass.A)).toEqual({ decision: Decision.ALLOW, reason: DecisionReason.BREAK_GLASS, breakGlass: true });
      expect(d(actor(Role.FIRE_POLICE), f, DataClass.E)).toBe(Decision.ALLOW);
      expect(d(actor(Role.FIRE_POLICE), f, DataClass.A)).toBe(Decision.DENY);
      expect(d(actor(Role.WELFARE_VOLUNTEER), f, DataClass.E)).toBe(Decision.DENY);
    });

    it('are open to the facilitator and to the person themself', () => {
      expect(d(actor(Role.ACP_FACILITATOR), facts({ actorInCareTeam: true }), DataClass.A)).toBe(Decision.ALLOW);
      expect(d(actor(Role.ACP_FACILITATOR), facts(), DataClass.A)).toBe(Decision.DENY);
      expect(d(actor(Role.PERSON_OR_SURROGATE), facts({ actorInCareTeam: true }), DataClass.A)).toBe(Decision.ALLOW);
    });
  });

  it('decides every role × class combination without throwing (no role is left undecided)', () => {
    let n = 0;
    for (const role of Object.values(Role)) for (const c of Object.values(DataClass)) {
      expect(Object.values(Decision)).toContain(d(actor(role), facts(), c));
      n++;
    }
    expect(n).toBe(Object.values(Role).length * 5);
  });
});
