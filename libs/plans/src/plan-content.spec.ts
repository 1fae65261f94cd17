import { changedFields, PlanContent } from './plan-content';

const base: PlanContent = {
  supporters: [{ key: 's1', name: '山田 花子', relation: '近隣住民', responderGroup: 'WELFARE_VOLUNTEER', phone: '03-1234-5678', accountId: null, availability: { day: true, night: false } }],
  destination: { type: 'DESIGNATED_SHELTER', shelterId: 'X1', name: '第一小学校', preArranged: false },
  evacuationTrigger: '警戒レベル3', transport: '車いす', careNotes: null, emergencyContacts: [], medicalDevices: [],
};

describe(changedFields.name, () => {
  it('names nothing for the same content, whatever the key order', () => {
    const reordered = JSON.parse(JSON.stringify({ ...base, supporters: [{ ...base.supporters[0], availability: { night: false, day: true } }] }));
    expect(changedFields(base, reordered)).toEqual([]);
  });

  it('names every changed top-level field, treating missing optional fields as empty', () => {
    expect(changedFields(base, { ...base, transport: '徒歩', routes: [] })).toEqual(['transport']);
    expect(changedFields(base, { ...base, supporters: [], medicalDevices: [{ device: 'VENTILATOR', settingsSummary: '', internalBatteryHours: 4, externalBatteryHours: [], backupPower: null }] })).toEqual([
      'supporters', 'medicalDevices',
    ]);
  });

  it('treats missing optional nested keys as their empty value', () => {
    const older = { ...base, medicalDevices: [{ device: 'OXYGEN', settingsSummary: '', internalBatteryHours: 2, externalBatteryHours: [], backupPower: null }] };
    const newer = { ...older, supporters: [{ ...base.supporters[0], address: null }], medicalDevices: [{ ...older.medicalDevices[0], oxygenSupplier: null, powerCompanyRegistered: false }] };
    expect(changedFields(older, newer)).toEqual([]);
  });

  it('counts every field of a first revision that is not empty', () => {
    expect(changedFields(null, base)).toEqual(['supporters', 'destination', 'evacuationTrigger', 'transport']);
  });
});
