// The repo map for one task, as the agent asks for it: built once when the task starts (so it is a
// stable part of every request of the task), within the map's share of the window, counted with the
// agent's own token counter, and never allowed to hold the task up (an index still being built, or
// one that fails, gives no map and a warning instead).
import type { TokenCounter } from '../budget/tokenCounter';
import type { CodeIntel } from './codeIntel';
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
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeoutMs = options.timeoutMs ?? MAP_TIMEOUT_MS;
  try {
    const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`the code index did not answer within ${timeoutMs / 1000} s (still indexing?)`)), timeoutMs); });
    const map = await Promise.race([Promise.resolve(intel.repoMapForTask(task, tokens, options.openFiles ? { openFiles: options.openFiles } : {})), late]);
    return { map: fitLines(map, tokens, options.counter) };
  } catch (error) {
    return { map: '', warning: `No repo map for this task: ${errorMessage(error)}.` };
  } finally {
    clearTimeout(timer);
  }
}
