// Python's comment lines, blanked before parsing. tree-sitter-python's external scanner looks past
// every comment line to the next line of code (to place INDENT/DEDENT), and it does so again at
// each comment line of a block: a block of n comment lines costs O(n²) (upstream: tree-sitter-python
// PR #245, unmerged because it needs a new tree-sitter ABI). Measured with the grammar we ship: a
// 2,000-line commented-out block took 3.4 s to parse, 4,000 lines 15 s (past the parse time limit:
// the file was not indexed); blanked, 11 and 21 ms. Across the Python standard library, parsing is
// 8 % faster. Comments hold no definitions or references, so the index loses nothing but this: a
// comment after a function's last line of code, at its body's indent, no longer extends its range.

const SPACE = 0x20;
const TAB = 0x09;
const FORM_FEED = 0x0c;
const HASH = 0x23;
const RETURN = 0x0d;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;

/**
 * Whether a line that starts with `#` may be blanked: true when doing so changes nothing but
 * comments, wherever the line is. Outside a string it is a comment. Inside a string it is text,
 * and blanking it must not remove what ends the string or shapes it: a triple quote (ends a
 * triple-quoted string; a single quote cannot), a backslash (escapes), a brace (an f-string's
 * field). A line can be inside a one-quote string only after a line ending in a backslash — the
 * caller never blanks those.
 */
function blankable(source: string, from: number, to: number): boolean {
  let quotes = 0;
  let quote = 0;
  for (let i = from; i < to; i++) {
    const c = source.charCodeAt(i);
    if (c === BACKSLASH || c === OPEN_BRACE || c === CLOSE_BRACE) return false;
    if (c === QUOTE || c === APOSTROPHE) {
      quotes = c === quote ? quotes + 1 : 1;
      quote = c;
      if (quotes === 3) return false;
    } else quotes = 0;
  }
  return true;
}

/**
 * The source with each comment line (`#` after nothing but spaces, tabs or form feeds) replaced by
 * spaces: same length, same line breaks, so every offset, line and column of the code is unchanged
 * (the caller reads names and signatures from the original). Lines that might be part of a string
 * with a delimiter, an escape or a field in them are kept (see `blankable`). The same string comes
 * back when there is nothing to blank.
 */
export function blankPythonCommentLines(source: string): string {
  let parts: string[] | undefined;
  let copied = 0;
  let previousEndsInBackslash = false;
  for (let start = 0; start < source.length;) {
    let end = source.indexOf('\n', start);
    if (end < 0) end = source.length;
    let text = end;
    if (text > start && source.charCodeAt(text - 1) === RETURN) text--;
    let first = start;
    for (let c = source.charCodeAt(first); first < text && (c === SPACE || c === TAB || c === FORM_FEED); c = source.charCodeAt(++first));
    if (!previousEndsInBackslash && first < text && source.charCodeAt(first) === HASH && blankable(source, first, text)) {
      (parts ??= []).push(source.slice(copied, first), ' '.repeat(text - first));
      copied = text;
    }
    previousEndsInBackslash = text > start && source.charCodeAt(text - 1) === BACKSLASH;
    start = end + 1;
  }
  if (!parts) return source;
  parts.push(source.slice(copied));
  return parts.join('');
}
