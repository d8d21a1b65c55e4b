// Python's comment lines, blanked before parsing. tree-sitter-python's external scanner looks past
// every comment line to the next line of code (to place INDENT/DEDENT), and it does so again at
// each comment line of a block: a block of n comment lines costs O(n²) (upstream: tree-sitter-python
// PR #245, unmerged because it needs a new tree-sitter ABI). Measured with the grammar we ship: a
// 2,000-line commented-out block took 3.4 s to parse, 4,000 lines 15 s (past the parse time limit:
// the file was not indexed); blanked, 11 and 21 ms. Parsing the Python standard library takes 8 %
// less time. Comments hold no definitions or references: in a file that parses, the definitions and
// references are the same (checked on 53,000 Python files), except where a block ends — comment
// lines at its end no longer extend it (a function's range ends at its last line of code), and a
// kept line (below) after comments at a lower indent can extend it to that line; and a `{…}` field
// of a triple-quoted f-string on a line starting with `#` is text then (its names are not counted
// as references: rare, and keeping every line with a brace left commented-out dicts quadratic).

const SPACE = 0x20;
const TAB = 0x09;
const FORM_FEED = 0x0c;
const HASH = 0x23;
const RETURN = 0x0d;
const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/** Whether `source[from, to)` holds a triple quote (`\"""` too: the escape does not matter here). */
function hasTripleQuote(source: string, from: number, to: number): boolean {
  let run = 0;
  let quote = 0;
  for (let i = from; i < to; i++) {
    const c = source.charCodeAt(i);
    if (c !== QUOTE && c !== APOSTROPHE) { run = 0; continue; }
    run = c === quote ? run + 1 : 1;
    quote = c;
    if (run === 3) return true;
  }
  return false;
}

/** Where the string opened by `quote` before `from` ends on this line (backslashes escape), or -1. */
function closingQuote(source: string, from: number, to: number, quote: number): number {
  for (let i = from; i < to; i++) {
    const c = source.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === quote) return i;
  }
  return -1;
}

/**
 * Whether the comment line `source[from, to)` may be blanked. Outside a string it is a comment.
 * Inside a string it is text, and blanking it must not change how the rest of the string reads: a
 * triple quote may end the string (a lone quote or a backslash cannot end a triple-quoted one), and
 * in an f-string a field that the line opens and does not close (or closes, opened on a line
 * before) goes on over other lines. So the line's braces must pair up as an f-string's do: `{{` and
 * `}}` outside a field are literal braces, a string inside a field (ending on the line) hides its
 * braces. Commented-out code — quotes, backslashes, dicts — is blanked.
 */
function blankable(source: string, from: number, to: number): boolean {
  if (hasTripleQuote(source, from, to)) return false;
  let depth = 0; // fields open on this line
  for (let i = from; i < to; i++) {
    const c = source.charCodeAt(i);
    const doubled = i + 1 < to && source.charCodeAt(i + 1) === c;
    if (depth > 0 && (c === QUOTE || c === APOSTROPHE)) {
      i = closingQuote(source, i + 1, to, c);
      if (i < 0) return false;
    } else if (c === OPEN_BRACE) {
      if (depth === 0 && doubled) i++;
      else depth++;
    } else if (c === CLOSE_BRACE) {
      if (depth > 0) depth--;
      else if (doubled) i++;
      else return false;
    }
  }
  return depth === 0;
}

/**
 * The source with each comment line (`#` after nothing but spaces, tabs or form feeds) replaced by
 * spaces: same length, same line breaks, so every offset, line and column of the code is unchanged
 * (the caller reads names and signatures from the original). Lines end at LF, as they do for the
 * grammar (its comment token runs through a lone CR; a CR before the LF is kept). A line after one
 * ending in a backslash is kept: it may be inside a one-quote string. The same string comes back
 * when there is nothing to blank.
 */
export function blankPythonCommentLines(source: string): string {
  const length = source.length;
  let parts: string[] | undefined;
  let copied = 0;
  let continued = false; // the line before ended in a backslash
  for (let line = 0; line < length;) {
    let end = source.indexOf('\n', line);
    if (end < 0) end = length;
    const contentEnd = end > line && source.charCodeAt(end - 1) === RETURN ? end - 1 : end;
    let first = line;
    for (let c = source.charCodeAt(first); first < contentEnd && (c === SPACE || c === TAB || c === FORM_FEED); c = source.charCodeAt(++first));
    if (!continued && first < contentEnd && source.charCodeAt(first) === HASH && blankable(source, first, contentEnd)) {
      (parts ??= []).push(source.slice(copied, first), ' '.repeat(contentEnd - first));
      copied = contentEnd;
    }
    continued = contentEnd > line && source.charCodeAt(contentEnd - 1) === BACKSLASH;
    line = end + 1;
  }
  if (!parts) return source;
  parts.push(source.slice(copied));
  return parts.join('');
}
