import { Role } from './role';

/** The authenticated caller, as every service and the access policy see it. */
export interface Actor {
  accountId: string;
  sessionId: string;
  role: Role;
  organisation: string;
  /** Municipalities the account is a member of (whole or by district). */
  municipalityCodes: string[];
  /** Districts of district-scoped memberships (welfare volunteers). */
  districtCodes: string[];
  /** Whether this session passed a second factor (TOTP) at login. */
  secondFactor: boolean;
  /** Whether the account accepted the confidentiality pledge (49-13 / 49-17). */
  pledgeAccepted: boolean;
}
