// A file seen as lines without their line endings, plus the offsets needed to splice the original
// string: edits are applied to the original text so untouched bytes (CRLF, BOM, trailing newline)
// are never rewritten.

export interface FileText {
  text: string;
  /** Lines without their end-of-line; a final newline does not produce an empty last line. */
  lines: string[];
  /** starts[i] = offset of line i; starts[lines.length] = text.length. */
  starts: number[];
  /** The dominant line ending, used for replacement text. */
  eol: '\n' | '\r\n';
  endsWithEol: boolean;
}

export function readFileText(text: string): FileText {
  const lines: string[] = [];
  const starts: number[] = [];
  let crlf = 0;
  let lf = 0;
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    starts.push(pos);
    if (nl === -1) {
      lines.push(text.slice(pos));
      pos = text.length;
      break;
    }
    const cr = nl > pos && text.charCodeAt(nl - 1) === 13;
    if (cr) crlf++;
    else lf++;
    lines.push(text.slice(pos, cr ? nl - 1 : nl));
    pos = nl + 1;
  }
  starts.push(text.length);
  return {
    text,
    lines,
    starts,
    eol: crlf > lf ? '\r\n' : '\n',
    endsWithEol: text.endsWith('\n'),
  };
}

/** Model text to LF: models and tool-call arguments mix CRLF in; matching works on LF. */
export function foldCrlf(text: string): string {
  return text.indexOf('\r') === -1 ? text : text.replace(/\r\n?/g, '\n');
}

/**
 * The model's text (LF, CRLF, or a mix) in a file's line endings: a CRLF file's lines keep their CR,
 * and an LF file gets no CR from a model or transport that sent CRLF. A lone CR is content, kept.
 */
export function inLineEndings(text: string, eol: '\n' | '\r\n'): string {
  return eol === '\r\n' ? text.replace(/\r?\n/g, '\r\n') : text.replace(/\r\n/g, '\n');
}

/** `text` in the line endings `original` mostly uses (a whole-file rewrite of an existing file). */
export function withLineEndingsOf(original: string, text: string): string {
  return inLineEndings(text, readFileText(original).eol);
}

/** Split LF text into lines; a trailing newline ends the last line rather than adding an empty one. */
export function splitLfLines(text: string): { lines: string[]; endsWithNewline: boolean } {
  if (text === '') return { lines: [], endsWithNewline: false };
  const endsWithNewline = text.endsWith('\n');
  const lines = (endsWithNewline ? text.slice(0, -1) : text).split('\n');
  return { lines, endsWithNewline };
}

export function leadingWhitespace(line: string): string {
  const m = /^[ \t]*/.exec(line);
  return m ? m[0] : '';
}

export function isBlank(line: string): boolean {
  return line.trim() === '';
}

/** Newlines in text[0, end). */
export function countNewlines(text: string, end = text.length): number {
  let n = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < end; at = text.indexOf('\n', at + 1)) n++;
  return n;
}

/**
 * How many blank lines `lines` starts and ends with, at most `max.head` / `max.tail` of them; the
 * tail is counted in what the head leaves, so an all-blank list is all head.
 */
export function blankEdges(lines: readonly string[], max = { head: Infinity, tail: Infinity }): { head: number; tail: number } {
  let head = 0;
  let tail = 0;
  while (head < max.head && head < lines.length && isBlank(lines[head]!)) head++;
  while (tail < max.tail && tail < lines.length - head && isBlank(lines[lines.length - 1 - tail]!)) tail++;
  return { head, tail };
}

export function trimBlankEdges(lines: readonly string[]): string[] {
  const { head, tail } = blankEdges(lines);
  return lines.slice(head, lines.length - tail);
}

/** 1-based line number of a string offset. */
export function lineOfOffset(file: FileText, offset: number): number {
  let lo = 0;
  let hi = file.lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (file.starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
