import { Role } from '@anpi/access';
import { parseXml } from '@anpi/interop';
import { TaskStatus } from '../task-status';
import { PfifSharingFacts, PfifStatus, pfifDate, pfifNoteFor, pfifSharing, pfifXml, prefectureOf, splitJapaneseName } from './pfif';

describe('pfifNoteFor', () => {
  it.each([
    [TaskStatus.SAFE_AT_HOME, PfifStatus.BELIEVED_ALIVE, true],
    [TaskStatus.HOME_NEEDS_SUPPORT, PfifStatus.BELIEVED_ALIVE, true],
    [TaskStatus.EVACUATED, PfifStatus.BELIEVED_ALIVE, true],
    [TaskStatus.NEEDS_HELP, PfifStatus.BELIEVED_ALIVE, true],
    [TaskStatus.HOSPITALISED, PfifStatus.BELIEVED_ALIVE, true],
    [TaskStatus.NOT_REACHABLE, PfifStatus.INFORMATION_SOUGHT, false],
    [TaskStatus.MISSING, PfifStatus.BELIEVED_MISSING, false],
    [TaskStatus.DECEASED, PfifStatus.BELIEVED_DEAD, false],
  ])('maps %s to %s', (status, pfif, contact) => {
    expect(pfifNoteFor(status, '狛江市')).toMatchObject({ status: pfif, madeContact: contact });
  });

  it('writes no note for an unchecked task, and no medical words in any note', () => {
    expect(pfifNoteFor(TaskStatus.UNCHECKED, '狛江市')).toBeNull();
    for (const s of Object.values(TaskStatus)) expect(pfifNoteFor(s, '狛江市')?.text ?? '').not.toMatch(/入院|搬送|人工呼吸|酸素|要支援|介護/);
  });
});

describe('pfifSharing', () => {
  const base: PfifSharingFacts = { rosterAllowed: true, rosterConsent: 'AGREE', disclosureActive: false, exporterRole: Role.MUNICIPAL_ADMIN, latestStatus: PfifStatus.BELIEVED_ALIVE };
  it.each<[string, Partial<PfifSharingFacts>, ReturnType<typeof pfifSharing>]>([
    ['explicit consent', {}, 'CONSENT'],
    ['policy denies roster data', { rosterAllowed: false }, null],
    ['policy denies even with disclosure', { rosterAllowed: false, rosterConsent: 'NONE', disclosureActive: true, latestStatus: PfifStatus.INFORMATION_SOUGHT }, null],
    ['no answer, no disclosure', { rosterConsent: 'NONE', latestStatus: PfifStatus.INFORMATION_SOUGHT }, null],
    ['no answer, disclosure, unaccounted for', { rosterConsent: 'NONE', disclosureActive: true, latestStatus: PfifStatus.INFORMATION_SOUGHT }, 'MISSING_PERSON_DISCLOSURE'],
    ['no answer, disclosure, believed missing', { rosterConsent: 'NONE', disclosureActive: true, latestStatus: PfifStatus.BELIEVED_MISSING }, 'MISSING_PERSON_DISCLOSURE'],
    ['no answer, disclosure, but found alive', { rosterConsent: 'NONE', disclosureActive: true }, null],
    ['refused, disclosure, unaccounted for', { rosterConsent: 'REFUSE', disclosureActive: true, latestStatus: PfifStatus.INFORMATION_SOUGHT }, null],
    ['no answer, disclosure, staff exporting', { rosterConsent: 'NONE', disclosureActive: true, latestStatus: PfifStatus.INFORMATION_SOUGHT, exporterRole: Role.MUNICIPAL_STAFF }, null],
  ])('%s', (_name, facts, expected) => {
    expect(pfifSharing({ ...base, ...facts })).toBe(expected);
  });
});

describe('pfifXml', () => {
  it('writes well-formed PFIF 1.4 with escaped text and UTC dates', () => {
    const at = new Date('2026-05-01T01:02:03.456Z');
    const xml = pfifXml([
      {
        recordId: 'anpi.13219/p1', entryDate: at, sourceDate: at, expiryDate: at, authorName: '狛江市', sourceName: 'Anpi', fullName: '狛江 <太郎> & "花"',
        givenName: null, familyName: null, alternateNames: null, sex: null, age: 80, homeCity: '狛江市', homeState: '東京都',
        notes: [{ recordId: 'anpi.13219/task.t1.1', personRecordId: 'anpi.13219/p1', entryDate: at, sourceDate: at, authorName: 'x', authorMadeContact: false, status: PfifStatus.INFORMATION_SOUGHT, text: 'a\u0001b' }],
      },
    ]);
    expect(xml).toContain('<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4">');
    expect(xml).toContain('<pfif:full_name>狛江 &lt;太郎&gt; &amp; &quot;花&quot;</pfif:full_name>');
    expect(xml).toContain('<pfif:source_date>2026-05-01T01:02:03Z</pfif:source_date>');
    expect(xml).not.toContain('given_name');
    const root = parseXml(xml);
    expect(root.children[0].children.find((c) => c.name === 'full_name')?.text).toBe('狛江 <太郎> & "花"');
    expect(root.children[0].children.find((c) => c.name === 'note')?.children.find((c) => c.name === 'text')?.text).toBe('ab');
  });

  it('splits 姓 名 and knows the prefecture', () => {
    expect(splitJapaneseName('狛江　花子')).toEqual({ family: '狛江', given: '花子' });
    expect(splitJapaneseName('ハナ')).toBeNull();
    expect(prefectureOf('13219')).toBe('東京都');
    expect(prefectureOf('01100')).toBe('北海道');
    expect(prefectureOf('47201')).toBe('沖縄県');
    expect(pfifDate(new Date('2026-01-02T03:04:05.999Z'))).toBe('2026-01-02T03:04:05Z');
  });
});
