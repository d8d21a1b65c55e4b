// The one-call schema and the request forms that carry it: the form the server kind really honours, and
// a schema within what llama.cpp's JSON-schema-to-grammar (also behind Ollama's `format`) converts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constraintFields, grammarSafeSchema, structuredOutputForm, toolCallSchema } from '../../../src/core/llm/structuredOutput';
import { openAITools, TOOLS } from '../../../src/core/tools';
import type { ToolSchema } from '../../../src/core/llm/types';

const GRAMMAR_KEYWORDS = new Set(['type', 'properties', 'required', 'additionalProperties', 'items', 'prefixItems', 'minItems', 'maxItems',
  'enum', 'const', 'anyOf', 'oneOf', 'allOf', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'format']);

/** Every schema keyword in `schema` (property names excluded). */
function keywords(schema: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) schema.forEach((s) => keywords(s, out));
  else if (schema && typeof schema === 'object') {
    for (const [k, v] of Object.entries(schema)) {
      out.add(k);
      if (k === 'properties') Object.values(v as object).forEach((p) => keywords(p, out));
      else if (typeof v === 'object') keywords(v, out);
    }
  }
  return out;
}

test('one branch per offered tool, its name a constant and its arguments the tool\'s own schema', () => {
  const tools = openAITools(TOOLS) as ToolSchema[];
  const schema = toolCallSchema(tools) as { anyOf: any[] };
  assert.equal(schema.anyOf.length, tools.length);
  for (const [i, tool] of tools.entries()) {
    const branch = schema.anyOf[i];
    assert.deepEqual(branch.properties.name, { const: tool.function.name });
    assert.deepEqual(branch.required, ['name', 'arguments']);
    assert.equal(branch.additionalProperties, false);
    assert.deepEqual(branch.properties.arguments.required ?? [], (tool.function.parameters as any).required ?? []);
    assert.deepEqual(Object.keys(branch.properties.arguments.properties ?? {}), Object.keys((tool.function.parameters as any).properties ?? {}));
  }
  const used = [...keywords(schema)].filter((k) => !GRAMMAR_KEYWORDS.has(k));
  assert.deepEqual(used, [], 'only keywords the grammar converter handles');
  assert.doesNotMatch(JSON.stringify(schema), /9007199254740991/, 'no "any safe integer" bound');
  const single = toolCallSchema(tools.slice(0, 1)) as any;
  assert.equal(single.properties.name.const, tools[0]!.function.name, 'a single tool needs no anyOf');
});

test('what grammar converters cannot take is dropped, the rest kept', () => {
  const safe = grammarSafeSchema({
    $schema: 'https://json-schema.org/draft/2020-12/schema', title: 'T', description: 'd',
    type: 'object',
    properties: {
      when: { type: 'string', format: 'date-time' }, mail: { type: 'string', format: 'email', pattern: '^.+@.+$' },
      tags: { type: 'array', items: { $ref: 'https://example.com/tag.json' }, minItems: 1 },
      n: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
    },
    patternProperties: { '^x-': { type: 'string' } },
    additionalProperties: { type: 'number' },
    required: ['when'],
  });
  assert.deepEqual(safe, {
    type: 'object',
    properties: {
      when: { type: 'string', format: 'date-time' }, mail: { type: 'string' },
      tags: { type: 'array', items: {}, minItems: 1 },
      n: { type: 'integer', minimum: 1 },
    },
    additionalProperties: { type: 'number' },
    required: ['when'],
  });
});

test('each server kind gets the form it honours; unknown servers get none', () => {
  const schema = { type: 'object' };
  assert.deepEqual(constraintFields(structuredOutputForm('llamacpp'), schema), { json_schema: schema });
  for (const kind of ['lmstudio', 'vllm'] as const) {
    assert.deepEqual(constraintFields(structuredOutputForm(kind), schema), { response_format: { type: 'json_schema', json_schema: { name: 'tool_call', strict: true, schema } } });
  }
  assert.deepEqual(constraintFields(structuredOutputForm('ollama', 'ollama'), schema), { format: schema });
  assert.equal(structuredOutputForm('ollama', 'openai'), 'none', 'Ollama through /v1: not relied on');
  assert.equal(structuredOutputForm('openai-compatible'), 'none');
  assert.equal(structuredOutputForm(undefined), 'none');
  assert.deepEqual(constraintFields('none', schema), {});
  assert.deepEqual(constraintFields('llamacpp-json-schema', undefined), {});
});
