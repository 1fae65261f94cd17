import { PersonEntity } from './person.entity';
import { RosterImportMappingEntity } from './import/roster-import-mapping.entity';

export * from './person.enums';
export * from './person.entity';
export * from './person.repository';
export * from './person-validation';
export * from './priority';
export * from './people.service';
export * from './people.module';
export * from './graphql/person.model';
export * from './graphql/person.mapper';
export * from './import/csv';
export * from './import/csv-encoding';
export * from './import/roster-columns';
export * from './import/roster-import-mapping.entity';
export * from './import/roster-import.repository';
export * from './import/roster-import.service';

export const PEOPLE_ENTITIES = [PersonEntity, RosterImportMappingEntity];
