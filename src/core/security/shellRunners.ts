// Which command a wrapper starts, so that what runs is judged as if it stood alone (shellCommand): prefixes
// (`sudo`, `env X=1`, `timeout 10`, `xargs`) and the package managers' forms that run a program or a
// shell line (`npx`, `npm exec -w app -c '…'`, `pnpm --filter app exec`, `pnpm sh -c …`, `yarn workspace app exec`,
// `yarn workspaces foreach -A exec`, `bun x`, `yarn node`, `npm explore x -- …`, `corepack pnpm …`), and
// the commands git starts (`git submodule foreach …`, `git rebase --exec …`, `git bisect run …`), and the
// tools a Kubernetes distribution bundles (`microk8s kubectl …`, `k3s kubectl …`). The tables
// below are the one place that knows them.
// An option the tables do not name may take the next word as its value or not: both readings are given
// back and each is judged, so a command behind an unknown option (`npm exec --prefix app -- rm -rf ~`)
// asks whichever way the tool reads it.
import { ownEntry } from './ownEntry';
import { shellQuote } from './shellQuote';

/** Where a wrapper's own words end and the command it starts begins. */
interface Form {
  /** Its options that take the next word as their value. */
  valued: ReadonlySet<string>;
  /** Operands of its own before the command (`timeout 10 …`, `yarn workspace app …`). */
  operands?: number;
  /** The command is another of the same tool's (`yarn workspace app run build` runs `yarn run build`). */
  sameTool?: boolean;
  /** The subcommand's word is the program it runs, with everything after it (`yarn node -e …` runs `node -e …`). */
  program?: boolean;
  /** The subcommand's word and operands are dropped, the rest is the tool's command line (`pnpm recursive exec …` is `pnpm exec …`). */
  dropped?: boolean;
  /**
   * The tool's row for a first word that is none of its subcommands above: a word in this set is the tool's
   * own command (`pnpm install`), any other the program it runs, with everything after it (`pnpm sh -c …`).
   */
  ownCommands?: ReadonlySet<string>;
}

const NONE: ReadonlySet<string> = new Set();

/** Words that only start another command (`sudo`, `env X=1`, `nohup`, `xargs`…), with their options that take a value. */
const PREFIXES: Record<string, ReadonlySet<string>> = {
  sudo: new Set(['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-T', '-U', '--user', '--group', '--chdir']),
  doas: new Set(['-u', '-C']),
  env: new Set(['-u', '-C', '--unset', '--chdir']),
  busybox: NONE,
  nice: new Set(['-n']),
  ionice: new Set(['-c', '-n', '-p']),
  stdbuf: new Set(['-i', '-o', '-e']),
  timeout: new Set(['-s', '-k']),
  xargs: new Set(['-a', '-d', '-E', '-e', '-I', '-i', '-L', '-l', '-n', '-P', '-s']),
  npx: new Set(['-p', '--package']), uvx: new Set(['--from', '--with', '--python', '-p']),
  nohup: NONE, time: NONE, exec: new Set(['-a']), command: NONE, builtin: NONE, setsid: NONE,
  pnpx: NONE, bunx: new Set(['-p', '--package']), unbuffer: NONE, '!': NONE, '{': NONE, then: NONE, do: NONE,
  else: NONE, if: NONE, elif: NONE, while: NONE, until: NONE,
};
/** Prefixes whose first operand is theirs, not the command's (`timeout 10 npm test`). */
const PREFIX_OPERAND = new Set(['timeout']);
/**
 * Launchers of a package manager named by their first word, a version maybe pinned (`corepack pnpm@9 exec …`
 * runs `pnpm exec …`); any other first word is the launcher's own command (`corepack enable`).
 */
const LAUNCHERS: Record<string, ReadonlySet<string>> = {
  corepack: new Set(['npm', 'npx', 'pnpm', 'pnpx', 'yarn', 'yarnpkg']),
};

/**
 * Tools whose subcommand starts another command (`poetry run python -c …`, `pnpm dlx tsx -e …`), keyed by
 * that subcommand (one or two words), or `''` for any other word. Options a tool takes before its subcommand
 * are passed over (`pnpm --filter app exec`, `npm -w app exec`, `pnpm -C dir exec`, `yarn --cwd dir exec`).
 */
const NPM_EXEC: Form = { valued: new Set(['-p', '--package', '-w', '--workspace']) };
/** `yarn node …` (Yarn Berry's own command), `… run node …`. */
const NODE: Form = { valued: NONE, program: true };
/** A program a distribution bundles, run by its name with everything after it (`microk8s kubectl get pods`). */
const BUNDLED: Form = { valued: NONE, program: true };
/**
 * pnpm's commands and their aliases (pnpm 6.6 to 11): any other first word is a script, else "an unknown
 * command is considered a shell command" (`pnpm sh -c …`, `pnpm python3 -c …`, `pnpm node -e …`). A script
 * then reads as a program of its name (`pnpm build` as `build`), which is as trusted as `npm run build`.
 */
const PNPM_COMMANDS: ReadonlySet<string> = new Set([
  'access', 'add', 'adduser', 'approve-builds', 'audit', 'bin', 'bugs', 'cache', 'cat-file', 'cat-index', 'change', 'ci',
  'clean-install', 'ic', 'install-clean', 'clean', 'purge', 'completion', 'completion-server', 'config', 'c', 'create', 'dedupe',
  'deploy', 'deprecate', 'dist-tag', 'dist-tags', 'dlx', 'docs', 'home', 'doctor', 'edit', 'env', 'exec', 'fetch', 'find-hash',
  'get', 'help', 'ignored-builds', 'import', 'info', 'init', 'install', 'i', 'install-test', 'it', 'issues', 'lane',
  'licenses', 'link', 'ln', 'list', 'ls', 'll', 'la', 'login', 'logout', 'outdated', 'owner', 'owners', 'pack', 'pack-app',
  'patch', 'patch-commit', 'patch-remove', 'peers', 'ping', 'pkg', 'prefix', 'profile', 'prune', 'publish', 'rebuild', 'rb',
  'recursive', 'multi', 'm', 'remove', 'uninstall', 'rm', 'un', 'uni', 'repo', 'restart', 'root', 'run', 'run-script',
  'runtime', 'rt', 'sbom', 'search', 's', 'se', 'find', 'self-update', 'server', 'set', 'set-script', 'ss', 'setup', 'show',
  'stage', 'star', 'stars', 'start', 'stop', 'store', 'team', 'test', 't', 'tst', 'token', 'undeprecate', 'unlink', 'dislink',
  'unpublish', 'unstar', 'update', 'up', 'upgrade', 'v', 'version', 'view', 'whoami', 'why', 'with', 'xmas', 'pm',
]);
/**
 * pnpm's options that take a value, before its command (`pnpm -F './packages/*' build`): the value is no
 * program. Of another option, both readings are judged: it takes the next word, or the word is the program.
 */
const PNPM_VALUED: ReadonlySet<string> = new Set([
  '-C', '--dir', '-F', '--filter', '--filter-prod', '--loglevel', '--reporter', '--test-pattern', '--changed-files-ignore-pattern',
  '--prefix', '--workspace-concurrency', '--resume-from', '--store-dir', '--virtual-store-dir', '--modules-dir', '--lockfile-dir', '--registry',
]);
/** `pnpm recursive exec …`, `pnpm m exec …`, `pnpm pm exec …` (pnpm drops the word), `pnpm with 10 exec …` (another pnpm's version runs the rest). */
const PNPM_DROPS: Form = { valued: NONE, dropped: true };
const RUNNERS = new Map<string, ReadonlyMap<string, Form>>([
  ['poetry', new Map([['run', { valued: NONE }]])],
  ['pipenv', new Map([['run', { valued: NONE }]])],
  ['uv', new Map([['run', { valued: new Set(['--with', '--with-editable', '--with-requirements', '--python', '-p', '--project', '--directory', '--package', '--extra', '--group', '--env-file', '--index', '--default-index', '-w']) }]])],
  ['pnpm', new Map<string, Form>([
    ['dlx', { valued: new Set(['--package']) }],
    ['exec', { valued: NONE }],
    ['run node', NODE],
    ['recursive', PNPM_DROPS], ['multi', PNPM_DROPS], ['m', PNPM_DROPS], ['pm', PNPM_DROPS],
    ['with', { ...PNPM_DROPS, operands: 1 }],
    ['', { valued: PNPM_VALUED, ownCommands: PNPM_COMMANDS }],
  ])],
  ['yarn', new Map<string, Form>([
    ['dlx', { valued: new Set(['-p', '--package']) }],
    ['exec', { valued: NONE }],
    ['node', NODE],
    ['run node', NODE],
    // Yarn 1 and Berry: the rest is any yarn command, run in the workspace named, or in each one chosen
    ['workspace', { valued: NONE, operands: 1, sameTool: true }],
    ['workspaces foreach', { valued: new Set(['--from', '--include', '--exclude', '-j', '--jobs']), sameTool: true }],
  ])],
  // `npm explore <pkg> -- <command>`: the words after the package, in a shell, in its folder
  ['npm', new Map([['exec', NPM_EXEC], ['x', NPM_EXEC], ['explore', { valued: new Set(['--shell']), operands: 1 }]])],
  ['bun', new Map([['x', { valued: new Set(['-p', '--package']) }], ['exec', { valued: NONE }]])],
  // the Kubernetes tools a distribution bundles (`microk8s kubectl get pods`, `k3s crictl ps`) run as themselves
  ['microk8s', new Map([['kubectl', BUNDLED], ['helm', BUNDLED], ['helm3', BUNDLED], ['ctr', BUNDLED]])],
  ['k3s', new Map([['kubectl', BUNDLED], ['crictl', BUNDLED], ['ctr', BUNDLED]])],
]);

/**
 * The wrappers above (by name, or name and subcommand) that give a shell a command line, judged as
 * `sh -c '…'` is: an option's value (`npx -c '…'`, `npm exec --call '…'`), or the words after the options
 * (pnpm's shell mode, `pnpm -c exec …`, set before or after the subcommand; `bun exec '…'` and `yarn exec '…'` always).
 * `programInLine`: without that option the program's own word is the line, its arguments appended quoted
 * (npm's libnpmexec: `script = call || args.shift()`), so `npx -p x 'rm -rf ~'` runs rm.
 */
const SHELL_LINE: Readonly<Record<string, { short?: string; long?: string; takes: 'value' | 'words'; programInLine?: true }>> = {
  npx: { short: 'c', long: '--call', takes: 'value', programInLine: true },
  'npm exec': { short: 'c', long: '--call', takes: 'value', programInLine: true },
  'npm x': { short: 'c', long: '--call', takes: 'value', programInLine: true },
  'pnpm exec': { short: 'c', long: '--shell-mode', takes: 'words' },
  'pnpm dlx': { short: 'c', long: '--shell-mode', takes: 'words' },
  'bun exec': { takes: 'words' },
  // Yarn 1 and Berry alike join the words into one line for a shell (`yarn exec 'rm -rf x && …'`)
  'yarn exec': { takes: 'words' },
  'npm explore': { takes: 'words' },
};
type ShellLine = (typeof SHELL_LINE)[string];

export const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** Other names a tool is installed under (Debian and Ubuntu install Yarn as `yarnpkg`). */
const SAME_TOOL: Record<string, string> = { yarnpkg: 'yarn' };

/**
 * The commands `words[at]` may start when it is a wrapper, as words (a shell line as `sh -c '…'`): the
 * likeliest first (an option the tables do not name takes no value), then one for each such option that
 * could take the next word; past `most` readings it stops (the caller asks rather than read on). Undefined
 * when `words[at]` starts no other command (`yarn install`, `ls`).
 */
export function wrappedCommands(words: string[], at: number, most = Infinity): string[][] | undefined {
  const name = ownEntry(SAME_TOOL, baseName(words[at]!)) ?? baseName(words[at]!);
  if (name === 'git') return gitRuns(words, at);
  // `env -S 'rm -rf x'`: the string is split into the command
  const split = name === 'env' ? words.findIndex((w, k) => k > at && (w === '-S' || w === '--split-string')) : -1;
  if (split !== -1) return [[...(words[split + 1] ?? '').split(/\s+/).filter(Boolean), ...words.slice(split + 2)]];
  const launched = words[at + 1]?.replace(/@.*/, '');
  if (launched !== undefined && ownEntry(LAUNCHERS, name)?.has(launched)) return [[launched, ...words.slice(at + 2)]];
  const runner = runnerSubcommand(name, words, at);
  const prefix = ownEntry(PREFIXES, name);
  const form: Form | undefined = runner?.form ?? (prefix && { valued: prefix, operands: PREFIX_OPERAND.has(name) ? 1 : 0 });
  if (!form) return undefined;
  if (runner?.form.program) return [words.slice(runner.at)];
  if (runner?.form.dropped) return [[...words.slice(at, runner.at), ...words.slice(runner.at + 1 + (runner.form.operands ?? 0))]];
  const shell = ownEntry(SHELL_LINE, runner ? `${name} ${runner.key}` : name);
  const said: Said = { shellWords: shell !== undefined && shell.short === undefined && shell.long === undefined };
  const readings: string[][] = [];
  /** The command that starts at `words[k]`, as the options read so far say. */
  const reading = (k: number) => {
    const program = words[k];
    if (form.ownCommands) {
      // the tool's own command, read without the options before it (none: no other command starts)
      if (program !== undefined && (!form.ownCommands.has(program) || k > at + 1)) readings.push(form.ownCommands.has(program) ? [words[at]!, ...words.slice(k)] : words.slice(k));
      return;
    }
    const start = k + (form.operands ?? 0);
    // `npm explore x -- rm …`: a `--` after the operands ends the tool's options, it is not the line's
    const line = () => words.slice(form.operands && words[start] === '--' ? start + 1 : start).join(' ');
    if (said.line !== undefined || said.shellWords) readings.push(['sh', '-c', said.line ?? line()]);
    // a word that holds shell syntax (`'rm -rf ~'`, `'a|b'`): npm hands it to a shell as it stands
    else if (shell?.programInLine && program !== undefined && shellQuote(program) !== program) readings.push(['sh', '-c', [program, ...words.slice(k + 1).map(shellQuote)].join(' ')]);
    else readings.push([...(form.sameTool ? [name] : []), ...words.slice(start)]);
  };
  // pnpm's shell mode may be set before its subcommand (`pnpm -rc exec`)
  for (let k = at + 1; runner && k < runner.at; k++) readShellOption(shell, words, k, said);
  let k = (runner?.at ?? at) + 1;
  for (; k < words.length && words[k]!.startsWith('-') && words[k] !== '-' && readings.length <= most; k++) {
    const word = words[k]!;
    if (word === '--') {
      k++;
      break;
    }
    const given = readShellOption(shell, words, k, said);
    const next = words[k + 1];
    if (word.includes('=') || given === true || next === undefined) continue;
    if (form.valued.has(word) || typeof given === 'string') k++;
    else if (!next.startsWith('-')) {
      reading(k + 1); // the next word is the command, as the option takes no value…
      k++; // …or it is the option's value, and the command comes later
    }
  }
  if (readings.length <= most) reading(k);
  return readings.length ? readings : undefined;
}

/** What the options read so far say of a shell line: given as a value, or made of the command's words. */
interface Said {
  line?: string;
  shellWords: boolean;
}

/** Notes in `said` the wrapper's option at `words[k]` that gives a shell a command line: its value, `true` for a flag, `false` for another option. */
function readShellOption(shell: ShellLine | undefined, words: string[], k: number, said: Said): string | boolean {
  const given = shell ? shellLineOption(shell, words, k) : false;
  if (typeof given === 'string') said.line ??= given;
  else said.shellWords ||= given;
  return given;
}

function shellLineOption(shell: ShellLine, words: string[], k: number): string | boolean {
  const word = words[k]!;
  const long = shell.long !== undefined && (word === shell.long || word.startsWith(`${shell.long}=`));
  const short = shell.short !== undefined && (shell.takes === 'value' ? word === `-${shell.short}` : new RegExp(`^-[A-Za-z]*${shell.short}[A-Za-z]*$`).test(word));
  if (!long && !short) return false;
  if (shell.takes === 'words') return true;
  return word.includes('=') ? word.slice(word.indexOf('=') + 1) : (words[k + 1] ?? '');
}

/** Where the command a runner starts begins (`uv --directory x run …`): its subcommand's last word's index, key and form; undefined for another subcommand. */
function runnerSubcommand(name: string, words: string[], at: number): { at: number; key: string; form: Form } | undefined {
  const subcommands = RUNNERS.get(name);
  if (!subcommands) return undefined;
  const other = subcommands.get('');
  for (let k = at + 1; k < words.length; k++) {
    const word = words[k]!;
    if (word.startsWith('-')) continue;
    const pair = `${word} ${words[k + 1]}`;
    const form = word !== '' ? subcommands.get(pair) ?? subcommands.get(word) : undefined;
    const previous = words[k - 1]!;
    const mayBeValue = previous.startsWith('-') && !previous.includes('=');
    // a word dropped only where it is surely no option's value (`pnpm --filter m sh …` runs sh in package m)
    if (form && !(form.dropped && mayBeValue)) return subcommands.has(pair) ? { at: k + 1, key: pair, form } : { at: k, key: word, form };
    if (!mayBeValue) break; // `poetry install`; else the word may be an option's value
  }
  // the row for any other word reads the tool's options itself, from the start
  return other && { at, key: '', form: other };
}

/** git's options before its subcommand that take the next word as their value. */
export const GIT_VALUED: ReadonlySet<string> = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--config-env', '--super-prefix', '--attr-source']);

/** Where git's subcommand stands in `args` (git's own words, without `git`): past its options and their values. */
export function gitSubcommandAt(args: readonly string[]): number {
  let i = 0;
  while (i < args.length && args[i]!.startsWith('-')) i += GIT_VALUED.has(args[i]!) ? 2 : 1;
  return i;
}

/** A git subcommand's options whose value is a shell line git runs (`git rebase -x 'make test'`). */
const GIT_LINE_OPTIONS: Record<string, (option: string) => boolean> = {
  rebase: (o) => o === '-x' || o === '--exec',
  difftool: (o) => o === '-x' || o === '--extcmd',
  'filter-branch': (o) => /^--[\w-]*-filter$/.test(o) || o === '--setup',
};

/**
 * The commands git itself starts from a git command line (`git submodule foreach …`, `git bisect run …`,
 * `git rebase --exec …`, `git filter-branch --tree-filter …`, `git difftool -x …`): the git command without
 * them first (judged as git, its `-c` included), then each command, a shell line as `sh -c '…'`.
 * Undefined when it starts none.
 */
function gitRuns(words: string[], at: number): string[][] | undefined {
  const args = words.slice(at + 1);
  const sub = gitSubcommandAt(args);
  const head = words.slice(0, at + 2 + sub);
  const rest = args.slice(sub + 1);
  if (args[sub] === 'submodule' || args[sub] === 'bisect') {
    const verb = rest.findIndex((w) => !w.startsWith('-'));
    const word = rest[verb];
    // `foreach [--recursive] <command>`, `bisect run <command>`
    const command = rest.slice(verb + 1);
    if (args[sub] === 'submodule' && word === 'foreach') while (command[0]?.startsWith('--')) command.shift();
    if (!((args[sub] === 'submodule' && word === 'foreach') || (args[sub] === 'bisect' && word === 'run')) || !command.length) return undefined;
    // git runs `sh -c '<first word> "$@"'` with the rest as arguments: the first word is a shell line of its own
    return [[...head, ...rest.slice(0, verb + 1)], ['sh', '-c', [command[0]!, ...command.slice(1).map(shellQuote)].join(' ')]];
  }
  const isLine = ownEntry(GIT_LINE_OPTIONS, args[sub] ?? '');
  if (!isLine) return undefined;
  const own: string[] = [];
  const lines: string[][] = [];
  for (let k = 0; k < rest.length; k++) {
    const word = rest[k]!;
    if (word === '--') {
      own.push(...rest.slice(k));
      break;
    }
    const eq = word.startsWith('--') ? word.indexOf('=') : -1;
    const option = eq === -1 ? word : word.slice(0, eq);
    if (isLine(option)) lines.push(['sh', '-c', eq !== -1 ? word.slice(eq + 1) : rest[++k] ?? '']);
    // `-x'make test'`, `-ix 'make test'`: flags bundled before it, its value glued to it or the next word
    else if (/^-[a-wyzA-Z]*x/.test(word) && isLine('-x')) lines.push(['sh', '-c', word.slice(word.indexOf('x') + 1) || (rest[++k] ?? '')]);
    else own.push(word);
  }
  return lines.length ? [[...head, ...own], ...lines] : undefined;
}
