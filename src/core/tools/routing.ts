// Two-stage routing: first the model picks a category from a tiny prompt (no schemas), then it sees only
// that category's tool schemas. A small model chooses better among 2 tools than among 9, and most turns
// send a fraction of the schema tokens.
import { estimateTokens } from '../budget';
import type { ExtraCategory, ToolCategory, ToolDefinition } from './definitions';
import { openAITools, TOOLS } from './registry';

export const CATEGORIES: Readonly<Record<ToolCategory, string>> = {
  read: 'read a file',
  write: 'create or edit a file',
  search: 'find files or text',
  run: 'run a shell command (build, test, git)',
  plan: 'write the plan or remember a fact',
};

export const CATEGORY_NAMES = Object.keys(CATEGORIES) as ToolCategory[];

/** Opt-in tools' categories present in `tools` (web fetch, each MCP server), with their labels. */
function extraCategories(tools: readonly ToolDefinition[]): Map<ExtraCategory, string> {
  const out = new Map<ExtraCategory, string>();
  for (const t of tools) if (!(CATEGORY_NAMES as string[]).includes(t.category) && !out.has(t.category as ExtraCategory)) out.set(t.category as ExtraCategory, t.categoryLabel ?? t.category);
  return out;
}

/** Stage 1: what the model sees instead of the tool schemas (opt-in categories only when their tools are there). */
export function categoryPrompt(tools: readonly ToolDefinition[] = TOOLS): string {
  const lines = CATEGORY_NAMES.map((c) => `${c}: ${CATEGORIES[c]}`);
  const extra = [...extraCategories(tools)].map(([c, label]) => `${c}: ${label}`);
  return ['Next action? Answer with one word:', ...lines, ...extra, 'done: no tool, answer the user'].join('\n');
}

/** Stage 2: only the chosen category's tools. */
export function toolsForCategory(category: ToolCategory | ExtraCategory, tools: readonly ToolDefinition[] = TOOLS): ToolDefinition[] {
  return tools.filter((t) => t.category === category);
}

/**
 * Reads the model's stage-1 answer forgivingly: the first category word in it, or the category of a tool
 * it named directly. `done` (or nothing recognisable) means no tool.
 */
export function parseCategoryChoice(answer: string, tools: readonly ToolDefinition[] = TOOLS): ToolCategory | ExtraCategory | 'done' {
  const lower = answer.toLowerCase();
  for (const c of extraCategories(tools).keys()) if (lower.includes(c.toLowerCase())) return c;
  // an opt-in tool named directly (`docs__search` is not the built-in search category)
  for (const t of tools) if (!(CATEGORY_NAMES as string[]).includes(t.category) && lower.includes(t.name.toLowerCase())) return t.category;
  const words = answer.toLowerCase().replace(/<think>[\s\S]*?<\/think>/g, '').match(/[a-z_]+/g) ?? [];
  for (const w of words) {
    if ((CATEGORY_NAMES as string[]).includes(w)) return w as ToolCategory;
    if (w === 'done') return 'done';
    const tool = tools.find((t) => t.name === w);
    if (tool) return tool.category;
  }
  return 'done';
}

export interface RoutingSavings {
  /** Tokens of all tool schemas sent in one stage. */
  allTools: number;
  categoryPrompt: number;
  perCategory: Record<ToolCategory, number>;
  /** Mean over categories of (stage-1 prompt + that category's schemas). */
  meanTwoStage: number;
  /** 1 - meanTwoStage / allTools. */
  savedFraction: number;
  lines: string[];
}

export function measureRoutingSavings(countTokens: (text: string) => number = estimateTokens, label = 'estimated (heuristic)'): RoutingSavings {
  const size = (tools: readonly ToolDefinition[]) => countTokens(JSON.stringify(openAITools(tools)));
  const allTools = size(TOOLS);
  const stage1 = countTokens(categoryPrompt());
  const perCategory = Object.fromEntries(CATEGORY_NAMES.map((c) => [c, size(toolsForCategory(c))])) as Record<ToolCategory, number>;
  const meanTwoStage = CATEGORY_NAMES.reduce((s, c) => s + stage1 + perCategory[c], 0) / CATEGORY_NAMES.length;
  const savedFraction = 1 - meanTwoStage / allTools;
  const lines = [
    `tokens ${label}`,
    `all ${TOOLS.length} tool schemas in one stage: ${allTools}`,
    `stage 1 category prompt: ${stage1}`,
    ...CATEGORY_NAMES.map((c) => `stage 2 ${c.padEnd(6)} schemas: ${perCategory[c]}  (total ${stage1 + perCategory[c]})`),
    `mean two-stage: ${meanTwoStage.toFixed(0)}  → saves ${(100 * savedFraction).toFixed(0)}% of tool-definition tokens per request`,
  ];
  return { allTools, categoryPrompt: stage1, perCategory, meanTwoStage, savedFraction, lines };
}
