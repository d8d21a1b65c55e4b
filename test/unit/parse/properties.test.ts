// The parser over random replies: call markup of every dialect written inside a sentence or under an
// example label is never a call, and data blocks (a package.json, a Python dict) are neither calls nor
// "unreadable calls" — while the same markup standing on its own still is a call (so the property is
// not met by reading nothing). Seeded: a failure prints the seed and the text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseToolCalls } from '../../../src/core/parse';
import { parserTools, TOOLS } from '../../../src/core/tools';
import { pickWith, prng } from '../../support/prng';

const SEED = 20261206;
const RUNS = 1500;
const tools = ['read_file', 'write_file', 'run', 'patch', 'search'];

/** One call to `run` in each dialect the parser reads (closed markup). */
const MARKUP: ((cmd: string) => string)[] = [
  (c) => `<tool_call>{"name": "run", "arguments": {"command": "${c}"}}</tool_call>`,
  (c) => `<tool_call><function=run><parameter=command>${c}</parameter></function></tool_call>`,
  (c) => `<function=run><parameter=command>${c}</parameter></function>`,
  (c) => `<invoke name="run"><parameter name="command">${c}</parameter></invoke>`,
  (c) => `<function name="run"><param name="command">${c}</param></function>`,
  (c) => `<tool_call>run<arg_key>command</arg_key><arg_value>${c}</arg_value></tool_call>`,
  (c) => `<|tool_call>call:run{command:<|"|>${c}<|"|>}<tool_call|>`,
  (c) => `<|tool_calls_section_begin|><|tool_call_begin|>functions.run:0<|tool_call_argument_begin|>{"command": "${c}"}<|tool_call_end|><|tool_calls_section_end|>`,
  (c) => `[TOOL_CALLS][{"name": "run", "arguments": {"command": "${c}"}}]`,
  (c) => `<|python_tag|>{"name": "run", "parameters": {"command": "${c}"}}<|eom_id|>`,
];
const WORDS = ['the', 'model', 'writes', 'server', 'then', 'parses', 'it', 'when', 'a', 'tool', 'is', 'needed', 'and', 'returns', 'output'];
const COMMANDS = ['ls', 'rm -rf build', 'npm test', 'make deploy', 'curl example.com'];
const LABELS = ['For example:', 'Here is an example of a tool call:', 'An example call:', 'The format looks like this:', 'Example:', 'For instance, a model might send:'];

function sentence(rand: () => number, words: number): string {
  const pick = pickWith(rand);
  return Array.from({ length: words }, () => pick(WORDS)).join(' ');
}

test(`${RUNS} random explanations: markup mid-sentence or labelled as an example is never a call`, () => {
  const rand = prng(SEED);
  const pick = pickWith(rand);
  for (let run = 0; run < RUNS; run++) {
    const markup = pick(MARKUP)(pick(COMMANDS));
    const lead = `${sentence(rand, 1 + Math.floor(rand() * 3))}`.replace(/^./, (c) => c.toUpperCase());
    const shape = Math.floor(rand() * 3);
    const text =
      shape === 0 ? `${lead} ${sentence(rand, 2)} ${markup} ${sentence(rand, 2 + Math.floor(rand() * 4))}.` // inside a sentence
        : shape === 1 ? `${lead}.\n${pick(LABELS)}\n${markup}\n${lead} ${sentence(rand, 3)}.` // under a label
          : `${pick(LABELS)}\n\`\`\`${pick(['', 'xml', 'json', 'text'])}\n${markup}\n\`\`\`\n${lead} ${sentence(rand, 3)}.`; // a labelled fence
    const r = parseToolCalls(text, { tools });
    assert.deepEqual(r.calls, [], `seed ${SEED} run ${run}: ${JSON.stringify(text)}`);
    assert.equal(r.unreadableCall, false, `seed ${SEED} run ${run} (unreadable): ${JSON.stringify(text)}`);
  }
});

test('the same markup standing on its own, after a lead-in, is a call (the property is not vacuous)', () => {
  const rand = prng(SEED + 1);
  const pick = pickWith(rand);
  for (const make of MARKUP) {
    const cmd = pick(COMMANDS);
    for (const text of [make(cmd), `Let me run it.\n${make(cmd)}`, `I will run the tests: ${make(cmd)}`]) {
      assert.deepEqual(parseToolCalls(text, { tools }).calls, [{ name: 'run', arguments: { command: cmd } }], text);
    }
  }
});

test('random data blocks (package.json, Python dicts, config JSON) are neither calls nor unreadable calls', () => {
  const rand = prng(SEED + 2);
  const pick = pickWith(rand);
  const names = ['my-app', 'search', 'run', 'demo', 'patch-utils', 'read_file'];
  for (let run = 0; run < 500; run++) {
    const name = pick(names);
    const block = pick([
      () => `\`\`\`json\n{\n  "name": "${name}",\n  "version": "1.${run % 9}.0",\n  "scripts": {"test": "node --test"}\n}\n\`\`\``,
      () => `\`\`\`python\nconfig = {'name': '${name}', 'debug': ${rand() < 0.5 ? 'True' : 'False'}}\n\`\`\``,
      () => `{"name": "${name}", "private": true, "workspaces": ["packages/*"]}`,
      () => `\`\`\`yaml\nname: ${name}\non: push\n\`\`\``,
    ])();
    const text = `${sentence(rand, 4)}:\n${block}\n${sentence(rand, 5)}.`;
    const r = parseToolCalls(text, { tools: parserTools(TOOLS) }); // with their schemas, as the agent passes them
    assert.deepEqual(r.calls, [], `seed ${SEED + 2} run ${run}: ${JSON.stringify(text)}`);
    assert.equal(r.unreadableCall, false, `seed ${SEED + 2} run ${run} (unreadable): ${JSON.stringify(text)}`);
  }
});
