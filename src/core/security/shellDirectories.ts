// Options that move where a program works (`git -C ~`, `pnpm --dir ~ exec …`, `env --chdir=/etc …`): the
// judge reads relative paths from the workspace, so a program moved outside it would write `.bashrc` or
// `.ssh/authorized_keys` in another folder under a name that looks like the workspace's own. Such a
// move is flagged as `cd` out of the workspace is.
import { ownEntry } from './ownEntry';

/**
 * Each program's options that take the folder it works in. `getopt`: the short option also comes glued to
 * its value (`env -C/root`) or last in a cluster (`env -iC ~`, `make -sC~`), as getopt reads it; git's,
 * npm's and the others' parsers take only the separate word.
 */
const DIRECTORY_OPTIONS: Readonly<Record<string, { short?: string; long: readonly string[]; getopt?: true }>> = {
  env: { short: '-C', long: ['--chdir'], getopt: true },
  sudo: { short: '-D', long: ['--chdir'], getopt: true },
  git: { short: '-C', long: [] },
  make: { short: '-C', long: ['--directory'], getopt: true },
  gmake: { short: '-C', long: ['--directory'], getopt: true },
  ninja: { short: '-C', long: [], getopt: true },
  go: { short: '-C', long: [] },
  pnpm: { short: '-C', long: ['--dir'] },
  npm: { short: '-C', long: ['--prefix'] },
  npx: { long: ['--prefix'] },
  yarn: { long: ['--cwd'] },
  yarnpkg: { long: ['--cwd'] },
  bun: { long: ['--cwd'] },
  uv: { long: ['--directory'] },
  poetry: { short: '-C', long: ['--directory'] },
};

/** The folders `args` (a program's own options) move `name` to. */
export function directoriesGiven(name: string, args: readonly string[]): string[] {
  const options = ownEntry(DIRECTORY_OPTIONS, name);
  if (!options) return [];
  const folders: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const arg = args[k]!;
    if (arg === '--') break;
    const long = options.long.find((o) => arg === o || arg.startsWith(`${o}=`));
    if (long) folders.push(arg === long ? args[++k] ?? '' : arg.slice(long.length + 1));
    else if (options.short && arg === options.short) folders.push(args[++k] ?? '');
    else if (options.short && options.getopt) {
      // flags before it in the cluster; a letter there may also be an option taking the rest as its value
      // (`env -uC`): read as the folder option all the same, which can only ask more often
      const cluster = new RegExp(`^-[A-Za-z]*?${options.short[1]}`).exec(arg);
      if (cluster) folders.push(arg.slice(cluster[0].length) || (args[++k] ?? ''));
    }
  }
  return folders;
}

/** A folder that may be outside the workspace: absolute, home, up from the root, or only known when it runs. */
export function mayBeOutside(folder: string): boolean {
  const parts: string[] = [];
  if (/^(?:\/|~|[A-Za-z]:[\\/])|[$`]/.test(folder)) return true;
  for (const part of folder.split(/[\\/]+/)) {
    if (part === '..') {
      if (!parts.pop()) return true;
    } else if (part && part !== '.') parts.push(part);
  }
  return false;
}
