import { AppException } from '@anpi/core';

/**
 * MHLW guideline 6.0 (Q&A シQ-54): 13 or more characters, or 8 or more together with a second factor.
 * Returns the problem, or null when the password is acceptable.
 */
export function passwordProblem(password: string, hasSecondFactor: boolean): string | null {
  if (password.length > 200) return 'must be at most 200 characters';
  const min = hasSecondFactor ? 8 : 13;
  if ([...password].length < min) {
    return hasSecondFactor
      ? 'must be at least 8 characters'
      : 'must be at least 13 characters (or at least 8 once a second factor is set up)';
  }
  if (/^(.)\1+$/.test(password)) return 'must not repeat a single character';
  return null;
}

export function assertPasswordAcceptable(field: string, password: string, hasSecondFactor: boolean): void {
  const problem = passwordProblem(password, hasSecondFactor);
  if (problem) throw AppException.badInput([{ field, message: `password ${problem}` }]);
}
