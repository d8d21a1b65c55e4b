// The agent on Ollama end to end (headless API, replay server playing Ollama over real HTTP): its own
// API at 16k for a task that needs more than Ollama's default window, nothing cut, one model load; an
// Ollama too old to refuse an over-long prompt is named, once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runOllamaScenario } from '../../support/ollamaScenario';

test('a three-file task on Ollama runs at 16k through /api/chat: nothing truncated, one load, every file still in view', async () => {
  const r = await runOllamaScenario({ server: { reportedContext: 4096 } }); // someone ran the model at 4k before
  assert.equal(r.success, true, r.error);
  assert.equal(r.requests, 5);
  assert.deepEqual(r.windows, [16_384, 16_384, 16_384, 16_384, 16_384]);
  assert.equal(r.budgetWindow, 16_384);
  assert.equal(r.truncated, 0);
  assert.equal(r.loads, 1);
  assert.equal(r.filesInLastPrompt, 3);
  assert.deepEqual(r.warnings, []);
});

test('through /v1 (an Ollama without /api/chat) the same task runs at 4k, with the warning, and forgets files', async () => {
  const r = await runOllamaScenario({ server: { ollama: { nativeApi: false } } });
  assert.equal(r.success, true, r.error);
  assert.equal(r.budgetWindow, 4096);
  assert.ok(r.windows.every((w) => w === 4096));
  assert.equal(r.truncated, 0, 'the budget keeps inside the 4k it detected');
  assert.ok(r.filesInLastPrompt < 3, `${r.filesInLastPrompt} files still in view`);
  assert.ok(r.warnings.some((w) => /did not answer.*OLLAMA_CONTEXT_LENGTH/.test(w)), r.warnings.join('\n'));
});

test('an Ollama older than 0.12.6 ignores truncate: false: the run warns once that it may cut long prompts silently, and to update it', async () => {
  const r = await runOllamaScenario({ server: { ollama: { version: '0.12.5' } } });
  assert.equal(r.success, true, r.error);
  const told = r.warnings.filter((w) => /^Ollama 0\.12\.5 at http:\/\/127\.0\.0\.1:\d+ is older than 0\.12\.6: it may cut a long prompt silently.*Update Ollama/.test(w));
  assert.equal(told.length, 1, r.warnings.join('\n'));
});
