import { CareLevel, Household, MedicalDependency } from './person.enums';
import { PriorityFactor, priorityOf, PriorityInput } from './priority';

const base: PriorityInput = { medicalDependencies: [], hazardFlags: [], household: Household.WITH_OTHERS, careLevel: CareLevel.NONE, plan: { supporterCount: 1, backupRuntimeHours: null } };
const factorsOf = (o: Partial<PriorityInput>) => priorityOf({ ...base, ...o }).factors.map((f) => f.factor);

describe(priorityOf.name, () => {
  it('scores a person with nothing special at zero', () => {
    expect(priorityOf(base)).toEqual({ score: 0, factors: [] });
  });

  it('puts a ventilator user whose batteries run out before power returns above everyone else', () => {
    const vent = priorityOf({ ...base, medicalDependencies: [MedicalDependency.VENTILATOR], plan: { supporterCount: 1, backupRuntimeHours: 6 } });
    const alone = priorityOf({ ...base, household: Household.LIVES_ALONE, careLevel: CareLevel.CARE_5, hazardFlags: ['FLOOD'], plan: null });
    expect(vent.factors.map((f) => f.factor)).toEqual([PriorityFactor.VENTILATOR, PriorityFactor.BACKUP_BELOW_OUTAGE]);
    expect(vent.score).toBeGreaterThan(alone.score);
  });

  it('counts long backup runtime as no extra risk, and unknown runtime as risk', () => {
    expect(factorsOf({ medicalDependencies: [MedicalDependency.OXYGEN], plan: { supporterCount: 1, backupRuntimeHours: 24 } })).toEqual([PriorityFactor.OXYGEN]);
    expect(factorsOf({ medicalDependencies: [MedicalDependency.OXYGEN] })).toEqual([PriorityFactor.OXYGEN, PriorityFactor.BACKUP_UNKNOWN]);
  });

  it('names hazard, household, care level and missing supporters', () => {
    expect(factorsOf({ hazardFlags: ['FLOOD', 'LANDSLIDE_WARNING'], household: Household.LIVES_ALONE, careLevel: CareLevel.CARE_4, plan: { supporterCount: 0, backupRuntimeHours: null } })).toEqual([
      PriorityFactor.HAZARD_ZONE, PriorityFactor.LIVES_ALONE, PriorityFactor.HIGH_CARE_LEVEL, PriorityFactor.NO_SUPPORTER,
    ]);
    expect(factorsOf({ plan: null, careLevel: CareLevel.SUPPORT_1, household: Household.ELDERLY_ONLY })).toEqual([PriorityFactor.ELDERLY_ONLY, PriorityFactor.CARE_NEED, PriorityFactor.NO_PLAN]);
  });

  it('never exceeds 100', () => {
    const p = priorityOf({ medicalDependencies: [MedicalDependency.VENTILATOR, MedicalDependency.SUCTION], hazardFlags: ['FLOOD', 'LANDSLIDE_WARNING', 'TSUNAMI'], household: Household.LIVES_ALONE, careLevel: CareLevel.CARE_5, plan: null });
    expect(p.score).toBeLessThanOrEqual(100);
  });
});
