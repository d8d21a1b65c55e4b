// Text on disk ↔ text for the model. Only UTF-8 round-trips: a lenient decode would turn every byte
// it cannot read into U+FFFD, and writing that back destroys the original (a Latin-1 `é` became
// `ef bf bd`). So a file that is not valid UTF-8 may be shown, but never written over.

const BOM = [0xef, 0xbb, 0xbf];
const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { ignoreBOM: true });

export interface DecodedText {
  /** The text without a byte-order mark. */
  text: string;
  /** The file started with a UTF-8 BOM (kept on write, hidden from the model). */
  bom: boolean;
  /** False when the bytes are not valid UTF-8: `text` is then a lossy view, for display only. */
  utf8: boolean;
}

export function hasBom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && BOM.every((b, i) => bytes[i] === b);
}

export function decodeText(bytes: Uint8Array): DecodedText {
  const bom = hasBom(bytes);
  const body = bom ? bytes.subarray(3) : bytes;
  try {
    return { text: strict.decode(body), bom, utf8: true };
  } catch {
    return { text: lenient.decode(body), bom, utf8: false };
  }
}

/** UTF-8 bytes for `text`, with a BOM when the file had one (and the text does not carry its own). */
export function encodeText(text: string, bom: boolean): Buffer {
  const data = Buffer.from(text, 'utf8');
  return bom && !text.startsWith('\uFEFF') ? Buffer.concat([Buffer.from(BOM), data]) : data;
}

/** The refusal for writing over a file we could not decode exactly. */
export function notUtf8Message(path: string): string {
  return `${path} is not UTF-8 text (it is binary or in a legacy encoding such as Latin-1 or Windows-1252), so SmallCode cannot edit it without damaging the characters it cannot represent. Nothing was written. Do not try to edit this file again: tell the user what to change, or ask them to convert the file to UTF-8 first.`;
}
