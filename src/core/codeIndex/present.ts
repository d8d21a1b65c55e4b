// How the index shows itself: the `/index` text and the repo map's share of the window.
import type { IndexState } from './codeIndex';

/**
 * The repo map's budget: an eighth of the window from 16k (at most 4,096 tokens), less below it, down to a
 * sixteenth at 8k and under. Small windows have little room after the prompt and tool schemas: a fixed floor
 * of 512 tokens took 12.5 % of a 4k window, as much as the task's conversation.
 */
export function repoMapTokens(window: number): number {
  const share = Math.min(window / 8, Math.max(window / 16, (window * window) / (8 * 16_384)));
  return Math.min(4096, Math.floor(share));
}

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} days ago`;
}

/** `/index`: files, languages, definitions, last update, where it is kept, warnings. */
export function formatIndexState(state: IndexState, now: number): string {
  const f = (n: number) => n.toLocaleString('en-US');
  const languages = Object.entries(state.languages).sort((a, b) => b[1] - a[1]).map(([name, n]) => `${name} ${f(n)}`).join(', ');
  return [
    `Code index: ${f(state.files)} files${languages ? ` (${languages})` : ''}, ${f(state.definitions)} definitions; ${state.lastUpdate ? `updated ${ago(now - state.lastUpdate)}` : 'not built yet'}.`,
    ...(state.truncated ? ['Only part of the workspace is indexed: it has more source files than the limit (setting smallcode.index.maxFiles).'] : []),
    ...state.warnings.map((w) => `Warning: ${w}`),
    `Kept in ${state.location}. "SmallCode: Rebuild index" builds it again from scratch.`,
  ].join('\n');
}
