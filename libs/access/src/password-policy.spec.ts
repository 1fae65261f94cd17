import { passwordProblem } from './password-policy';

describe(passwordProblem.name, () => {
  it.each([
    ['twelve chars', false, /13/],
    ['thirteen char', false, null],
    ['seven c', true, /8/],
    ['eight ch', true, null],
    ['aaaaaaaaaaaaaa', false, /repeat/],
    ['x'.repeat(201), true, /200/],
  ] as const)('"%s" with second factor %s → %s', (pw, mfa, expected) => {
    const p = passwordProblem(pw, mfa);
    if (expected === null) expect(p).toBeNull();
    else expect(p).toMatch(expected);
  });
});
