import { writeFileSync } from 'node:fs';
import { Role } from '@anpi/access';
import { TaskStatus } from '../task-status';
import { inspectPdf, utf16Hex } from './pdf-inspect';
import { PdfDocument, pdfTextHex, textWidth, wrapText } from './pdf-writer';
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

describe('PdfDocument', () => {
  it('writes a PDF 1.4 whose xref offsets point at their objects', () => {
    const doc = new PdfDocument({ title: 'テスト', author: 'a', createdAt: new Date() });
    doc.addPage().text(10, 10, 12, '日本語 ABC').line(0, 0, 100, 100);
    doc.addPage().rect(10, 10, 50, 50, { fill: 0.5 });
    const pdf = doc.toBuffer();
    const i = inspectPdf(pdf);
    expect(i).toMatchObject({ version: '1.4', badOffsets: [], startxrefOk: true, pageCount: 2, declaredPages: 2, fontOk: true });
    expect(i.objectCount).toBe(6 + 2 * 2 + 1);
    expect(i.content).toContain(`<${utf16Hex('日本語 ABC')}> Tj`);
  });

  it('detects a broken offset (the check can fail)', () => {
    const doc = new PdfDocument({ title: 't', author: 'a', createdAt: new Date() });
    doc.addPage().text(10, 10, 12, 'x');
    const pdf = doc.toBuffer().toString('latin1');
    const at = pdf.indexOf('3 0 obj');
    const broken = Buffer.from(pdf.replace(`${String(at).padStart(10, '0')} 00000 n`, `${String(at + 1).padStart(10, '0')} 00000 n`), 'latin1');
    expect(inspectPdf(Buffer.from(pdf, 'latin1')).badOffsets).toEqual([]);
    expect(inspectPdf(broken).badOffsets).toEqual([3]);
  });

  it('encodes text as UTF-16BE, replacing what UCS-2 cannot carry with 〓', () => {
    expect(pdfTextHex('安否A')).toBe('5B89542600' + '41');
    expect(pdfTextHex('𠮷野')).toBe('3013' + '91CE');
    expect(pdfTextHex('a\nb')).toBe('00610020' + '0062');
  });

  it('measures half-width Latin as half an em and wraps within the width', () => {
    expect(textWidth('AB安', 10)).toBe(20);
    const lines = wrapText('東京都狛江市和泉本町一丁目二番三号 TEL 03-3430-1111', 60, 10);
    expect(lines.every((l) => textWidth(l, 10) <= 60)).toBe(true);
    expect(lines.join('')).toContain('03-3430-1111');
    expect(wrapText('あいうえおかきくけこさしすせそ', 30, 10, 2)).toEqual(['あいう', 'えお…']);
  });
});

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
