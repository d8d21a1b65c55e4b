// Validation of every call against its zod schema, with errors a small model can act on: short, naming
// the parameter, saying what was expected, and for an unknown tool listing the valid names.
import type { z } from 'zod';
import type { ToolCall } from '../parse';
import { likelyToolName } from '../parse/toolNames';
import { textEditorCommandHint } from '../parse/textEditorCalls';
import type { ToolDefinition } from './definitions';
import { getTool, TOOLS } from './registry';

export type Validation =
  | { ok: true; tool: ToolDefinition; arguments: Record<string, unknown> }
  | { ok: false; error: string };

/** zod does not report the offending input by default: look it up in the arguments. */
function valueAt(args: unknown, path: readonly PropertyKey[]): unknown {
  let v = args;
  for (const k of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

function describeIssue(issue: z.core.$ZodIssue, args: unknown): string {
  const where = issue.path.length ? issue.path.join('.') : 'arguments';
  switch (issue.code) {
    case 'invalid_type': {
      const got = valueAt(args, issue.path);
      // zod calls an object with any keys a "record": the model knows it as an object
      const expected = issue.expected === 'record' ? 'an object' : issue.expected;
      return got === undefined ? `missing required parameter "${where}" (${expected})` : `"${where}" must be ${expected}, got ${Array.isArray(got) ? 'array' : got === null ? 'null' : typeof got}`;
    }
    case 'unrecognized_keys':
      return `unknown parameter${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_value':
      return `"${where}" must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return `"${where}" is empty or too small`;
    default:
      return `"${where}": ${issue.message}`;
  }
}

/** `tools` are the ones a call may name; `offered` the ones suggested for an unknown name (MCP tools stay behind mcp_tools). */
export function validateToolCall(call: ToolCall, tools: readonly ToolDefinition[] = TOOLS, offered: readonly ToolDefinition[] = tools): Validation {
  const tool = getTool(call.name, tools);
  if (!tool) {
    const names = offered.map((t) => t.name);
    const editor = textEditorCommandHint(call.name, call.arguments, names);
    if (editor) return { ok: false, error: `${editor} Or use one of: ${names.join(', ')}.` };
    const meant = likelyToolName(call.name, names);
    return { ok: false, error: `Unknown tool "${call.name}".${meant ? ` Did you mean ${meant}?` : ''} Use one of: ${names.join(', ')}.` };
  }
  // An MCP server's tool (its own JSON Schema) is checked loosely: the server is the judge of its arguments.
  const result = (tool.parameters ? tool.schema : tool.schema.strict()).safeParse(call.arguments);
  if (result.success) return { ok: true, tool, arguments: result.data as Record<string, unknown> };
  const problems = result.error.issues.slice(0, 3).map((i) => describeIssue(i, call.arguments));
  const params = Object.keys(tool.schema.shape).join(', ');
  return { ok: false, error: `Invalid call to ${tool.name}: ${problems.join('; ')}. Parameters: ${params}.` };
}
