// Constrained decoding: the reply restricted to a JSON schema, in the one request form each server
// really honours. Servers ignore the forms they do not know without a word, so the form is chosen by
// server kind, never guessed:
//   llama.cpp  top-level `json_schema` (its flat `response_format: {type: "json_schema", schema}` is ignored)
//   LM Studio  `response_format: {type: "json_schema", json_schema: {name, strict, schema}}`
//   vLLM       the same `response_format` (its old `guided_json` is ignored since 0.12)
//   Ollama     `format: <schema>` on /api/chat
// Any other server gets no constraint (the caller falls back to asking in words).
import type { ServerKind, ToolSchema } from './types';

export type StructuredOutputForm = 'llamacpp-json-schema' | 'openai-response-format' | 'ollama-format' | 'none';

export type JsonSchema = Record<string, unknown>;

export function structuredOutputForm(kind: ServerKind | undefined, api: 'openai' | 'ollama' = 'openai'): StructuredOutputForm {
  if (api === 'ollama') return 'ollama-format';
  if (kind === 'llamacpp') return 'llamacpp-json-schema';
  if (kind === 'lmstudio' || kind === 'vllm') return 'openai-response-format';
  return 'none';
}

/** The request fields that constrain the reply to `schema` in `form` (none for 'none'). */
export function constraintFields(form: StructuredOutputForm, schema: JsonSchema | undefined): Record<string, unknown> {
  if (!schema) return {};
  switch (form) {
    case 'llamacpp-json-schema': return { json_schema: schema };
    case 'openai-response-format': return { response_format: { type: 'json_schema', json_schema: { name: 'tool_call', strict: true, schema } } };
    case 'ollama-format': return { format: schema };
    case 'none': return {};
  }
}

/**
 * Exactly one call of the offered tools: `{"name": <one of the names>, "arguments": <that tool's
 * parameters>}`. One branch per tool ties each name to its own arguments.
 */
export function toolCallSchema(tools: readonly ToolSchema[]): JsonSchema {
  const branches = tools.map((t) => ({
    type: 'object',
    properties: { name: { const: t.function.name }, arguments: grammarSafeSchema(t.function.parameters) },
    required: ['name', 'arguments'],
    additionalProperties: false,
  }));
  return branches.length === 1 ? branches[0]! : { anyOf: branches };
}

// What llama.cpp's json-schema-to-grammar (also behind Ollama's `format`) turns into grammar reliably.
// Everything else is dropped: remote `$ref`, `patternProperties`, `pattern` (only anchored regexes
// convert), unknown `format`s, and documentation keys that only lengthen the request.
const KEEP = new Set(['type', 'properties', 'required', 'additionalProperties', 'items', 'prefixItems', 'minItems', 'maxItems',
  'enum', 'const', 'anyOf', 'oneOf', 'allOf', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'format']);
const FORMATS = new Set(['date', 'time', 'date-time', 'uuid']);

/** A copy of `schema` within what grammar converters accept; the meaning only ever gets looser. */
export function grammarSafeSchema(schema: unknown): JsonSchema {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return {};
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema as JsonSchema)) {
    if (!KEEP.has(key)) continue;
    if (key === 'properties' && value && typeof value === 'object') {
      out.properties = Object.fromEntries(Object.entries(value as JsonSchema).map(([k, v]) => [k, grammarSafeSchema(v)]));
    } else if (key === 'items' || (key === 'additionalProperties' && typeof value === 'object')) {
      out[key] = grammarSafeSchema(value);
    } else if ((key === 'anyOf' || key === 'oneOf' || key === 'allOf' || key === 'prefixItems') && Array.isArray(value)) {
      out[key] = value.map(grammarSafeSchema);
    } else if ((key === 'minimum' || key === 'maximum') && typeof value === 'number' && Math.abs(value) >= Number.MAX_SAFE_INTEGER) {
      continue; // zod's "any safe integer" bound: no limit at all, and a huge range grammar for nothing
    } else if (key === 'format' && !FORMATS.has(String(value))) {
      continue;
    } else {
      out[key] = value;
    }
  }
  return out;
}
