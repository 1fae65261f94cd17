import { Foundation1764140000000 } from './1764140000000-foundation';
import { Acp1764300000000 } from './1764300000000-acp';

/** Every migration, in order. Never edit one that has landed on main; add a new one. */
export const MIGRATIONS = [Foundation1764140000000, Acp1764300000000];
