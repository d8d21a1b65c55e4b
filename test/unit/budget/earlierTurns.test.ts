// Earlier tasks in the history and a task that grows past the low-water mark by itself: the earlier
// turns go in one drop (one summary, one change of the prompt after the context), not a turn every
// other request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRequest } from '../../../src/core/budget/contextBudget';
import { heuristicCounter as counter } from '../../../src/core/budget/tokenCounter';
import type { ChatMessage } from '../../../src/core/llm/types';

const fileText = (i: number) => Array.from({ length: 45 }, (_, k) => `export function f${i}_${k}(x: number): number { return x * ${k} + ${i}; }`).join('\n');
let ids = 0;
const write = (path: string, i: number): ChatMessage[] => {
  const id = `c${ids++}`;
  return [
    { role: 'assistant', content: '', tool_calls: [{ id, type: 'function', function: { name: 'write_file', arguments: JSON.stringify({ path, content: fileText(i) }) } }] },
    { role: 'tool', tool_call_id: id, name: 'write_file', content: `Created ${path} (45 lines).` },
  ];
};

for (const [window, tasks] of [[16_384, 6], [8192, 3]] as const) {
  test(`with ${tasks} earlier tasks at ${window}, a growing task drops the earlier turns once, all of them`, () => {
    let history: ChatMessage[] = [];
    for (let t = 0; t < tasks; t++) history.push({ role: 'user', content: `Earlier task ${t}` }, ...write(`old${t}.ts`, t), { role: 'assistant', content: `Done ${t}.` });
    const sent = new WeakSet<ChatMessage>(history);
    let turn: ChatMessage[] = [];
    let summary = '';
    const drops: number[] = [];
    for (let s = 0; s < 12; s++) {
      turn = [...turn, ...write(`src/gen${s}.ts`, s)];
      const opts = { window, replyTokens: 2048, counter };
      let built = buildRequest({ system: 'SYS', history, summary, task: 'Generate helpers', turn, sent: (m) => sent.has(m) }, opts);
      if (built.dropped.length) {
        // as the agent does: a summary of what was dropped, then the request again with it
        drops.push(s);
        summary = `${summary} [summary ${drops.length}]`.trim();
        history = built.history;
        turn = built.turn;
        built = buildRequest({ system: 'SYS', history, summary, task: 'Generate helpers', turn, sent: (m) => sent.has(m) }, opts);
        assert.deepEqual(built.history, [], `request ${s} drops every earlier turn`);
      }
      const margin = built.report.sections.find((x) => x.name === 'margin')!.used;
      assert.ok(built.promptTokens + built.maxTokens + margin <= window, `request ${s} fits`);
      history = built.history;
      turn = built.turn;
      for (const m of [...history, ...turn]) sent.add(m);
    }
    assert.equal(drops.length, 1, `earlier turns dropped once (at requests ${drops})`);
  });
}
