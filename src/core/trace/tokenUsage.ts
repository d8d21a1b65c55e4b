// Token usage in words, for `/tokens`: what the server processed, and how much of the prompt it reused
// from its prompt cache (the share a stable prompt prefix saves), when the server says.
import type { RunUsage } from '../agent/events';

const f = (n: number) => n.toLocaleString('en-US');

export function describeTokenUsage(usage: RunUsage): string {
  const requests = `${usage.requests} request${usage.requests === 1 ? '' : 's'}`;
  const tokens = `${f(usage.promptTokens)} prompt and ${f(usage.completionTokens)} reply tokens (as the server reported them)`;
  const cache = usage.cachedTokens === undefined
    ? 'The server did not report prompt-cache reuse.'
    : `Prompt cache: ${f(usage.cachedTokens)} of the prompt tokens reused (${usage.promptTokens ? Math.round((usage.cachedTokens / usage.promptTokens) * 100) : 0} %), ${f(Math.max(0, usage.promptTokens - usage.cachedTokens))} processed.`;
  return `Last task: ${requests}, ${tokens}. ${cache}`;
}
