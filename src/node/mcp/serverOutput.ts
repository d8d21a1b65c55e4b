// What a failed server's message says about it: the lines of its stderr that name the error, and a
// sentence for a command that could not be found.

/** Lines of stderr shown: the last ones, and before them the last line naming an error. */
const SHOWN_LINES = 3;
const LINE_CHARS = 300;
/** A line that names the error (`Error: Cannot find module …`, `ModuleNotFoundError: …`), not a stack frame. */
const NAMES_AN_ERROR = /^(?!at )(\S*(Error|Exception)\b|.*\b(error|fatal|cannot|not found|denied|refused)\b)/i;

/**
 * The useful end of a crashed server's stderr, on one line. Blank lines are dropped, and the line naming
 * the error is kept when it is further up: a Node crash ends with `{ code: … }`, `}` and the version.
 */
export function lastOutput(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const last = lines.slice(-SHOWN_LINES);
  const named = lines.slice(0, -SHOWN_LINES).reverse().find((l) => NAMES_AN_ERROR.test(l));
  return [...(named && !last.some((l) => NAMES_AN_ERROR.test(l)) ? [named, '…'] : []), ...last].map((l) => l.slice(0, LINE_CHARS)).join(' | ');
}

/**
 * Why a stdio server's command could not be spawned, for a spawn error with code ENOENT: the program is
 * not on the PATH VS Code got (started from the Dock, Finder or a desktop launcher, VS Code lacks what a
 * shell profile adds: nvm, Homebrew, ~/.local/bin), or its `cwd` does not exist.
 */
export function notFoundMessage(command: string, cwdExists: boolean, cwd: string): string {
  if (!cwdExists) return `its folder "${cwd}" (its "cwd") does not exist`;
  if (/[\\/]/.test(command)) return `"${command}" does not exist`;
  return `"${command}" is not on the PATH of VS Code (started from the Dock or a desktop launcher, VS Code lacks what your shell's profile adds, e.g. nvm or Homebrew): give its full path as "command", e.g. what \`which ${command}\` prints in a terminal (/opt/homebrew/bin/${command})`;
}
