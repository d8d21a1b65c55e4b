// Why call-shaped JSON could not be read, when the text shows it plainly: the commonest slip of a small
// model is a `"` left unescaped inside a string value (code in write_file's content), which ends the
// string early. A retry note that names the slip keeps the model from writing the same call again.
// (A raw line break inside a string is read, so it is only mentioned beside the quote.)

/** Where a call object may start: its tool's name key. */
const CALL_START = /\{\s*"(?:name|tool_name|function_name|tool|function)"\s*:/g;
/** A reply of many broken objects is not worth more looks than this. */
const MAX_LOOKS = 20;
/** Nor a longer scan of one object than this. */
const MAX_SCAN = 200_000;
/** What may follow a string that really ends there: a key's colon, or the end of a value. */
const AFTER_STRING = new Set([':', ',', '}', ']']);

export interface UnescapedQuote {
  /** The key whose value holds the quote, when known (`content`). */
  key?: string;
  /** That value also holds a raw line break (the model wrote the code as is, not as a JSON string). */
  rawLineBreak: boolean;
}

/** The first call-shaped JSON object with a quote that ends a string value early, if any. */
export function findUnescapedQuote(text: string): UnescapedQuote | undefined {
  let looks = 0;
  for (const m of text.matchAll(CALL_START)) {
    if (++looks > MAX_LOOKS) break;
    const found = scanObject(text, m.index);
    if (found) return found;
  }
  return undefined;
}

function scanObject(text: string, start: number): UnescapedQuote | undefined {
  const end = Math.min(text.length, start + MAX_SCAN);
  let depth = 0;
  let key: string | undefined;
  for (let i = start; i < end; i++) {
    const c = text[i];
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (--depth === 0) return undefined; // closed with every string ending where it should
    } else if (c === '"') {
      let j = i + 1;
      let lineBreak = false;
      for (; j < end && text[j] !== '"'; j++) {
        if (text[j] === '\\') j++;
        else if (text[j] === '\n') lineBreak = true;
      }
      if (j >= end) return undefined; // cut off: not this slip
      let k = j + 1;
      while (k < end && /\s/.test(text[k]!)) k++;
      if (k >= end) return undefined;
      if (!AFTER_STRING.has(text[k]!)) return { ...(key !== undefined ? { key } : {}), rawLineBreak: lineBreak };
      if (text[k] === ':') key = text.slice(i + 1, j);
      i = j;
    }
  }
  return undefined;
}
