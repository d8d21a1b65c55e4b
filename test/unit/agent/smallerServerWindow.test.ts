// A server restarted (or a model reloaded) with a smaller window than the one the run budgets for refuses
// the prompt as too long. Asking again is only worth it with a prompt that is really smaller: never more
// than what was just refused, and within the window the server names when it names one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, hermes, runSession } from './helpers';
import { countPromptTokens, type ReplayReply } from '../../support/replayServer';

const FILE = Array.from({ length: 400 }, (_, i) => `export const value${i} = ${i} * 2; // a line long enough to cost tokens in the prompt`).join('\n') + '\n';
const TASK = 'Read src/a.ts and say what it exports.';
const reply = (i: number): ReplayReply => (i === 0 ? { text: hermes('read_file', { path: 'src/a.ts' }) } : { text: 'It exports doubled constants.' });

test('a server whose window is now far below the budgeted one (llama.cpp names its n_ctx): the run budgets for that window and finishes', async () => {
  const s = await runSession(TASK, (_req, i) => reply(i), {
    files: { 'src/a.ts': FILE }, contextWindow: 32_768, replyTokens: 512,
    server: { contextLimit: 4096, emulate: 'llamacpp' },
  });
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.equal(s.result.response, 'It exports doubled constants.');
    assert.deepEqual(s.server.chatRequests.map((r) => r.status), [200, 400, 200], 'refused once, then asked within the window the server named');
    const shrunk = s.events.filter((e) => e.type === 'window-shrunk').map((e) => (e as { tokens: number }).tokens);
    assert.deepEqual(shrunk, [4096]);
  } finally {
    cleanup(s.root);
  }
});

test('a refusal that names no window (Ollama\'s words): each prompt asked again is smaller than the one refused, and the run finishes', async () => {
  const limit = 3500;
  const prompts: { tokens: number; refused: boolean }[] = [];
  let answered = 0;
  const s = await runSession(TASK, async (req) => {
    const tokens = await countPromptTokens(req.body);
    const refused = tokens > limit;
    prompts.push({ tokens, refused });
    return refused ? { error: { status: 400, message: 'the input length exceeds the context length' } } : reply(answered++);
  }, { files: { 'src/a.ts': FILE }, contextWindow: 16_384, replyTokens: 512 });
  try {
    assert.equal(s.result.success, true, s.result.error);
    assert.equal(s.result.response, 'It exports doubled constants.');
    assert.ok(prompts.some((p) => p.refused), `the file made the prompt too long for the server: ${JSON.stringify(prompts)}`);
    for (let i = 1; i < prompts.length; i++) {
      if (prompts[i - 1]!.refused) assert.ok(prompts[i]!.tokens < prompts[i - 1]!.tokens, `prompts: ${JSON.stringify(prompts)}`);
    }
  } finally {
    cleanup(s.root);
  }
});
