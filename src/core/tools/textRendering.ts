// For models or servers without native tool calling: the tools as a few compact lines in the system
// prompt, and one call format to use. Any dialect the model falls back to is still parsed.
import type { JsonSchema } from '../parse';
import type { ToolDefinition } from './definitions';
import { parametersSchema, TOOLS } from './registry';

function typeOf(s: JsonSchema | undefined): string {
  if (!s) return 'any';
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join('|');
  if (s.type === 'array') return `${typeOf(s.items)}[]`;
  if (s.type === 'object' && s.properties) return `{${renderParams(s)}}`;
  return typeof s.type === 'string' ? s.type : 'any';
}

function renderParams(schema: JsonSchema): string {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {})
    .map(([k, v]) => `${k}${required.has(k) ? '' : '?'}: ${typeOf(v)}`)
    .join(', ');
}

/** One line per tool: `read_file(path: string, start_line?: integer) - Read a file…` */
export function renderToolsAsText(tools: readonly ToolDefinition[] = TOOLS): string {
  const lines = tools.map((t) => `${t.name}(${renderParams(parametersSchema(t))}) - ${t.description}`);
  return [
    'Tools:',
    ...lines,
    'To call a tool, answer with only:',
    '<tool_call>{"name": "TOOL", "arguments": {...}}</tool_call>',
  ].join('\n');
}
