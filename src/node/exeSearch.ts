// Windows runs a program named without a folder from the folder it starts in, before PATH: libuv's
// spawn (unless the *parent* has NoDefaultCurrentDirectoryInExePath), cmd.exe (unless its own env has
// it) and cross-spawn's `which` (the MCP SDK's spawn; always). SmallCode starts programs in the
// workspace, so a repository that ships `git.exe` or `npx.cmd` would run instead of the user's, before
// any approval. So a bare name SmallCode starts itself is found here over PATH only, and its children
// get the variable, so what they start (cmd.exe running the model's `git status`, npx.cmd running
// `node`) skips the folder too. The extension host's own environment is left alone: other extensions
// share it. Elsewhere nothing changes: POSIX looks only where PATH says.
import { statSync } from 'node:fs';
import { win32 } from 'node:path';

/** Where programs are looked for: injectable, so the Windows rules run in tests on any system. */
export interface ExeSearchHost {
  platform: NodeJS.Platform;
  /** PATH, PATHEXT, SystemRoot (names compared without case, as Windows does). */
  env: Readonly<Record<string, string | undefined>>;
  isFile(path: string): boolean;
}

export const hostExeSearch = (): ExeSearchHost => ({
  platform: process.platform,
  env: process.env,
  // any failure means "not here" (an access-denied folder or an app alias on PATH must not stop the search)
  isFile: (path) => { try { return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false; } catch { return false; } },
});

/** libuv's own extensions for a name without one (it never runs .cmd or .bat by itself). */
export const SPAWN_EXTENSIONS = ['.com', '.exe'] as const;

/** A Windows environment variable, whatever the case of its name. */
export function envValue(env: ExeSearchHost['env'], name: string): string | undefined {
  const key = Object.keys(env).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : env[key];
}

/** What a child's environment adds on Windows so that it, too, never looks in its folder for a program. */
export function noCwdSearchEnv(platform: NodeJS.Platform = process.platform): Record<string, string> {
  return platform === 'win32' ? { NoDefaultCurrentDirectoryInExePath: '1' } : {};
}

/**
 * The program `command` names. On Windows a bare name is looked up on PATH only (absolute entries, in
 * order, each extension in turn): never the current folder, nor a relative entry (`.`, empty), which
 * would mean it; undefined when PATH has none. A name with a folder in it, and any name elsewhere, is
 * returned as given. `extensions` defaults to PATHEXT, as cross-spawn uses.
 */
export function programPath(command: string, host: ExeSearchHost = hostExeSearch(), extensions?: readonly string[]): string | undefined {
  if (host.platform !== 'win32' || /[\\/]/.test(command) || win32.isAbsolute(command)) return command;
  const exts = extensions ?? (envValue(host.env, 'PATHEXT') || '.EXE;.CMD;.BAT;.COM').split(';').filter(Boolean);
  // as `which`: a name with a dot is tried as written first
  const names = [...(command.includes('.') ? [command] : []), ...exts.map((e) => command + e)];
  for (const raw of (envValue(host.env, 'PATH') ?? '').split(';')) {
    const dir = /^".*"$/.test(raw) ? raw.slice(1, -1) : raw;
    if (!win32.isAbsolute(dir) || /^[\\/](?![\\/])/.test(dir)) continue; // `\bin` is relative to the current drive
    for (const name of names) {
      const candidate = win32.join(dir, name);
      if (host.isFile(candidate)) return candidate;
    }
  }
  return undefined;
}

/** taskkill by its full path: a bare `taskkill` would be looked for in the extension host's folder first. */
export function taskkillPath(env: ExeSearchHost['env'] = process.env): string {
  return win32.join(envValue(env, 'SystemRoot') || envValue(env, 'windir') || 'C:\\Windows', 'System32', 'taskkill.exe');
}
