/** Value sets of the roster (DOMAIN §7.1). Stored as text; validated at the API edge. */
export enum Sex {
  FEMALE = 'FEMALE',
  MALE = 'MALE',
  OTHER = 'OTHER',
  UNKNOWN = 'UNKNOWN',
}

/** 要介護度: 要支援1–2 / 要介護1–5. */
export enum CareLevel {
  NONE = 'NONE',
  SUPPORT_1 = 'SUPPORT_1',
  SUPPORT_2 = 'SUPPORT_2',
  CARE_1 = 'CARE_1',
  CARE_2 = 'CARE_2',
  CARE_3 = 'CARE_3',
  CARE_4 = 'CARE_4',
  CARE_5 = 'CARE_5',
}

/** 世帯状況. */
export enum Household {
  LIVES_ALONE = 'LIVES_ALONE',
  ELDERLY_ONLY = 'ELDERLY_ONLY',
  WITH_OTHERS = 'WITH_OTHERS',
}

/** 避難支援等を必要とする事由 (art. 49-10(2)(vi)). */
export enum SupportReason {
  CARE_NEED = 'CARE_NEED',
  PHYSICAL_DISABILITY = 'PHYSICAL_DISABILITY',
  INTELLECTUAL_DISABILITY = 'INTELLECTUAL_DISABILITY',
  MENTAL_DISABILITY = 'MENTAL_DISABILITY',
  INTRACTABLE_DISEASE = 'INTRACTABLE_DISEASE',
  MEDICAL_CARE = 'MEDICAL_CARE',
  ELDERLY_ALONE = 'ELDERLY_ALONE',
  LANGUAGE = 'LANGUAGE',
  OTHER = 'OTHER',
}

/** 医療的ケア: the dependencies that make a power cut life-threatening. */
export enum MedicalDependency {
  VENTILATOR = 'VENTILATOR',
  OXYGEN = 'OXYGEN',
  SUCTION = 'SUCTION',
  DIALYSIS = 'DIALYSIS',
  TUBE_FEEDING = 'TUBE_FEEDING',
  OTHER_DEVICE = 'OTHER_DEVICE',
}

/** 居住地ハザード. */
export enum HazardFlag {
  LANDSLIDE_WARNING = 'LANDSLIDE_WARNING',
  LANDSLIDE_SPECIAL = 'LANDSLIDE_SPECIAL',
  FLOOD = 'FLOOD',
  TSUNAMI = 'TSUNAMI',
  STORM_SURGE = 'STORM_SURGE',
  HOUSE_COLLAPSE_FLOOD = 'HOUSE_COLLAPSE_FLOOD',
}

/** 名簿掲載状況. */
export enum RosterStatus {
  LISTED = 'LISTED',
  EXCLUDED = 'EXCLUDED',
}
