// Verification output for a small model: diagnostics (from the host, or parsed from a check
// command's output) reduced to the few lines it needs — errors first, the files it just edited
// first, one line each, capped — instead of a wall of compiler output that pushes the code out
// of its context.
import type { Diagnostic } from '../ports';
import { normalizeWorkspacePath } from '../security/workspacePath';

/** More than this many problems at once and a small model fixes none of them well. */
export const MAX_REPORTED_PROBLEMS = 8;
/** One line per problem: the first line of a compiler message carries the point. */
export const MAX_PROBLEM_CHARS = 160;
/** Lines of raw output kept when a failing check printed nothing we could parse. */
const RAW_TAIL_LINES = 12;

const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;
const SEVERITY: Record<string, Diagnostic['severity']> = { error: 'error', fatal: 'error', warning: 'warning', warn: 'warning', note: 'info', info: 'info', hint: 'hint' };
const FILE = String.raw`((?:[A-Za-z]:)?[^\s:()'"]*[./\\][^\s:()'"]*)`;

const TSC = new RegExp(String.raw`^${FILE}\((\d+),(\d+)\):\s+(error|warning)\s+(TS\d+):\s*(.*)$`);
const GNU = new RegExp(String.raw`^${FILE}:(\d+)(?::(\d+))?:\s*(?:(error|fatal error|warning|note|info)(?:\[([\w-]+)\])?:?\s+)?(.+)$`, 'i');
const RUST_HEADER = /^(error|warning)(?:\[(\w+)\])?:\s*(.+)$/;
const RUST_AT = new RegExp(String.raw`^\s*-->\s*${FILE}:(\d+):(\d+)`);
const STYLISH_FILE = new RegExp(String.raw`^${FILE}$`);
const STYLISH_ITEM = /^\s+(\d+):(\d+)\s+(error|warning)\s+(.+?)(?:\s{2,}([\w@/-]+))?$/;
const PY_FRAME = /^\s*File "([^"]+)", line (\d+)/;
const PY_ERROR = /^(\w+(?:Error|Exception|Warning)):\s*(.*)$/;

/** Diagnostics from a check command's output: tsc, gcc/clang/go/mypy/eslint-unix, rustc, eslint stylish, Python tracebacks. */
export function parseCheckOutput(output: string, source?: string, root?: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  const add = (path: string, line: string, column: string | undefined, severity: string, message: string, code?: string) => {
    const normal = normalizeWorkspacePath(path, root);
    found.push({
      path: normal.ok ? normal.path : path,
      line: Number(line),
      ...(column ? { column: Number(column) } : {}),
      severity: SEVERITY[severity.toLowerCase().replace('fatal error', 'error')] ?? 'error',
      message: message.trim(),
      ...(source ? { source } : {}),
      ...(code ? { code } : {}),
    });
  };
  let rust: RegExpExecArray | null = null;
  let stylishFile: string | undefined;
  let pyFrame: RegExpExecArray | null = null;
  for (const raw of output.replace(ANSI, '').split(/\r?\n/)) {
    const line = raw.trimEnd();
    let m: RegExpExecArray | null;
    if ((m = TSC.exec(line))) add(m[1]!, m[2]!, m[3], m[4]!, m[6]!, m[5]);
    else if ((m = RUST_AT.exec(line)) && rust) {
      add(m[1]!, m[2]!, m[3], rust[1]!, rust[3]!, rust[2]);
      rust = null;
    } else if ((m = RUST_HEADER.exec(line))) rust = m;
    else if ((m = PY_FRAME.exec(line))) pyFrame = m;
    else if ((m = PY_ERROR.exec(line)) && pyFrame) {
      add(pyFrame[1]!, pyFrame[2]!, undefined, m[1]!.endsWith('Warning') ? 'warning' : 'error', `${m[1]}: ${m[2]}`);
      pyFrame = null;
    } else if ((m = STYLISH_ITEM.exec(line)) && stylishFile) add(stylishFile, m[1]!, m[2], m[3]!, m[4]!, m[5]);
    else if ((m = GNU.exec(line)) && !/^\d+$/.test(m[1]!) && !/^[a-z]+:\/\//i.test(line)) {
      add(m[1]!, m[2]!, m[3], m[4] ?? 'error', m[6]!, m[5]);
    } else if ((m = STYLISH_FILE.exec(line))) stylishFile = m[1];
  }
  return found;
}

/**
 * Diagnostics for a finished check command. A failing command whose output we cannot parse still
 * fails verification, with the tail of its output as the message.
 */
export function diagnosticsFromCheckOutput(output: string, exitCode: number | null, command: string, root?: string): Diagnostic[] {
  const source = command.trim().split(/\s+/).slice(0, 2).join(' ');
  const parsed = parseCheckOutput(output, source, root);
  if (exitCode === 0 || parsed.some((d) => d.severity === 'error')) return parsed;
  const tail = output.replace(ANSI, '').split(/\r?\n/).filter((l) => l.trim() !== '').slice(-RAW_TAIL_LINES).join('\n');
  const why = exitCode === null ? 'was stopped (timeout or cancel)' : `failed with exit code ${exitCode}`;
  return [...parsed, { path: '', line: 0, severity: 'error', message: `\`${command}\` ${why}${tail ? `:\n${tail}` : '.'}`, source }];
}

export interface VerificationSummary {
  /** No errors (warnings do not fail a step). */
  passed: boolean;
  errors: number;
  warnings: number;
  /** Compact text for the model; '' when there is nothing to report. */
  text: string;
}

function oneLine(message: string): string {
  const first = message.split(/\r?\n/).find((l) => l.trim() !== '')?.trim() ?? '';
  return first.length > MAX_PROBLEM_CHARS ? `${first.slice(0, MAX_PROBLEM_CHARS - 1)}…` : first;
}

function location(d: Diagnostic): string {
  if (!d.path) return '';
  return `${d.path}${d.line ? `:${d.line}${d.column ? `:${d.column}` : ''}` : ''} `;
}

/** How the checks' verdict on an edit begins (it rides on the edit's result): one owner, so that what
 * outlives the result's eviction can find it. */
export const CHECK_VERDICT = 'Check found ';

/**
 * Errors and warnings, edited files first, one line each, at most MAX_REPORTED_PROBLEMS. `qualifier`
 * goes before the counts ("new ": these are what the edits brought, the project had others before).
 */
export function summarizeDiagnostics(diagnostics: readonly Diagnostic[], editedPaths: readonly string[] = [], qualifier = ''): VerificationSummary {
  const seen = new Set<string>();
  const relevant = diagnostics.filter((d) => {
    if (d.severity !== 'error' && d.severity !== 'warning') return false;
    const key = `${d.path}:${d.line}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const edited = new Set(editedPaths);
  const rank = (d: Diagnostic) => (d.severity === 'error' ? 0 : 2) + (edited.has(d.path) ? 0 : 1);
  relevant.sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path) || a.line - b.line);
  const errors = relevant.filter((d) => d.severity === 'error').length;
  const warnings = relevant.length - errors;
  if (relevant.length === 0) return { passed: true, errors: 0, warnings: 0, text: '' };
  const shown = relevant.slice(0, MAX_REPORTED_PROBLEMS).map((d) => {
    // A raw-output diagnostic (no path) keeps its lines: they are the only evidence there is.
    if (!d.path) return `${d.severity}: ${d.message}`;
    return `${location(d)}${d.severity}${d.code ? ` ${d.code}` : ''}: ${oneLine(d.message)}`;
  });
  const counts = [errors && `${errors} ${qualifier}error${errors > 1 ? 's' : ''}`, warnings && `${warnings} ${qualifier}warning${warnings > 1 ? 's' : ''}`].filter(Boolean).join(', ');
  const more = relevant.length - shown.length;
  const text = [`${CHECK_VERDICT}${counts}:`, ...shown, ...(more > 0 ? [`(+${more} more)`] : [])].join('\n');
  return { passed: errors === 0, errors, warnings, text };
}
