import { assertIdsOnly } from './job-queue';

describe(assertIdsOnly.name, () => {
  it('accepts ids and numbers', () => {
    expect(() => assertIdsOnly({ incidentId: '6f1c…', chunk: 3, dryRun: false })).not.toThrow();
  });

  it.each(['name', 'nameKana', 'address', 'phone', 'birthDate', 'note'])('refuses a payload key like "%s"', (key) => {
    expect(() => assertIdsOnly({ [key]: 'x' })).toThrow(/personal data/);
  });

  it('refuses long strings', () => {
    expect(() => assertIdsOnly({ blob: 'x'.repeat(201) })).toThrow(/ids only/);
  });
});
