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
const LINE_FEED = 0x0a;
const RETURN = 0x0d;
const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const LINE_SEPARATOR = 0x2028;
const PARAGRAPH_SEPARATOR = 0x2029;

/** Python ends a line at LF, CR or CRLF. */
const endsLine = (c: number) => c === LINE_FEED || c === RETURN;
/** The grammar's comment token (`#.*`) also stops at JavaScript's other line terminators. */
const endsComment = (c: number) => endsLine(c) || c === LINE_SEPARATOR || c === PARAGRAPH_SEPARATOR;

/**
 * The source with each comment line (`#` after nothing but spaces, tabs or form feeds) replaced by
 * spaces: same length, same line breaks, so every offset, line and column of the code is unchanged
 * (the caller reads names and signatures from the original). The same string comes back when there
 * is nothing to blank.
 *
 * Blanking changes nothing but comments, wherever the line is. Outside a string it is a comment.
 * Inside a string it is text, and blanking it must not remove what ends the string: in a
 * triple-quoted string only a triple quote does (a lone quote, a backslash or a brace cannot end
 * it; an escaped triple quote counts as one here), so a line with a triple quote is kept. A line can
 * be inside a one-quote string only after a line ending in a backslash: those are kept too. (A
 * `{…}` field of a triple-quoted f-string on such a line becomes text: its names are not counted as
 * references. Commented-out code, full of braces and backslashes, matters more.)
 */
export function blankPythonCommentLines(source: string): string {
  const length = source.length;
  let parts: string[] | undefined;
  let copied = 0;
  let continued = false; // the line before ended in a backslash
  for (let line = 0; line < length;) {
    let at = line;
    for (let c = source.charCodeAt(at); at < length && (c === SPACE || c === TAB || c === FORM_FEED); c = source.charCodeAt(++at));
    if (!continued && at < length && source.charCodeAt(at) === HASH) {
      const from = at;
      let run = 0; // consecutive quotes of one kind
      let quote = 0;
      let triple = false;
      for (; at < length; at++) {
        const c = source.charCodeAt(at);
        if (endsComment(c)) break;
        if (c === QUOTE || c === APOSTROPHE) {
          run = c === quote ? run + 1 : 1;
          quote = c;
          if (run === 3) triple = true;
        } else run = 0;
      }
      if (!triple) {
        (parts ??= []).push(source.slice(copied, from), ' '.repeat(at - from));
        copied = at;
      }
    }
    while (at < length && !endsLine(source.charCodeAt(at))) at++;
    continued = at > line && source.charCodeAt(at - 1) === BACKSLASH;
    line = at + (source.charCodeAt(at) === RETURN && source.charCodeAt(at + 1) === LINE_FEED ? 2 : 1);
  }
  if (!parts) return source;
  parts.push(source.slice(copied));
  return parts.join('');
}
