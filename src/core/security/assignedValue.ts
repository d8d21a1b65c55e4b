// Where the value of `name <op> value` ends (redactSecrets' assignments). A quoted value ends at its
// quote. An unquoted one keeps its own symbols — `Tr0ub4dor&3xyz`, `p@ss,w0rd;x`, `abc)def` are one
// secret, and hiding only its head leaks the rest — but stops at a separator that separates: before the
// next field of a query, a connection string or a log line (`&user=`, `;Database=`, ` ip=`), before
// `, ` between an object's members, at the bracket closing a call the name sits in (`login(password=x)`).
// A line that is only `name: value` (YAML, .env, ini, properties) is the value to its end, spaces and
// all (a passphrase), minus a ` #` comment. Every read is capped, so a scan stays linear on long lines.

/** A quoted value, also one quoted inside a JSON string (`\"x\"`, text that holds JSON). */
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

export interface AssignedValue {
  /** The value as written (quotes included): what is replaced. */
  value: string;
  /** What decides whether it is a literal: the quoted value, or the first token of an unquoted one. */
  judged: string;
}

/**
 * The value written at `start` for the name `name` found at `nameAt`, or undefined when there is none
 * (or a quote that does not close on its line). `lines` has seen the text up to `nameAt`.
 */
export function assignedValue(text: string, start: number, name: string, nameAt: number, lines: LineContext): AssignedValue | undefined {
  const quoted = read(QUOTED_VALUE, text, start);
  if (quoted) return { value: quoted, judged: quoted };
  if (/["'`]/.test(text[start] ?? '')) return undefined;
  // a flag (`--password=x --user bob`) is a command's argument, never a config line
  const pattern = !name.startsWith('-') && lines.startsLine(nameAt) ? WHOLE_LINE : lines.inBrackets(nameAt) ? IN_BRACKETS : IN_TEXT;
  const value = trimEnd(read(pattern, text, start) ?? '');
  if (!value) return undefined;
  return { value, judged: read(FIRST_TOKEN, text, start) ?? value };
}
