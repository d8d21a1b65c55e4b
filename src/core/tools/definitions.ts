// The agent's tools as zod schemas. Descriptions are deliberately terse: every schema token is sent with
// every request and is context the model cannot spend on code.
import { z } from 'zod';
import type { JsonSchema } from '../parse';
import { looseTodoStep } from './todoSteps';

export type ToolCategory = 'read' | 'write' | 'search' | 'run' | 'plan';
/** Categories of opt-in tools: web fetch, and one per MCP server (`mcp:<server>`). */
export type ExtraCategory = 'web' | `mcp:${string}`;

export interface ToolDefinition<S extends z.ZodObject = z.ZodObject> {
  name: string;
  description: string;
  category: ToolCategory | ExtraCategory;
  schema: S;
  /** The parameters as sent, when they came as JSON Schema (an MCP server's): not re-derived from `schema`. */
  parameters?: JsonSchema;
  /** Other names a call may use for this tool (an MCP tool's `server.tool`); never sent to the model. */
  aliases?: readonly string[];
  /** An MCP server's tool: which server, and the tool's name as that server gives it (the one owner of both). */
  mcp?: { server: string; tool: string };
  /** For the routing prompt, when the category is not a built-in one. */
  categoryLabel?: string;
}

const path = z.string().min(1).describe('File path relative to the workspace root');

export const readFile = {
  name: 'read_file',
  description: 'Read a file, optionally only some lines.',
  category: 'read',
  schema: z.object({
    path,
    start_line: z.number().int().min(1).optional().describe('First line, 1-based'),
    end_line: z.number().int().min(1).optional().describe('Last line, inclusive'),
  }),
} satisfies ToolDefinition;

export const writeFile = {
  name: 'write_file',
  description: 'Create a file, or rewrite a small one whole (else use patch).',
  category: 'write',
  schema: z.object({ path, content: z.string().describe('Whole file content') }),
} satisfies ToolDefinition;

export const patch = {
  name: 'patch',
  description: 'Edit a file: replace exact existing text with new text.',
  category: 'write',
  schema: z.object({
    path,
    search: z.string().min(1).describe('Exact text now in the file, a few lines'),
    replace: z.string().describe('Text to put instead'),
    start_line: z.number().int().min(1).optional().describe('Line search starts at, if it occurs more than once'),
  }),
} satisfies ToolDefinition;

export const search = {
  name: 'search',
  description: 'Search file contents with a regex.',
  category: 'search',
  schema: z.object({
    pattern: z.string().min(1).describe('Regular expression'),
    path: z.string().optional().describe('Glob limiting the files, e.g. src/**/*.ts'),
  }),
} satisfies ToolDefinition;

export const findFiles = {
  name: 'find_files',
  description: 'List files matching a glob.',
  category: 'search',
  schema: z.object({ glob: z.string().min(1).describe('e.g. **/*.test.ts') }),
} satisfies ToolDefinition;

export const findSymbol = {
  name: 'find_symbol',
  description: 'Find where a function, class or type is defined (name or part).',
  category: 'search',
  schema: z.object({ name: z.string().min(1).describe('e.g. parseConfig or Server.start') }),
} satisfies ToolDefinition;

export const explainSymbol = {
  name: 'explain_symbol',
  description: "A symbol's code, its callers and what it calls.",
  category: 'search',
  schema: z.object({ name: z.string().min(1) }),
} satisfies ToolDefinition;

export const run = {
  name: 'run',
  description: 'Run a shell command in the workspace and get its output.',
  category: 'run',
  schema: z.object({ command: z.string().min(1) }),
} satisfies ToolDefinition;

export const todo = {
  name: 'todo',
  description: 'Write the plan: the full list of steps with their states.',
  category: 'plan',
  schema: z.object({
    steps: z
      // read as models also write steps; the schema sent is the plain one (a preprocess is not described)
      .array(z.preprocess(looseTodoStep, z.object({ text: z.string().min(1), state: z.enum(['pending', 'doing', 'done']) })))
      .min(1),
  }),
} satisfies ToolDefinition;

export const memoryRemember = {
  name: 'memory_remember',
  description: 'Save a fact about this project for later sessions.',
  category: 'plan',
  schema: z.object({ key: z.string().min(1), value: z.string().min(1) }),
} satisfies ToolDefinition;

export const memoryLoad = {
  name: 'memory_load',
  description: 'Load saved project facts, all or one key.',
  category: 'plan',
  schema: z.object({ key: z.string().optional() }),
} satisfies ToolDefinition;
