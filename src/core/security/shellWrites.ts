// The files a shell command writes, and what about such a file deserves a warning. Under
// `approval.commands: auto` a warning is what makes SmallCode ask, so a command may not write what the
// edit tools may not: Git's data and hooks, editor configuration (checkWritablePath), or a file that
// decides what the project's commands run (commandFileReason) — the same policy, judged on the path
// the command names. A path outside the workspace, or one only known when the command runs (a variable,
// a substitution, a pattern), is a warning too: where it lands cannot be judged beforehand.
import { commandFileReason } from './commandFiles';
import { checkWritablePath } from './protectedPaths';
import { normalizeWorkspacePath } from './workspacePath';
import { gitSubcommandAt } from './shellRunners';
import { directoriesGiven } from './shellDirectories';
import { containerOutputs } from './shellContainers';
import { isLongOption, readOptions, type Takes } from './shellOptions';

/** Redirections that write their target. */
export const WRITES = new Set(['>', '>>', '>|', '&>', '&>>', '<>', '>&']);

const OUTSIDE = 'writes to a file outside the workspace';
export const DYNAMIC = 'writes to a file whose name is only known when it runs (a variable, substitution or pattern)';

/** A variable, substitution or pattern: the name is only known when the command runs. */
export const UNKNOWN_NAME = /[$`*?[{]/;

/** An absolute or home path: outside the workspace (the core does not know the root), except the scratch places. */
function outsideWorkspace(path: string): boolean {
  if (path.startsWith('~')) return true;
  return path.startsWith('/') && !/^\/(?:tmp\/|dev\/(?:null|stdout|stderr|tty|fd\/))/.test(path);
}

/** A scratch place outside the workspace that anything may write: /tmp, /dev/null. */
export function isScratch(path: string): boolean {
  return path.startsWith('/') && !outsideWorkspace(path);
}

/**
 * `target` as named from each folder the command may run in (`cd` earlier in the script; '' is the
 * workspace root), the latest first. An absolute or home path is the same from anywhere.
 */
export function fromEach(folders: Iterable<string>, target: string): string[] {
  if (/^[/~]/.test(target)) return [target];
  return [...folders].reverse().map((folder) => (folder === '' ? target : `${folder}/${target}`));
}

/** Why writing `target` (as the command names it, relative to the workspace root) deserves a warning. */
export const writeWarning = (target: string): string | undefined => judgeWrite(target, false);

/**
 * Why changing only `target`'s mode, owner or times, or creating it empty, deserves a warning: as a write,
 * except that a file deciding what commands run is not changed by it (`chmod +x gradlew`, `touch Makefile`).
 */
export const touchWarning = (target: string): string | undefined => judgeWrite(target, true);

function judgeWrite(target: string, contentKept: boolean): string | undefined {
  if (outsideWorkspace(target)) return OUTSIDE;
  if (isScratch(target)) return undefined;
  if (UNKNOWN_NAME.test(target)) return DYNAMIC;
  const path = normalizeWorkspacePath(target);
  if (!path.ok) return OUTSIDE; // `..` above the root, a drive letter
  const shown = path.path.length > 80 ? `${path.path.slice(0, 77)}...` : path.path;
  if (!checkWritablePath(path.path).ok) return `writes ${shown}, which SmallCode's own edits may not change (Git's data and hooks, editor settings, SmallCode's state)`;
  if (!contentKept && commandFileReason(path.path)) return `changes ${shown}, a file that decides what the project's commands run`;
  return undefined;
}

/**
 * Files a program writes through its arguments (not its redirections): tee's files, the destination
 * of cp/mv/install/ln/`git mv` (and a protected file ln links to), what truncate and `dd of=` change, the
 * files of an in-place sed, perl, ruby or yq, git's and sort's `--output`/`-o`, sponge's file, the files
 * an editor opens (ed, ex, vim), and the manifests that npm's `pkg set`, `set-script` and `config set`
 * change. Failing closed, any other program's `--output=<path>` or `-o <path>` is a write of that path.
 * rsync and scp are the caller's (their destination may be a host).
 */
export function filesWritten(name: string, args: string[]): string[] {
  switch (name) {
    case 'tee':
      return args.filter((a) => !a.startsWith('-') || a === '-').filter((a) => a !== '-');
    case 'cp': case 'mv': case 'install':
      return copyDestination(args);
    case 'ln':
      return [...copyDestination(args), ...linkedProtected(args)];
    case 'truncate':
      return readOptions(args, (o) => (['s', 'r', 'o', '--size', '--reference'].includes(o) ? 'next' : undefined), () => {});
    case 'dd':
      return args.filter((a) => a.startsWith('of=')).map((a) => a.slice(3));
    case 'git':
      return gitWritten(args);
    case 'sort':
      return optionValues(args, (o) => (/^[ktoST]$/.test(o) || (o.startsWith('--') && !SORT_FLAGS.has(o)) ? 'next' : undefined), (o) => o === 'o' || isLongOption(o, '--output', 3));
    case 'sponge':
      return readOptions(args, () => undefined, () => {});
    case 'yq':
      return yqInPlace(args);
    case 'ed': case 'ex': case 'vi': case 'vim': case 'nvim':
      return editorFiles(args);
    case 'sed': {
      const sed = readSed(args);
      return sed.inPlace ? sed.files : [];
    }
    case 'perl':
      // -e/-E code and -I dir take the next word when nothing follows them; -i, -M, -0… only the rest of theirs
      return inPlaceFiles(args, 'eE', (o) => ('eEI'.includes(o) ? 'next' : 'iMmxdDCVl0'.includes(o) ? 'glued' : undefined));
    case 'ruby':
      // -e code, -I dir, -r lib, -C dir, -E encoding take the next word when nothing follows them; -i, -F, -x, -0, -W, -K, -T only the rest of theirs
      return inPlaceFiles(args, 'e', (o) => ('eIrCE'.includes(o) ? 'next' : 'iFx0WKT'.includes(o) ? 'glued' : undefined));
    case 'npm':
      return npmFiles(args);
    case 'docker': case 'podman': case 'nerdctl':
      return containerOutputs(args, outputOption);
    case 'docker-compose': case 'podman-compose':
      return containerOutputs(['compose', ...args], outputOption);
    default: {
      const run = moduleRun(name, args) ?? { name, args };
      return NO_OUTPUT_OPTION.has(run.name) ? [] : outputOption(run.args);
    }
  }
}

/** `python -m pytest -o …`: the module is the program whose options follow (its `-o` is pytest's). */
function moduleRun(name: string, args: string[]): { name: string; args: string[] } | undefined {
  if (!/^(?:python[\d.]*|pypy[\d.]*|py)$/.test(name)) return undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    // python's flags (bundled or not), then -m and its module, glued or as the next word (`-Bm pytest`, `-mpytest`)
    const module = /^-[bBdEhiIOPqRsSuvVx]*m(.*)$/.exec(arg);
    if (module) {
      const named = module[1] || args[i + 1];
      return named ? { name: named, args: args.slice(module[1] ? i + 1 : i + 2) } : undefined;
    }
    if (arg === '-W' || arg === '-X') i++; // their value is the next word
    // -c, a script or `-`: python's options end, and no module runs
    else if (!/^-[bBdEhiIOPqRsSuvVxWX]/.test(arg)) return undefined;
  }
  return undefined;
}

/** The values of the options `wanted` picks, read as getopt does (`takes`: which options take a value). */
function optionValues(args: string[], takes: (option: string) => Takes, wanted: (option: string) => boolean): string[] {
  const values: string[] = [];
  readOptions(args, takes, (option, value) => { if (wanted(option) && value) values.push(value); });
  return values;
}

/** sort's long options that take no value (every other long option does: `--key`, `--output`, `--buffer-size`…). */
const SORT_FLAGS = new Set(['--ignore-leading-blanks', '--dictionary-order', '--ignore-case', '--general-numeric-sort', '--ignore-nonprinting', '--month-sort', '--human-numeric-sort', '--numeric-sort', '--random-sort', '--reverse', '--version-sort', '--check', '--merge', '--stable', '--unique', '--zero-terminated', '--debug', '--help', '--version']);

/**
 * Programs whose `-o` is no output file (`ls -o`, `grep -o` and its kin's only-matching, `ssh -o Option=x`,
 * `set -o pipefail`, `ps -o pid`, find's and test's or, `kubectl -o jsonpath=…`, `pytest -o ini=value`), left
 * out of the rule that any other program's `-o <path>` writes it. Behind a wrapper (`sudo`, `uv run`,
 * `microk8s kubectl`: shellRunners) or `python -m` the program itself is what is looked up.
 */
const NO_OUTPUT_OPTION = new Set([
  'ls', 'grep', 'egrep', 'fgrep', 'rg', 'ag', 'ack', 'ack-grep', 'ugrep', 'ug', 'pcregrep', 'pcre2grep',
  'zgrep', 'zegrep', 'zfgrep', 'xzgrep', 'xzegrep', 'xzfgrep', 'bzgrep', 'bzegrep', 'bzfgrep', 'zstdgrep', 'lzgrep',
  'ssh', 'scp', 'sftp', 'sshfs', 'rsync', 'set', 'shopt', 'sh', 'bash', 'zsh', 'dash', 'ksh', 'ps', 'pgrep', 'pkill',
  'find', '[', '[[', 'test', 'mount', 'tar', 'cpio', 'unzip', 'zip', 'lsof', 'xargs',
  'kubectl', 'kubecolor', 'microk8s.kubectl', 'oc', 'crictl', 'pytest', 'py.test',
]);

/**
 * An unknown program's output file: `--output=<path>`, `--output <path>` or `-o <path>` (a compiler's,
 * a generator's, curl's). What it writes is not known, so the name it is given counts as written.
 */
function outputOption(args: string[]): string[] {
  const written: string[] = [];
  for (let i = 0; i < args.length && args[i] !== '--'; i++) {
    const arg = args[i]!;
    if (arg.startsWith('--output=')) written.push(arg.slice('--output='.length));
    else if ((arg === '-o' || arg === '--output') && args[i + 1] !== undefined && !args[i + 1]!.startsWith('-')) written.push(args[++i]!);
  }
  return written;
}

/**
 * What a git command writes: `git mv`'s destination, and the file a diff or log option names
 * (`--output=<file>`, in log, diff, show…), format-patch's folder (`-o`, `--output-directory`) and
 * archive's file (`-o`): from the folder `-C` names.
 */
function gitWritten(args: string[]): string[] {
  const at = gitSubcommandAt(args);
  const sub = args[at];
  const rest = args.slice(at + 1);
  const dir = directoriesGiven('git', args.slice(0, at)).at(-1);
  const inDir = (paths: string[]) => (dir === undefined || dir === '.' ? paths : paths.map((path) => `${dir.replace(/\/+$/, '')}/${path}`));
  if (sub === 'mv') return inDir(copyDestination(rest.filter((a) => !/^-[fknv]+$/.test(a))));
  const written: string[] = [];
  const shortOutput = sub === 'format-patch' || sub === 'archive';
  for (let i = 0; i < rest.length && rest[i] !== '--'; i++) {
    const arg = rest[i]!;
    const eq = arg.indexOf('=');
    const option = eq === -1 ? arg : arg.slice(0, eq);
    // `--output-indicator-new=+` is a diff option too: only --output, and format-patch's --output-directory (or a start of it)
    const output = option === '--output' || (sub === 'format-patch' && isLongOption(option, '--output-directory', 7));
    if (output) {
      const value = eq !== -1 ? arg.slice(eq + 1) : rest[++i];
      if (value !== undefined) written.push(value);
    } else if (shortOutput && arg.startsWith('-o')) {
      const value = arg.length > 2 ? arg.slice(2) : rest[++i];
      if (value !== undefined) written.push(value);
    }
  }
  return inDir(written);
}

/** yq's files when it edits in place (`yq -i '.a=1' f.yaml`, `yq e -i …`): the operands after its expression. */
function yqInPlace(args: string[]): string[] {
  let inPlace = false;
  let fromFile = false;
  const operands = readOptions(args, (o) => (/^[Ipo]$/.test(o) || ['--indent', '--input-format', '--output-format', '--from-file', '--arg', '--argjson'].includes(o) ? 'next' : undefined), (option) => {
    if (option === 'i' || option === '--inplace' || option === '--in-place') inPlace = true;
    if (option === '--from-file') fromFile = true;
  });
  if (!inPlace) return [];
  const words = /^(?:e|eval|ea|eval-all)$/.test(operands[0] ?? '') ? operands.slice(1) : operands;
  // a lone operand may be the file itself (the expression left to its default): judged as written
  return fromFile || words.length <= 1 ? words : words.slice(1);
}

/**
 * The files an editor opens (`ed -s f < script`, `ex -sc '%s/a/b/|wq' f`, `vim -es -c wq f`): run from a
 * command, it edits them by script, so each is written; and so is vim's `-w`/`-W` script output.
 */
function editorFiles(args: string[]): string[] {
  const written: string[] = [];
  const operands = readOptions(args, (o) => (/^[cSuUiTtqwWp]$/.test(o) || o === '--cmd' ? 'next' : undefined), (option, value) => {
    if ((option === 'w' || option === 'W') && value) written.push(value);
  });
  return [...written, ...operands.filter((o) => !o.startsWith('+'))];
}

/**
 * Files whose times, mode or owner a program changes, or that it creates empty (touch, chmod, chown, chgrp):
 * judged as writes (`chmod +x .git/hooks/pre-commit` arms a hook), but their content does not change.
 */
export function filesTouched(name: string, args: string[]): string[] {
  switch (name) {
    case 'touch':
      return notDotPatterns(readOptions(args, (o) => (['d', 'r', 't', '--date', '--reference'].includes(o) ? 'next' : undefined), () => {}));
    case 'chmod': case 'chown': case 'chgrp':
      return notDotPatterns(ownershipFiles(args));
    default:
      return [];
  }
}

/** coreutils' options that take a value, for cp, mv, install and ln (`-t DIR` names the destination). */
const COPY_VALUED = new Set(['t', 'S', 'm', 'o', 'g', '--target-directory', '--suffix', '--mode', '--owner', '--group']);

/** cp's, mv's, install's or ln's operands, and the folder `-t` names (getopt: `--target=` too). */
function copyOperands(args: string[]): { target: string | undefined; operands: string[] } {
  let target: string | undefined;
  const operands = readOptions(args, (o) => (COPY_VALUED.has(o) ? 'next' : undefined), (option, value) => {
    if (option === 't' || isLongOption(option, '--target-directory', 3)) target = value;
  });
  return { target, operands };
}

function copyDestination(args: string[]): string[] {
  const { target, operands } = copyOperands(args);
  // `xargs cp -t .vscode`: the files come later, so the folder itself is what is written
  if (target !== undefined && operands.length === 0) return [target];
  const destination = target ?? (operands.length >= 2 ? operands.pop() : undefined);
  if (destination === undefined) return [];
  // a folder receives each source under its own name (`cp x/package.json .` writes ./package.json)
  const into = (source: string) => `${destination.replace(/\/+$/, '')}/${source.replace(/\/+$/, '').split('/').pop()}`;
  return [...(target === undefined ? [destination] : []), ...operands.map(into)];
}

/**
 * The targets of `ln` that are protected (`ln -s .git/hooks h`): writing through the link writes there,
 * so the link is a write to its target. Judged from any folder the path may name it under (`../.git`,
 * an absolute path into a workspace's `.git`), and so is a target in the home folder or only known when
 * it runs; other targets are read, not written (`ln -s ../lib x`, `ln -s /usr/bin/node bin/node`).
 */
function linkedProtected(args: string[]): string[] {
  const { target, operands } = copyOperands(args);
  const sources = target === undefined && operands.length >= 2 ? operands.slice(0, -1) : operands;
  return sources.filter((source) => {
    // a target only known when it runs, or in the home folder, may be anything (`ln -s ~/.bashrc rc`)
    if (/[$`]/.test(source) || source.startsWith('~')) return true;
    const parts = source.split('/').filter((p) => p !== '' && p !== '.');
    return parts.some((_, k) => !checkWritablePath(parts.slice(k).join('/')).ok);
  });
}

/**
 * Without the patterns that name no dot folder (`chmod +x scripts/*.sh`, `touch src/{a,b}.ts`): a pattern
 * does not match a name starting with `.`, so they cannot reach .git or .vscode, and touch and chmod
 * change no content. A variable or substitution is kept: its value may be anything; so is a brace that
 * spells a dot name (`{.git,x}/hooks`).
 */
function notDotPatterns(files: string[]): string[] {
  const dotName = (f: string) => f.split('/').some((part) => part.startsWith('.') && part !== '.' && part !== '..') || /[{,]\s*\./.test(f);
  return files.filter((f) => /[$`]/.test(f) || !/[*?[{]/.test(f) || dotName(f));
}

/** chmod's, chown's and chgrp's files: the operands after the mode or owner (none when `--reference` gives it). */
function ownershipFiles(args: string[]): string[] {
  const given = args.some((a) => a.startsWith('--reference'));
  // `chmod -x f`: a mode may start with `-`; only these letters are options
  const operands = args.filter((a) => !a.startsWith('--') && !/^-[RfvcHLPh]+$/.test(a));
  return given ? operands : operands.slice(1);
}

/** How sed is told its script and whether it edits in place (its files: the operands but the script). */
export interface SedCall {
  inPlace: boolean;
  /** Scripts from -e or the first operand, in order; empty when only -f names script files. */
  scripts: string[];
  /** `--sandbox`: sed refuses its commands that write or run (`w`, `e`, `r`). */
  sandbox: boolean;
  files: string[];
}

export function readSed(args: string[]): SedCall {
  const call: SedCall = { inPlace: false, scripts: [], sandbox: false, files: [] };
  let fromFile = false;
  const takes = (o: string): Takes => (['e', 'f', 'l', '--expression', '--file', '--line-length'].includes(o) ? 'next' : o === 'i' ? 'glued' : undefined);
  const operands = readOptions(args, takes, (option, value) => {
    if (option === 'i' || option === '--in-place') call.inPlace = true; // its value is the backup suffix
    if (option === '--sandbox') call.sandbox = true;
    if ((option === 'e' || option === '--expression') && value !== undefined) call.scripts.push(value);
    if (option === 'f' || option === '--file') fromFile = true;
  });
  const files = operands.filter((f) => f !== ''); // BSD's `sed -i '' …`: an empty backup suffix
  if (call.scripts.length || fromFile) call.files = files;
  else if (files.length) {
    call.scripts.push(files[0]!);
    call.files = files.slice(1);
  }
  return call;
}

/** An in-place perl's or ruby's files (`perl -pi -e 's/a/b/' f`): the operands after its code (`codeLetters`) or script. */
function inPlaceFiles(args: string[], codeLetters: string, takes: (option: string) => Takes): string[] {
  let inPlace = false;
  let codeGiven = false;
  const operands = readOptions(args, takes, (option) => {
    if (option === 'i') inPlace = true;
    if (codeLetters.includes(option)) codeGiven = true;
  }, true);
  if (!inPlace) return [];
  return codeGiven ? operands : operands.slice(1);
}

/** `npm pkg set|delete` and `npm set-script` write package.json; `npm config set` (or `npm set`) an npmrc. */
function npmFiles(args: string[]): string[] {
  const operands = args.filter((a) => !a.startsWith('-'));
  // the verb after any options' values (`npm --prefix app pkg set …`)
  const at = operands.findIndex((o) => ['pkg', 'set-script', 'config', 'c', 'set'].includes(o));
  const [verb, action] = at === -1 ? [] : operands.slice(at);
  if ((verb === 'pkg' && (action === 'set' || action === 'delete')) || verb === 'set-script') return ['package.json'];
  if (((verb === 'config' || verb === 'c') && action === 'set') || verb === 'set') {
    const project = args.some((a, k) => a === '--location=project' || ((a === '--location' || a === '-L') && args[k + 1] === 'project'));
    return [project ? '.npmrc' : '~/.npmrc'];
  }
  return [];
}
