/**
 * Text encodings of municipal CSV exports. Older 住民記録/福祉 systems and Excel's 「CSV (コンマ区切り)」 write
 * Shift_JIS; newer ones UTF-8, often with a byte-order mark (Excel's 「CSV UTF-8」). Decoding uses the
 * WHATWG decoders built into Node (full ICU): its `shift_jis` is Windows-31J (CP932), so NEC/IBM
 * extensions such as ① or ㈱ decode as Excel wrote them.
 */
export enum CsvEncoding {
  UTF_8 = 'UTF_8',
  SHIFT_JIS = 'SHIFT_JIS',
}

/** The bytes are not text in the given (or any supported) encoding. */
export class CsvDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvDecodeError';
  }
}

const LABEL: Record<CsvEncoding, string> = { [CsvEncoding.UTF_8]: 'utf-8', [CsvEncoding.SHIFT_JIS]: 'shift_jis' };
const NAME: Record<CsvEncoding, string> = { [CsvEncoding.UTF_8]: 'UTF-8', [CsvEncoding.SHIFT_JIS]: 'Shift_JIS' };

function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

function tryDecode(bytes: Uint8Array, encoding: CsvEncoding): string | null {
  try {
    // fatal: a byte sequence that is not valid in the encoding is an error, never a silent U+FFFD.
    return new TextDecoder(LABEL[encoding], { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Decodes a CSV file. With `encoding` the bytes must be valid in it. Without, a UTF-8 byte-order mark
 * means UTF-8; otherwise bytes that are valid UTF-8 are UTF-8 (Japanese Shift_JIS text is practically never
 * valid UTF-8), and else Shift_JIS. The byte-order mark is not part of the text.
 */
export function decodeCsv(bytes: Uint8Array, encoding?: CsvEncoding | null): { text: string; encoding: CsvEncoding } {
  const bom = hasUtf8Bom(bytes);
  if (encoding) {
    if (bom && encoding !== CsvEncoding.UTF_8) {
      throw new CsvDecodeError(`The file starts with a UTF-8 byte-order mark, but ${NAME[encoding]} was requested; leave the encoding out or choose UTF_8`);
    }
    const text = tryDecode(bytes, encoding);
    if (text === null) throw new CsvDecodeError(`The file is not valid ${NAME[encoding]} text; check the encoding, or leave it out to detect it`);
    return { text, encoding };
  }
  for (const candidate of bom ? [CsvEncoding.UTF_8] : [CsvEncoding.UTF_8, CsvEncoding.SHIFT_JIS]) {
    const text = tryDecode(bytes, candidate);
    if (text !== null) return { text, encoding: candidate };
  }
  throw new CsvDecodeError('The file is neither UTF-8 nor Shift_JIS text; save it from the source system or Excel as CSV and try again');
}
