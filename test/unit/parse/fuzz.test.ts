// No input makes the parser throw or hang: random text, and corpus-like texts cut and mutated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createToolCallDetector, parseToolCalls } from '../../../src/core/parse';

const SEEDS = [
  '<tool_call>\n{"name": "read_file", "arguments": {"path": "a.ts"}}\n</tool_call>',
  '<tool_call>\n<function=run>\n<parameter=command>\nls\n</parameter>\n</function>\n</tool_call>',
  "[get_weather(city='Paris', days=(1, 2), ok=True)]<end_of_turn>",
  '<|tool_calls_section_begin|><|tool_call_begin|>functions.run:0<|tool_call_argument_begin|>{"command": "ls"}<|tool_call_end|><|tool_calls_section_end|>',
  '<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>run\n```json\n{"command": "ls"}\n```<｜tool▁call▁end｜><｜tool▁calls▁end｜>',
  '<|channel|>analysis<|message|>x<|end|><|start|>assistant to=functions.run<|channel|>commentary <|constrain|>json<|message|>{"command": "ls"}',
  '<tool_call>run<arg_key>command</arg_key><arg_value>ls</arg_value></tool_call>',
  '<|tool_call>call:run{command:<|"|>ls<|"|>}<tool_call|>',
  '<think>hmm</think>Here: ```json\n{"name": "run", "arguments": {"command": "ls",}}\n```',
  '<minimax:tool_call><invoke name="run"><parameter name="command">ls</parameter></invoke></minimax:tool_call>',
  '[TOOL_CALLS]run[ARGS]{"command": "ls"}',
  '<function name="python"><param name="code"><![CDATA[x]]></param></function>',
];
const ALPHABET = '{}[]()<>|"\':,=\\/ \n\tabc_.0123456789-TrueNone';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function mutate(text: string, r: () => number): string {
  let t = text;
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(r() * (t.length + 1));
    const op = r();
    if (op < 0.3) t = t.slice(0, at) + t.slice(at + 1 + Math.floor(r() * 5)); // delete
    else if (op < 0.6) t = t.slice(0, at) + ALPHABET[Math.floor(r() * ALPHABET.length)] + t.slice(at); // insert
    else if (op < 0.8) t = t.slice(0, at); // truncate
    else t = t.slice(0, at) + t.slice(Math.floor(r() * t.length)); // splice with itself
  }
  return t;
}

test('10,000 random and mutated inputs: no throw, well-formed result, no hang', () => {
  const r = rng(42);
  const tools = ['run', 'read_file', { name: 'get_weather', parameters: { type: 'object', properties: { days: { type: 'array' } } } }];
  const started = Date.now();
  for (let i = 0; i < 10_000; i++) {
    let text: string;
    if (i % 4 === 0) text = Array.from({ length: Math.floor(r() * 80) }, () => ALPHABET[Math.floor(r() * ALPHABET.length)]).join('');
    else text = mutate(SEEDS[i % SEEDS.length]!, r);
    const res = parseToolCalls(text, i % 2 ? { tools } : {});
    assert.ok(Array.isArray(res.calls) && typeof res.content === 'string' && Array.isArray(res.repairs), text);
    for (const c of res.calls) assert.ok(typeof c.name === 'string' && c.arguments && typeof c.arguments === 'object' && !Array.isArray(c.arguments), text);
    if (i % 10 === 0) {
      const d = createToolCallDetector();
      for (let k = 0; k < text.length; k += 7) d.push(text.slice(k, k + 7));
    }
  }
  assert.ok(Date.now() - started < 10_000, 'fuzz took too long (hang guard)');
});

test('non-string and huge inputs do not throw', () => {
  assert.deepEqual(parseToolCalls(undefined as unknown as string).calls, []);
  for (const t of ['{'.repeat(100_000), '['.repeat(50_000) + ']'.repeat(50_000), '<tool_call>'.repeat(9000), 'f('.repeat(50_000), '"'.repeat(100_000)]) {
    const res = parseToolCalls(t, { tools: ['f'] });
    assert.ok(Array.isArray(res.calls));
  }
});
