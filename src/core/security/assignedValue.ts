// Where the value of `name <op> value` ends (redactSecrets' assignments). A quoted value ends at its
// quote. An unquoted one keeps its own symbols — `Tr0ub4dor&3xyz`, `p@ss,w0rd;x`, `abc)def` are one
// secret, and hiding only its head leaks the rest — but stops at a separator that separates: before the
// next field of a query, a connection string or a log line (`&user=`, `;Database=`, ` ip=`), before
// `, ` between an object's members, at the bracket closing a call the name sits in (`login(password=x)`).
// A line that is only `name: value` (YAML, .env, ini, properties) is the value to its end, spaces and
// all (a passphrase), minus a ` #` comment — when that rest reads as a value (see valueLike); a line that
// only opens with a secret's name (`Password: must be at least 12 chars…`, `token: str | None = None`)
// is prose or code, read as in text. Every read is capped, so a scan stays linear on long lines.
import { looksLikeCredential } from './secretValues';

/** A quoted value, also one quoted inside a JSON string (`\"x\"`, text that holds JSON): the one definition of a quoted value. */
const QUOTED_VALUE = /\\"(?:[^"\\\n]|\\[^"\n]){0,4096}\\"|"(?:[^"\\\n]|\\.){0,4096}"|'(?:[^'\\\n]|\\.){0,4096}'|`(?:[^`\\\n]|\\.){0,4096}`/y;

/**
 * The value's first token, cut at any separator: what decides whether the value is a literal at all
 * (`getToken(`, `string`, `${DB_PASS`, `process.env.X`), whatever its extent (`hunter2 (staging)` is
 * a literal, though it holds a `(`).
 */
const FIRST_TOKEN = /[^\s,;&})\]'"`]{1,1024}/y;

/** What starts the next field after a separator: `user=`, `charset=`, `user:` (not `http://`, not `::`). */
const NEXT_FIELD = String.raw`[\w.-]{1,100}=|[A-Za-z_$][\w$.-]{0,100}:(?!:|//)`;

/** An unquoted value amid other text: a separator belongs to it unless what follows starts a field, a space or the end. */
const IN_TEXT = new RegExp(String.raw`(?:[^\s,;&})\]'"\x60]|[,;&})\]](?!${NEXT_FIELD}|\s|$)){1,1024}`, 'y');
/** The same within a bracket the line opened before the name (`f(token=abc);`, `[password=x]`): a closing bracket ends it. */
const IN_BRACKETS = new RegExp(String.raw`(?:[^\s,;&})\]'"\x60]|[,;&](?!${NEXT_FIELD}|\s|$)){1,1024}`, 'y');
/** The value of a line that is only `name: value`: on to the line's end, short of a ` #` or ` //` comment or a next field. */
const WHOLE_LINE = new RegExp(String.raw`(?:[^\s,;&]|[,;&](?!${NEXT_FIELD})|[ \t]{1,64}(?![\s#]|//|${NEXT_FIELD}|$)){1,1024}`, 'y');

/** Before a name that starts its line, only these: `export ` (shell, .env) or `- ` (a YAML list item). */
const LINE_LEAD = /^(?:export[ \t]+|-[ \t]+)$/;

/**
 * What a line holds before a name: read once, left to right, as the names are found (one pass over a
 * long line, not one per name on it).
 */
export class LineContext {
  private pos = 0;
  /** Where the line's first non-blank character is, -1 before it is reached. */
  private firstInk = -1;
  /** Brackets the line opened and has not closed, of any kind: a cheap count, strings not told apart. */
  private open = 0;

  constructor(private readonly text: string) {}

  private advance(index: number): void {
    for (; this.pos < index; this.pos++) {
      const c = this.text[this.pos]!;
      if (c === '\n') {
        this.firstInk = -1;
        this.open = 0;
        continue;
      }
      if (this.firstInk < 0 && c !== ' ' && c !== '\t') this.firstInk = this.pos;
      if (c === '(' || c === '[' || c === '{') this.open++;
      else if ((c === ')' || c === ']' || c === '}') && this.open > 0) this.open--;
    }
  }

  /** Whether the name at `index` starts its line: only blanks, `export ` or `- ` before it. */
  startsLine(index: number): boolean {
    this.advance(index);
    if (this.firstInk < 0) return true;
    return index - this.firstInk <= 16 && LINE_LEAD.test(this.text.slice(this.firstInk, index));
  }

  /** Whether the line opened a bracket before `index` that it has not closed. */
  inBrackets(index: number): boolean {
    this.advance(index);
    return this.open > 0;
  }
}

function read(pattern: RegExp, text: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0];
}

/** `value` without the `,` `;` and blanks it ends with: a statement's or a list's end, not the secret's. */
function trimEnd(value: string): string {
  let end = value.length;
  while (end > 0 && /[\s,;]/.test(value[end - 1]!)) end--;
  return value.slice(0, end);
}

/**
 * The most words a line's value has and still reads as a value whatever its punctuation (a passphrase:
 * `correct horse battery staple`, `hunter2 horse`), and the most when it has no sentence marks (a
 * diceware passphrase runs to six or eight words); more words are a sentence (`must be at least 12 chars…`).
 */
const MAX_VALUE_WORDS = 4;
const MAX_PASSPHRASE_WORDS = 8;
/** What prose has and a passphrase seldom does: a comma, a full stop, a path's slash. */
const SENTENCE_MARK = /[,./]/;

/**
 * Whether the rest of a line that opens with a secret's name is its value, to be hidden whole: its first
 * token is credential-like (`hunter2 (staging)`, `s3cret sauce`), or it is a few words with no code
 * shape — no `=`, `(`, `[`, `|` (`str | None = None`, `str = Field(min_length=8)`, `Optional[str]`).
 * Short plain-word lines (`Auth: fix it`) are hidden whole too: a passphrase looks just like them, and
 * hiding a few words of prose costs less than leaking a passphrase.
 */
function valueLike(value: string, first: string): boolean {
  if (looksLikeCredential(first)) return true;
  if (/[=([|]/.test(value)) return false;
  const words = value.split(/\s+/).length;
  return words <= MAX_VALUE_WORDS || (words <= MAX_PASSPHRASE_WORDS && !SENTENCE_MARK.test(value));
}

export interface AssignedValue {
  /** The value as written (quotes included): what is replaced. */
  value: string;
  /** Its quote (`"`, `'`, `` ` ``, or `\"` inside a JSON string), '' when unquoted. */
  quote: string;
  /** What decides whether it is a literal: the quoted value's inside, or the first token of an unquoted one. */
  inner: string;
  /**
   * The first word of prose or code after the name (a line that opens with it, see valueLike): a plain
   * word there is the sentence's (`must`, `the`) or a type (`SecretStr`), not a secret.
   */
  opensProse?: boolean;
}

/** The quoted value at `at` (see QUOTED_VALUE), split into its quote and inside; undefined when none starts there. */
export function quotedValue(text: string, at: number): AssignedValue | undefined {
  const value = read(QUOTED_VALUE, text, at);
  if (!value) return undefined;
  const quote = value.startsWith('\\"') ? '\\"' : value[0]!;
  return { value, quote, inner: value.slice(quote.length, -quote.length) };
}

/**
 * The quoted value at `at` that dotenv lets run over lines (`KEY="-----BEGIN …\n…\n-----END …"`): from
 * its quote to the closing one, then on to that line's end (the rest of a value's line is the value's, as
 * for a line that closes). A quote that never closes runs to the text's end: secret either way. Undefined
 * when no quote opens at `at` or it closes on its own line (that is quotedValue's). One pass, linear.
 */
export function valueToClosingQuote(text: string, at: number): string | undefined {
  const quote = text[at];
  if (!quote || !'"\'`'.includes(quote) || quotedValue(text, at)) return undefined;
  let i = at + 1;
  for (; i < text.length && text[i] !== quote; i++) if (text[i] === '\\') i++; // an escaped quote does not close it
  const lineEnd = text.indexOf('\n', Math.min(i, text.length));
  const end = lineEnd < 0 ? text.length : lineEnd;
  return text.slice(at, end);
}

/**
 * The value written at `start` for the name `name` found at `nameAt`, or undefined when there is none
 * (or a quote that does not close on its line). `lines` has seen the text up to `nameAt`.
 */
export function assignedValue(text: string, start: number, name: string, nameAt: number, lines: LineContext): AssignedValue | undefined {
  const quoted = quotedValue(text, start);
  if (quoted) return quoted;
  if (/["'`]/.test(text[start] ?? '')) return undefined;
  const first = read(FIRST_TOKEN, text, start);
  // a flag (`--password=x --user bob`) is a command's argument, never a config line
  if (!name.startsWith('-') && lines.startsLine(nameAt)) {
    const line = trimEnd(read(WHOLE_LINE, text, start) ?? '');
    if (!line) return undefined;
    if (valueLike(line, first ?? line)) return { value: line, quote: '', inner: first ?? line };
    const value = trimEnd(read(IN_TEXT, text, start) ?? '');
    return value ? { value, quote: '', inner: first ?? value, opensProse: true } : undefined;
  }
  const value = trimEnd(read(lines.inBrackets(nameAt) ? IN_BRACKETS : IN_TEXT, text, start) ?? '');
  if (!value) return undefined;
  return { value, quote: '', inner: first ?? value };
}
