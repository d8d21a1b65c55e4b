// The repo map for one task, as the agent asks for it: built once when the task starts (so it is a
// stable part of every request of the task), within the map's share of the window, counted with the
// agent's own token counter, and never allowed to hold the task up (an index still being built, or
// one that fails, gives no map and a warning instead; Stop ends the wait).
import type { TokenCounter } from '../budget/tokenCounter';
import type { CodeIntel } from './codeIntel';
import { waitForIndex } from './indexWait';
import { repoMapTokens } from './present';
import { errorMessage } from '../errorMessage';

/** The map is skipped when the index takes longer than this to answer (e.g. still indexing). */
export const MAP_TIMEOUT_MS = 3000;

export interface TaskMapOptions {
  window: number;
  counter: TokenCounter;
  openFiles?: string[];
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Whole lines from the top while they fit: the host may count with a different tokenizer. */
function fitLines(text: string, tokens: number, counter: TokenCounter): string {
  if (counter.count(text) <= tokens) return text;
  const lines = text.split('\n');
  while (lines.length && counter.count(lines.join('\n')) > tokens) lines.length = Math.floor(lines.length * 0.9);
  return lines.join('\n');
}

export async function taskRepoMap(intel: CodeIntel, task: string, options: TaskMapOptions): Promise<{ map: string; warning?: string }> {
  const tokens = repoMapTokens(options.window);
  const scope = options.openFiles ? { openFiles: options.openFiles } : {};
  try {
    const map = await waitForIndex((signal) => intel.repoMapForTask(task, tokens, scope, signal), { timeoutMs: options.timeoutMs ?? MAP_TIMEOUT_MS, signal: options.signal });
    return { map: fitLines(map, tokens, options.counter) };
  } catch (error) {
    if (options.signal?.aborted) return { map: '' }; // the user stopped the run: nothing to warn about
    return { map: '', warning: `No repo map for this task: ${errorMessage(error).replace(/\.$/, '')}.` }; // the reason may be a sentence of its own
  }
}
