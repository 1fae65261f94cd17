import { bboxOf, pointInMultiPolygon, MultiPolygonCoords } from '@anpi/core';
import { ResponderGroup } from '@anpi/access';
import { CareLevel, HazardFlag, Household, MedicalDependency, Sex, SupportReason } from '@anpi/people';
import { PlanContent, PlanStatus } from '@anpi/plans';
import { AREA_CODES, FEMALE_NAMES, MALE_NAMES, SURNAMES, TOWNS } from './demo-names';
import { Prng } from './prng';

/** Roughly proportional to each city's population, summing to 3,000. */
export const PEOPLE_PER_MUNICIPALITY: Record<string, number> = {
  '13203': 440, '13204': 560, '13206': 760, '13208': 700, '13210': 330, '13219': 210,
};

export const DISTRICTS_PER_MUNICIPALITY = 6;

export interface DemoShelter {
  id: string;
  name: string;
  welfare: boolean;
}

export interface DemoPerson {
  id: string;
  municipalityCode: string;
  districtCode: string;
  name: string;
  nameKana: string;
  birthDate: string;
  sex: Sex;
  address: string;
  phone: string | null;
  lat: number;
  lng: number;
  supportReasons: SupportReason[];
  medicalDependencies: MedicalDependency[];
  careLevel: CareLevel;
  household: Household;
  hazardFlags: HazardFlag[];
  plan: { status: PlanStatus; content: PlanContent; nextReviewAt: string } | null;
}

/** Synthetic people for one municipality, placed inside its real boundary. Same seed, same people. */
export function generatePeople(
  rng: Prng,
  municipalityCode: string,
  boundary: MultiPolygonCoords,
  count: number,
  shelters: DemoShelter[],
): DemoPerson[] {
  const [minX, minY, maxX, maxY] = bboxOf(boundary);
  const out: DemoPerson[] = [];
  while (out.length < count) {
    const lng = round6(minX + rng.next() * (maxX - minX));
    const lat = round6(minY + rng.next() * (maxY - minY));
    if (!pointInMultiPolygon([lng, lat], boundary)) continue;
    const band = Math.min(DISTRICTS_PER_MUNICIPALITY - 1, Math.floor(((lng - minX) / (maxX - minX)) * DISTRICTS_PER_MUNICIPALITY));
    out.push(onePerson(rng, municipalityCode, `${municipalityCode}-${String(band + 1).padStart(2, '0')}`, lat, lng, shelters));
  }
  return out;
}

function onePerson(rng: Prng, municipalityCode: string, districtCode: string, lat: number, lng: number, shelters: DemoShelter[]): DemoPerson {
  const sex = rng.chance(0.6) ? Sex.FEMALE : Sex.MALE;
  const [sn, sk] = rng.pick(SURNAMES);
  const [gn, gk] = rng.pick(sex === Sex.FEMALE ? FEMALE_NAMES : MALE_NAMES);
  const young = rng.chance(0.12); // people with disabilities or rare diseases of working age
  const age = young ? rng.int(8, 64) : rng.int(65, 101);
  const birthDate = `${2026 - age}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`;

  const deps: MedicalDependency[] = [];
  if (rng.chance(young ? 0.12 : 0.025)) deps.push(MedicalDependency.VENTILATOR);
  if (rng.chance(0.06)) deps.push(MedicalDependency.OXYGEN);
  if (deps.includes(MedicalDependency.VENTILATOR) || rng.chance(0.02)) deps.push(MedicalDependency.SUCTION);
  if (rng.chance(0.025)) deps.push(MedicalDependency.DIALYSIS);
  if (rng.chance(0.02)) deps.push(MedicalDependency.TUBE_FEEDING);

  const careLevel = young
    ? rng.weighted([[CareLevel.NONE, 6], [CareLevel.CARE_3, 1], [CareLevel.CARE_5, 1]] as const)
    : rng.weighted([
        [CareLevel.NONE, 2], [CareLevel.SUPPORT_1, 1], [CareLevel.SUPPORT_2, 1], [CareLevel.CARE_1, 2],
        [CareLevel.CARE_2, 2], [CareLevel.CARE_3, 1.5], [CareLevel.CARE_4, 1.2], [CareLevel.CARE_5, 1],
      ] as const);
  const household = young
    ? rng.weighted([[Household.WITH_OTHERS, 8], [Household.LIVES_ALONE, 2]] as const)
    : rng.weighted([[Household.LIVES_ALONE, 4], [Household.ELDERLY_ONLY, 3], [Household.WITH_OTHERS, 3]] as const);

  const reasons = new Set<SupportReason>();
  if (careLevel !== CareLevel.NONE) reasons.add(SupportReason.CARE_NEED);
  if (deps.length) reasons.add(SupportReason.MEDICAL_CARE);
  if (young && rng.chance(0.6)) reasons.add(rng.pick([SupportReason.PHYSICAL_DISABILITY, SupportReason.INTELLECTUAL_DISABILITY, SupportReason.INTRACTABLE_DISEASE]));
  if (!young && household === Household.LIVES_ALONE) reasons.add(SupportReason.ELDERLY_ALONE);
  if (reasons.size === 0) reasons.add(SupportReason.PHYSICAL_DISABILITY);

  const hazards: HazardFlag[] = [];
  // The Tama river runs along Komae, Chofu and Fuchu: more flood-zone addresses there.
  const floodShare = ['13219', '13208', '13206'].includes(municipalityCode) ? 0.3 : 0.06;
  if (rng.chance(floodShare)) hazards.push(HazardFlag.FLOOD);
  if (rng.chance(0.03)) hazards.push(HazardFlag.LANDSLIDE_WARNING);

  const town = rng.pick(TOWNS[municipalityCode]);
  const address = `${town}${rng.int(1, 6)}-${rng.int(1, 30)}-${rng.int(1, 20)}`;
  const phone = rng.chance(0.9) ? phoneFor(rng, municipalityCode) : null;

  const hasPlan = rng.chance(deps.length ? 0.9 : 0.55);
  const plan = hasPlan ? demoPlan(rng, deps, shelters, municipalityCode) : null;

  return {
    id: rng.uuid(),
    municipalityCode,
    districtCode,
    name: `${sn} ${gn}`,
    nameKana: `${sk} ${gk}`,
    birthDate,
    sex,
    address,
    phone,
    lat,
    lng,
    supportReasons: [...reasons],
    medicalDependencies: deps,
    careLevel,
    household,
    hazardFlags: hazards,
    plan,
  };
}

function demoPlan(rng: Prng, deps: MedicalDependency[], shelters: DemoShelter[], municipalityCode: string) {
  const supporters = Array.from({ length: rng.weighted([[0, 2], [1, 5], [2, 3]] as const) }, () => {
    const [sn] = rng.pick(SURNAMES);
    const relation = rng.pick(['近隣住民', '長男', '長女', '町会役員', '友人']);
    return {
      key: rng.uuid(),
      name: `${sn} ${rng.pick([...FEMALE_NAMES, ...MALE_NAMES])[0]}`,
      relation,
      responderGroup: ResponderGroup.WELFARE_VOLUNTEER as string,
      phone: phoneFor(rng, municipalityCode),
      accountId: null,
      availability: { day: rng.chance(0.8), night: rng.chance(0.5) },
    };
  });
  const medicalDevices = deps
    .filter((d) => d === MedicalDependency.VENTILATOR || d === MedicalDependency.OXYGEN || d === MedicalDependency.SUCTION)
    .map((d) => ({
      device: d,
      settingsSummary: d === MedicalDependency.VENTILATOR ? 'TPPV 24時間' : d === MedicalDependency.OXYGEN ? '酸素濃縮器 2L/分' : '吸引器 充電式',
      internalBatteryHours: d === MedicalDependency.VENTILATOR ? rng.int(2, 8) : rng.int(0, 3),
      externalBatteryHours: rng.chance(0.6) ? [rng.int(4, 12)] : [],
      backupPower: rng.chance(0.3) ? 'ポータブル発電機' : null,
    }));
  const welfareShelters = shelters.filter((s) => s.welfare);
  const welfare = deps.length > 0 && welfareShelters.length > 0 && rng.chance(0.4);
  const type = welfare ? 'WELFARE_SHELTER_DIRECT' : rng.pick(['DESIGNATED_SHELTER', 'DESIGNATED_SHELTER', 'STAY_HOME', 'RELATIVES']);
  const shelter = type === 'WELFARE_SHELTER_DIRECT' ? rng.pick(welfareShelters) : type === 'DESIGNATED_SHELTER' && shelters.length ? rng.pick(shelters) : null;
  const status = rng.weighted([[PlanStatus.AGREED, 6], [PlanStatus.IN_REVIEW, 2], [PlanStatus.DRAFT, 2]] as const);
  const content: PlanContent = {
    supporters,
    destination: {
      type,
      shelterId: shelter?.id ?? null,
      name: shelter?.name ?? (type === 'STAY_HOME' ? '在宅避難' : '親族宅'),
      preArranged: welfare,
    },
    evacuationTrigger: '警戒レベル3 高齢者等避難',
    transport: rng.pick(['徒歩', '車いす', '車両', '福祉タクシー']),
    careNotes: null,
    emergencyContacts: [{ name: `${rng.pick(SURNAMES)[0]} ${rng.pick(MALE_NAMES)[0]}`, relation: '家族', phone: phoneFor(rng, municipalityCode) }],
    medicalDevices,
  };
  return { status, content, nextReviewAt: `2027-${pad(rng.int(1, 12))}-01` };
}

function phoneFor(rng: Prng, code: string): string {
  if (rng.chance(0.3)) return `090-${rng.int(1000, 9999)}-${rng.int(1000, 9999)}`;
  const area = AREA_CODES[code];
  return area.length === 4 ? `${area}-${rng.int(10, 99)}-${rng.int(1000, 9999)}` : `${area}-${rng.int(1000, 9999)}-${rng.int(1000, 9999)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
