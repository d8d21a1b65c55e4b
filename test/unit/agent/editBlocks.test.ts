// Replies that edit with SEARCH/REPLACE blocks in prose (aider's format) instead of a tool call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, hermes, read, runSession } from './helpers';

const MATH = 'function sum(values) {\n  let total = 0;\n  for (let i = 0; i <= values.length; i++) total += values[i];\n  return total;\n}\n';
const FIXED = MATH.replace('i <= values.length', 'i < values.length');
const block = (path: string | undefined) => [
  "Here's the fix:", '', ...(path ? [path] : []), '```js', '<<<<<<< SEARCH',
  '  for (let i = 0; i <= values.length; i++) total += values[i];', '=======',
  '  for (let i = 0; i < values.length; i++) total += values[i];', '>>>>>>> REPLACE', '```', '',
].join('\n');

test('SEARCH/REPLACE blocks under a file name are applied as patches, through the review', async () => {
  let reviewed = 0;
  const s = await runSession('Fix the loop bound in sum.', [{ text: block('src/sum.js') }, { text: 'Fixed the loop bound.' }], {
    files: { 'src/sum.js': MATH },
    reviewEdit: () => { reviewed++; return { kind: 'accepted' }; },
  });
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.equal(read(s.root, 'src/sum.js'), FIXED);
    assert.equal(reviewed, 1, 'the edit went through the review like any other');
    const start = s.events.find((e) => e.type === 'tool-start');
    assert.equal(start?.type === 'tool-start' && start.name, 'patch');
    assert.ok(start?.type === 'tool-start' && start.repairs.some((r) => /SEARCH\/REPLACE block/.test(r)), 'the reading is recorded as a repair');
    assert.equal(s.result.response, 'Fixed the loop bound.');
  } finally {
    cleanup(s.root);
  }
});

test('a block without a file name is not guessed at: the model is asked again, and its tool call applies', async () => {
  const s = await runSession('Fix the loop bound in sum.', [
    { text: block(undefined) },
    { text: hermes('patch', { path: 'src/sum.js', search: 'i <= values.length', replace: 'i < values.length' }) },
    { text: 'Fixed.' },
  ], { files: { 'src/sum.js': MATH } });
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.equal(read(s.root, 'src/sum.js'), FIXED);
    assert.match(s.sent(1), /could not be read/);
  } finally {
    cleanup(s.root);
  }
});

test('prose that merely says SEARCH is an answer, not an edit', async () => {
  const s = await runSession('How do I find usages?', [{ text: 'Use the SEARCH panel (Ctrl+Shift+F) and type the name.' }], { files: { 'src/sum.js': MATH } });
  try {
    assert.equal(s.result.success, true);
    assert.equal(s.result.toolCalls.length, 0);
    assert.equal(read(s.root, 'src/sum.js'), MATH);
  } finally {
    cleanup(s.root);
  }
});
