import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { flattenValidationErrors } from '@anpi/core';
import { AcpCapacityStatus, AcpChoice, AcpIntervention, AcpParticipantRole, AcpScenario } from './acp.enums';
import { AcpDiscussionDraft, validateAcpDiscussion, validateCorrection } from './acp-validation';
import { RecordAcpDiscussionInput } from './graphql/acp.input';

const NOW = new Date('2026-11-26T09:00:00Z');
const valid: AcpDiscussionDraft = {
  personId: '5b0a3c5e-9a51-4a57-9a57-2e7c6d1f0a11',
  heldAt: new Date('2026-11-20T10:00:00Z'),
  facilitatorAccountId: '7c1d2e3f-1111-4a57-9a57-2e7c6d1f0a11',
  participants: [{ role: AcpParticipantRole.PERSON, name: '猪方 ハナ' }, { role: AcpParticipantRole.FAMILY, name: '猪方 花子', relation: '長女' }],
  capacityStatus: AcpCapacityStatus.CAN_EXPRESS,
  preferences: [{ intervention: AcpIntervention.CPR, scenario: AcpScenario.NO_RECOVERY_EXPECTED, choice: AcpChoice.DOES_NOT_WANT }],
};
const fields = (d: AcpDiscussionDraft) => validateAcpDiscussion(d, NOW).problems.map((p) => `${p.field}: ${p.message}`);

describe(validateAcpDiscussion.name, () => {
  it('accepts a complete discussion and normalises it', () => {
    const { problems, value } = validateAcpDiscussion({ ...valid, valuesText: '  家で猫と暮らしたい  ', place: ' ', surrogates: [{ rank: 1, name: '猪方 花子', relation: '長女', phone: '09011112222' }] }, NOW);
    expect(problems).toEqual([]);
    expect(value?.content).toMatchObject({ valuesText: '家で猫と暮らしたい', place: null, surrogates: [{ rank: 1, phone: '090-1111-2222', scopeNote: null }], declined: false });
  });

  it.each<[string, AcpDiscussionDraft, string[]]>([
    [
      'refuses a discussion without person, date or facilitator',
      { ...valid, personId: null, heldAt: undefined, facilitatorAccountId: '' },
      [
        'input.personId: is required: a discussion is always about one person',
        'input.heldAt: is required: when the discussion took place',
        'input.facilitatorAccountId: is required: who facilitated the discussion',
      ],
    ],
    ['refuses a date in the future', { ...valid, heldAt: new Date('2026-11-27T00:00:00Z') }, ['input.heldAt: must not lie in the future']],
    ['refuses oversized text naming the limit', { ...valid, valuesText: 'あ'.repeat(4001) }, ['input.valuesText: must be at most 4,000 characters (got 4,001)']],
    [
      'refuses an oversized note deep in a list with its path',
      { ...valid, preferences: [...valid.preferences!, { intervention: AcpIntervention.ICU, scenario: AcpScenario.ANY, choice: AcpChoice.UNDECIDED, note: 'x'.repeat(4001) }] },
      ['input.preferences.1.note: must be at most 4,000 characters (got 4,001)'],
    ],
    [
      'names the missing choice of the third wish',
      {
        ...valid,
        preferences: [
          ...valid.preferences!,
          { intervention: AcpIntervention.ICU, scenario: AcpScenario.ANY, choice: AcpChoice.UNDECIDED },
          { intervention: AcpIntervention.DIALYSIS, scenario: AcpScenario.ANY },
        ],
      },
      ['input.preferences.2.choice: is required'],
    ],
    [
      'refuses the same treatment twice for one scenario',
      { ...valid, preferences: [...valid.preferences!, { intervention: AcpIntervention.CPR, scenario: AcpScenario.NO_RECOVERY_EXPECTED, choice: AcpChoice.WANTS }] },
      ['input.preferences.1.scenario: repeats preferences.0 (CPR in NO_RECOVERY_EXPECTED); state each treatment once per scenario'],
    ],
    [
      'needs capacity, a participant and a statement unless declined',
      { personId: valid.personId, heldAt: valid.heldAt, facilitatorAccountId: valid.facilitatorAccountId },
      [
        'input.capacityStatus: is required: could the person express their will (意思表示の可否)?',
        'input.participants: must name at least one participant',
        'input: record at least one wish, value or surrogate, or mark the discussion as declined',
      ],
    ],
    ['needs the relation of family participants', { ...valid, participants: [{ role: AcpParticipantRole.FAMILY, name: '花子' }] }, ['input.participants.0.relation: is required for family and other participants (続柄)']],
    [
      'checks surrogate ranks and phones',
      { ...valid, surrogates: [{ rank: 2, name: '次郎', relation: '長男', phone: '12345' }, { rank: 3, name: '三郎', relation: '三男', phone: '090-1234-5678' }] },
      [
        'input.surrogates.0.phone: must be a Japanese phone number, e.g. 03-3430-1111 or 090-1234-5678',
        'input.surrogates.1.rank: must be 1 (first) or 2 (alternate)',
        'input.surrogates: an alternate (rank 2) needs a first surrogate (rank 1)',
      ],
    ],
    [
      'refuses wishes beside a refusal',
      { personId: valid.personId, heldAt: valid.heldAt, facilitatorAccountId: valid.facilitatorAccountId, declined: true, preferences: valid.preferences },
      ['input.preferences: must be left empty when the person declined ACP; record wishes in a later discussion'],
    ],
    ['refuses a review date that does not exist', { ...valid, nextReviewOn: '2027-02-30' }, ['input.nextReviewOn: must be a date as YYYY-MM-DD']],
    ['refuses a review date out of any calendar', { ...valid, nextReviewOn: '2027-13-45' }, ['input.nextReviewOn: must be a date as YYYY-MM-DD']],
    ['refuses a review date in another format', { ...valid, nextReviewOn: '1/5/2027' }, ['input.nextReviewOn: must be a date as YYYY-MM-DD']],
  ])('%s', (_name, draft, expected) => {
    expect(fields(draft)).toEqual(expected);
  });

  it('accepts a declined discussion with nothing but person, date and facilitator', () => {
    const { problems, value } = validateAcpDiscussion({ personId: valid.personId, heldAt: valid.heldAt, facilitatorAccountId: valid.facilitatorAccountId, declined: true, declinedNote: '今は考えたくない' }, NOW);
    expect(problems).toEqual([]);
    expect(value?.content).toMatchObject({ declined: true, declinedNote: '今は考えたくない', capacityStatus: null, participants: [], preferences: [], surrogates: null });
  });
});

describe(validateCorrection.name, () => {
  it('needs the corrected record and a reason', () => {
    expect(validateCorrection(undefined, '  ').problems.map((p) => p.field)).toEqual(['input.correctsId', 'input.reason']);
    expect(validateCorrection('id', '日付の誤り')).toEqual({ problems: [], reason: '日付の誤り' });
  });
});

describe(RecordAcpDiscussionInput.name, () => {
  it('refuses an unknown choice at the edge with its field path', async () => {
    const input = plainToInstance(RecordAcpDiscussionInput, { preferences: [{}, {}, { choice: 'MAYBE' }], surrogates: [{ rank: 'one' }] });
    const problems = flattenValidationErrors(await validate(input, { whitelist: true, forbidNonWhitelisted: true })).map((p) => p.field);
    expect(problems).toEqual(['preferences.2.choice', 'surrogates.0.rank']);
  });

  it('refuses fields it does not know', async () => {
    const input = plainToInstance(RecordAcpDiscussionInput, { personId: valid.personId, secretField: 1 });
    expect(flattenValidationErrors(await validate(input, { whitelist: true, forbidNonWhitelisted: true })).map((p) => p.field)).toEqual(['secretField']);
  });
});
