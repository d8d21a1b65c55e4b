// The system prompt: the start of the stable prefix, byte-identical for a whole conversation (local
// servers reuse the prompt cache up to the first changed token), so nothing in it changes from turn to
// turn: no plan, memory, summary, time or counter (those travel as messages at the tail, see stateNotes).
// Short on purpose: every token here is sent with every request and is a token of code the model cannot
// see (measured in bench/agent.bench.ts). Rules are the few a small model breaks most, each one line.
import { renderToolsAsText, type ToolDefinition } from '../tools';

const RULES = `You are SmallCode, a coding agent in the user's workspace. Do the task with the tools, one step at a time.
- Read code before changing it. Change files with patch: SEARCH is a few lines copied exactly from the file.
- write_file creates a file, or rewrites a small one whole.
- For a task with several steps, first list them with todo; mark a step done once its change is made.
- When the task is done, reply with a short summary and no tool call.`;

/** With the code index: where to look first (the repo map leads the conversation). */
const INDEX_RULE = '- To find code, use find_symbol or explain_symbol (and the repository map) before search or reading whole files.';

/**
 * Opens the repo map, which leads the conversation's first user message (not this prompt: see
 * `systemPrompt`); the escalation offer looks for it to say the map is sent. The map is kept for the
 * conversation (the prompt cache): its heading says once that its lines age with edits.
 */
export const REPO_MAP_HEADING = '## Repository map (lines may have moved since it was made: find_symbol gives current ones)\n';

/**
 * The system prompt for native tool calling (schemas travel in `tools`) or the text protocol (tools
 * described here), closed by the always-apply project rules (`projectRules`, read once per conversation
 * and the same in the next one unless the files change). Context that differs from one conversation or
 * compaction to the next (the repo map, pinned context) is not here: chat templates (Qwen's) write the
 * native tool schemas after this text, so anything that changes here makes the server process the
 * unchanged schemas again. It leads the conversation instead (BudgetSections.context).
 */
export function systemPrompt(mode: 'native' | 'text', tools: readonly ToolDefinition[], projectRules = ''): string {
  const rules = tools.some((t) => t.name === 'find_symbol') ? `${RULES}\n${INDEX_RULE}` : RULES;
  const base = mode === 'native' ? rules : `${rules}\n\n${renderToolsAsText(tools)}`;
  return projectRules.trim() ? `${base}\n\n${projectRules.trim()}` : base;
}
