// A POSIX shell command read as the shell would split it, far enough to judge what it runs: simple
// commands with their words (quotes and escapes removed), their redirections, and the commands nested in
// `$(…)`, backquotes and `<(…)`, grouped into pipelines. Not an interpreter: no expansion, no control
// flow (`if`, `{`, `then` are just words). Hand-written because no maintained shell parser is a
// dependency (docs/dependencies.md; tree-sitter's bash grammar is WASM, loaded asynchronously, and the
// pure core calls this synchronously on every command).

export interface Redirect {
  /** `>`, `>>`, `>|`, `&>`, `&>>`, `<>`, `<`, `<<`, `<<-`, `<<<`, `>&`, `<&` */
  op: string;
  target: string;
  /** A here-document's text (`<<`, `<<-`), as the command reads it; undefined while the command line gives none. */
  body?: string;
}

export interface SimpleCommand {
  /** Words with quotes and escapes removed; a substitution stands as `$(…)`. */
  words: string[];
  redirects: Redirect[];
  /** What runs to build this command's words: `$(…)`, backquotes, `<(…)`, `>(…)`. */
  substitutions: ShellScript[];
}

/** Commands joined by `|`. */
export type Pipeline = SimpleCommand[];
/** Pipelines joined by `;`, `&&`, `||`, `&`, newlines (and subshell parentheses). */
export type ShellScript = Pipeline[];

/** Substitutions nested deeper than this are no command a person writes: parsing gives up (ShellTooDeep). */
const MAX_DEPTH = 32;

/** The command nests substitutions beyond MAX_DEPTH; what it runs was not worked out. */
export class ShellTooDeep extends Error {}

const REDIRECT_OP = /^(?:<<<|<<-|<<|<>|<&|<|&>>|&>|>>|>&|>\||>)/;
const SUBSTITUTED = '$(…)';

export function parseShell(text: string): ShellScript {
  return new Scanner(text).script();
}

class Scanner {
  private i = 0;
  /**
   * Here-documents whose body starts at the next newline; `expands`: the delimiter was not quoted, so the
   * shell runs the body's substitutions for `command` (bash's "here-document body undergoes expansion").
   */
  private heredocs: Array<{ delimiter: string; stripTabs: boolean; expands: boolean; redirect: Redirect; command: SimpleCommand }> = [];

  constructor(private readonly s: string, private depth = 0) {}

  /** Reads until `end` (a `)` or backquote closing a substitution) or the end of the text. */
  script(end?: ')' | '`'): ShellScript {
    const s = this.s;
    const script: ShellScript = [];
    let pipeline: Pipeline = [];
    let command = emptyCommand();
    let word: string | undefined;
    /** The word holds a quote or an escape (a here-document delimiter so written keeps its body as data). */
    let quoted = false;
    let redirect: string | undefined;
    const endWord = () => {
      if (word === undefined) return;
      if (redirect !== undefined) {
        const read: Redirect = { op: redirect, target: word };
        command.redirects.push(read);
        if (redirect === '<<' || redirect === '<<-') this.heredocs.push({ delimiter: word, stripTabs: redirect === '<<-', expands: !quoted, redirect: read, command });
        redirect = undefined;
      } else command.words.push(word);
      word = undefined;
      quoted = false;
    };
    const endCommand = () => {
      endWord();
      if (command.words.length || command.redirects.length || command.substitutions.length) pipeline.push(command);
      command = emptyCommand();
    };
    const endPipeline = () => {
      endCommand();
      if (pipeline.length) script.push(pipeline);
      pipeline = [];
    };
    const nested = (close: ')' | '`') => {
      command.substitutions.push(this.substitution(close));
      word = (word ?? '') + SUBSTITUTED;
    };
    while (this.i < s.length) {
      const c = s[this.i]!;
      const next = s[this.i + 1];
      if (c === end) {
        this.i++;
        break;
      }
      if (c === ' ' || c === '\t') {
        endWord();
        this.i++;
      } else if (c === '\n') {
        endPipeline();
        this.i++;
        this.readHeredocBodies();
      } else if (c === ';' || c === '(' || c === ')') {
        endPipeline();
        this.i++;
      } else if (c === '&' && next !== '>') {
        endPipeline();
        this.i += next === '&' ? 2 : 1;
      } else if (c === '|') {
        if (next === '|') endPipeline();
        else endCommand();
        this.i += next === '|' || next === '&' ? 2 : 1;
      } else if ((c === '<' || c === '>') && next === '(') {
        this.i += 2;
        nested(')');
      } else if (c === '<' || c === '>' || c === '&') {
        // An unquoted number right before the operator (`2>`) is its file descriptor, part of the operator;
        // a quoted one (`'1'<<EOF`) is an argument, as the shell reads it.
        if (word !== undefined && (quoted || !/^\d+$/.test(word))) endWord();
        word = undefined;
        quoted = false;
        const op = REDIRECT_OP.exec(s.slice(this.i, this.i + 3))![0];
        this.i += op.length;
        redirect = op;
      } else if (c === '#' && word === undefined) {
        while (this.i < s.length && s[this.i] !== '\n') this.i++;
      } else if (c === '\\') {
        if (next !== '\n') word = (word ?? '') + (next ?? '');
        quoted ||= next !== '\n';
        this.i += 2;
      } else if (c === "'") {
        quoted = true;
        const close = s.indexOf("'", this.i + 1);
        const stop = close === -1 ? s.length : close;
        word = (word ?? '') + s.slice(this.i + 1, stop);
        this.i = stop + 1;
      } else if (c === '"') {
        quoted = true;
        this.i++;
        word = word ?? '';
        while (this.i < s.length && s[this.i] !== '"') {
          const d = s[this.i]!;
          if (d === '\\' && '$`"\\\n'.includes(s[this.i + 1] ?? '')) {
            if (s[this.i + 1] !== '\n') word += s[this.i + 1];
            this.i += 2;
          } else if (d === '$' && s[this.i + 1] === '(' && s[this.i + 2] !== '(') {
            this.i += 2;
            nested(')');
          } else if (d === '`') {
            this.i++;
            nested('`');
          } else {
            word += d;
            this.i++;
          }
        }
        this.i++;
      } else if (c === '`') {
        this.i++;
        nested('`');
      } else if (c === '$' && next === '(' && s[this.i + 2] !== '(') {
        this.i += 2;
        nested(')');
      } else if (c === '$' && (next === '(' || next === '{')) {
        // $((arithmetic)), ${parameter}: kept as written; a substitution inside (`${x:-$(…)}`) runs all the same
        const text = this.balanced();
        command.substitutions.push(...new Scanner(text.slice(2), this.depth).expandedSubstitutions());
        word = (word ?? '') + text;
      } else {
        word = (word ?? '') + c;
        this.i++;
      }
    }
    endPipeline();
    return script;
  }

  /** `$((…))` or `${…}` as written, brackets balanced. */
  private balanced(): string {
    const start = this.i;
    const open = this.s[this.i + 1]!;
    const close = open === '(' ? ')' : '}';
    let depth = 0;
    for (this.i += 1; this.i < this.s.length; this.i++) {
      const c = this.s[this.i];
      if (c === open) depth++;
      else if (c === close && --depth === 0) {
        this.i++;
        break;
      }
    }
    return this.s.slice(start, this.i);
  }

  /**
   * A here-document's lines are data, not commands of this script: read up to their delimiter line
   * into the redirection, where an interpreter fed them (`python3 <<EOF`, `cat <<EOF | sh`) is judged.
   * Unless its delimiter was quoted, the shell runs the `$(…)` and backquotes in them first, for the
   * command that reads it (`cat <<EOF` with `$(rm -rf x)` in its lines): those are its substitutions.
   */
  private readHeredocBodies(): void {
    for (const { delimiter, stripTabs, expands, redirect, command } of this.heredocs.splice(0)) {
      const lines: string[] = [];
      while (this.i < this.s.length) {
        const lineEnd = this.s.indexOf('\n', this.i);
        const stop = lineEnd === -1 ? this.s.length : lineEnd;
        const line = stripTabs ? this.s.slice(this.i, stop).replace(/^\t+/, '') : this.s.slice(this.i, stop);
        this.i = stop + 1;
        if (line === delimiter) break;
        lines.push(line);
      }
      redirect.body = lines.join('\n');
      if (expands) command.substitutions.push(...new Scanner(redirect.body, this.depth).expandedSubstitutions());
    }
  }

  /**
   * The commands text the shell expands runs (an unquoted here-document's, what `${…}` and `$((…))`
   * hold): its `$(…)` and backquotes, a `\` keeping the character after it as it is. Quotes are text
   * there; `${…}` and `$((…))` are looked into, as a substitution inside them runs too.
   */
  private expandedSubstitutions(): ShellScript[] {
    const found: ShellScript[] = [];
    const s = this.s;
    while (this.i < s.length) {
      const c = s[this.i]!;
      if (c === '\\') this.i += 2;
      else if (c === '`' || (c === '$' && s[this.i + 1] === '(' && s[this.i + 2] !== '(')) {
        this.i += c === '`' ? 1 : 2;
        found.push(this.substitution(c === '`' ? '`' : ')'));
      } else this.i++;
    }
    return found;
  }

  /** The script of a substitution whose opening was just read, up to its `close`. */
  private substitution(close: ')' | '`'): ShellScript {
    if (++this.depth > MAX_DEPTH) throw new ShellTooDeep();
    const script = this.script(close);
    this.depth--;
    return script;
  }
}

function emptyCommand(): SimpleCommand {
  return { words: [], redirects: [], substitutions: [] };
}
