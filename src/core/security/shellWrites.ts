// The files a shell command writes, and what about such a file deserves a warning. Under
// `approval.commands: auto` a warning is what makes SmallCode ask, so a command may not write what the
// edit tools may not: Git's data and hooks, editor configuration (checkWritablePath), or a file that
// decides what the project's commands run (commandFileReason) — the same policy, judged on the path
// the command names. A path outside the workspace, or one only known when the command runs (a variable,
// a substitution, a pattern), is a warning too: where it lands cannot be judged beforehand.
import { commandFileReason } from './commandFiles';
import { checkWritablePath } from './protectedPaths';
import { normalizeWorkspacePath } from './workspacePath';

/** Redirections that write their target. */
export const WRITES = new Set(['>', '>>', '>|', '&>', '&>>', '<>', '>&']);

const OUTSIDE = 'writes to a file outside the workspace';
const DYNAMIC = 'writes to a file whose name is only known when it runs (a variable, substitution or pattern)';

/** An absolute or home path: outside the workspace (the core does not know the root), except the scratch places. */
function outsideWorkspace(path: string): boolean {
  if (path.startsWith('~')) return true;
  return path.startsWith('/') && !/^\/(?:tmp\/|dev\/(?:null|stdout|stderr|tty|fd\/))/.test(path);
}

/** Why writing `target` (as the command names it, relative to the workspace root) deserves a warning. */
export function writeWarning(target: string): string | undefined {
  if (outsideWorkspace(target)) return OUTSIDE;
  if (target.startsWith('/')) return undefined; // a scratch place: /tmp, /dev/null
  if (/[$`*?[{]/.test(target)) return DYNAMIC;
  const path = normalizeWorkspacePath(target);
  if (!path.ok) return OUTSIDE; // `..` above the root, a drive letter
  const shown = path.path.length > 80 ? `${path.path.slice(0, 77)}...` : path.path;
  if (!checkWritablePath(path.path).ok) return `writes ${shown}, which SmallCode's own edits may not change (Git's data and hooks, editor settings, SmallCode's state)`;
  if (commandFileReason(path.path)) return `changes ${shown}, a file that decides what the project's commands run`;
  return undefined;
}

/**
 * Files a program writes through its arguments (not its redirections): tee's files, the destination
 * of cp/mv/install/ln, the files of an in-place sed or perl, and the manifests that npm's `pkg set`,
 * `set-script` and `config set` change. rsync and scp are the caller's (their destination may be a host).
 */
export function filesWritten(name: string, args: string[]): string[] {
  switch (name) {
    case 'tee':
      return args.filter((a) => !a.startsWith('-') || a === '-').filter((a) => a !== '-');
    case 'cp': case 'mv': case 'install': case 'ln':
      return copyDestination(args);
    case 'sed':
      return sedFiles(args);
    case 'perl':
      return perlFiles(args);
    case 'npm':
      return npmFiles(args);
    default:
      return [];
  }
}

/** coreutils' options that take a value, for cp, mv, install and ln (`-t DIR` names the destination). */
const COPY_VALUED = new Set(['t', 'S', 'm', 'o', 'g']);
const COPY_VALUED_LONG = new Set(['target-directory', 'suffix', 'mode', 'owner', 'group']);

function copyDestination(args: string[]): string[] {
  const operands: string[] = [];
  let target: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const option = arg.slice(2, eq === -1 ? undefined : eq);
      const value = eq !== -1 ? arg.slice(eq + 1) : COPY_VALUED_LONG.has(option) ? args[++i] : undefined;
      if (option.length >= 3 && 'target-directory'.startsWith(option)) target = value; // getopt takes `--target=`
    } else if (/^-./.test(arg)) {
      const k = [...arg].findIndex((letter, at) => at > 0 && COPY_VALUED.has(letter));
      if (k === -1) continue;
      const value = k + 1 < arg.length ? arg.slice(k + 1) : args[++i];
      if (arg[k] === 't') target = value;
    } else operands.push(arg);
  }
  const destination = target ?? (operands.length >= 2 ? operands.pop() : undefined);
  if (destination === undefined) return [];
  // a folder receives each source under its own name (`cp x/package.json .` writes ./package.json)
  const into = (source: string) => `${destination.replace(/\/+$/, '')}/${source.replace(/\/+$/, '').split('/').pop()}`;
  return [...(target === undefined ? [destination] : []), ...operands.map(into)];
}

/** An in-place sed's files: every operand but the script (when no -e or -f gave it). */
function sedFiles(args: string[]): string[] {
  let inPlace = false;
  let scriptGiven = false;
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const option = arg.slice(2).split('=')[0]!;
      if (option === 'in-place') inPlace = true;
      if (option === 'expression' || option === 'file') scriptGiven = true;
      if ((option === 'expression' || option === 'file' || option === 'line-length') && !arg.includes('=')) i++;
    } else if (/^-./.test(arg)) {
      for (let k = 1; k < arg.length; k++) {
        const letter = arg[k]!;
        if (letter === 'i') inPlace = true; // the rest of the word is the backup suffix
        if (letter === 'e' || letter === 'f') scriptGiven = true;
        if ('efl'.includes(letter) && k + 1 === arg.length) i++; // their value is the next word
        if ('iefl'.includes(letter)) break;
      }
    } else operands.push(arg);
  }
  if (!inPlace) return [];
  const files = operands.filter((f) => f !== ''); // BSD's `sed -i '' …`: an empty backup suffix
  return scriptGiven ? files : files.slice(1);
}

/** An in-place perl's files (`perl -pi -e 's/a/b/' f`): the operands after its code or script. */
function perlFiles(args: string[]): string[] {
  let inPlace = false;
  let codeGiven = false;
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      i++;
      break;
    }
    if (!/^-./.test(arg)) break; // perl's options end at its first operand
    for (let k = 1; k < arg.length; k++) {
      const letter = arg[k]!;
      if (letter === 'i') inPlace = true; // the rest of the word is the backup extension
      if (letter === 'e' || letter === 'E') codeGiven = true;
      if ('eEI'.includes(letter) && k + 1 === arg.length) i++; // their value is the next word
      if ('ieEMmIxdDCV'.includes(letter)) break; // the rest of the word is this option's value
    }
  }
  if (!inPlace) return [];
  const operands = args.slice(i);
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
