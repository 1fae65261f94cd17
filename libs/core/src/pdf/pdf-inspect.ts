/**
 * Structural checks of a PDF written by PdfDocument (and of simple uncompressed PDFs in general):
 * header, every xref offset pointing at its object, trailer, page count, and the text shown. Used by
 * the tests (exported beside the writer so every lib's tests read PDFs the same way); never by the
 * product to read files from outside.
 */
export interface PdfInspection {
  version: string;
  objectCount: number;
  /** Objects whose xref offset does not point at "<n> 0 obj". */
  badOffsets: number[];
  startxrefOk: boolean;
  pageCount: number;
  /** /Count of the page tree. */
  declaredPages: number;
  /** Concatenated content streams (uncompressed). */
  content: string;
  fontOk: boolean;
}

export function inspectPdf(buf: Buffer): PdfInspection {
  const s = buf.toString('latin1');
  const version = /^%PDF-(\d\.\d)/.exec(s)?.[1] ?? '';
  const sx = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(s);
  const xrefAt = sx ? Number(sx[1]) : -1;
  const startxrefOk = xrefAt >= 0 && s.startsWith('xref', xrefAt);
  const badOffsets: number[] = [];
  let objectCount = 0;
  if (startxrefOk) {
    const head = /^xref\s+0 (\d+)\s+/.exec(s.slice(xrefAt));
    objectCount = head ? Number(head[1]) : 0;
    const tableAt = xrefAt + (head?.[0].length ?? 0);
    for (let i = 0; i < objectCount; i++) {
      const entry = s.slice(tableAt + i * 20, tableAt + (i + 1) * 20);
      const m = /^(\d{10}) (\d{5}) ([nf])(\r\n| \n| \r)$/.exec(entry);
      if (!m) {
        badOffsets.push(i);
        continue;
      }
      if (m[3] === 'n' && !s.startsWith(`${i} 0 obj`, Number(m[1]))) badOffsets.push(i);
    }
  }
  const pageCount = (s.match(/\/Type \/Page\b(?!s)/g) ?? []).length;
  const declaredPages = Number(/\/Type \/Pages [^>]*\/Count (\d+)/.exec(s)?.[1] ?? -1);
  const content = [...s.matchAll(/stream\n([\s\S]*?)endstream/g)].map((m) => m[1]).join('\n');
  const fontOk =
    /\/Subtype \/Type0 \/BaseFont \/HeiseiKakuGo-W5 \/Encoding \/UniJIS-UCS2-H/.test(s) &&
    /\/Subtype \/CIDFontType0/.test(s) &&
    /\/CIDSystemInfo << \/Registry \(Adobe\) \/Ordering \(Japan1\) \/Supplement 2 >>/.test(s);
  return { version, objectCount, badOffsets, startxrefOk, pageCount, declaredPages, content, fontOk };
}

/** Upper-case UTF-16BE hex of BMP text, as PdfDocument writes it. */
export function utf16Hex(s: string): string {
  return [...s].map((c) => c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')).join('');
}
