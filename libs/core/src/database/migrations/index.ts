import { Foundation1764140000000 } from './1764140000000-foundation';
import { RosterImport1764250000000 } from './1764250000000-roster-import';
import { Acp1764300000000 } from './1764300000000-acp';
import { Incidents1764400000000 } from './1764400000000-incidents';
import { CheckinSpeed1764600000000 } from './1764600000000-checkin-speed';
import { MapSpeed1764700000000 } from './1764700000000-map-speed';

/** Every migration, in order. Never edit one that has landed on main; add a new one. */
export const MIGRATIONS = [
  Foundation1764140000000, RosterImport1764250000000, Acp1764300000000, Incidents1764400000000, CheckinSpeed1764600000000, MapSpeed1764700000000,
];
