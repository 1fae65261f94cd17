import { CsvRecordLimitError, CsvSyntaxError, parseCsv } from './csv';

const cells = (text: string) => parseCsv(text).map((r) => r.cells);

describe(parseCsv.name, () => {
  it('splits plain cells and records', () => {
    expect(cells('a,b,c\n1,2,3\n')).toEqual([['a', 'b', 'c'], ['1', '2', '3']]);
  });

  it('reads quoted cells with commas, doubled quotes and line breaks', () => {
    const text = 'name,note\n"山田, 花子","彼は""大丈夫""と言った"\n"x","一行目\n二行目"\n';
    expect(cells(text)).toEqual([['name', 'note'], ['山田, 花子', '彼は"大丈夫"と言った'], ['x', '一行目\n二行目']]);
  });

  it('accepts CRLF, LF and CR line ends, and normalises line breaks inside cells to LF', () => {
    expect(cells('a,b\r\n1,"x\r\ny"\r\n2,3\r4,5')).toEqual([['a', 'b'], ['1', 'x\ny'], ['2', '3'], ['4', '5']]);
  });

  it('ignores a byte-order mark at the start', () => {
    expect(cells('\uFEFF氏名,性別\n山田,女')).toEqual([['氏名', '性別'], ['山田', '女']]);
  });

  it('keeps empty cells, including a trailing one', () => {
    expect(cells('a,,c,\n')).toEqual([['a', '', 'c', '']]);
    expect(cells('a,b\n1,')).toEqual([['a', 'b'], ['1', '']]);
  });

  it('leaves blank rows out but keeps counting rows and lines', () => {
    const records = parseCsv('h1,h2\n\n1,2\n,\n"a\nb",3\n4,5\n');
    expect(records.map((r) => [r.row, r.line, r.cells[0]])).toEqual([
      [1, 1, 'h1'],
      [3, 3, '1'],
      [5, 5, 'a\nb'],
      [6, 7, '4'],
    ]);
  });

  it('numbers rows after a CRLF line break inside a quoted cell correctly', () => {
    const records = parseCsv('h\r\n"a\r\nb"\r\nc\r\n');
    expect(records.map((r) => [r.row, r.line])).toEqual([[1, 1], [2, 2], [3, 4]]);
  });

  it('keeps a quote inside an unquoted cell and text after a closing quote', () => {
    expect(cells('5"2,"a"b\n')).toEqual([['5"2', 'ab']]);
  });

  it('refuses a quoted cell that never closes, naming where it starts', () => {
    expect(() => parseCsv('a,b\n1,"open\n2,3\n')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a,b\n1,"open\n2,3\n')).toThrow('row 2 (line 2): a quoted cell is never closed');
  });

  it('stops once more records than allowed were read', () => {
    expect(parseCsv('h\n1\n2\n', 3)).toHaveLength(3);
    expect(() => parseCsv('h\n1\n2\n3\n', 3)).toThrow(CsvRecordLimitError);
  });

  it('reads an empty text as no records', () => {
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('\n\n')).toEqual([]);
  });
});
