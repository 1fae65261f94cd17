/**
 * Value sets of ACP discussion records (人生会議, DOMAIN §3.3, §7.5). Stored as text; validated at the
 * API edge. Each value carries its Japanese label for narratives and exports (ACP_LABELS).
 */

/** Life-sustaining and other treatments a person states a wish about (延命治療等). */
export enum AcpIntervention {
  /** 心肺蘇生 (心臓マッサージ・AED). */
  CPR = 'CPR',
  /** 気管挿管・人工呼吸器. */
  INTUBATION_VENTILATION = 'INTUBATION_VENTILATION',
  /** 経鼻経管栄養. */
  TUBE_FEEDING = 'TUBE_FEEDING',
  /** 胃ろう. */
  PEG = 'PEG',
  /** 中心静脈栄養. */
  TPN = 'TPN',
  /** 点滴 (水分補給). */
  IV_HYDRATION = 'IV_HYDRATION',
  /** 人工透析. */
  DIALYSIS = 'DIALYSIS',
  /** 救急搬送・入院. */
  HOSPITAL_TRANSFER = 'HOSPITAL_TRANSFER',
  /** 集中治療. */
  ICU = 'ICU',
  /** 手術. */
  SURGERY = 'SURGERY',
  /** 抗菌薬. */
  ANTIBIOTICS = 'ANTIBIOTICS',
}

/** The situation a wish applies to (the FHIR export's enclosed precondition). */
export enum AcpScenario {
  /** 回復の見込みがある場合. */
  RECOVERY_EXPECTED = 'RECOVERY_EXPECTED',
  /** 回復の見込みがない場合. */
  NO_RECOVERY_EXPECTED = 'NO_RECOVERY_EXPECTED',
  /** 老衰の場合. */
  FRAILTY = 'FRAILTY',
  /** 急変した場合. */
  SUDDEN_DETERIORATION = 'SUDDEN_DETERIORATION',
  /** 状況を問わず (a wish stated without a condition). */
  ANY = 'ANY',
}

export enum AcpChoice {
  /** 希望する. */
  WANTS = 'WANTS',
  /** 希望しない. */
  DOES_NOT_WANT = 'DOES_NOT_WANT',
  /** 期間を決めて試す. */
  TRIAL = 'TRIAL',
  /** 代理人に任せる. */
  SURROGATE_DECIDES = 'SURROGATE_DECIDES',
  /** 未定. */
  UNDECIDED = 'UNDECIDED',
}

/** 本人の意思確認の可否 at the time of the discussion. */
export enum AcpCapacityStatus {
  CAN_EXPRESS = 'CAN_EXPRESS',
  PARTIALLY = 'PARTIALLY',
  CANNOT_EXPRESS = 'CANNOT_EXPRESS',
}

/** 療養したい場所 / 最期を過ごしたい場所. */
export enum AcpPlace {
  HOME = 'HOME',
  CARE_FACILITY = 'CARE_FACILITY',
  HOSPITAL = 'HOSPITAL',
  PALLIATIVE_CARE_UNIT = 'PALLIATIVE_CARE_UNIT',
  OTHER = 'OTHER',
  UNDECIDED = 'UNDECIDED',
}

/** 病名・余命の告知希望. */
export enum AcpDisclosurePreference {
  WANTS_TO_BE_TOLD = 'WANTS_TO_BE_TOLD',
  DOES_NOT_WANT_TO_BE_TOLD = 'DOES_NOT_WANT_TO_BE_TOLD',
  LEAVES_TO_OTHERS = 'LEAVES_TO_OTHERS',
  UNDECIDED = 'UNDECIDED',
}

/** Who took part in the discussion (参加者). */
export enum AcpParticipantRole {
  PERSON = 'PERSON',
  /** 家族等, including close friends (MHLW 2018). */
  FAMILY = 'FAMILY',
  DOCTOR = 'DOCTOR',
  NURSE = 'NURSE',
  CARE_MANAGER = 'CARE_MANAGER',
  CARE_WORKER = 'CARE_WORKER',
  FACILITATOR = 'FACILITATOR',
  OTHER = 'OTHER',
}

/** 価値観シート checklist: what matters to the person. */
export enum AcpValue {
  TIME_WITH_FAMILY = 'TIME_WITH_FAMILY',
  NOT_BURDENING_OTHERS = 'NOT_BURDENING_OTHERS',
  STAYING_AT_HOME = 'STAYING_AT_HOME',
  FREE_FROM_PAIN = 'FREE_FROM_PAIN',
  LIVING_AS_LONG_AS_POSSIBLE = 'LIVING_AS_LONG_AS_POSSIBLE',
  DOING_THINGS_MYSELF = 'DOING_THINGS_MYSELF',
  EATING_BY_MOUTH = 'EATING_BY_MOUTH',
  HOBBIES = 'HOBBIES',
  FAITH = 'FAITH',
  FRIENDS_AND_COMMUNITY = 'FRIENDS_AND_COMMUNITY',
}

/** Topics whose current stance and history are derived from the discussions. */
export enum AcpTopic {
  TREATMENT = 'TREATMENT',
  PLACE_OF_CARE = 'PLACE_OF_CARE',
  PLACE_OF_DEATH = 'PLACE_OF_DEATH',
  DISCLOSURE = 'DISCLOSURE',
  VALUES = 'VALUES',
  SURROGATES = 'SURROGATES',
  COMFORT = 'COMFORT',
  SPIRITUAL = 'SPIRITUAL',
  AFTER_DEATH = 'AFTER_DEATH',
}

/** Kinds of physician orders (POLST-like portable medical orders, DOMAIN §4.2 PMO). */
export enum PhysicianOrderKind {
  CPR = 'CPR',
  INITIAL_TREATMENT = 'INITIAL_TREATMENT',
  ARTIFICIAL_NUTRITION = 'ARTIFICIAL_NUTRITION',
  ADDITIONAL = 'ADDITIONAL',
}

/** What the physician ordered; each code belongs to one kind (ORDER_CODES_BY_KIND). */
export enum PhysicianOrderCode {
  /** 心肺蘇生を行う. */
  ATTEMPT_RESUSCITATION = 'ATTEMPT_RESUSCITATION',
  /** DNAR: 心肺蘇生を行わない. */
  DO_NOT_ATTEMPT_RESUSCITATION = 'DO_NOT_ATTEMPT_RESUSCITATION',
  FULL_TREATMENT = 'FULL_TREATMENT',
  SELECTIVE_TREATMENT = 'SELECTIVE_TREATMENT',
  COMFORT_FOCUSED = 'COMFORT_FOCUSED',
  LONG_TERM_ARTIFICIAL_NUTRITION = 'LONG_TERM_ARTIFICIAL_NUTRITION',
  TRIAL_ARTIFICIAL_NUTRITION = 'TRIAL_ARTIFICIAL_NUTRITION',
  NO_ARTIFICIAL_NUTRITION = 'NO_ARTIFICIAL_NUTRITION',
  /** A further order given as instructions text. */
  OTHER_INSTRUCTIONS = 'OTHER_INSTRUCTIONS',
}

export const ORDER_CODES_BY_KIND: Record<PhysicianOrderKind, PhysicianOrderCode[]> = {
  [PhysicianOrderKind.CPR]: [PhysicianOrderCode.ATTEMPT_RESUSCITATION, PhysicianOrderCode.DO_NOT_ATTEMPT_RESUSCITATION],
  [PhysicianOrderKind.INITIAL_TREATMENT]: [PhysicianOrderCode.FULL_TREATMENT, PhysicianOrderCode.SELECTIVE_TREATMENT, PhysicianOrderCode.COMFORT_FOCUSED],
  [PhysicianOrderKind.ARTIFICIAL_NUTRITION]: [
    PhysicianOrderCode.LONG_TERM_ARTIFICIAL_NUTRITION, PhysicianOrderCode.TRIAL_ARTIFICIAL_NUTRITION, PhysicianOrderCode.NO_ARTIFICIAL_NUTRITION,
  ],
  [PhysicianOrderKind.ADDITIONAL]: [PhysicianOrderCode.OTHER_INSTRUCTIONS],
};

/** An order is in force until a later order of the same kind replaces it or withdraws it. */
export enum PhysicianOrderStatus {
  ACTIVE = 'ACTIVE',
  WITHDRAWN = 'WITHDRAWN',
}

/** Japanese labels for narratives, exports and the emergency summary. */
export const ACP_LABELS: Record<string, string> = {
  CPR: '心肺蘇生', INTUBATION_VENTILATION: '気管挿管・人工呼吸器', TUBE_FEEDING: '経鼻経管栄養', PEG: '胃ろう', TPN: '中心静脈栄養',
  IV_HYDRATION: '点滴（水分補給）', DIALYSIS: '人工透析', HOSPITAL_TRANSFER: '救急搬送・入院', ICU: '集中治療', SURGERY: '手術', ANTIBIOTICS: '抗菌薬',
  RECOVERY_EXPECTED: '回復の見込みがある場合', NO_RECOVERY_EXPECTED: '回復の見込みがない場合', FRAILTY: '老衰の場合', SUDDEN_DETERIORATION: '急変した場合', ANY: '状況を問わず',
  WANTS: '希望する', DOES_NOT_WANT: '希望しない', TRIAL: '期間を決めて試す', SURROGATE_DECIDES: '代理人に任せる', UNDECIDED: '未定',
  CAN_EXPRESS: '意思表示できる', PARTIALLY: '一部意思表示できる', CANNOT_EXPRESS: '意思表示できない',
  HOME: '自宅', CARE_FACILITY: '介護施設', HOSPITAL: '病院', PALLIATIVE_CARE_UNIT: '緩和ケア病棟・ホスピス', OTHER: 'その他',
  WANTS_TO_BE_TOLD: '告知を希望する', DOES_NOT_WANT_TO_BE_TOLD: '告知を希望しない', LEAVES_TO_OTHERS: '家族等・医師に任せる',
  TIME_WITH_FAMILY: '家族との時間', NOT_BURDENING_OTHERS: '人に迷惑をかけない', STAYING_AT_HOME: '住み慣れた家で過ごす', FREE_FROM_PAIN: '痛みや苦しみがない',
  LIVING_AS_LONG_AS_POSSIBLE: 'できるだけ長く生きる', DOING_THINGS_MYSELF: '身の回りのことを自分でする', EATING_BY_MOUTH: '口から食べる', HOBBIES: '趣味・楽しみ',
  FAITH: '信仰', FRIENDS_AND_COMMUNITY: '友人・地域とのつながり',
  ATTEMPT_RESUSCITATION: '心肺蘇生を行う', DO_NOT_ATTEMPT_RESUSCITATION: '心肺蘇生を行わない（DNAR）', FULL_TREATMENT: 'あらゆる治療を行う',
  SELECTIVE_TREATMENT: '選択的な治療（挿管・集中治療は行わない）', COMFORT_FOCUSED: '苦痛緩和を中心とする', LONG_TERM_ARTIFICIAL_NUTRITION: '長期の人工栄養を行う',
  TRIAL_ARTIFICIAL_NUTRITION: '期間を決めて人工栄養を試す', NO_ARTIFICIAL_NUTRITION: '人工栄養を行わない', OTHER_INSTRUCTIONS: 'その他の指示',
  PERSON: '本人', FAMILY: '家族等（親しい友人を含む）', DOCTOR: '医師', NURSE: '看護師', CARE_MANAGER: 'ケアマネジャー', CARE_WORKER: '介護職', FACILITATOR: '進行役',
  TREATMENT: '医療・ケアの希望', PLACE_OF_CARE: '療養したい場所', PLACE_OF_DEATH: '最期を過ごしたい場所', DISCLOSURE: '病名・余命の告知', VALUES: '大切にしていること',
  SURROGATES: '意思を推定する者（代理人）', COMFORT: '苦痛緩和', SPIRITUAL: '信仰・心のよりどころ', AFTER_DEATH: '死後の希望',
  INITIAL_TREATMENT: '治療の範囲', ARTIFICIAL_NUTRITION: '人工栄養', ADDITIONAL: '追加の指示', ACTIVE: '有効', WITHDRAWN: '撤回',
};

export const labelOf = (code: string): string => ACP_LABELS[code] ?? code;
