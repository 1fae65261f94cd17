import { PersonEntity } from './person.entity';

export * from './person.enums';
export * from './person.entity';

export const PEOPLE_ENTITIES = [PersonEntity];
