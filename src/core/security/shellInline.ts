// Programs given to an interpreter as text on the command line (`node -e`, `tsx -e`, `python -c`, `perl -e`,
// `ruby -e`, `php -r`, `deno eval`, `pwsh -c`). Their code is not parsed: SmallCode does not interpret
// JavaScript, Python or PowerShell. It is searched, conservatively, for calls that delete, start programs
// or write files; where such a call writes (`.git/hooks`, `.vscode`, package.json, a computed path) cannot
// be known before it runs, so a program that writes at all is a warning, and under `approval.commands:
// auto` it asks.
import { ownEntry } from './ownEntry';
import type { Redirect } from './shellSyntax';

const INLINE_RUNS = 'runs inline code that deletes files or starts programs';
const INLINE_WRITES = 'runs inline code that writes files, which cannot be checked before it runs (they could be Git hooks, .vscode settings or package.json)';

/** Short options that take the program text, per interpreter (names without their version: python3.12 → python). */
const CODE_LETTERS: Record<string, string> = { python: 'c', pypy: 'c', node: 'ep', nodejs: 'ep', perl: 'eE', ruby: 'e', php: 'r', bun: 'ep', tsx: 'ep', 'ts-node': 'ep' };
/** Interpreters that take `--eval`/`--print` as node does (tsx and ts-node run TypeScript through node). */
const NODE_LIKE = new Set(['node', 'nodejs', 'bun', 'tsx', 'ts-node']);
const CODE_LONG = new Set(['--eval', '--print']);

/**
 * The interpreter is given a program as text: all its arguments, joined, or undefined when it runs a
 * file. Every argument is searched, not only the option's value: options bundle (`perl -lne`, `node -pe`,
 * `python -Bc`), repeat (`perl -e a -e b`), and the words after the code reach it as arguments
 * (`node -e "fs.writeFileSync(process.argv[1], x)" .git/hooks/pre-commit`). Searching more than the
 * code can only make a warning more likely.
 */
export function inlineProgram(name: string, args: string[]): string | undefined {
  const base = name.replace(/[\d.]+$/, '');
  if (base === 'deno') return args.find((a) => !a.startsWith('-')) === 'eval' ? args.join(' ') : undefined;
  const letters = ownEntry(CODE_LETTERS, base);
  if (!letters) return undefined;
  // a bundle's letters up to the first character no option letter is (`-I/lib`, `-i.bak` name no code)
  const bundle = new RegExp(`^-[A-Za-z]*[${letters}]`);
  const long = (a: string) => NODE_LIKE.has(base) && CODE_LONG.has(a.split('=')[0]!);
  if (!args.some((a) => bundle.test(a) || long(a))) return undefined;
  // code glued to its option (`python -c'open(…)'`) is read without the option's letters
  return args.map((a) => a.replace(bundle, '').replace(/^--(?:eval|print)=/, '')).join(' ');
}

/** Inline code that deletes, or starts other programs (whose commands nobody sees). */
const RUNS = /\b(?:rmSync|rmdirSync|unlinkSync|rmtree|removedirs|unlink|rmdir|remove|rm|execSync|execFileSync|spawnSync|exec|spawn|system|popen|child_process|subprocess|Popen|shell_exec|passthru)\s*\(|\brequire\(\s*["']child_process|\bimport\s+(?:subprocess|shutil)|`[^`]+`/;

/** A character of a call's arguments, or a quoted string whole (its `(`, `)` and `;` are text). */
const ARGUMENT_PART = String.raw`[^;()"']|"[^"]{0,300}"|'[^']{0,300}'`;

/**
 * Inline code that writes a file, by the names of the calls that do in Node, Bun, Deno, Python, Ruby,
 * Perl and PHP. An `open` counts when its mode writes (`'w'`, `'a+'`, `'r+'`, Perl's `'>'`, `">x"`), not
 * when it reads (`open('x')`, `open('x', 'rb')`); `process.stdout.write` and `print` write no file.
 */
const WRITES = new RegExp([
  // Node, Bun, Deno (fs, fs/promises, fs-extra)
  String.raw`\b(?:writeFile|writeFileSync|appendFile|appendFileSync|createWriteStream|copyFile|copyFileSync|cp|cpSync|rename|renameSync|symlink|symlinkSync|link|linkSync|truncate|truncateSync|outputFile|outputFileSync|outputJson|writeJson|writeJsonSync|writeTextFile|writeTextFileSync|writeSync|move|moveSync)\s*\(`,
  String.raw`\bBun\.write\s*\(`,
  // Python (pathlib, shutil, os), Ruby (File, IO, FileUtils), PHP, Perl (File::Copy, rename, symlink, link)
  String.raw`\b(?:write_text|write_bytes|copyfile|copy2|copytree|copymode|copystat|symlink_to|hardlink_to|touch|file_put_contents|binwrite)\s*\(`,
  String.raw`\b(?:copy|os\.replace)\s*\(\s*[^)\s]`, // `shutil.copy(a, b)`, not `list.copy()`
  String.raw`\bFileUtils\.|\bO_(?:WRONLY|RDWR|CREAT|APPEND|TRUNC)\b`,
  String.raw`\b(?:File|IO)\.write\s*\(`,
  // data libraries' own writers
  String.raw`\.(?:to_csv|to_json|to_excel|to_parquet|to_pickle|tofile|savefig|save)\s*\(`,
  // an open whose mode writes: Python's, Node's, Ruby's and PHP's mode strings, Perl's `>`, `>>`, `+<`.
  // The mode is looked for among the open's own arguments: its `(` is taken when there is one, quoted
  // strings and one level of calls are passed whole, and the scan stops at its `)`, so a later call's
  // argument (`print(open('x').read(), 'a')`) is no mode; within a bounded distance (unbounded is quadratic).
  String.raw`\b(?:f?open|openSync|sysopen)(?:\s*\(|\s+(?![\s(]))(?:${ARGUMENT_PART}|\((?:${ARGUMENT_PART}){0,300}\)){0,300}?,\s*(?:mode\s*=\s*|flags\s*:\s*)?["'](?:[rbtU]*[wax+][rwxabtU+]*["']|\s*\+?>|\+<)`,
  String.raw`\.open\s*\(\s*(?:mode\s*=\s*)?["'][rbtU]*[wax+][rwxabtU+]*["']`, // pathlib's `Path(p).open('w')`
].join('|'));

/** What about an interpreter's inline program deserves a warning; empty when it runs a file or does neither. */
export function inlineWarnings(name: string, args: string[]): string[] {
  const program = inlineProgram(name, args);
  return program === undefined ? [] : programWarnings(program);
}

/** What about a program's text (however it reaches the interpreter) deserves a warning. */
export function programWarnings(program: string): string[] {
  const warnings: string[] = [];
  if (RUNS.test(program)) warnings.push(INLINE_RUNS);
  if (WRITES.test(program)) warnings.push(INLINE_WRITES);
  return warnings;
}

/** A program an interpreter reads as text on its standard input, and where that text comes from. */
export type StdinProgram = { text: string } | { unseen: true };

/** A command as run, with the redirections that may give its standard input as text. */
export interface Fed {
  name: string;
  args: string[];
  redirects: readonly Redirect[];
}

/** The text the command line itself gives a command's standard input: its last input's here-string or here-document. */
function givenText(redirects: readonly Redirect[]): string | undefined {
  const input = redirects.findLast((r) => r.op.startsWith('<') && r.op !== '<>');
  return input?.op === '<<<' ? input.target : input?.body;
}

/**
 * The program an interpreter reads from its standard input (`echo '…' | python3`, `sh <<< '…'`,
 * `python3 <<'EOF'`, `cat <<EOF | sh`): the text when the command shows it (a here-string or a
 * here-document; an echo or printf before the pipe, or a cat given one), `unseen` when another command
 * produces it (`base64 -d x | sh`), undefined when the interpreter runs a file or inline code, or reads a
 * file (`cat x.sh | sh`, `sh < x.sh`: like `sh x.sh`). `shell`: the interpreter is a shell; `producer`:
 * the command piping into it.
 */
export function stdinProgram({ name, args, redirects }: Fed, shell: boolean, producer: Fed | undefined): StdinProgram | undefined {
  if (inlineProgram(name, args) !== undefined) return undefined;
  const at = args.findIndex((a) => !a.startsWith('-') || a === '-');
  const options = at === -1 ? args : args.slice(0, at);
  const shellOption = (letter: string) => shell && options.some((o) => new RegExp(`^-[A-Za-z]*${letter}[A-Za-z]*$`).test(o));
  // `sh -s args…` reads its program from standard input whatever follows; `sh -c` is given it
  const fromStdin = at === -1 || args[at] === '-' || shellOption('s');
  if (!fromStdin || shellOption('c')) return undefined;
  const given = givenText(redirects);
  if (given !== undefined) return { text: given };
  if (!producer) return undefined;
  if (producer.name === 'echo' || producer.name === 'printf') return { text: producer.args.filter((a) => !/^-[neE]+$/.test(a)).join(' ') };
  if (producer.name === 'cat' && producer.args.some((a) => !a.startsWith('-'))) return undefined;
  const fedToCat = producer.name === 'cat' ? givenText(producer.redirects) : undefined;
  if (fedToCat !== undefined) return { text: fedToCat };
  return { unseen: true };
}

/**
 * The program `pwsh`/`powershell` is given as text: `-Command` (any prefix, `-c`) and the words after
 * it, or, for Windows PowerShell, its first operand onwards; `encoded` for `-EncodedCommand` (base64, not
 * shown); undefined when it runs a file (`-File`, pwsh's first operand) or reads standard input.
 */
export function powershellProgram(name: string, args: string[]): { text: string } | { encoded: true } | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const option = /^[-/]/.test(arg) ? arg.slice(1).toLowerCase() : undefined;
    if (option === undefined || arg === '-') {
      // pwsh runs its first operand as a script file; Windows PowerShell runs the rest as a command
      return /^powershell/i.test(name) && arg !== '-' ? { text: args.slice(i).join(' ') } : undefined;
    }
    if (option === 'cwa' || option === 'commandwithargs' || 'command'.startsWith(option)) {
      const text = args.slice(i + 1).join(' ');
      return text === '-' || text === '' ? undefined : { text };
    }
    if (option === 'e' || option === 'ec' || (option.length >= 3 && 'encodedcommand'.startsWith(option))) return { encoded: true };
    if ('file'.startsWith(option)) return undefined;
    if (PS_VALUED.has(option)) i++;
  }
  return undefined;
}

/** PowerShell's own parameters that take the next word (`-ExecutionPolicy Bypass`, `-wd dir`). */
const PS_VALUED = new Set(['executionpolicy', 'ex', 'ep', 'workingdirectory', 'wd', 'outputformat', 'of', 'o', 'inputformat', 'if', 'inp', 'windowstyle', 'w', 'configurationname', 'config', 'version', 'v', 'psconsolefile', 'settingsfile', 'settings', 'custompipename', 'configurationfile']);

/** Cmdlets (and their aliases) that write files, and those that delete or run other programs; PowerShell is case-insensitive. */
const PS_WRITES = /\b(?:Set-Content|Add-Content|Out-File|New-Item|Copy-Item|Move-Item|Rename-Item|Tee-Object|Set-Item|Clear-Content|Expand-Archive|Export-\w+)\b|(?:^|[;|{(])\s*(?:sc|ac|ni|cpi|mi|rni)\s|\s-OutFile\b|\[(?:System\.)?IO\.(?:File|Directory)\]::|\bStreamWriter\b|>/i;
const PS_RUNS = /\b(?:Remove-Item|Invoke-Expression|iex|Start-Process|Invoke-Item|Invoke-Command|Start-Job|New-Object\s+-ComObject)\b|(?:^|[;|{(])\s*(?:ri|saps|ii|icm)\s|\[(?:System\.)?Diagnostics\.Process\]|(?:^|[;|{(])\s*[&.]\s*["'$({]/i;

/** What about a PowerShell program's text deserves a warning: where its cmdlets write is not worked out. */
export function powershellWarnings(program: string): string[] {
  const warnings: string[] = [];
  if (PS_RUNS.test(program)) warnings.push(INLINE_RUNS);
  if (PS_WRITES.test(program)) warnings.push(INLINE_WRITES);
  return warnings;
}
