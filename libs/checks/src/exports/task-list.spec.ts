import { Role } from '@anpi/access';
import { TaskModel } from '../graphql/task.model';
import { TaskStatus } from '../task-status';
import { HIDDEN_LABEL, csvCell, jst, sortRows, taskListCsv, toTaskListRow, Watermark } from './task-list';

const person = {
  id: 'p1', externalId: null, municipalityCode: '13219', districtCode: '13219-01', name: '狛江 花子', nameKana: 'こまえ はなこ', birthDate: '1940-01-01', age: 86,
  sex: 'FEMALE', address: '狛江市和泉本町1-1-1', phone: '03-3430-1111', otherContacts: [], lat: 35.63412, lng: 139.57891, locationOverrideReason: null,
  supportReasons: [], supportReasonNote: null, medicalDependencies: ['VENTILATOR'], careLevel: 'CARE_5', household: 'LIVES_ALONE', hazardFlags: [],
  rosterStatus: 'LISTED', rosterExcludedReason: null, priority: { score: 90, factors: [] }, planStatus: null, version: 1, updatedAt: new Date(),
} as unknown as NonNullable<TaskModel['person']>;

function task(o: Partial<TaskModel> = {}): TaskModel {
  return {
    id: 't1', incidentId: 'i1', responderGroup: 'WELFARE_VOLUNTEER', status: TaskStatus.UNCHECKED, statusVersion: 0, priority: 50, priorityFactors: [],
    dueAt: new Date('2026-05-01T00:00:00Z'), overdue: false, escalated: false, assignedToMe: false, inPool: true, claimedBy: null, claimedByName: null,
    claimedUntil: null, needsReview: false, eventCount: 0, lastEventAt: null, isDrill: false, municipalityCode: '13219', districtCode: '13219-01',
    person, approximateLocation: null, supporters: [{ name: '猪方 花子', relation: '近隣住民', phone: '03-3480-0000' }, { name: null, relation: '長男', phone: null }], ...o,
  };
}

const districtNames = new Map([['13219-01', '狛江市 第1地区']]);

describe('toTaskListRow', () => {
  it('prints what the task model shows: name, address, phone, needs and supporters', () => {
    const r = toTaskListRow(task(), { districtNames });
    expect(r).toMatchObject({ hidden: false, name: '狛江 花子', address: '狛江市和泉本町1-1-1', phone: '03-3430-1111', district: '狛江市 第1地区', needs: ['人工呼吸器', '要介護5', '独居'] });
    expect(r.supporters).toEqual(['近隣住民 猪方 花子 03-3480-0000', '長男（非開示）']);
  });

  it('prints a hidden person as 詳細非表示 with district and approximate location only', () => {
    const r = toTaskListRow(task({ person: null, supporters: [], approximateLocation: { lat: 35.635, lng: 139.58 } }), { districtNames });
    expect(r).toMatchObject({ hidden: true, name: HIDDEN_LABEL, nameKana: '', phone: '', needs: [], supporters: [] });
    expect(r.address).toBe('狛江市 第1地区 / 概略位置 35.635, 139.580（約500m）');
  });
});

describe('sortRows', () => {
  it('orders by priority, then address, then task id', () => {
    const rows = [
      toTaskListRow(task({ id: 'b', priority: 10 }), { districtNames }),
      toTaskListRow(task({ id: 'a', priority: 90, person: { ...person, address: '狛江市和泉本町2' } }), { districtNames }),
      toTaskListRow(task({ id: 'c', priority: 90, person: { ...person, address: '狛江市和泉本町1' } }), { districtNames }),
    ];
    expect(sortRows(rows).map((r) => r.taskId)).toEqual(['c', 'a', 'b']);
  });
});

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['=1+2', `"'=1+2"`],
    ['+81 3', `"'+81 3"`],
    ['-5', `"'-5"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\tcmd', `"'\tcmd"`],
    ['＝1', `"'＝1"`],
    ['03-1234', '03-1234'],
  ])('%j → %s', (v, out) => expect(csvCell(v)).toBe(out));
});

describe('taskListCsv', () => {
  it('starts with a BOM and the watermark, and stamps every row', () => {
    const w: Watermark = { displayName: '民生委員 和泉 一子', role: Role.WELFARE_VOLUNTEER, organisation: '狛江市民生委員児童委員協議会', at: new Date('2026-05-01T15:30:00Z'), incidentTitle: '=cmd', isDrill: true, exportId: 'abcd1234', printNumber: 1 };
    const csv = taskListCsv([toTaskListRow(task(), { districtNames })], w);
    const lines = csv.split('\r\n');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(lines[0]).toContain('取扱注意・災害対応以外の目的で使用禁止 / return or destroy after the incident');
    expect(lines[1]).toContain('出力者: 民生委員 和泉 一子（民生委員／狛江市民生委員児童委員協議会） 出力日時: 2026-05-02 00:30 JST 事案: 【訓練】=cmd');
    expect(lines[3].endsWith('民生委員 和泉 一子 2026-05-02 00:30 JST #abcd1234')).toBe(true);
    expect(jst(new Date('2026-12-31T15:00:00Z'))).toBe('2027-01-01 00:00 JST');
  });
});
