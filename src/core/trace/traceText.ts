// Everything that enters a trace passes here: secrets hidden, then long texts cut with a note.
// Only the trace's copy is redacted; the agent and the editor keep working on the real text.
import { redactedHead, redactSecrets, redactToolArguments, scrubKnown } from '../security';
import { boundedArguments } from '../tools/argumentSize';

export const TRACE_TEXT_CHARS = 20_000;

const NONE: ReadonlySet<string> = new Set();

function cap(text: string, max: number, originalLength = text.length): string {
  return text.length > max ? `${text.slice(0, max)}\n… [trace: ${originalLength - max} more characters not kept]` : text;
}

/**
 * Only the head is redacted (core/security's redactedHead), so a runaway reply of megabytes costs no
 * more than a long one, and a secret across the cut is not left half recognised.
 * `known`: values already found secret elsewhere in the run (a .env value in a tool call), hidden
 * wherever they recur. `redact`: the redaction this text needs (a .env file's content is hidden whole).
 */
export function traceText(text: string, max = TRACE_TEXT_CHARS, known: ReadonlySet<string> = NONE, redact: (text: string) => string = redactSecrets): string {
  const head = redactedHead(text, max, (t) => scrubKnown(redact(t), known));
  if (head.whole) return cap(head.text, max);
  const kept = head.text.slice(0, max);
  return `${kept}\n… [trace: ${text.length - kept.length} more characters not kept]`;
}

/**
 * Tool arguments redacted as a structure before they are serialised (core/security's
 * redactToolArguments), kept as (capped) text when their JSON is too long. Values hidden whole are
 * added to `known`.
 */
export function traceValue(value: unknown, max = TRACE_TEXT_CHARS, known?: Set<string>): unknown {
  const safe = redactToolArguments(boundedArguments(value, max * 2), known);
  const json = JSON.stringify(safe) ?? 'null';
  return json.length <= max ? safe : cap(json, max);
}

/** Arguments as a JSON string (a request's tool_calls): redacted as a structure when they parse. */
export function traceJsonText(text: string, max = TRACE_TEXT_CHARS, known?: Set<string>): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return traceText(text, max, known);
  }
  return cap(scrubKnown(JSON.stringify(redactToolArguments(parsed, known)), known ?? NONE), max);
}
