// Shell-command helpers for the approval prompt: what about a command deserves a warning, and
// quoting for building commands safely. Warnings inform the user; they never replace approval.
// The command is read as the shell splits it (core/security/shellSyntax), so a flag is seen wherever it
// stands (`git clean -d -f`, `git -C . push --force`) and quoted text is not mistaken for a command
// (`git commit -m "rm -rf"`). Warnings are also where `auto` approval asks: a command with none runs.
// So the files a command writes are judged by the edit tools' own path policy (shellWrites), from every
// folder an earlier `cd` may have moved to; what it sends to another machine by shellSends; programs
// given as text by shellInline, sed's and awk's by shellSedAwk; patches and archives, whose files are
// unknown, by shellUnpacks; what a compressor replaces by shellCompressors. What a wrapper starts (`sudo`,
// `npx`, `yarn workspace app exec`, `git rebase --exec`…) is judged as that command (shellRunners); an
// environment variable that names a program for git, a shell, the loader or a runtime is a warning.
import { parseShell, ShellTooDeep, type Pipeline, type Redirect, type ShellScript, type SimpleCommand } from './shellSyntax';
import { DYNAMIC, filesTouched, filesWritten, fromEach, touchWarning, UNKNOWN_NAME, writeWarning, WRITES } from './shellWrites';
import { onlyLocalUrls, sendsGatheredData, uploadsFile, URL_ARG } from './shellSends';
import { inlineWarnings, powershellProgram, powershellWarnings, programWarnings, stdinProgram, type Fed } from './shellInline';
import { gitPatch, unpacked, unpackedWarning, type Unpacked } from './shellUnpacks';
import { scriptEffects } from './shellSedAwk';
import { compressorFiles } from './shellCompressors';
import { baseName, GIT_VALUED, wrappedCommands } from './shellRunners';
import { directoriesGiven, mayBeOutside } from './shellDirectories';

export { shellQuote } from './shellQuote';

const W = {
  rm: 'deletes files recursively or forcibly (rm -r/-f)',
  findDelete: 'deletes the files it finds (find -delete)',
  reset: 'discards uncommitted changes (git reset --hard)',
  clean: 'deletes untracked files (git clean -f)',
  discard: 'discards uncommitted changes (git checkout/restore)',
  stash: 'discards stashed changes (git stash drop/clear)',
  forcePush: 'rewrites remote history (git push --force)',
  deleteRemote: 'deletes a remote branch (git push --delete)',
  push: 'publishes to a remote (git push)',
  branch: 'deletes a branch (git branch -D)',
  gitConfig: 'runs a program set on the command line (git -c …)',
  envProgram: 'runs a program or loads code named in an environment variable (GIT_SSH_COMMAND, PAGER, LD_PRELOAD, NODE_OPTIONS…)',
  gitConfigSet: 'sets Git configuration that runs a program at later git commands (git config)',
  sudo: 'runs as administrator (sudo)',
  disk: 'can overwrite a disk or partition',
  rawDisk: 'writes to a raw disk device',
  perms: 'changes permissions recursively',
  download: 'runs a script downloaded from the internet',
  upload: 'sends a local file to another machine',
  send: 'sends data gathered as it runs (a substitution, a variable or standard input) to another machine',
  piped: 'runs a program that another command pipes into an interpreter (sh, python…): its text is not shown',
  forkBomb: 'is a fork bomb',
  machine: 'shuts down or restarts the machine',
  kill: 'kills processes by name or all processes',
  publish: 'publishes a package',
  sql: 'drops database objects',
  outsideCd: 'changes to a directory outside the workspace',
  outsideDir: 'works in a directory outside the workspace (a -C, --dir or --cwd option)',
  tooDeep: 'nests commands too deeply to be checked: read it with care',
  dynamic: 'runs a program whose name is only known when it runs (a variable, substitution or pattern)',
  sedUnread: 'runs a sed program that could not be read: what it writes or runs is not checked',
  encoded: 'runs an encoded PowerShell program (-EncodedCommand): its text is not shown',
  unread: 'starts a command through options that could not all be read: check what it runs',
} as const;

/** Human-readable reasons a command deserves a second look; empty when nothing stands out. */
export function assessCommand(command: string): string[] {
  const found = new Set<string>(textWarnings(command));
  if (/:\(\)\s*\{\s*:\s*\|\s*:\s*&\s*\}/.test(command)) found.add(W.forkBomb);
  if (/\bdrop\s+(?:table|database|schema)\b/i.test(command)) found.add(W.sql); // SQL, in whatever client's argument
  try {
    assessScript(parseShell(command), found, 0, new Set(['']));
  } catch (error) {
    if (!(error instanceof ShellTooDeep)) throw error;
    found.add(W.tooDeep);
  }
  // a force push or a deletion also publishes: keep the sharper warning only
  if (found.has(W.forcePush) || found.has(W.deleteRemote)) found.delete(W.push);
  return [...found];
}

/**
 * Characters that show as nothing, or reorder what is shown: the card would not show what runs. The
 * Braille blank and the fillers too: bash reads them as part of a word.
 */
const HIDDEN = /[\p{Cf}\p{Cc}\u2028\u2029\u034f\u115f\u1160\u3164\uffa0\u2800]/gu;
/**
 * No-break and wide spaces in a run (plain spaces between them count in it): such a run pushes the rest of
 * the command out of the card's view. One alone is text (French `bug\u202F:`, `10\u00a0€`, CJK `\u3000`).
 */
const BLANK_RUN = /(?:(?! )\p{Zs} *){3,}/gu;
const WIDE_BLANK = /(?! )\p{Zs}/gu;

/** What the text itself hides from a reader: lines beyond the first, invisible or direction characters. */
function textWarnings(command: string): string[] {
  const warnings: string[] = [];
  const lines = command.replace(/\s+$/, '').split(/\r\n|\n|\r/).length;
  if (lines > 1) warnings.push(`is ${lines} lines long: check every line, not only the first`);
  const text = command.replace(/\r\n|\n|\t/g, ' ');
  const hidden = new Set([...text.matchAll(HIDDEN)].map(([ch]) => ch));
  for (const [run] of text.matchAll(BLANK_RUN)) for (const [ch] of run.matchAll(WIDE_BLANK)) hidden.add(ch);
  // named in the order they stand
  const named = [...hidden].sort((a, b) => text.indexOf(a) - text.indexOf(b)).map((ch) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
  if (named.length) warnings.push(`contains invisible or text-direction characters (${named.slice(0, 3).join(', ')}): what you see is not all that runs`);
  return warnings;
}

/** `sh -c "sh -c '…'"`, `$($(…))` nest; deeper than this is no command a model needs (and is not run unasked). */
const MAX_NESTING = 32;

/**
 * The folders a script may be running in, relative to the workspace root ('' the root itself): every
 * folder a `cd` or `pushd` may have led to, and those it started from. The parser keeps no subshells
 * (`(cd x); …`) and a `cd` may fail, so a relative path is judged from each: never fewer warnings than
 * from the root alone. A subshell's own changes (`sh -c`, `$(…)`) start from a copy.
 */
type Folders = Set<string>;
/** More folders than this (many `cd`s in one command) and where the script runs is not worked out. */
const MAX_FOLDERS = 16;

function assessScript(script: ShellScript, found: Set<string>, depth: number, folders: Folders): void {
  if (depth > MAX_NESTING) {
    found.add(W.tooDeep);
    return;
  }
  const fetched = new Set<string>();
  for (const pipeline of script) assessPipeline(pipeline, found, depth, fetched, folders);
}

/** `fetched`: names of the files a downloader wrote earlier in the same script (compared by base name). */
function assessPipeline(pipeline: Pipeline, found: Set<string>, depth: number, fetched: Set<string>, folders: Folders): void {
  let downloading = false;
  let producer: Fed | undefined;
  for (const [index, command] of pipeline.entries()) {
    for (const sub of command.substitutions) assessScript(sub, found, depth + 1, new Set(folders));
    for (const redirect of command.redirects) assessRedirect(redirect, found, folders);
    const before = producer;
    const called = commandRun(command.words, found);
    producer = called && { ...called, redirects: command.redirects };
    // each program the words may run (shellRunners' readings), judged alike; the next in the pipe reads what they print
    let downloads = false;
    for (const program of called ? [called, ...called.also] : []) {
      const run = { ...program, redirects: command.redirects };
      downloads = assessProgram(run, { index, command, downloading, before }, found, depth, fetched, folders) || downloads;
    }
    downloading ||= downloads;
  }
}

/** Where a program runs: its command's place in the pipeline, whether what it reads was downloaded, the command before it. */
interface InPipeline {
  index: number;
  command: SimpleCommand;
  downloading: boolean;
  before: Fed | undefined;
}

/** One program a pipeline's command runs; true when it downloads (what the next command reads). */
function assessProgram(run: Fed, { index, command, downloading, before }: InPipeline, found: Set<string>, depth: number, fetched: Set<string>, folders: Folders): boolean {
  if (sendsGatheredData(run.name, run.args, command.redirects, index > 0)) found.add(W.send);
  const interpreter = INTERPRETERS.test(run.name);
  // `echo '…' | python3`, `sh <<< '…'`, `python3 <<'EOF'`: the program is text, judged like `python3 -c '…'`
  const fed = interpreter && !downloading && run.name !== 'source' && run.name !== '.' ? stdinProgram(run, SHELLS.test(run.name), index > 0 ? before : undefined) : undefined;
  if (fed && 'unseen' in fed) found.add(W.piped);
  else if (fed && SHELLS.test(run.name)) assessScript(parseShell(fed.text), found, depth + 1, new Set(folders));
  else if (fed) for (const warning of (POWERSHELL.test(run.name) ? powershellWarnings : programWarnings)(fed.text)) found.add(warning);
  // `curl … | sh`, `curl … | python3 -`, `bash <(curl …)`, `sh -c "$(wget -O- …)"`
  if (interpreter && (downloading || command.substitutions.some(downloads))) found.add(W.download);
  // `curl -o x.sh URL && bash x.sh`, `wget URL/install; chmod +x install; ./install`
  if (runsFetched(run, interpreter, fetched)) found.add(W.download);
  // `curl … | tee i.sh; bash i.sh`: what tee writes is the download
  if (downloading && run.name === 'tee') for (const file of run.args.filter((a) => !a.startsWith('-'))) fetched.add(baseName(file));
  const downloader = DOWNLOADERS.has(run.name);
  if (downloader) {
    for (const file of downloadedFiles(run.name, run.args, command.redirects)) {
      fetched.add(baseName(file));
      warnWrite(file, found, folders);
    }
  }
  assessRun(run.name, run.args, found, depth, folders);
  return downloader;
}

const DOWNLOADERS = new Set(['curl', 'wget']);

/** The program is a downloaded file, or an interpreter is given one (`bash x.sh`, `. ./x.sh`, `python3 get.py`). */
function runsFetched(run: { name: string; args: string[] }, interpreter: boolean, fetched: Set<string>): boolean {
  if (fetched.size === 0) return false;
  if (fetched.has(run.name)) return true;
  const script = run.args.find((arg) => !arg.startsWith('-')); // the file it runs; later operands are that script's own
  return interpreter && script !== undefined && fetched.has(baseName(script));
}

/** Files a curl or wget command writes: its output options, `-O` (the URL's own name), wget's default, a redirection. */
function downloadedFiles(name: string, args: string[], redirects: Redirect[]): string[] {
  const files = redirects.filter((r) => WRITES.has(r.op) && !/^(?:\d+|-)$/.test(r.target)).map((r) => r.target);
  const urls = args.filter((a) => URL_ARG.test(a));
  const urlName = (url: string) => baseName(url.replace(/[?#].*$/, '').replace(/\/+$/, ''));
  const short = name === 'curl' ? 'o' : 'O';
  const long = name === 'curl' ? '--output' : '--output-document';
  let named = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === long || (arg.startsWith('-') && !arg.startsWith('--') && arg.endsWith(short))) {
      named = true;
      if (args[i + 1] !== undefined && args[i + 1] !== '-') files.push(args[i + 1]!);
    } else if (arg.startsWith(`${long}=`)) {
      named = true;
      files.push(arg.slice(long.length + 1));
    } else if (new RegExp(`^-[A-Za-z]*${short}(.+)$`).test(arg) && !arg.startsWith('--')) {
      named = true;
      files.push(arg.slice(arg.indexOf(short) + 1));
    } else if (name === 'curl' && (arg === '--remote-name' || arg === '--remote-name-all' || /^-[A-Za-z]*O[A-Za-z]*$/.test(arg))) {
      files.push(...urls.map(urlName));
    }
  }
  if (name === 'wget' && !named) files.push(...urls.map(urlName)); // wget saves under the URL's name by default
  return files.filter((f) => f !== '' && f !== '-');
}
const SHELLS = /^(?:ba|da|z|k|mk|c|tc|a|yash|fi)?sh$|^fish$/;
const POWERSHELL = /^(?:pwsh|powershell)(?:\.exe)?$/i;
const INTERPRETERS = /^(?:(?:ba|da|z|k|mk|c|tc|a)?sh|fish|python[\d.]*|pypy[\d.]*|node|nodejs|perl|ruby|php|bun|deno|pwsh|powershell|source|\.)$/;

function downloads(script: ShellScript): boolean {
  return script.some((pipeline) => pipeline.some((c) => {
    const run = commandRun(c.words, new Set());
    return (run && [run, ...run.also].some((p) => DOWNLOADERS.has(p.name))) || c.substitutions.some(downloads);
  }));
}

/** A program a simple command runs, and those its words may run instead (shellRunners' other readings): each judged. */
interface Run extends Program {
  also: Program[];
}
interface Program {
  name: string;
  args: string[];
}

/**
 * Readings of one command beyond this (`npx --a b --c d …`: an unknown option's value or the program, at
 * each) and it is not worked out: each reading is judged once, and a command built to have more asks.
 */
const MAX_READINGS = 64;

/** The program a simple command runs, past assignments and wrappers (`sudo` itself is a warning), and the others it may run. */
function commandRun(words: string[], found: Set<string>): Run | undefined {
  const programs: Program[] = [];
  const readings: string[][] = [];
  const known = new Set<string>();
  /** Queues a reading not seen yet; false once there are too many to judge. */
  const more = (reading: string[]) => {
    const key = reading.join('\0');
    if (!known.has(key)) readings.push(reading);
    known.add(key);
    return known.size <= MAX_READINGS;
  };
  more(words);
  for (let reading; (reading = readings.shift()) !== undefined && known.size <= MAX_READINGS;) {
    const program = programRun(reading, found, more);
    if (program) programs.push(program);
  }
  if (known.size > MAX_READINGS) found.add(W.unread);
  const [likeliest, ...also] = programs;
  return likeliest && { ...likeliest, also };
}

/**
 * Wrappers unwrapped in a row at most (`sudo nice timeout 5 npx …` is four): each unwrap copies the rest of
 * the line, so `'sudo '.repeat(20000)` took 34 s to judge on the extension host; past this the command asks.
 */
const MAX_WRAPPERS = 32;

/** The program the likeliest reading of `words` runs; the other readings of its wrappers go to `more` (none when it says there are too many). */
function programRun(words: string[], found: Set<string>, more: (reading: string[]) => boolean): Program | undefined {
  let i = 0;
  let unwrapped = 0;
  while (i < words.length) {
    const word = words[i]!;
    if (/^[A-Za-z_]\w*\+?=/.test(word)) {
      if (namesProgram(word)) found.add(W.envProgram);
      i++;
      continue;
    }
    const name = baseName(word);
    const started = wrappedCommands(words, i, MAX_READINGS);
    if (directoriesGiven(name, started ? ownWords(words, i, started) : words.slice(i + 1)).some(mayBeOutside)) found.add(W.outsideDir);
    if (!started) {
      if (/[$`*?]|\[.*\]/.test(name)) found.add(W.dynamic); // `[ -f x ]` is the test command, `r[m]` a pattern
      return { name, args: words.slice(i + 1) };
    }
    if (name === 'sudo' || name === 'doas') found.add(W.sudo);
    if (++unwrapped > MAX_WRAPPERS) {
      found.add(W.unread);
      return undefined;
    }
    const [likeliest = [], ...others] = started;
    if (!others.every(more)) return undefined;
    words = likeliest;
    i = 0;
  }
  return undefined;
}

/**
 * Variables whose value git, a shell, the loader or a runtime runs or loads, as `git -c core.pager=…` does:
 * git's program and configuration variables, pagers and editors, preloaded libraries, a shell's startup
 * file, npm's script shell, Node's and Python's startup options.
 */
const PROGRAM_VARIABLES = /^(?:GIT_\w*_COMMAND|GIT_EXTERNAL_DIFF|GIT_CONFIG\w*|GIT_(?:SSH|PAGER|EDITOR|SEQUENCE_EDITOR|ASKPASS|PROXY_COMMAND|EXEC_PATH|TEMPLATE_DIR)|SSH_ASKPASS|PAGER|MANPAGER|EDITOR|VISUAL|LD_PRELOAD|LD_AUDIT|LD_LIBRARY_PATH|DYLD_\w+|BASH_ENV|ENV|PROMPT_COMMAND|NODE_OPTIONS|PYTHONSTARTUP)$|^npm_config_\w*shell\w*$/i;
/** Values that run nothing of the repository's: the pager turned off or the usual ones (`GIT_PAGER=cat git log`). */
const HARMLESS_VALUE = /^(?:|cat|less(?: -[A-Za-z]+)*|more|true|false|:)$/;

/** An assignment prefix (`NAME=value cmd`, `env NAME=value cmd`) whose variable names a program or code to load. */
function namesProgram(assignment: string): boolean {
  const eq = assignment.indexOf('=');
  const name = assignment.slice(0, eq).replace(/\+$/, '');
  // case matters for a shell's variables, not for npm's (`NPM_CONFIG_SCRIPT_SHELL`)
  if (!PROGRAM_VARIABLES.test(name) || (!/^npm_config_/i.test(name) && name !== name.toUpperCase())) return false;
  const value = assignment.slice(eq + 1);
  // Node's memory and warning options are everyday (`NODE_OPTIONS=--max-old-space-size=4096`): only what loads code
  if (name.toUpperCase() === 'NODE_OPTIONS') return NODE_LOADS.test(value);
  // a shell reads the file ENV names (expanding `$(…)` in it); `ENV=production` names none
  if (name === 'ENV') return /[/.~$`]/.test(value);
  return !HARMLESS_VALUE.test(value);
}
const NODE_LOADS = /(?:^|\s)(?:-r|--(?:require|import|loader|experimental-loader)(?:[=\s]|$))/;

/**
 * The words `words[at]` may take for itself before the command it starts: up to the latest start among
 * its `readings` (`env --chdir ~ cp …` is read as running `~` or `cp`: the folder is in either case), or
 * all of them when a reading is no tail of the line (a shell line built from the words).
 */
function ownWords(words: string[], at: number, readings: readonly (readonly string[])[]): string[] {
  let end = at + 1;
  for (const reading of readings) {
    const start = words.length - reading.length;
    if (start <= at || !reading.every((w, j) => words[start + j] === w)) return words.slice(at + 1);
    end = Math.max(end, start);
  }
  return words.slice(at + 1, end);
}

interface Options {
  /** Letters of short options, combined or not (`-fd`, `-d -f`). */
  short: Set<string>;
  /** Long options' names, without a value (`--force-with-lease=x` → force-with-lease). */
  long: Set<string>;
  /** Other words before `--`. */
  operands: string[];
  /** Words after `--`. */
  paths: string[];
}

function options(args: string[]): Options {
  const o: Options = { short: new Set(), long: new Set(), operands: [], paths: [] };
  const end = args.indexOf('--');
  for (const arg of end === -1 ? args : args.slice(0, end)) {
    if (/^--[^-]/.test(arg)) o.long.add(arg.slice(2).split('=')[0]!);
    else if (/^-[A-Za-z0-9]+$/.test(arg)) for (const letter of arg.slice(1)) o.short.add(letter);
    else o.operands.push(arg);
  }
  if (end !== -1) o.paths = args.slice(end + 1);
  return o;
}

const has = (o: Options, short: string, long: string) => o.short.has(short) || o.long.has(long);

function assessRun(name: string, args: string[], found: Set<string>, depth: number, folders: Folders): void {
  const o = options(args);
  for (const file of [...filesWritten(name, args), ...compressorFiles(name, args)]) warnWrite(file, found, folders);
  for (const file of filesTouched(name, args)) warnWrite(file, found, folders, true);
  warnUnpacked(unpacked(name, args), found, folders);
  assessScriptEffects(name, args, found, depth, folders);
  switch (name) {
    case 'rm':
      if (has(o, 'r', 'recursive') || o.short.has('R') || has(o, 'f', 'force')) found.add(W.rm);
      return;
    case 'rimraf':
      found.add(W.rm);
      return;
    case 'git':
      return assessGit(args, found, folders);
    case 'export': case 'declare': case 'typeset': case 'local': case 'readonly': // the variable is set for what follows
      if (args.some((a) => /^[A-Za-z_]\w*\+?=/.test(a) && namesProgram(a))) found.add(W.envProgram);
      return;
    case 'find':
      return assessFind(args, found, depth, folders);
    case 'eval': // the same shell: its `cd` moves the rest of the script
      return assessScript(parseShell(args.join(' ')), found, depth + 1, folders);
    case 'chmod': case 'chown': case 'chgrp':
      if (has(o, 'R', 'recursive')) found.add(W.perms);
      return;
    case 'dd':
      if (args.some((a) => a.startsWith('of='))) found.add(W.disk);
      return;
    case 'shutdown': case 'reboot': case 'halt': case 'poweroff':
      found.add(W.machine);
      return;
    case 'systemctl':
      if (o.operands.some((a) => /^(?:poweroff|reboot|halt|kexec)$/.test(a))) found.add(W.machine);
      return;
    case 'kill':
      if (args[args.length - 1] === '-1') found.add(W.kill);
      return;
    case 'killall': case 'pkill':
      found.add(W.kill);
      return;
    case 'cd': case 'pushd': {
      const target = [...o.operands, ...o.paths].find((a) => name === 'cd' || !/^[+-]\d+$/.test(a));
      // a bare `cd` goes home; a bare `pushd` swaps the two folders on its stack, both already judged
      if (target === undefined ? name === 'cd' : /^(?:\/|~|-$|\.\.(?:\/|$))/.test(target)) found.add(W.outsideCd);
      moveTo(folders, target ?? (name === 'cd' ? '~' : undefined));
      return;
    }
    case 'rsync': case 'scp': {
      const destination = [...o.operands, ...o.paths].pop();
      // `host:path`, `user@host:path`, `rsync://` (a Windows drive letter `C:` is no host)
      if (destination !== undefined && /^(?:[\w.@-]{2,}:|rsync:\/\/)/.test(destination)) found.add(W.upload);
      else if (destination !== undefined && o.operands.length + o.paths.length >= 2) warnWrite(destination, found, folders);
      return;
    }
    case 'curl': case 'wget':
      if (uploadsFile(name, args) && !onlyLocalUrls(args)) found.add(W.upload);
      return;
  }
  if (/^mkfs(?:\.\w+)?$|^(?:fdisk|sfdisk|gdisk|parted|shred|wipefs)$/.test(name)) found.add(W.disk);
  else if (isPublish(name, o.operands)) found.add(W.publish);
  else if (SHELLS.test(name)) {
    // `sh -c 'script'`: the script is the first operand after the option that holds c
    const flag = args.findIndex((a) => /^-[A-Za-z]*c[A-Za-z]*$/.test(a));
    const script = flag === -1 ? undefined : args.slice(flag + 1).find((a) => !a.startsWith('-'));
    if (script !== undefined) assessScript(parseShell(script), found, depth + 1, new Set(folders));
  } else if (POWERSHELL.test(name)) assessPowerShell(name, args, found, depth, folders);
  else for (const warning of inlineWarnings(name, args)) found.add(warning);
}

/**
 * `pwsh -c '…'`: PowerShell runs native commands as a shell does, so the text is judged as a script
 * (`git push --force`, `rm -rf`); its cmdlets and `>` (where its paths, `\`-separated, are not read
 * right by the shell's rules) write where this cannot tell: a warning of their own (shellInline).
 */
function assessPowerShell(name: string, args: string[], found: Set<string>, depth: number, folders: Folders): void {
  const program = powershellProgram(name, args);
  if (program && 'encoded' in program) found.add(W.encoded);
  if (!program || !('text' in program)) return;
  // `$x = 1` is an assignment in PowerShell, not a program named by a variable (`& $x` is, in PS_RUNS)
  const script = new Set<string>();
  assessScript(parseShell(program.text), script, depth + 1, new Set(folders));
  script.delete(W.dynamic);
  for (const warning of [...script, ...powershellWarnings(program.text)]) found.add(warning);
}

/** sed's and awk's programs: the files they name and the commands they run, judged like the shell's own. */
function assessScriptEffects(name: string, args: string[], found: Set<string>, depth: number, folders: Folders): void {
  const effects = scriptEffects(name, args);
  if (!effects) return;
  for (const file of new Set(effects.files)) warnWrite(file, found, folders);
  if (effects.unknownFile) found.add(DYNAMIC);
  if (effects.unknownCommand) found.add(W.dynamic);
  if (effects.unreadable) found.add(W.sedUnread);
  for (const { text, fed } of effects.commands) {
    const script = parseShell(text);
    // `print | "sh"`: the command reads the program's output, as in `awk … | sh`
    if (fed && script[0]) script[0] = [{ words: [name], redirects: [], substitutions: [] }, ...script[0]];
    assessScript(script, found, depth + 1, new Set(folders));
  }
}

/** After `cd target`: each folder the script may be in may have moved there (`~` for a bare `cd`). */
function moveTo(folders: Folders, target: string | undefined): void {
  if (target === undefined || target === '-') return; // back to a folder already among them
  const moved = fromEach(folders, target).map(knownTail);
  // each `cd` may double them: past the bound, a relative write is judged as a path only known when it runs
  if (folders.size + moved.length > MAX_FOLDERS) folders.add('$PWD');
  else for (const folder of moved.reverse()) folders.add(folder); // from the latest folder last: judged first
}

/**
 * A folder named in part when the script runs (`cd "$ROOT"`, `cd "$(dirname "$0")/.."`, `cd $X/.git`): the
 * part named in advance, past the last unknown one and the `..` that climb from it. Scripts start with
 * such a cd; judging every later write as a name only known when it runs asked for `npm test > test.log`.
 * A write is judged by what does show (`.git/hooks/x`, `.vscode/…`, package.json), as from the root.
 */
function knownTail(folder: string): string {
  const parts = folder.split('/');
  const unknown = parts.findLastIndex((part) => UNKNOWN_NAME.test(part));
  if (unknown === -1) return folder;
  let start = unknown + 1;
  while (parts[start] === '..' || parts[start] === '.') start++;
  return parts.slice(start).join('/');
}

function isPublish(name: string, operands: string[]): boolean {
  const verb = operands[0];
  // options may stand before the verb and take values (`pnpm --filter app publish`)
  if (['npm', 'pnpm', 'yarn', 'bun'].includes(name)) return operands.includes('publish') || operands.includes('unpublish');
  return (name === 'cargo' && verb === 'publish') || (name === 'twine' && verb === 'upload') || (name === 'gem' && verb === 'push') || (name === 'poetry' && verb === 'publish');
}

function assessRedirect({ op, target }: Redirect, found: Set<string>, folders: Folders): void {
  if (!WRITES.has(op) || /^(?:\d+|-)$/.test(target)) return; // `2>&1`, `>&-`: a descriptor, not a file
  if (/^\/dev\/(?:sd|nvme|hd|disk|mmcblk|vd|xvd)/.test(target)) found.add(W.rawDisk);
  else warnWrite(target, found, folders);
}

/** A file the command writes, judged by the edit tools' policy (shellWrites) from each folder it may run in: one reason is enough. */
function warnWrite(target: string, found: Set<string>, folders: Folders, contentKept = false): void {
  const warning = fromEach(folders, target).map(contentKept ? touchWarning : writeWarning).find((w) => w !== undefined);
  if (warning) found.add(warning);
}

/** A patch or an archive: its files are unknown, where they land may be known (shellUnpacks). */
function warnUnpacked(u: Unpacked | undefined, found: Set<string>, folders: Folders): void {
  const warning = u && unpackedWarning(u, folders);
  if (warning) found.add(warning);
}

function assessFind(args: string[], found: Set<string>, depth: number, folders: Folders): void {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-delete') found.add(W.findDelete);
    if (/^-(?:exec|execdir|ok|okdir)$/.test(args[i]!)) {
      let end = i + 1;
      while (end < args.length && args[end] !== ';' && args[end] !== '+') end++;
      const run = commandRun(args.slice(i + 1, end), found);
      for (const program of run ? [run, ...run.also] : []) assessRun(program.name, program.args, found, depth + 1, folders);
      i = end;
    }
  }
}

/**
 * Configuration that names a program git runs (an alias starting with `!`, a pager, an ssh command, a
 * merge or diff driver…), or pulls in other configuration that may (`include.path`), as `key=value`.
 */
const GIT_RUNS = /^alias\.[^=]*=\s*!|^(?:core\.(?:sshcommand|pager|fsmonitor|hookspath|editor|askpass|gitproxy|alternaterefscommand)|diff\.external|uploadpack\.packobjectshook|include(?:if\.[^=]*)?\.path|[\w.-]*\.(?:sshcommand|textconv|command|cmd|program|helper|clean|smudge|process|tool|driver|editor))=/i;

function assessGit(args: string[], found: Set<string>, folders: Folders): void {
  let i = 0;
  let dir = '.';
  while (i < args.length && args[i]!.startsWith('-')) {
    const arg = args[i]!;
    if (arg === '-C' && args[i + 1] !== undefined) dir = args[i + 1]!;
    const value = GIT_VALUED.has(arg) && !arg.includes('=') ? args[i + 1] : arg.startsWith('-c') && arg.length > 2 ? arg.slice(2) : undefined;
    if ((arg === '-c' || /^-c./.test(arg)) && value !== undefined && GIT_RUNS.test(value)) found.add(W.gitConfig);
    // its value comes from an environment variable, not shown on the card: any key may run a program
    if (arg.startsWith('--config-env')) found.add(W.gitConfig);
    i += GIT_VALUED.has(arg) ? 2 : 1;
  }
  const sub = args[i];
  const o = options(args.slice(i + 1));
  warnUnpacked(gitPatch(sub, args.slice(i + 1), dir), found, folders);
  switch (sub) {
    case 'config':
      // kept in .git/config or ~/.gitconfig, it runs at every later git command, VS Code's own included
      if (setsGitProgram(args.slice(i + 1))) found.add(W.gitConfigSet);
      return;
    case 'reset':
      if (o.long.has('hard')) found.add(W.reset);
      return;
    case 'clean':
      if (has(o, 'f', 'force') && !has(o, 'n', 'dry-run')) found.add(W.clean);
      return;
    case 'checkout':
      if (has(o, 'f', 'force') || o.paths.length > 0 || o.operands.some((p) => p === '.' || p.startsWith(':/'))) found.add(W.discard);
      return;
    case 'restore':
      if ((!has(o, 'S', 'staged') || has(o, 'W', 'worktree')) && (o.operands.length > 0 || o.paths.length > 0)) found.add(W.discard);
      return;
    case 'stash':
      if (o.operands[0] === 'drop' || o.operands[0] === 'clear') found.add(W.stash);
      return;
    case 'branch':
      if (o.short.has('D') || (has(o, 'd', 'delete') && has(o, 'f', 'force'))) found.add(W.branch);
      return;
    case 'push': {
      found.add(W.push);
      const refspecs = o.operands.slice(1);
      if (has(o, 'f', 'force') || o.long.has('force-with-lease') || o.long.has('force-if-includes') || o.long.has('mirror') || refspecs.some((r) => r.startsWith('+'))) found.add(W.forcePush);
      if (has(o, 'd', 'delete') || o.long.has('prune') || refspecs.some((r) => /^:./.test(r))) found.add(W.deleteRemote);
      return;
    }
  }
}

/** `git config` options that only read or remove, and those that take the next word as their value. */
const GIT_CONFIG_READS = new Set(['get', 'get-all', 'get-regexp', 'get-urlmatch', 'get-color', 'get-colorbool', 'list', 'l', 'unset', 'unset-all', 'rename-section', 'remove-section', 'edit', 'e']);
const GIT_CONFIG_VALUED = new Set(['-f', '--file', '--blob', '--type', '--default', '--comment', '--value']);

/** `git config [--global…] key value`, `git config set key value`: the pair names a program (GIT_RUNS). */
function setsGitProgram(args: string[]): boolean {
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.startsWith('-')) {
      if (GIT_CONFIG_READS.has(arg.replace(/^--?/, ''))) return false;
      if (GIT_CONFIG_VALUED.has(arg)) i++;
    } else operands.push(arg);
  }
  if (GIT_CONFIG_READS.has(operands[0] ?? '')) return false; // git 2.46's `git config get|list|unset …`
  const [key, value] = operands[0] === 'set' ? operands.slice(1) : operands;
  return key !== undefined && value !== undefined && GIT_RUNS.test(`${key}=${value}`);
}
