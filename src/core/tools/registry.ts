// The tool registry: every tool, its JSON Schema (from zod, for the OpenAI `tools` field and the parser),
// looked up by name.
import { z } from 'zod';
import type { JsonSchema } from '../parse';
import { explainSymbol, findFiles, findSymbol, memoryLoad, memoryRemember, patch, readFile, run, search, todo, writeFile, type ToolDefinition } from './definitions';

export const TOOLS: readonly ToolDefinition[] = [readFile, writeFile, patch, search, findFiles, findSymbol, explainSymbol, run, todo, memoryRemember, memoryLoad];

/** Tools that need the code index: not offered (their schemas not sent) when there is none. */
export const INDEX_TOOLS: ReadonlySet<string> = new Set([findSymbol.name, explainSymbol.name]);

/** The tools to offer: all of them with a code index, the rest without. */
export function toolsFor(options: { codeIndex: boolean }): readonly ToolDefinition[] {
  return options.codeIndex ? TOOLS : TOOLS.filter((t) => !INDEX_TOOLS.has(t.name));
}

const schemaCache = new WeakMap<ToolDefinition, JsonSchema>();

/** The tool's parameters as JSON Schema, without the `$schema` header (it only costs tokens). */
export function parametersSchema(tool: ToolDefinition): JsonSchema {
  if (tool.parameters) return tool.parameters;
  let s = schemaCache.get(tool);
  if (!s) {
    const { $schema: _drop, ...rest } = z.toJSONSchema(tool.schema) as JsonSchema;
    s = rest;
    schemaCache.set(tool, s);
  }
  return s;
}

/** The tool by its name, or by one of its aliases (`server.tool` for `server__tool`). */
export function getTool(name: string, tools: readonly ToolDefinition[] = TOOLS): ToolDefinition | undefined {
  return tools.find((t) => t.name === name) ?? tools.find((t) => t.aliases?.includes(name));
}

/** What parseToolCalls takes as `tools`: names (aliases too, so a call by either is read) with their JSON Schemas. */
export function parserTools(tools: readonly ToolDefinition[] = TOOLS): { name: string; parameters: JsonSchema }[] {
  return tools.flatMap((t) => [t.name, ...(t.aliases ?? [])].map((name) => ({ name, parameters: parametersSchema(t) })));
}

export interface OpenAIFunctionTool {
  type: 'function';
  function: { name: string; description: string; parameters: JsonSchema };
}

/** The OpenAI chat-completions `tools` field. */
export function openAITools(tools: readonly ToolDefinition[] = TOOLS): OpenAIFunctionTool[] {
  return tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: parametersSchema(t) } }));
}
