// The marker lines of every SEARCH/REPLACE dialect models write:
//   aider  `<<<<<<< SEARCH` / `=======` / `>>>>>>> REPLACE` (5–9 of each in practice)
//   Cline  `------- SEARCH` / `=======` / `+++++++ REPLACE` (any count ≥ 3, one space before the word)
//   Roo    aider's markers plus `:start_line:N` / `-------` at the top of the SEARCH section,
//          and a backslash in front of a marker that is really file content.
// Markers must stand alone on their line: a marker with trailing text or spaces is not a marker,
// so the block is reported as malformed instead of being cut in a surprising place.

export type MarkerKind = 'head' | 'divider' | 'tail';

const HEAD = /^(?:<{3,}|-{3,}) SEARCH>?$/;
// Five or more: `===` and `====` are common content (setext headings, rulers) and must not split a block.
const DIVIDER = /^={5,}$/;
const TAIL = /^(?:>{3,}|\+{3,}) REPLACE>?$/;

export function markerKind(line: string): MarkerKind | undefined {
  const c = line.charCodeAt(0);
  if (c === 60 /* < */ || c === 45 /* - */) return HEAD.test(line) ? 'head' : undefined;
  if (c === 61 /* = */) return DIVIDER.test(line) ? 'divider' : undefined;
  if (c === 62 /* > */ || c === 43 /* + */) return TAIL.test(line) ? 'tail' : undefined;
  return undefined;
}

/** Roo escapes content lines that look like markers with a backslash: `\=======`. */
export function unescapeMarker(line: string): string {
  if (line.charCodeAt(0) !== 92 /* \ */) return line;
  const rest = line.slice(1);
  return markerKind(rest) || ROO_SEPARATOR.test(rest) || ROO_HINT.test(rest) ? rest : line;
}

/** Roo's line hints at the top of a SEARCH section, closed by a line of dashes. */
export const ROO_HINT = /^:(start|end)_line:\s*(\d+)\s*$/;
export const ROO_SEPARATOR = /^-{3,}$/;

/** Opening or closing code fence: ``` / ~~~ (with optional info string), or aider's <source> tags. */
export const FENCE = /^(?:`{3,}|~{3,})(.*)$|^<\/?source>(.*)$/;

const SHELL_LANGS = new Set(['bash', 'sh', 'shell', 'cmd', 'batch', 'powershell', 'ps1', 'zsh', 'fish', 'ksh', 'csh', 'tcsh', 'console']);

/** A fence that opens a shell session: its lines are commands, never edit blocks. */
export function isShellFence(line: string): boolean {
  const m = /^(?:`{3,}|~{3,})\s*([\w-]+)\s*$/.exec(line);
  return !!m && SHELL_LANGS.has(m[1]!.toLowerCase());
}
