// Tool schemas for the real-server tests with random weights. A grammar guarantees the shape of a reply,
// but only the model decides when a string ends; random weights rarely pick a closing quote among
// ~150,000 tokens, so an unbounded string runs into max_tokens. Bounding strings and arrays (llama.cpp's
// JSON-schema-to-grammar honours maxLength and maxItems) makes every reply end, and every such reply is
// still a valid call under our own (unbounded) zod schemas.
import type { JsonSchema } from '../../src/core/parse';
import { parametersSchema, type ToolDefinition } from '../../src/core/tools';

/** A copy of `schema` with every string at most `maxLength` characters and every array at most `maxItems` long. */
export function bounded<T>(schema: T, maxLength = 24, maxItems = 3): T {
  if (Array.isArray(schema)) return schema.map((s) => bounded(s, maxLength, maxItems)) as T;
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, bounded(v, maxLength, maxItems)]));
  if (out.type === 'string' && out.maxLength === undefined && out.enum === undefined) out.maxLength = maxLength;
  if (out.type === 'array' && out.maxItems === undefined) out.maxItems = maxItems;
  return out as T;
}

/**
 * The JSON schema of "exactly one call of the offered tools" ({"name": …, "arguments": …}, the arguments
 * the named tool's own schema), as the constrained retry of issue 10 sends it to llama.cpp's `json_schema`
 * field. Here for the real-server test of that request form until the agent has its own builder; then the
 * test should use that one (wrapped in `bounded`).
 */
export function oneCallSchema(tools: readonly ToolDefinition[]): JsonSchema {
  return {
    anyOf: tools.map((tool) => ({
      type: 'object',
      properties: { name: { const: tool.name }, arguments: parametersSchema(tool) },
      required: ['name', 'arguments'],
      additionalProperties: false,
    })),
  };
}
