// Answers from the approval and review ports, read strictly: only a clear yes is a yes. A host or a
// callback that answers anything else ({kind: 'reject'}, {approved: 'no'}, undefined) has not
// approved, and failing open would write or run what nobody agreed to.
import type { ApprovalDecision, EditDecision } from '../ports';
import { ABORTED, whenAborted } from '../whenAborted';

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function reasonOf(value: unknown): { reason?: string } {
  const reason = record(value)?.reason;
  return typeof reason === 'string' && reason.trim() !== '' ? { reason: reason.trim() } : {};
}

/** `true` or `{approved: true}` approve; every other answer declines (with its reason, if it gave one). */
export function commandDecision(answer: unknown): ApprovalDecision {
  if (answer === true || record(answer)?.approved === true) return { approved: true };
  return { approved: false, ...reasonOf(answer) };
}

/** `{kind: 'accepted'}` and `{kind: 'partial', content: string}` stand; every other answer rejects. */
export function editDecision(answer: unknown): EditDecision {
  const a = record(answer);
  if (a?.kind === 'accepted') return { kind: 'accepted' };
  if (a?.kind === 'partial' && typeof a.content === 'string') return { kind: 'partial', content: a.content, ...reasonOf(a), ...(a.allAccepted === true ? { allAccepted: true } : {}) };
  return { kind: 'rejected', ...reasonOf(answer), ...(a?.refused === true ? { refused: true } : {}) };
}

/** A reason as the end of a sentence of ours: no doubled full stop ("declined this command.. Do not"). */
export function sentenceEnd(reason: string): string {
  return reason.trim().replace(/[.!?…\s]+$/u, '');
}

/** The answers of a per-tool (or per-host) gate: this call only, every such call from now on, or none. */
export type OnceOrAlways = 'once' | 'always' | 'deny';

/**
 * Whether a call gated by `key` may go on: yes when `allowed` holds the key; else `ask` decides, and
 * only 'once' or 'always' is a yes ('always' adds the key). Any other answer, a throw, or a stop while
 * asking (the question's later answer is ignored) is a no.
 */
export async function allowedOrAsked(key: string, allowed: Set<string> | undefined, ask: () => unknown, signal?: AbortSignal): Promise<boolean> {
  if (allowed?.has(key)) return true;
  if (signal?.aborted) return false;
  const stop = whenAborted(signal);
  try {
    const answer: unknown = await Promise.race([Promise.resolve().then(ask).catch(() => 'deny'), stop.aborted]);
    if (answer === ABORTED || signal?.aborted) return false;
    if (answer === 'always') allowed?.add(key);
    return answer === 'once' || answer === 'always';
  } finally {
    stop.dispose();
  }
}
