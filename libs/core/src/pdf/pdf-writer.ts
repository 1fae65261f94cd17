import { createHash } from 'node:crypto';

/**
 * A small PDF 1.4 writer for printable documents (safety-check task lists, the ACP person's copy): A4
 * pages, one Japanese font, text, lines and boxes.
 * No dependency and no font embedding: the one font is the predefined Adobe-Japan1 CID font
 * HeiseiKakuGo-W5 (a Type0 font over a CIDFontType0 descendant, encoding UniJIS-UCS2-H), which every
 * PDF viewer supplies from its own Japanese fonts. Text is written as UTF-16BE hex strings, so the
 * file stays 7-bit and a watermark can be found in it by searching for the hex of its characters.
 * Content streams are left uncompressed for the same reason.
 */

/** A4 portrait in points. */
export const A4 = { width: 595.28, height: 841.89 } as const;

/** U+3013 GETA MARK: the conventional stand-in in Japanese print for a character that cannot be shown. */
const UNREPRESENTABLE = 0x3013;

/** Code units for a CID-keyed string under UniJIS-UCS2-H: BMP only; controls become spaces. */
function ucs2Units(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) out.push(0x20);
    else if (cp > 0xffff || (cp >= 0xd800 && cp <= 0xdfff)) out.push(UNREPRESENTABLE);
    else out.push(cp);
  }
  return out;
}

const hex4 = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');

/** The hex string (without angle brackets) that shows `s` in the page font: UTF-16BE, upper-case. */
export function pdfTextHex(s: string): string {
  return ucs2Units(s).map(hex4).join('');
}

/** A PDF text string (Info dictionary) as UTF-16BE with byte-order mark, hex-encoded. */
function infoString(s: string): string {
  let h = 'FEFF';
  for (let i = 0; i < s.length; i++) h += hex4(s.charCodeAt(i));
  return `<${h}>`;
}

/**
 * Advance width in em of one character as the font dictionary declares it: the /W array gives the
 * proportional Latin range (CIDs 1–95, what UniJIS-UCS2-H maps ASCII to) and the half-width katakana
 * (CIDs 327–389) half an em; everything else uses /DW 1000. Layout and viewer agree by construction.
 */
export function charWidthEm(cp: number): number {
  if (cp >= 0x20 && cp <= 0x7e) return 0.5;
  if (cp >= 0xff61 && cp <= 0xff9f) return 0.5;
  return 1;
}

export function textWidth(s: string, size: number): number {
  let w = 0;
  for (const u of ucs2Units(s)) w += charWidthEm(u);
  return w * size;
}

/**
 * Breaks text into lines no wider than `maxWidth`, preferring spaces and punctuation for Latin runs
 * and breaking anywhere between Japanese characters. With `maxLines`, the last line ends in "…".
 */
export function wrapText(s: string, maxWidth: number, size: number, maxLines = Infinity): string[] {
  const lines: string[] = [];
  for (const paragraph of s.split(/\r?\n/)) {
    let line = '';
    let width = 0;
    const chars = [...paragraph.replace(/\s+/g, ' ')];
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i];
      const w = charWidthEm(ch.codePointAt(0)!) * size;
      if (width + w > maxWidth && line) {
        // Keep a Latin word (phone number, lot number) together when it fits on the next line.
        const m = /[!-~]+$/.exec(line);
        if (m && /[!-~]/.test(ch) && m[0].length < line.length && textWidth(m[0], size) + w <= maxWidth) {
          lines.push(line.slice(0, line.length - m[0].length).trimEnd());
          line = m[0];
          width = textWidth(line, size);
        } else {
          lines.push(line.trimEnd());
          line = '';
          width = 0;
        }
        if (ch === ' ') continue;
      }
      line += ch;
      width += w;
    }
    lines.push(line.trimEnd());
  }
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    let last = kept[maxLines - 1];
    while (last && textWidth(`${last}…`, size) > maxWidth) last = [...last].slice(0, -1).join('');
    kept[maxLines - 1] = `${last}…`;
    return kept;
  }
  return lines;
}

const num = (n: number) => {
  const r = Math.round(n * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
};

export interface TextOptions {
  /** 0 black … 1 white. */
  gray?: number;
  /** Counter-clockwise rotation in degrees around (x, y). */
  angle?: number;
}

/** One page's drawing operations. Coordinates are from the top-left corner, in points. */
export class PdfPage {
  readonly ops: string[] = [];

  constructor(readonly height: number) {}

  text(x: number, y: number, size: number, s: string, o: TextOptions = {}): this {
    if (!s) return this;
    const by = this.height - y;
    const rad = ((o.angle ?? 0) * Math.PI) / 180;
    const [a, b] = [Math.cos(rad), Math.sin(rad)];
    this.ops.push(
      `BT ${num(o.gray ?? 0)} g /F1 ${num(size)} Tf ${num(a)} ${num(b)} ${num(-b)} ${num(a)} ${num(x)} ${num(by)} Tm <${pdfTextHex(s)}> Tj ET`,
    );
    return this;
  }

  line(x1: number, y1: number, x2: number, y2: number, width = 0.5, gray = 0): this {
    this.ops.push(`${num(gray)} G ${num(width)} w ${num(x1)} ${num(this.height - y1)} m ${num(x2)} ${num(this.height - y2)} l S`);
    return this;
  }

  rect(x: number, y: number, w: number, h: number, o: { stroke?: number; fill?: number; width?: number } = {}): this {
    const r = `${num(x)} ${num(this.height - y - h)} ${num(w)} ${num(h)} re`;
    const width = `${num(o.width ?? 0.5)} w`;
    if (o.fill !== undefined && o.stroke !== undefined) this.ops.push(`${num(o.fill)} g ${num(o.stroke)} G ${width} ${r} B`);
    else if (o.fill !== undefined) this.ops.push(`${num(o.fill)} g ${r} f`);
    else this.ops.push(`${num(o.stroke ?? 0)} G ${width} ${r} S`);
    return this;
  }
}

export interface PdfInfo {
  title: string;
  author: string;
  subject?: string;
  keywords?: string;
  createdAt: Date;
}

/** D:YYYYMMDDHHmmSS+09'00' in Japan time. */
function pdfDate(d: Date): string {
  const j = new Date(d.getTime() + 9 * 3600 * 1000).toISOString();
  return `D:${j.slice(0, 4)}${j.slice(5, 7)}${j.slice(8, 10)}${j.slice(11, 13)}${j.slice(14, 16)}${j.slice(17, 19)}+09'00'`;
}

/** Builds the document; `toBuffer` writes the objects, the cross-reference table and the trailer. */
export class PdfDocument {
  private readonly pages: PdfPage[] = [];

  constructor(
    private readonly info: PdfInfo,
    readonly size: { width: number; height: number } = A4,
  ) {}

  addPage(): PdfPage {
    const p = new PdfPage(this.size.height);
    this.pages.push(p);
    return p;
  }

  get pageCount(): number {
    return this.pages.length;
  }

  toBuffer(): Buffer {
    if (!this.pages.length) this.addPage();
    // Object numbers: 1 catalog, 2 page tree, 3 Type0 font, 4 CIDFont, 5 descriptor, 6 info, then page + content pairs.
    const objects: string[] = [];
    const pageIds = this.pages.map((_, i) => 7 + i * 2);
    objects[1] = `<< /Type /Catalog /Pages 2 0 R >>`;
    objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`;
    objects[3] = `<< /Type /Font /Subtype /Type0 /BaseFont /HeiseiKakuGo-W5 /Encoding /UniJIS-UCS2-H /DescendantFonts [4 0 R] >>`;
    objects[4] =
      `<< /Type /Font /Subtype /CIDFontType0 /BaseFont /HeiseiKakuGo-W5` +
      ` /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >>` +
      ` /FontDescriptor 5 0 R /DW 1000 /W [1 95 500 327 389 500] >>`;
    objects[5] =
      `<< /Type /FontDescriptor /FontName /HeiseiKakuGo-W5 /Flags 4 /FontBBox [-92 -250 1010 922]` +
      ` /ItalicAngle 0 /Ascent 752 /Descent -221 /CapHeight 737 /StemV 114 >>`;
    objects[6] =
      `<< /Title ${infoString(this.info.title)} /Author ${infoString(this.info.author)}` +
      (this.info.subject ? ` /Subject ${infoString(this.info.subject)}` : '') +
      (this.info.keywords ? ` /Keywords ${infoString(this.info.keywords)}` : '') +
      ` /Creator (Anpi) /Producer (Anpi PDF writer) /CreationDate (${pdfDate(this.info.createdAt)}) >>`;
    this.pages.forEach((p, i) => {
      const id = pageIds[i];
      const content = p.ops.join('\n') + '\n';
      objects[id] =
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${num(this.size.width)} ${num(this.size.height)}]` +
        ` /Resources << /Font << /F1 3 0 R >> /ProcSet [/PDF /Text] >> /Contents ${id + 1} 0 R >>`;
      objects[id + 1] = `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}endstream`;
    });

    // A comment with bytes above 127 after the header tells transfer tools the file is binary.
    const chunks: Buffer[] = [Buffer.from('%PDF-1.4\n%', 'latin1'), Buffer.from([0xe2, 0xe3, 0xcf, 0xd3]), Buffer.from('\n', 'latin1')];
    let offset = chunks.reduce((n, c) => n + c.length, 0);
    const offsets: number[] = [];
    for (let id = 1; id < objects.length; id++) {
      offsets[id] = offset;
      const body = Buffer.from(`${id} 0 obj\n${objects[id]}\nendobj\n`, 'latin1');
      chunks.push(body);
      offset += body.length;
    }
    const xrefAt = offset;
    const entries = [`0000000000 65535 f\r\n`, ...offsets.slice(1).map((o) => `${String(o).padStart(10, '0')} 00000 n\r\n`)];
    const fileId = createHash('md5').update(Buffer.concat(chunks)).digest('hex').toUpperCase();
    chunks.push(
      Buffer.from(
        `xref\n0 ${objects.length}\n${entries.join('')}trailer\n<< /Size ${objects.length} /Root 1 0 R /Info 6 0 R /ID [<${fileId}> <${fileId}>] >>\nstartxref\n${xrefAt}\n%%EOF\n`,
        'latin1',
      ),
    );
    return Buffer.concat(chunks);
  }
}
