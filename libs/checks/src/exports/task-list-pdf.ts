import { A4, PdfDocument, PdfPage, textWidth, wrapText } from '@anpi/core';
import { HANDLING_NOTICE, TICK_COLUMNS, TaskListRow, Watermark, jst, watermarkLines } from './task-list';

/**
 * Lays a task list out on A4 portrait pages: a header with the watermark on every page, a table with
 * one entry per task (priority and current status, a box per outcome to tick by hand, name and kana,
 * address and phone, needs, supporters' phones) and a blank notes line under each entry, a footer
 * stamp, and a large light diagonal stamp of who printed it and when behind the table.
 */

const M = 28; // page margin
const PAD = 2.5;
const BODY = 7;
const LINE = 1.22; // line height factor
const NOTES_H = 13;
const BOTTOM = A4.height - 40;

interface Column {
  key: 'prio' | 'tick' | 'name' | 'address' | 'needs' | 'supporters';
  width: number;
  header: string[];
}

const TICK_W = 18;
const COLUMNS: Column[] = [
  { key: 'prio', width: 44, header: ['優先度', '現在の状態'] },
  ...TICK_COLUMNS.map((t): Column => ({ key: 'tick', width: TICK_W, header: t.label })),
  { key: 'name', width: 82, header: ['氏名', 'ふりがな'] },
  { key: 'address', width: 134, header: ['住所', '電話'] },
  { key: 'needs', width: 80, header: ['必要な支援', '(機器・介護度・独居)'] },
  { key: 'supporters', width: 91, header: ['支援者', '(続柄・氏名・電話)'] },
];
const X: number[] = COLUMNS.reduce<number[]>((xs, c, i) => [...xs, xs[i] + c.width], [M]);
const TABLE_W = X[X.length - 1] - M;

interface TextBlock {
  lines: string[];
  size: number;
  gray?: number;
}

const blockHeight = (blocks: TextBlock[]) => blocks.reduce((h, b) => h + b.lines.length * b.size * LINE, 0);

function cellBlocks(r: TaskListRow, key: Column['key'], width: number): TextBlock[] {
  const w = width - 2 * PAD;
  switch (key) {
    case 'name':
      return r.hidden
        ? [{ lines: wrapText(r.name, w, 8), size: 8, gray: 0.3 }]
        : [
            { lines: wrapText(r.name, w, 8, 2), size: 8 },
            { lines: wrapText(r.nameKana, w, 5.5, 2), size: 5.5, gray: 0.25 },
          ];
    case 'address':
      return [
        { lines: wrapText(r.address, w, BODY, 4), size: BODY, gray: r.hidden ? 0.3 : 0 },
        ...(r.phone ? [{ lines: wrapText(`TEL ${r.phone}`, w, BODY, 2), size: BODY }] : []),
      ];
    case 'needs':
      return [{ lines: r.hidden ? ['—'] : wrapText(r.needs.join('・') || '—', w, BODY, 4), size: BODY }];
    case 'supporters':
      return [{ lines: r.hidden ? ['—'] : r.supporters.length ? r.supporters.flatMap((s) => wrapText(s, w, 6.5, 2)).slice(0, 6) : ['（なし）'], size: 6.5 }];
    case 'prio':
      return [
        { lines: [String(r.priority)], size: 11 },
        { lines: wrapText(r.statusLabel, w, 6, 2), size: 6 },
        { lines: [r.taskId.slice(0, 8)], size: 5, gray: 0.4 },
      ];
    case 'tick':
      return [];
  }
}

function drawBlocks(page: PdfPage, x: number, y: number, blocks: TextBlock[]): void {
  let cy = y + PAD;
  for (const b of blocks) {
    for (const l of b.lines) {
      cy += b.size * LINE;
      page.text(x + PAD, cy - b.size * (LINE - 1) - 0.6, b.size, l, { gray: b.gray });
    }
  }
}

export interface TaskListPdfInput {
  rows: TaskListRow[];
  watermark: Watermark;
  /** What the list covers, e.g. "自分の担当" or "プール WELFARE_VOLUNTEER:13219-01（狛江市 第1地区）". */
  scopeLabel: string;
}

export function taskListPdf(input: TaskListPdfInput): { pdf: Buffer; pages: number } {
  const { rows, watermark: w } = input;
  const [who, notice] = watermarkLines(w);
  const hidden = rows.filter((r) => r.hidden).length;
  const doc = new PdfDocument({
    title: `安否確認リスト ${w.incidentTitle}`,
    author: `${w.displayName} (${w.organisation})`,
    subject: who,
    keywords: HANDLING_NOTICE,
    createdAt: w.at,
  });

  // Lay out first so every page can say "n / N".
  const entries = rows.map((r) => {
    const blocks = COLUMNS.map((c) => cellBlocks(r, c.key, c.width));
    const h = Math.max(30, ...blocks.map((b) => blockHeight(b) + 2 * PAD));
    return { r, blocks, h };
  });
  const pages: (typeof entries)[] = [[]];
  let y = 0;
  const tableTop = 110;
  for (const e of entries) {
    const need = e.h + NOTES_H;
    if (pages[pages.length - 1].length && tableTop + y + need > BOTTOM) {
      pages.push([]);
      y = 0;
    }
    pages[pages.length - 1].push(e);
    y += need;
  }

  pages.forEach((pageEntries, pi) => {
    const page = doc.addPage();
    // Diagonal stamp first, so the table is drawn over it.
    const stamp = `取扱注意 ${w.displayName} ${jst(w.at)}`;
    const stampSize = Math.min(30, 520 / Math.max(1, textWidth(stamp, 1)));
    page.text(90, 700, stampSize, stamp, { gray: 0.87, angle: 35 });

    // Header: title, scope, watermark box.
    page.text(M, M + 12, 13, `安否確認リスト　${w.isDrill ? '【訓練】' : ''}${w.incidentTitle}`);
    const pageNo = `${pi + 1} / ${pages.length} ページ`;
    page.text(A4.width - M - textWidth(pageNo, 8), M + 10, 8, pageNo);
    page.text(M, M + 27, 8, `${input.scopeLabel}　計 ${rows.length} 件${hidden ? `（うち本人情報を表示できない ${hidden} 件）` : ''}　優先度の高い順・同順位は住所順`);
    const WM = 6.5;
    const whoLines = wrapText(who, TABLE_W - 8, WM, 2);
    const boxTop = M + 34;
    const boxH = (whoLines.length + 1) * WM * LINE + 6;
    page.rect(M, boxTop, TABLE_W, boxH, { fill: 0.93, stroke: 0.4, width: 0.6 });
    whoLines.forEach((l, i) => page.text(M + 4, boxTop + 3 + (i + 1) * WM * LINE - 1.5, WM, l));
    page.text(M + 4, boxTop + 3 + (whoLines.length + 1) * WM * LINE - 1.5, WM, notice);

    // Table header.
    const headTop = Math.max(boxTop + boxH + 6, tableTop - 20);
    page.rect(M, headTop, TABLE_W, 20, { fill: 0.88, stroke: 0, width: 0.6 });
    COLUMNS.forEach((c, i) => {
      const size = c.key === 'tick' ? 5.5 : 6.5;
      c.header.forEach((h, j) => {
        const hx = c.key === 'tick' ? X[i] + (c.width - textWidth(h, size)) / 2 : X[i] + PAD;
        page.text(hx, headTop + 8 + j * 8, size, h);
      });
      if (i > 0) page.line(X[i], headTop, X[i], headTop + 20, 0.5);
    });

    // Entries.
    let ey = headTop + 20;
    for (const e of pageEntries) {
      page.rect(M, ey, TABLE_W, e.h + NOTES_H, { stroke: 0, width: 0.8 });
      COLUMNS.forEach((c, i) => {
        if (i > 0) page.line(X[i], ey, X[i], ey + e.h, c.key === 'tick' && COLUMNS[i - 1].key === 'tick' ? 0.3 : 0.5);
        if (c.key === 'tick') page.rect(X[i] + (c.width - 8) / 2, ey + 5, 8, 8, { stroke: 0, width: 0.7 });
        else drawBlocks(page, X[i], ey, e.blocks[i]);
      });
      page.line(M, ey + e.h, M + TABLE_W, ey + e.h, 0.3, 0.3);
      page.text(M + PAD, ey + e.h + 9, 6, '記録・メモ', { gray: 0.4 });
      page.line(X[1] + 2, ey + e.h + NOTES_H - 3, M + TABLE_W - 4, ey + e.h + NOTES_H - 3, 0.3, 0.6);
      ey += e.h + NOTES_H;
    }
    if (!pageEntries.length) page.text(M + 4, ey + 14, 9, '該当するタスクはありません。');

    // Footer.
    const footer = `${w.displayName}（${w.organisation}） ${jst(w.at)} 出力ID ${w.exportId} ｜ 取扱注意・災害対応以外の目的で使用禁止 ｜ ${pi + 1}/${pages.length}`;
    page.line(M, A4.height - 30, M + TABLE_W, A4.height - 30, 0.4, 0.5);
    page.text(M, A4.height - 20, 6.5, footer, { gray: 0.2 });
  });
  return { pdf: doc.toBuffer(), pages: doc.pageCount };
}
