import { base32Decode, base32Encode, matchTotp, totpCode } from './totp';

describe('totp', () => {
  // RFC 6238 appendix B test vectors (SHA1, secret "12345678901234567890"), last six digits.
  const secret = base32Encode(Buffer.from('12345678901234567890'));

  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
  ])('matches the RFC 6238 vector at T=%i', (t, code) => {
    expect(totpCode(secret, Math.floor(t / 30))).toBe(code);
  });

  it('round-trips base32', () => {
    expect(base32Decode(secret).toString()).toBe('12345678901234567890');
  });

  it('accepts the previous and next step for clock drift, and nothing further', () => {
    const now = 1_700_000_000_000;
    const step = Math.floor(now / 30000);
    expect(matchTotp(secret, totpCode(secret, step - 1), now)).toBe(step - 1);
    expect(matchTotp(secret, totpCode(secret, step + 1), now)).toBe(step + 1);
    expect(matchTotp(secret, totpCode(secret, step - 2), now)).toBeNull();
    expect(matchTotp(secret, 'abcdef', now)).toBeNull();
  });
});
