// A tool call in a few words, for the one line a tool card shows while the user watches a run:
// `src/math.js:10–20`, `npm test`, `/parse\w+/ in src/**`. The argument that says what the call does,
// not every argument as JSON (which a 280-pixel panel cuts after the first key). A leaf (no imports):
// the host bundles it to draw a card without loading the whole core.

type Args = Record<string, unknown>;

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
const whole = (value: unknown): number | undefined => (typeof value === 'number' && Number.isInteger(value) ? value : undefined);

/** The first line of a value, with a mark when more lines follow (a multi-line command, say). */
function firstLine(value: string): string {
  const end = value.indexOf('\n');
  return end < 0 ? value : `${value.slice(0, end).trimEnd()} …`;
}

function lineRange(start: number | undefined, end: number | undefined): string {
  if (start === undefined) return end === undefined ? '' : `:1–${end}`;
  return end === undefined || end === start ? `:${start}` : `:${start}–${end}`;
}

function lines(n: number): string {
  return `${n} line${n === 1 ? '' : 's'}`;
}

const HEADLINES: Record<string, (a: Args) => string | undefined> = {
  read_file: (a) => text(a.path) && `${text(a.path)}${lineRange(whole(a.start_line), whole(a.end_line))}`,
  write_file: (a) => text(a.path) && `${text(a.path)}${typeof a.content === 'string' ? ` (${lines(a.content.split('\n').length)})` : ''}`,
  patch: (a) => text(a.path) && `${text(a.path)}${whole(a.start_line) !== undefined ? ` near line ${whole(a.start_line)}` : ''}`,
  search: (a) => text(a.pattern) && `/${firstLine(text(a.pattern)!)}/${text(a.path) ? ` in ${text(a.path)}` : ''}`,
  find_files: (a) => text(a.glob),
  find_symbol: (a) => text(a.name),
  explain_symbol: (a) => text(a.name),
  run: (a) => text(a.command) && firstLine(text(a.command)!),
  todo: (a) => {
    if (!Array.isArray(a.steps)) return undefined;
    const done = a.steps.filter((s) => (s as { state?: unknown } | null)?.state === 'done').length;
    return `${a.steps.length} step${a.steps.length === 1 ? '' : 's'}${done ? `, ${done} done` : ''}`;
  },
  memory_remember: (a) => text(a.key),
  memory_load: (a) => text(a.key) ?? 'all',
  web_fetch: (a) => text(a.url),
};

/**
 * What the call does, in a few words, from its (already redacted) arguments; undefined for a tool
 * without a headline of its own (an MCP server's) or arguments that do not fit it.
 */
export function callHeadline(tool: string, args: Args): string | undefined {
  // own entries only: a tool named `toString` is not Object.prototype's (see security/ownEntry)
  return Object.hasOwn(HEADLINES, tool) ? HEADLINES[tool]!(args) || undefined : undefined;
}
