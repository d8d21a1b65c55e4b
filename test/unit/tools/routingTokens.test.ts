// Routing savings are counted with the budget's token estimate: one estimate in the project, not two.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateTokens } from '../../../src/core/budget';
import * as tools from '../../../src/core/tools';

test('measureRoutingSavings counts with the budget estimate by default', () => {
  const s = tools.measureRoutingSavings();
  assert.equal(s.allTools, estimateTokens(JSON.stringify(tools.openAITools(tools.TOOLS))));
  assert.equal(s.categoryPrompt, estimateTokens(tools.categoryPrompt()));
  assert.ok(!('estimateTokens' in tools), 'tools has no token estimate of its own');
});

test('an exact counter can be passed in and is named in the report', () => {
  const s = tools.measureRoutingSavings((t) => t.length, 'characters');
  assert.equal(s.categoryPrompt, tools.categoryPrompt().length);
  assert.match(s.lines[0]!, /characters/);
});
