// The chat's slash commands: what each does in one line (for the completion list and /help) and
// how a typed line becomes a command. The host runs them all except /help, which the panel answers.
import { SLASH_COMMANDS, type SlashCommandName } from '../shared/chatProtocol';
import type { CompletionItem } from './completionPopup';

export const SLASH_DESCRIPTIONS: Record<SlashCommandName, string> = {
  clear: 'Start a new conversation',
  plan: 'Show the plan, or plan a task before changing code: /plan <task>',
  budget: 'How the context window is spent, section by section',
  tokens: 'Tokens used by this conversation so far',
  trace: 'Show the traces of recent turns',
  memory: 'What SmallCode remembers about this project',
  model: 'Show the model server and model, or pick another',
  profile: 'The model profile in use (tool format, limits)',
  rules: 'Project rules in use (AGENTS.md, .smallcode/rules) and their token cost',
  mcp: 'MCP servers: state, tools and their schema tokens',
  help: 'List the commands and keys',
};

/** `/name args` when the line starts with a known command; undefined for anything else (a path like /etc is a message). */
export function parseSlashCommand(text: string): { name: SlashCommandName; args: string } | undefined {
  const match = /^\/(\w+)(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!match) return undefined;
  const name = match[1]!.toLowerCase();
  if (!(SLASH_COMMANDS as readonly string[]).includes(name)) return undefined;
  return { name: name as SlashCommandName, args: (match[2] ?? '').trim() };
}

/** Completion items for what is typed after '/', prefix matches first, then other substring matches. */
export function slashCompletions(typed: string, pick: (name: SlashCommandName) => void): CompletionItem[] {
  const query = typed.toLowerCase();
  const ranked = SLASH_COMMANDS
    .map((name) => ({ name, at: name.indexOf(query) }))
    .filter((c) => c.at >= 0)
    .sort((a, b) => a.at - b.at);
  return ranked.map(({ name, at }) => ({
    label: `/${name}`,
    detail: SLASH_DESCRIPTIONS[name],
    matches: query ? Array.from({ length: query.length }, (_, i) => at + 1 + i) : [],
    pick: () => pick(name),
  }));
}

export const KEYS_HELP = [
  'Enter sends, Shift+Enter starts a new line.',
  'Escape stops the reply while SmallCode is working (or closes a completion list).',
  'Type / for commands, @ to mention a file, @selection or @problems.',
];

/** The text of /help (markdown, rendered by the panel). */
export function helpText(): string {
  const commands = SLASH_COMMANDS.map((name) => `- \`/${name}\` — ${SLASH_DESCRIPTIONS[name]}`);
  return ['**Commands**', ...commands, '', '**Keys**', ...KEYS_HELP.map((k) => `- ${k}`)].join('\n');
}
