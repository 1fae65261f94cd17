import { FIELD_ORDER, RosterImportField } from '../roster-columns';
import { RosterImportMappingEntity } from '../roster-import-mapping.entity';
import { RosterImportMappingModel } from './roster-import.model';

/** Entity → model: the saved pairs in field order. */
export function toRosterImportMappingModel(e: RosterImportMappingEntity): RosterImportMappingModel {
  const columns = (Object.entries(e.mapping) as [RosterImportField, string][])
    .filter(([field]) => FIELD_ORDER.has(field))
    .sort(([a], [b]) => (FIELD_ORDER.get(a) as number) - (FIELD_ORDER.get(b) as number))
    .map(([field, header]) => ({ field, header }));
  return { municipalityCode: e.municipalityCode, columns, updatedBy: e.updatedBy, updatedAt: e.updatedAt };
}
