// Inline markdown (code spans, escapes, links, bare URLs, bold, italic, strike-through) parsed into
// tokens, in time linear in the text's length: the chat shows what a model streams, and C or Python
// prose (`int *p`, `*args`) leaves many `*`, `_` or backticks that never close. A span's closer is the
// first one after its opener (as a lazy `[\s\S]*?` regex would find it), looked up in a list of the
// places where such a closer stands, built in one pass; the parse moves forward only, so each list is
// walked once. No DOM here: markdown.ts turns the tokens into nodes.

export type InlineToken =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'link'; label: string; url: string }
  | { kind: 'strong' | 'em' | 'del'; children: InlineToken[] };

export function parseInline(text: string): InlineToken[] {
  return new InlineParser(text).parse();
}

const SPECIAL = /[`\\[<h*_~]/g;
const ESCAPE = /\\([\\`*_{}[\]()#+\-.!~<>|])/y;
const LINK = /\[([^\]\n]+)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/y;
// Parentheses are part of a URL (Foo_(bar) on Wikipedia); a `)` it does not open is dropped from its end (see bareUrl).
const URL = /<?(https?:\/\/[^\s<>"'`]+[^\s<>(.,;:!?'"`*_])>?/y;

const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);
const isWord = (c: string | undefined): boolean => c !== undefined && /\w/.test(c);
/** A character that is there and is not white space (`\S`). */
const isInk = (c: string | undefined): boolean => c !== undefined && !isSpace(c);

/** Where closers of one kind stand, in order; asked for the first at or after a point that only grows. */
class Closers {
  private next = 0;
  constructor(private readonly at: number[]) {}

  from(start: number): number | undefined {
    while (this.next < this.at.length && this.at[this.next]! < start) this.next++;
    return this.at[this.next];
  }
}

interface Span {
  /** Where the content starts and ends, and where the span ends (past its closer). */
  from: number;
  to: number;
  end: number;
}

class InlineParser {
  private readonly closers = new Map<string, Closers>();
  /** Maximal runs of backticks by length: a code span closes with a run as long as its opener. */
  private backtickRuns?: Map<number, Closers>;
  /** Openers before this point in a run of backticks that found no closer: the rest of the run finds none either. */
  private codeFailsBefore = -1;
  /** The `]` after which a link did not follow: every `[` before it reads the same label end and fails too. */
  private linkFailedAt = -1;

  constructor(private readonly text: string) {}

  parse(): InlineToken[] {
    const { text } = this;
    const tokens: InlineToken[] = [];
    let plainFrom = 0;
    let at = 0;
    while (at < text.length) {
      SPECIAL.lastIndex = at;
      const next = SPECIAL.exec(text);
      if (!next) break;
      at = next.index;
      const found = this.tokenAt(at);
      if (!found) { at++; continue; }
      if (at > plainFrom) tokens.push({ kind: 'text', text: text.slice(plainFrom, at) });
      tokens.push(found.token);
      at = plainFrom = found.end;
    }
    if (text.length > plainFrom) tokens.push({ kind: 'text', text: text.slice(plainFrom) });
    return tokens;
  }

  /** The token that starts at `at`, if one does, and where it ends. */
  private tokenAt(at: number): { token: InlineToken; end: number } | undefined {
    const { text } = this;
    switch (text[at]) {
      case '`': return this.codeSpan(at);
      case '\\': return this.sticky(ESCAPE, at, (m) => ({ kind: 'text', text: m[1]! }));
      case '[': return this.link(at);
      case '<': case 'h': return this.bareUrl(at);
      case '*': return this.nested('strong', this.doubled(at, '**')) ?? this.nested('em', this.single(at, '*'));
      case '_': return this.nested('strong', this.doubled(at, '__')) ?? this.nested('em', this.single(at, '_'));
      case '~': return this.nested('del', this.doubled(at, '~~'));
      default: return undefined;
    }
  }

  private sticky(pattern: RegExp, at: number, token: (m: RegExpExecArray) => InlineToken): { token: InlineToken; end: number } | undefined {
    pattern.lastIndex = at;
    const m = pattern.exec(this.text);
    return m ? { token: token(m), end: at + m[0].length } : undefined;
  }

  /** A URL in the text; a `)` at its end that no `(` in it opens closes the prose around it, as in GFM. */
  private bareUrl(at: number): { token: InlineToken; end: number } | undefined {
    URL.lastIndex = at;
    const m = URL.exec(this.text);
    if (!m) return undefined;
    let url = m[1]!;
    let unopened = 0;
    for (const c of url) unopened += c === ')' ? 1 : c === '(' ? -1 : 0;
    while (unopened > 0 && url.endsWith(')')) { url = url.slice(0, -1).replace(/[.,;:!?'"*_]+$/, ''); unopened--; }
    const end = url === m[1] ? at + m[0].length : this.text.indexOf(url, at) + url.length;
    return { token: { kind: 'link', label: url, url }, end };
  }

  private nested(kind: 'strong' | 'em' | 'del', span: Span | undefined): { token: InlineToken; end: number } | undefined {
    return span && { token: { kind, children: parseInline(this.text.slice(span.from, span.to)) }, end: span.end };
  }

  /**
   * `**x**`, `__x__` or `~~x~~`: content that starts and ends with ink; `__` only at word edges (as in
   * CommonMark, so snake_case and a__b__c stay as typed).
   */
  private doubled(at: number, mark: '**' | '__' | '~~'): Span | undefined {
    const { text } = this;
    const underscore = mark === '__';
    if (!text.startsWith(mark, at) || !isInk(text[at + 2]) || (underscore && isWord(text[at - 1]))) return undefined;
    let closer = this.closersOf(mark, (j) => text.startsWith(mark, j) && isInk(text[j - 1]) && !(underscore && isWord(text[j + 2]))).from(at + 3);
    if (closer === undefined) return undefined;
    // `***x***`, `**a *b***`: a run of three closes the inner single mark first, then this one.
    if (text[closer + 2] === mark[0] && text.slice(at + 2, closer).includes(mark[0]!)) closer++;
    return { from: at + 2, to: closer, end: closer + 2 };
  }

  /** `*x*` or `_x_`: content that starts and ends with ink other than the mark; `_` only at word edges. */
  private single(at: number, mark: '*' | '_'): Span | undefined {
    const { text } = this;
    const underscore = mark === '_';
    const inkNotMark = (c: string | undefined) => isInk(c) && c !== mark;
    if (!inkNotMark(text[at + 1]) || (underscore && isWord(text[at - 1]))) return undefined;
    const closer = this.closersOf(mark, (j) => inkNotMark(text[j - 1]) && !(underscore && isWord(text[j + 1]))).from(at + 2);
    return closer === undefined ? undefined : { from: at + 1, to: closer, end: closer + 1 };
  }

  /**
   * A code span: the opening run of n backticks closes at the next run of exactly n; failing that, a
   * shorter opening run is tried (the rest of the run is then part of the code), as a backtracking
   * regex does. One space on each side of the code is dropped.
   */
  private codeSpan(at: number): { token: InlineToken; end: number } | undefined {
    if (at < this.codeFailsBefore) return undefined;
    const { text } = this;
    let run = 0;
    while (text[at + run] === '`') run++;
    const runs = this.backticks();
    for (let n = run; n > 0; n--) {
      const closer = runs.get(n)?.from(at + n + 1);
      if (closer !== undefined) return { token: { kind: 'code', text: text.slice(at + n, closer).replace(/^ (.+) $/, '$1') }, end: closer + n };
    }
    this.codeFailsBefore = at + run;
    return undefined;
  }

  private link(at: number): { token: InlineToken; end: number } | undefined {
    const labelEnd = this.closersOf('label end', () => true, /[\]\n]/g).from(at + 1);
    if (labelEnd === undefined || labelEnd === at + 1 || this.text[labelEnd] !== ']' || labelEnd === this.linkFailedAt) return undefined;
    const found = this.sticky(LINK, at, (m) => ({ kind: 'link', label: m[1]!, url: m[2]! }));
    if (!found) this.linkFailedAt = labelEnd;
    return found;
  }

  /** The closers of one kind, found on first use: each place where its character (or `pattern`) stands and `holds`. */
  private closersOf(kind: string, holds: (j: number) => boolean, pattern = new RegExp(`\\${kind[0]}`, 'g')): Closers {
    let closers = this.closers.get(kind);
    if (!closers) {
      const at: number[] = [];
      for (const m of this.text.matchAll(pattern)) if (holds(m.index)) at.push(m.index);
      this.closers.set(kind, closers = new Closers(at));
    }
    return closers;
  }

  private backticks(): Map<number, Closers> {
    if (this.backtickRuns) return this.backtickRuns;
    const starts = new Map<number, number[]>();
    for (const m of this.text.matchAll(/`+/g)) {
      const list = starts.get(m[0].length) ?? [];
      list.push(m.index);
      starts.set(m[0].length, list);
    }
    this.backtickRuns = new Map([...starts].map(([n, list]) => [n, new Closers(list)]));
    return this.backtickRuns;
  }
}
