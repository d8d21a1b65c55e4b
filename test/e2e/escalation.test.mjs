// Escalation in the real workbench, against a second replay server standing in for the stronger
// endpoint: when the governor gives up on the local model's loop, a modal says what would be sent and
// where; Cancel sends nothing, "Send this step" sends the conversation there, its answer lands in the
// chat, and the trace (on disk and in /trace) marks the escalated turn.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchWorkspace } from '../support/vscodeHarness.mjs';
import { e2eSuite } from '../support/e2eSuite.mjs';
import { poll } from '../support/poll.mjs';
import { startReplayServer } from '../support/replayServer.ts';

const workspace = scratchWorkspace();
const call = (name, args) => `<tool_call>\n${JSON.stringify({ name, arguments: args })}\n</tool_call>`;
// The local model alternates two calls for ever: the governor stops it.
let localTurn = 0;
const looping = () => ({ text: localTurn++ % 2 ? call('search', { pattern: 'average' }) : call('read_file', { path: 'src/math.js' }) });
const STRONG_ANSWER = '`average` is defined in src/math.js, line 1.';

let local;
let strong;
const { step, ctx } = e2eSuite({
  suite: 'escalation', workspace,
  beforeStart: async () => {
    local = await startReplayServer({ emulate: 'llamacpp', models: ['qwen2.5-coder-7b-instruct'], reportedContext: 16384, handler: looping });
    strong = await startReplayServer({ handler: (req) => ({ text: JSON.stringify(req.body.messages).includes('Where is average defined?') ? STRONG_ANSWER : 'lost' }) });
    return { settings: { 'smallcode.baseUrl': local.baseUrl, 'smallcode.escalation.baseUrl': strong.baseUrl, 'smallcode.escalation.model': 'big-cloud-model' } };
  },
  afterAll: async () => { await local?.close(); await strong?.close(); },
});

const send = (text) => ctx.wb.send(text);

step('the governor gives up: a modal says what would be sent where; Cancel sends nothing', async () => {
  await ctx.wb.openSmallCode();
  await ctx.wb.chat.locator('#connection[data-status="ready"]').waitFor({ timeout: 30_000 });
  await send('Where is average defined?');
  const offer = await ctx.wb.answerModal('Send this step to big-cloud-model?', 'Cancel');
  assert.match(offer, new RegExp(`About [\\d,]+ tokens of this conversation would be sent to ${strong.baseUrl.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
  assert.match(offer, /, with the secrets SmallCode recognises redacted\. It includes your messages and the model's replies, plus: what it holds of the file src\/math\.js; search results/);
  await ctx.wb.chat.locator('#send[aria-label="Send message"]').waitFor({ timeout: 30_000 });
  assert.equal(strong.chatRequests.length, 0, 'nothing went to the stronger endpoint');
});

step('"Send this step": the stronger endpoint answers in the chat, and the trace marks the escalated turn', async () => {
  await send('Where is average defined?');
  await ctx.wb.answerModal('Send this step to big-cloud-model?', 'Send this step');
  await ctx.wb.chat.locator('.entry-assistant', { hasText: 'is defined in src/math.js, line 1.' }).waitFor({ timeout: 30_000 });
  assert.equal(strong.chatRequests.length, 1);
  assert.equal(strong.chatRequests[0].body.model, 'big-cloud-model');
  const traces = join(workspace, '.smallcode/traces');
  const escalated = await poll('the run\'s trace on disk with an escalated turn', () => {
    // Only finished traces: a write in progress is a temp file beside them (atomicWrite.ts).
    for (const file of existsSync(traces) ? readdirSync(traces).filter((f) => f.endsWith('.json')) : []) {
      const turns = JSON.parse(readFileSync(join(traces, file), 'utf8')).turns.filter((t) => t.request?.escalated);
      if (turns.length) return turns;
    }
    return undefined;
  }, { timeoutMs: 20_000 });
  assert.deepEqual(escalated.map((t) => t.request.escalated), [{ model: 'big-cloud-model', endpoint: strong.baseUrl }]);
  await send('/trace');
  await ctx.wb.chat.locator('.entry-notice', { hasText: 'escalated to big-cloud-model' }).waitFor({ timeout: 20_000 });
});
