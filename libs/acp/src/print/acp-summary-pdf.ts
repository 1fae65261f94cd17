import { A4, PdfDocument, PdfPage, textWidth, wrapText } from '@anpi/core';
import { PhysicianOrderRecord } from '../acp-content';
import { AcpStance } from '../acp-stance';
import {
  CHANGE_NOTE, SUMMARY_TITLE, jstDate, jstDateTime, orderWords, participantWords, surrogateWords, wishSections,
} from './acp-summary-text';

/**
 * Lays the person's copy (本人控え) out on A4 portrait pages in large type: title and name, the date of
 * the last discussion and who took part, the note that wishes may change at any time, the surrogates
 * with their phones in larger figures, the physician orders in force in boxes of their own (orders, with
 * the ordering doctor and date, not wishes), and the current wishes as plain sentences. Every page
 * has a footer with the title, the person's name, the page number and who printed it when.
 */

export interface AcpSummaryInput {
  person: { name: string; nameKana: string };
  stance: AcpStance;
  /** Physician orders in force. */
  orders: PhysicianOrderRecord[];
  printedBy: { displayName: string; organisation: string };
  printedAt: Date;
  exportId: string;
}

const M = 52; // left and right margin
const W = A4.width - 2 * M;
const TOP = 56;
const BOTTOM = A4.height - 72; // the footer lives below
const LH = 1.55; // line height factor
const BODY = 14;
const SMALL = 11.5;
const HEADING = 17;
const PAD = 10;

/** Characters a Japanese line must not start with (行頭禁則): they hang at the end of the line before. */
const NO_LINE_START = /^[、。，．）」』】〕！？ー・…]+/u;

/**
 * wrapText, then two touches of Japanese typesetting: closing punctuation never starts a line (it hangs
 * into the margin instead), and a last line of one or two characters ("ん。") joins the line before.
 * A hanging line may overrun the width by two characters at most; the margins leave room for that.
 */
function lines(s: string, width: number, size: number): string[] {
  const out = wrapText(s, width, size);
  for (let i = 1; i < out.length; i++) {
    const m = NO_LINE_START.exec(out[i] as string);
    if (!m || [...m[0]].length > 2 || !out[i - 1]) continue;
    out[i - 1] += m[0];
    out[i] = (out[i] as string).slice(m[0].length);
    if (!out[i]) out.splice(i--, 1);
  }
  const last = out[out.length - 1];
  if (out.length > 1 && last !== undefined && [...last].length <= 2 && textWidth(`${out[out.length - 2]}${last}`, size) <= width + 2 * size) {
    out[out.length - 2] += last;
    out.pop();
  }
  return out;
}

class Flow {
  readonly pages: PdfPage[] = [];
  page: PdfPage;
  y = TOP;

  constructor(private readonly doc: PdfDocument) {
    this.page = this.newPage();
  }

  /** Starts a new page unless `height` still fits. */
  room(height: number): void {
    if (this.y + height <= BOTTOM) return;
    this.page = this.newPage();
    this.y = TOP;
  }

  private newPage(): PdfPage {
    const page = this.doc.addPage();
    this.pages.push(page);
    return page;
  }

  /** Wrapped text; each line keeps to the page (a long paragraph continues on the next one). */
  text(s: string, size: number, o: { indent?: number; gray?: number; after?: number } = {}): void {
    const indent = o.indent ?? 0;
    for (const line of lines(s, W - indent, size)) {
      this.room(size * LH);
      this.page.text(M + indent, this.y + size, size, line, { gray: o.gray });
      this.y += size * LH;
    }
    this.y += o.after ?? 0;
  }

  /** A bullet item with a hanging indent. */
  item(s: string, size: number, o: { gray?: number; bullet?: string } = {}): void {
    const bullet = o.bullet ?? '・';
    const indent = textWidth(bullet, size);
    lines(s, W - indent, size).forEach((line, i) => {
      this.room(size * LH);
      if (i === 0) this.page.text(M, this.y + size, size, bullet, { gray: o.gray });
      this.page.text(M + indent, this.y + size, size, line, { gray: o.gray });
      this.y += size * LH;
    });
  }

  /** A section heading kept together with at least two lines of what follows. */
  heading(s: string): void {
    this.y += 8;
    this.room(HEADING * LH + 6 + 2 * BODY * LH);
    this.page.rect(M, this.y + 2, 5, HEADING + 2, { fill: 0.15 });
    this.page.text(M + 12, this.y + HEADING, HEADING, s);
    this.y += HEADING * LH;
    this.page.line(M, this.y - 2, M + W, this.y - 2, 0.6, 0.55);
    this.y += 6;
  }

  /**
   * A framed block: `lines` (text, size, gray) drawn inside a box. A block taller than a page is drawn
   * unframed, line by line.
   */
  box(rows: { text: string; size: number; gray?: number; gap?: number }[], o: { fill?: number; stroke?: number; width?: number } = {}): void {
    const inner = W - 2 * PAD;
    const wrapped = rows.map((l) => ({ ...l, rows: lines(l.text, inner, l.size) }));
    const height = wrapped.reduce((h, l) => h + l.rows.length * l.size * LH + (l.gap ?? 0), 0) + 2 * PAD;
    if (height > BOTTOM - TOP) {
      for (const l of rows) this.text(l.text, l.size, { gray: l.gray, after: l.gap });
      return;
    }
    this.room(height);
    this.page.rect(M, this.y, W, height, { fill: o.fill ?? 1, stroke: o.stroke ?? 0, width: o.width ?? 1 });
    let y = this.y + PAD;
    for (const l of wrapped) {
      for (const row of l.rows) {
        this.page.text(M + PAD, y + l.size, l.size, row, { gray: l.gray });
        y += l.size * LH;
      }
      y += l.gap ?? 0;
    }
    this.y += height + 8;
  }
}

export function acpSummaryPdf(input: AcpSummaryInput): { pdf: Buffer; pages: number } {
  const { person, stance, orders } = input;
  const doc = new PdfDocument({
    title: `${SUMMARY_TITLE}（${person.name}）`,
    author: input.printedBy.displayName,
    subject: '人生会議（ACP）の話し合いで本人が伝えた気持ちのまとめ',
    createdAt: input.printedAt,
  });
  const f = new Flow(doc);

  // Title, name, last discussion.
  f.page.text(M, f.y + 24, 24, SUMMARY_TITLE);
  f.y += 24 * LH + 4;
  f.page.text(M, f.y + 22, 22, `${person.name} さん`);
  if (person.nameKana) f.page.text(M + textWidth(`${person.name} さん`, 22) + 12, f.y + 22, SMALL, `（${person.nameKana}）`, { gray: 0.3 });
  f.y += 22 * LH;
  const last = stance.lastDiscussion;
  if (last) {
    f.text(`最後に話し合った日: ${jstDate(last.heldAt)}${last.place ? `（${last.place}）` : ''}`, BODY + 1);
    if (last.participants.length) f.text(`話し合った人: ${last.participants.map(participantWords).join('、')}`, SMALL, { gray: 0.25 });
    if (last.facilitatorName) f.text(`話し合いの進行: ${last.facilitatorName}`, SMALL, { gray: 0.25 });
  } else {
    f.text('まだ話し合いの記録はありません。', BODY + 1);
  }
  f.y += 8;
  f.box(CHANGE_NOTE.map((text, i) => ({ text, size: i === 0 ? BODY : BODY - 1, gap: i < CHANGE_NOTE.length - 1 ? 4 : 0 })), { fill: 0.94, stroke: 0.35, width: 1 });

  if (stance.declined) {
    f.box([
      { text: '最後の話し合いでは、「今は考えたくない」というあなたの気持ちを大切にしました。', size: BODY },
      { text: '話したくなったときは、いつでもケアチームに声をかけてください。それまでに話し合った内容は、下にそのまま残しています。', size: BODY - 1 },
    ], { fill: 1, stroke: 0.35 });
  }

  // Surrogates: who speaks for the person, with phones large enough to dial from.
  f.heading('あなたの気持ちを代わりに伝える人（代理人）');
  const surrogates = stance.current.find((s) => s.surrogates)?.surrogates ?? null;
  if (!surrogates) f.text('まだ話し合っていません。', BODY, { gray: 0.25 });
  else if (!surrogates.length) f.text('話し合いましたが、代理人は決めていません。', BODY);
  for (const s of surrogates ?? []) {
    const w = surrogateWords(s);
    f.room(BODY * LH + 20 * LH);
    f.text(w.title, BODY + 1);
    f.text(`電話 ${w.phone}`, 20, { indent: 16 });
    if (w.note) f.text(w.note, SMALL, { indent: 16, gray: 0.25 });
    f.y += 4;
  }

  // Physician orders: the doctor's orders, boxed apart from the person's wishes.
  f.heading('医師の指示');
  if (!orders.length) {
    f.text('現在、医師の指示はありません。', BODY, { gray: 0.25 });
  } else {
    f.text('あなたの希望とは別に、医師が出している指示です。', SMALL, { gray: 0.25, after: 2 });
    for (const o of orders) {
      f.box([
        { text: `指示: ${orderWords(o)}`, size: BODY + 1, gap: 2 },
        ...(o.instructions ? [{ text: `内容: ${o.instructions}`, size: BODY - 1, gap: 2 }] : []),
        { text: `指示した医師: ${o.orderedByName ?? '（記録なし）'}　指示日: ${jstDate(o.orderedAt)}`, size: SMALL, gray: 0.2 },
      ], { fill: 1, stroke: 0, width: 1.5 });
    }
  }

  // The wishes, as sentences.
  const sections = wishSections(stance);
  if (!sections.length && last && !stance.declined) {
    f.heading('あなたの希望');
    f.text('まだ記録された希望はありません。', BODY, { gray: 0.25 });
  }
  for (const section of sections) {
    f.heading(section.heading);
    for (const line of section.lines) {
      f.item(line.text, BODY);
      if (line.note) f.text(line.note, BODY - 1, { indent: textWidth('・', BODY) });
      if (line.said) f.text(`（${line.said}）`, SMALL - 1, { indent: textWidth('・', BODY), gray: 0.4 });
      f.y += 3;
    }
  }

  // Next review.
  if (last && (last.nextReviewTrigger || last.nextReviewOn)) {
    f.heading('次に話し合うとき');
    if (last.nextReviewOn) f.item(`${jstDate(new Date(`${last.nextReviewOn}T00:00:00+09:00`))}ごろ`, BODY);
    if (last.nextReviewTrigger) f.item(last.nextReviewTrigger, BODY);
  }

  // Footers, now that the page count is known.
  const total = f.pages.length;
  const printed = `印刷 ${jstDateTime(input.printedAt)}　${input.printedBy.displayName}（${input.printedBy.organisation}）　控え番号 ${input.exportId}`;
  f.pages.forEach((page, i) => {
    const y = A4.height - 52;
    page.line(M, y, M + W, y, 0.5, 0.5);
    page.text(M, y + 15, 9.5, `${SUMMARY_TITLE}　${person.name} さん`, { gray: 0.3 });
    const n = `${i + 1} / ${total}`;
    page.text(M + W - textWidth(n, 9.5), y + 15, 9.5, n, { gray: 0.3 });
    page.text(M, y + 29, 8, printed, { gray: 0.4 });
  });
  return { pdf: doc.toBuffer(), pages: total };
}
