import { PersonEntity } from './person.entity';

export * from './person.enums';
export * from './person.entity';
export * from './person.repository';
export * from './person-validation';
export * from './priority';
export * from './people.service';
export * from './people.module';
export * from './graphql/person.model';
export * from './graphql/person.mapper';

export const PEOPLE_ENTITIES = [PersonEntity];
