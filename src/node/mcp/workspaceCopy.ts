// A stdio MCP server whose `cwd` is in the workspace runs there, and some launchers look there first:
// `npx pkg` (and pnpm dlx, bunx, yarn dlx) runs the project's own node_modules copy of `pkg`, and
// `python -m mod` imports `mod` from the current folder. A cloned repository could then ship a copy
// of the user's server and run it with the server's env (its tokens); the user's `cwd` setting applies
// in every workspace, so it is no consent to that. This finds such a copy, so the server is not started.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { launchedProgram } from '../../core/mcp';

/** Launchers that run a package, and the options among theirs that take a value. */
const PACKAGE_RUNNERS: Record<string, ReadonlySet<string>> = {
  npx: new Set(['-p', '--package', '-c', '--call', '-w', '--workspace']),
  pnpx: new Set(),
  bunx: new Set(['-p', '--package']),
};
/** `pnpm dlx pkg`, `yarn dlx pkg`, `npm exec pkg` (or `npm x`), `bun x pkg`. */
const SUBCOMMAND_RUNNERS: Record<string, readonly string[]> = { pnpm: ['dlx'], yarn: ['dlx'], npm: ['exec', 'x'], bun: ['x'] };

/** A package's last name, the one its bin is linked under (`@acme/server` → `server`). */
const binName = (pkg: string) => pkg.slice(pkg.lastIndexOf('/') + 1);

/** `@scope/name@1.2.3` → `@scope/name`; `name@latest` → `name`. */
function packageName(spec: string): string {
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  return at === -1 ? spec : spec.slice(0, at);
}

/** The packages a package runner is asked for (`-p` options and the command it runs). */
function requestedPackages(args: readonly string[], valued: ReadonlySet<string>): string[] {
  const packages: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      if (args[i + 1] !== undefined) packages.push(args[i + 1]!);
      break;
    }
    if (arg.startsWith('--package=')) packages.push(arg.slice('--package='.length));
    else if (arg === '-p' || arg === '--package') packages.push(args[i + 1] ?? '');
    if (arg.startsWith('-')) {
      if (valued.has(arg)) i++;
      continue;
    }
    packages.push(arg);
    break;
  }
  return packages.filter(Boolean).map(packageName);
}

/**
 * The workspace's own copy the launcher would run instead of the user's (a path relative to `cwd`),
 * or undefined. Only what the launcher itself prefers is looked for: a plain program on PATH is not
 * affected by the folder it starts in.
 */
export function workspaceCopyOf(command: string, commandArgs: readonly string[], cwd: string): string | undefined {
  const { program: name, args } = launchedProgram(command, commandArgs);
  let packages: string[] | undefined;
  if (PACKAGE_RUNNERS[name]) packages = requestedPackages(args, PACKAGE_RUNNERS[name]!);
  else if (args[0] !== undefined && SUBCOMMAND_RUNNERS[name]?.includes(args[0])) packages = requestedPackages(args.slice(1), PACKAGE_RUNNERS.npx!);
  if (packages) {
    for (const pkg of packages) {
      const candidates = [join('node_modules', pkg), join('node_modules', '.bin', binName(pkg))];
      const found = candidates.find((c) => existsSync(join(cwd, c)));
      if (found) return found.replace(/\\/g, '/');
    }
    return undefined;
  }
  if (/^python(?:\d+(?:\.\d+)*)?$|^py$/.test(name)) {
    const m = args.findIndex((a) => a === '-m');
    const module = m === -1 ? undefined : args[m + 1]?.split('.')[0];
    if (!module) return undefined;
    return [module, `${module}.py`].find((c) => existsSync(join(cwd, c)));
  }
  return undefined;
}
