import { inspectPdf, utf16Hex } from './pdf-inspect';
import { PdfDocument, pdfTextHex, textWidth, wrapText } from './pdf-writer';

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
