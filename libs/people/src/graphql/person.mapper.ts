import { PersonEntity } from '../person.entity';
import { CareLevel, HazardFlag, Household, MedicalDependency, RosterStatus, Sex, SupportReason } from '../person.enums';
import { ageOn } from '../person-validation';
import { PriorityFactor } from '../priority';
import { PersonModel } from './person.model';

/**
 * Entity → model for roster data (class R). Only called for people the access policy let the actor
 * see; plan, device and ACP data never pass through here.
 */
export function toPersonModel(p: PersonEntity & { planStatus?: string | null }, planStatus: string | null = p.planStatus ?? null): PersonModel {
  return {
    id: p.id,
    externalId: p.externalId,
    municipalityCode: p.municipalityCode,
    districtCode: p.districtCode,
    name: p.name,
    nameKana: p.nameKana,
    birthDate: p.birthDate,
    age: ageOn(p.birthDate),
    sex: p.sex as Sex,
    address: p.address,
    phone: p.phone,
    otherContacts: p.otherContacts,
    lat: p.lat,
    lng: p.lng,
    locationOverrideReason: p.locationOverrideReason,
    supportReasons: p.supportReasons as SupportReason[],
    supportReasonNote: p.supportReasonNote,
    medicalDependencies: p.medicalDependencies as MedicalDependency[],
    careLevel: p.careLevel as CareLevel,
    household: p.household as Household,
    hazardFlags: p.hazardFlags as HazardFlag[],
    rosterStatus: p.rosterStatus as RosterStatus,
    rosterExcludedReason: p.rosterExcludedReason,
    priority: { score: p.priorityScore, factors: p.priorityFactors as PriorityFactor[] },
    planStatus,
    version: p.version,
    updatedAt: p.updatedAt,
  };
}
