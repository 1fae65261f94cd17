import { CsvDecodeError, CsvEncoding, decodeCsv } from './csv-encoding';

// 氏名,性別\r\n山田,女 in Shift_JIS (bytes as Python's codecs 'shift_jis' writes them).
const SJIS = Buffer.from([0x8e, 0x81, 0x96, 0xbc, 0x2c, 0x90, 0xab, 0x95, 0xca, 0x0d, 0x0a, 0x8e, 0x52, 0x93, 0x63, 0x2c, 0x8f, 0x97]);
const TEXT = '氏名,性別\r\n山田,女';
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe(decodeCsv.name, () => {
  it('detects Shift_JIS', () => {
    expect(decodeCsv(SJIS)).toEqual({ text: TEXT, encoding: CsvEncoding.SHIFT_JIS });
  });

  it('detects UTF-8 with and without a byte-order mark, and drops the mark', () => {
    expect(decodeCsv(Buffer.from(TEXT, 'utf8'))).toEqual({ text: TEXT, encoding: CsvEncoding.UTF_8 });
    expect(decodeCsv(Buffer.concat([BOM, Buffer.from(TEXT, 'utf8')]))).toEqual({ text: TEXT, encoding: CsvEncoding.UTF_8 });
  });

  it('decodes Windows-31J extensions as Excel writes them (① is 0x8740)', () => {
    expect(decodeCsv(Buffer.from([0x87, 0x40]), CsvEncoding.SHIFT_JIS).text).toBe('①');
  });

  it('takes an explicit encoding and refuses bytes that are not valid in it', () => {
    expect(decodeCsv(SJIS, CsvEncoding.SHIFT_JIS).text).toBe(TEXT);
    expect(() => decodeCsv(SJIS, CsvEncoding.UTF_8)).toThrow('The file is not valid UTF-8 text');
  });

  it('refuses a UTF-8 byte-order mark when Shift_JIS was requested', () => {
    expect(() => decodeCsv(Buffer.concat([BOM, SJIS]), CsvEncoding.SHIFT_JIS)).toThrow(/byte-order mark/);
  });

  it('refuses bytes that are neither UTF-8 nor Shift_JIS', () => {
    expect(() => decodeCsv(Buffer.from([0x82, 0x0a, 0xff, 0xfe]))).toThrow(CsvDecodeError);
  });
});
