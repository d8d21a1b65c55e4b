// How anything waits for the code index (a worker starting, loading, indexing or saving a large
// database): bounded, so that a busy index never holds a task or a tool call for long, and cut at once
// by the run's Stop. The repo map, the symbol tools and the VS Code host's start all wait through here.
import { indexTimeout } from './unansweredIndex';

/**
 * What `ask` gives, unless `timeoutMs` passes first (then "the code index did not answer within N s")
 * or `signal` aborts (then its reason). `ask` gets a signal that aborts at that moment too, so that an
 * index still starting stops waiting for itself.
 */
export async function waitForIndex<T>(ask: (signal: AbortSignal) => T | Promise<T>, { timeoutMs, signal }: { timeoutMs: number; signal?: AbortSignal | undefined }): Promise<T> {
  if (signal?.aborted) throw signal.reason;
  const late = indexTimeout(`the code index did not answer within ${timeoutMs / 1000} s (still indexing?)`);
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(late), timeoutMs);
  const cut = signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal;
  let onCut = () => {};
  const ended = new Promise<never>((_, reject) => { onCut = () => reject(cut.reason); });
  cut.addEventListener('abort', onCut, { once: true });
  try {
    return await Promise.race([new Promise<T>((resolve) => resolve(ask(cut))), ended]);
  } catch (error) {
    // at the deadline the index may reject with its own reason in the same moment: the deadline is what happened
    throw deadline.signal.aborted ? late : error;
  } finally {
    clearTimeout(timer);
    cut.removeEventListener('abort', onCut);
  }
}
