import { writeFileSync } from 'node:fs';
import { Role } from '@anpi/access';
import { inspectPdf, utf16Hex } from '@anpi/core';
import { TaskStatus } from '../task-status';
import { HIDDEN_LABEL, TaskListRow, Watermark } from './task-list';
import { taskListPdf } from './task-list-pdf';

const watermark: Watermark = {
  displayName: '訪問看護師 中和泉 恵', role: Role.VISITING_NURSE, organisation: '狛江 訪問看護ステーション', at: new Date('2026-05-01T01:23:00Z'),
  incidentTitle: '多摩直下地震', isDrill: false, exportId: '1a2b3c4d', printNumber: 2,
};

function row(i: number, o: Partial<TaskListRow> = {}): TaskListRow {
  return {
    taskId: `0000000${i}-aaaa-bbbb-cccc-dddddddddddd`, priority: 90 - i, status: TaskStatus.UNCHECKED, statusLabel: '未確認', group: '医療', assignment: '担当',
    dueAt: new Date('2026-05-01T03:00:00Z'), hidden: false, name: `狛江 太郎${i}`, nameKana: 'こまえ たろう', address: '東京都狛江市和泉本町1丁目1番1号 コーポ和泉101',
    phone: '03-3430-1111', district: '狛江市 第1地区', approximate: null, needs: ['人工呼吸器', '要介護5', '独居'], supporters: ['長女 狛江 花子 090-1234-5678'], ...o,
  };
}

describe('taskListPdf', () => {
  it('paginates, repeats the watermark on every page and never prints a hidden name', () => {
    const rows = Array.from({ length: 40 }, (_, i) => (i % 5 === 4 ? row(i, { hidden: true, name: HIDDEN_LABEL, nameKana: '', phone: '', address: '狛江市 第1地区 / 概略位置 35.635, 139.575（約500m）', needs: [], supporters: [] }) : row(i)));
    const { pdf, pages } = taskListPdf({ rows, watermark, scopeLabel: '自分の担当' });
    const i = inspectPdf(pdf);
    expect(pages).toBeGreaterThan(1);
    expect(i).toMatchObject({ badOffsets: [], startxrefOk: true, pageCount: pages, declaredPages: pages, fontOk: true });
    const count = (needle: string) => i.content.split(utf16Hex(needle)).length - 1;
    expect(count('取扱注意・災害対応以外の目的で使用禁止')).toBeGreaterThanOrEqual(2 * pages); // header notice and footer
    expect(count('訪問看護師 中和泉 恵')).toBeGreaterThanOrEqual(3 * pages); // header, footer, diagonal stamp
    expect(count('2026-05-01 10:23 JST')).toBeGreaterThanOrEqual(pages);
    expect(count(HIDDEN_LABEL)).toBe(8);
    if (process.env.PDF_SAMPLE_OUT) writeFileSync(process.env.PDF_SAMPLE_OUT, pdf);
  });

  it('prints an empty list as one page that says so', () => {
    const { pdf, pages } = taskListPdf({ rows: [], watermark, scopeLabel: '自分の担当' });
    expect(pages).toBe(1);
    expect(inspectPdf(pdf).content).toContain(utf16Hex('該当するタスクはありません'));
  });
});
