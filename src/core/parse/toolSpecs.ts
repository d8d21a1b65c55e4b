// The `tools` option accepts names, {name, parameters} JSON Schemas, or our zod-defined tools (which carry
// a zod `schema`). Everything becomes a ToolSpec with a JSON Schema.
import { z } from 'zod';
import type { JsonSchema, ToolLike, ToolSpec } from './types';

function isSchema(v: unknown): v is JsonSchema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function normalizeTools(tools: readonly ToolLike[] | undefined): ToolSpec[] {
  const out: ToolSpec[] = [];
  for (const t of tools ?? []) {
    if (typeof t === 'string') out.push({ name: t });
    else if (t && typeof t.name === 'string') {
      const zodSchema = t.schema instanceof z.ZodType ? (z.toJSONSchema(t.schema) as JsonSchema) : undefined;
      const schema = [zodSchema, t.jsonSchema, t.parameters, t.inputSchema].find((v): v is JsonSchema => isSchema(v) && !(v instanceof z.ZodType));
      out.push(schema ? { name: t.name, parameters: schema } : { name: t.name });
    }
  }
  return out;
}

/** The declared JSON type of a property, when there is exactly one non-null type. */
export function propertyType(schema: JsonSchema | undefined): string | undefined {
  if (!schema) return undefined;
  const t = schema.type;
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) {
    const real = t.filter((x) => x !== 'null');
    return real.length === 1 ? real[0] : undefined;
  }
  if (Array.isArray(schema.anyOf)) {
    const real = schema.anyOf.map(propertyType).filter((x) => x !== undefined && x !== 'null');
    return real.length === 1 ? real[0] : undefined;
  }
  return undefined;
}
