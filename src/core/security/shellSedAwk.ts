// sed and awk programs write files and run commands from inside their program text: sed's `w file`,
// `s///w file` and `e command`, awk's `print > "file"`, `print | "command"`, `"command" | getline` and
// `system(…)`. Both languages are small enough to read here, so a literal file or command is judged
// precisely (by the caller, with the policy every other write and command gets); a name built from an
// expression is only known when it runs, and a sed program this reader cannot follow is reported as such.
import { readSed } from './shellWrites';
import { readOptions, type Takes } from './shellOptions';

export interface ScriptEffects {
  /** Files written, as the program names them. */
  files: string[];
  /** A file whose name is an expression (`print > $1 ".txt"`). */
  unknownFile: boolean;
  /** Commands given as literal text; `fed`: the command reads the program's output (`print | "sh"`). */
  commands: Array<{ text: string; fed: boolean }>;
  /** A command built from an expression or from the data (`system(cmd)`, sed's `s///e`). */
  unknownCommand: boolean;
  /** A sed program that could not be read: what it writes or runs is not known. */
  unreadable: boolean;
}

const none = (): ScriptEffects => ({ files: [], unknownFile: false, commands: [], unknownCommand: false, unreadable: false });

/** What the program given to sed or awk on its command line writes and runs; undefined for other commands. */
export function scriptEffects(name: string, args: string[]): ScriptEffects | undefined {
  if (name === 'sed' || name === 'gsed') {
    const sed = readSed(args);
    const effects = none();
    if (!sed.sandbox) readSedScript(sed.scripts.join('\n'), effects);
    return effects;
  }
  if (/^(?:g|m|n|busybox-)?awk$/.test(name)) return awkEffects(args);
  return undefined;
}

/** Walks a sed script command by command (GNU's syntax, which includes POSIX's and BSD's). */
function readSedScript(script: string, out: ScriptEffects): void {
  let i = 0;
  const n = script.length;
  const restOfLine = () => {
    const end = script.indexOf('\n', i);
    const line = script.slice(i, end === -1 ? n : end);
    i = end === -1 ? n : end + 1;
    return line.trim();
  };
  /** Past the next unescaped `d`; false when the script ends first. */
  const through = (d: string | undefined) => {
    if (d === undefined || d === '\n' || d === '\\') return false;
    while (i < n && script[i] !== d) i += script[i] === '\\' ? 2 : 1;
    return i++ < n;
  };
  const skip = (re: RegExp) => {
    while (i < n && re.test(script[i]!)) i++;
  };
  /** Past an address (a line number, `$`, `/re/`, `\cREc`); false when its expression does not end. */
  const address = () => {
    if (/[\d$]/.test(script[i] ?? '')) skip(/[\d$~]/);
    else if (script[i] === '/' || script[i] === '\\') {
      i += script[i] === '/' ? 1 : 2;
      if (!through(script[i - 1])) return false;
      skip(/[IM]/);
    }
    return true;
  };
  while (i < n) {
    skip(/[\s;}]/);
    if (i >= n) return;
    if (!address()) return void (out.unreadable = true);
    if (script[i] === ',') {
      i++;
      skip(/[ \t]/);
      if (/[+~]/.test(script[i] ?? '')) skip(/[+~\d]/);
      else if (!address()) return void (out.unreadable = true);
    }
    skip(/[ \t!]/);
    const command = script[i++];
    switch (command) {
      case '{': case '#':
        if (command === '#') restOfLine();
        continue;
      case 's': {
        const d = script[i++];
        if (!through(d) || !through(d)) return void (out.unreadable = true);
        const start = i;
        skip(/[gpiImMe\d]/);
        const flags = script.slice(start, i);
        if (flags.includes('e')) out.unknownCommand = true; // runs the pattern space: the data decides
        if (script[i] === 'w') {
          i++;
          addFile(restOfLine(), out);
        }
        continue;
      }
      case 'y': {
        const d = script[i++];
        if (!through(d) || !through(d)) return void (out.unreadable = true);
        continue;
      }
      case 'w': case 'W':
        addFile(restOfLine(), out);
        continue;
      case 'e': {
        const text = restOfLine();
        if (text) out.commands.push({ text, fed: false });
        else out.unknownCommand = true;
        continue;
      }
      case 'r': case 'R':
        restOfLine();
        continue;
      case 'a': case 'i': case 'c': {
        // text to the end of the line, continued by a final backslash
        let line = restOfLine();
        while (line.endsWith('\\') && i < n) line = restOfLine();
        continue;
      }
      case ':': case 'b': case 't': case 'T': case 'v':
        skip(/[^;\n}]/);
        continue;
      case 'q': case 'Q': case 'l': case 'L':
        skip(/[\d ]/);
        continue;
      default:
        if (command === undefined || !'pdDnNgGhHxPz=F'.includes(command)) return void (out.unreadable = true);
    }
  }
}

function addFile(file: string, out: ScriptEffects): void {
  // GNU's special names write to the terminal, not a file
  if (file && file !== '/dev/stdout' && file !== '/dev/stderr') out.files.push(file);
  else if (!file) out.unreadable = true;
}

/** awk's options that take a value; gawk's `-e`/`--source` give program text, `-f` a program file. */
const AWK_VALUED = new Set(['F', 'v', 'f', 'e', 'i', 'l', 'E', '--field-separator', '--assign', '--file', '--source', '--include', '--load', '--exec']);

function awkEffects(args: string[]): ScriptEffects {
  const sources: string[] = [];
  let fromFile = false;
  let inPlace = false;
  const operands = readOptions(args, (o): Takes => (AWK_VALUED.has(o) ? 'next' : undefined), (option, value) => {
    if ((option === 'e' || option === '--source') && value !== undefined) sources.push(value);
    if (option === 'f' || option === '--file' || option === 'E' || option === '--exec') fromFile = true;
    if ((option === 'i' || option === '--include') && /^inplace(?:\.awk)?$/.test(value ?? '')) inPlace = true;
  }, true);
  if (!sources.length && !fromFile && operands.length) sources.push(operands.shift()!);
  const out = none();
  // gawk's inplace extension rewrites each input file (`var=value` operands are assignments)
  if (inPlace) out.files.push(...operands.filter((o) => !/^[A-Za-z_]\w*=/.test(o)));
  for (const source of sources) readAwkProgram(source, out);
  return out;
}

const WORD = /[\w.]+/y;
const OPERATOR = />>|\|\||\|&|&&|[><]=|==|!=|./ys;
/** A `system(…)` argument longer than this is not read: its command is taken as unknown. */
const MAX_ARGUMENT = 200;

interface Token {
  kind: 'string' | 'word' | 'op';
  text: string;
}

/** awk's tokens, enough to find redirections: strings, regular expressions (dropped), words, operators. */
function awkTokens(program: string): Token[] {
  const tokens: Token[] = [];
  const operand = () => {
    const last = tokens[tokens.length - 1];
    return last !== undefined && (last.kind !== 'op' || last.text === ')' || last.text === ']' || last.text === '$');
  };
  for (let i = 0; i < program.length;) {
    const c = program[i]!;
    if (c === '#') {
      const end = program.indexOf('\n', i);
      i = end === -1 ? program.length : end;
    } else if (c === '"') {
      let text = '';
      for (i++; i < program.length && program[i] !== '"'; i++) text += program[i] === '\\' ? program[++i] ?? '' : program[i];
      i++;
      tokens.push({ kind: 'string', text });
    } else if (c === '/' && !operand()) {
      for (i++; i < program.length && program[i] !== '/' && program[i] !== '\n'; i++) if (program[i] === '\\') i++;
      i++;
      tokens.push({ kind: 'word', text: '/regex/' });
    } else if (c === ' ' || c === '\t' || c === '\\') i++;
    else {
      // sticky: read at i without copying the rest of the program (a long one would be quadratic)
      const pattern = /[\w.]/.test(c) ? WORD : OPERATOR;
      pattern.lastIndex = i;
      const text = pattern.exec(program)![0];
      tokens.push(pattern === WORD ? { kind: 'word', text } : { kind: 'op', text: text === '\n' ? ';' : text });
      i += text.length;
    }
  }
  return tokens;
}

/** The end of the statement that starts at `from`: a `;`, newline, `}` or `{` outside parentheses. */
function statementEnd(tokens: Token[], from: number): number {
  let depth = 0;
  for (let k = from; k < tokens.length; k++) {
    const t = tokens[k]!.text;
    if (t === '(' || t === '[') depth++;
    else if (t === ')' || t === ']') depth--;
    else if (depth <= 0 && tokens[k]!.kind === 'op' && (t === ';' || t === '}' || t === '{')) return k;
  }
  return tokens.length;
}

function readAwkProgram(program: string, out: ScriptEffects): void {
  const tokens = awkTokens(program);
  /** A literal string alone, or undefined when the tokens build a name as the program runs. */
  const literal = (from: number, to: number) => (to === from + 1 && tokens[from]!.kind === 'string' ? tokens[from]!.text : undefined);
  let printedTo = -1; // a print inside one already read is garbage: reading it again would be quadratic
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.kind === 'word' && t.text === 'system' && tokens[k + 1]?.text === '(') {
      let end = k + 2; // past the call's own `)`
      const limit = Math.min(tokens.length, end + MAX_ARGUMENT);
      for (let depth = 1; end < limit && depth > 0; end++) depth += tokens[end]!.text === '(' ? 1 : tokens[end]!.text === ')' ? -1 : 0;
      const text = tokens[end - 1]?.text === ')' ? literal(k + 2, end - 1) : undefined;
      if (text === undefined) out.unknownCommand = true;
      else out.commands.push({ text, fed: false });
    } else if (t.kind === 'op' && (t.text === '|' || t.text === '|&') && tokens[k + 1]?.text === 'getline') {
      // `"cmd" | getline`: the command is what stands before the pipe
      const text = tokens[k - 1]?.kind === 'string' && !['string', 'word'].includes(tokens[k - 2]?.kind ?? '') ? tokens[k - 1]!.text : undefined;
      if (text === undefined) out.unknownCommand = true;
      else out.commands.push({ text, fed: false });
    } else if (t.kind === 'word' && (t.text === 'print' || t.text === 'printf') && k > printedTo) {
      const end = (printedTo = statementEnd(tokens, k + 1));
      let depth = 0;
      for (let r = k + 1; r < end; r++) {
        const op = tokens[r]!;
        if (op.text === '(') depth++;
        else if (op.text === ')') depth--;
        if (depth !== 0 || op.kind !== 'op' || !['>', '>>', '|', '|&'].includes(op.text)) continue;
        const target = literal(r + 1, end);
        if (op.text.startsWith('>')) {
          if (target === undefined) out.unknownFile = true;
          else if (!['/dev/stdout', '/dev/stderr', '-'].includes(target)) out.files.push(target);
        } else if (target === undefined) out.unknownCommand = true;
        else out.commands.push({ text: target, fed: true });
        break;
      }
    }
  }
}
