import { Foundation1764140000000 } from './1764140000000-foundation';

/** Every migration, in order. Never edit one that has landed on main; add a new one. */
export const MIGRATIONS = [Foundation1764140000000];
