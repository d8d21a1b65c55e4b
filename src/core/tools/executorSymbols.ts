// find_symbol and explain_symbol: the code index answers where something is defined, what it looks
// like and who uses it, in a few lines instead of a search and two reads.
import { redactSecrets } from '../security';
import type { ExecutorContext, ToolOutcome } from './executorTypes';

const NO_INDEX = 'The code index is not available here; use search and find_files instead.';

export async function executeFindSymbol(args: Record<string, unknown>, ctx: ExecutorContext): Promise<ToolOutcome> {
  if (!ctx.codeIntel) return { ok: false, content: NO_INDEX };
  const name = String(args.name).trim();
  const hits = await ctx.codeIntel.findSymbol(name, { limit: ctx.limits.symbolResults });
  if (hits.length === 0) return { ok: false, content: `No definition matches "${name}". Try search with a regex.` };
  return {
    ok: true,
    // The signature line names the kind and the symbol already; the scope is added only for members.
    content: hits.map((h) => `${h.path}:${h.line} ${redactSecrets(h.signature)}${h.scope ? `  (in ${h.scope})` : ''}`).join('\n'),
  };
}

export async function executeExplainSymbol(args: Record<string, unknown>, ctx: ExecutorContext): Promise<ToolOutcome> {
  if (!ctx.codeIntel) return { ok: false, content: NO_INDEX };
  const text = await ctx.codeIntel.explainSymbol(String(args.name).trim());
  return { ok: !text.startsWith('No definition'), content: text };
}
