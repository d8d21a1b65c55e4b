// The budget against the real llama.cpp server: a multi-task agent session with whole-file reads (large
// tool results) in a 4,096-token window. The server refuses any prompt longer than its window with HTTP
// 400, so zero refusals over the session is the budget's guarantee measured on the real tokenizer and
// chat template, not on our imitation of them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLlamaServer, type LlamaServer } from '../support/llamaServer';
import { runAgentSession } from '../support/llamaSession';

const CONTEXT = 4096;
let server: LlamaServer;
before(async () => { server = await startLlamaServer({ contextSize: CONTEXT }); });
after(async () => { await server?.stop(); });

for (const toolMode of ['native', 'text'] as const) {
  test(`a long session of large tool results never sends a prompt the server refuses (${toolMode} tools)`, async (t) => {
    const session = await runAgentSession({ server, tasks: 4, toolMode });
    const refused = session.requests.filter((r) => r.status >= 400);
    assert.deepEqual(refused, [], `refused: ${JSON.stringify(refused)}\n${server.log().slice(-2000)}`);
    const dropped = session.requests.filter((r) => r.status === 0);
    assert.equal(session.window, CONTEXT, session.windowSource);
    assert.deepEqual(session.runs.map((r) => r.stopReason), ['done', 'done', 'done', 'done'], session.runs.map((r) => r.error ?? '').join('\n'));
    assert.ok(!session.warnings.some((w) => /refused a prompt/.test(w)), session.warnings.join('\n'));
    const steps = session.requests.filter((r) => r.kind === 'step' && r.status === 200);
    assert.ok(steps.length >= 28, `${steps.length} agent requests`);
    for (const r of session.requests.filter((q) => q.status === 200)) {
      assert.ok(r.promptTokens! + r.maxTokens! <= CONTEXT, `prompt ${r.promptTokens} + reply reserve ${r.maxTokens} > ${CONTEXT}`);
    }
    // The window is used, not wasted: the session really pressed against it.
    const largest = Math.max(...steps.map((r) => r.promptTokens!));
    assert.ok(largest > CONTEXT * 0.5, `largest prompt ${largest}`);
    const miscount = steps.map((r) => r.counted! - r.promptTokens!);
    t.diagnostic(`${steps.length} steps + ${session.requests.filter((r) => r.kind === 'summary').length} summaries; largest prompt ${largest} of ${CONTEXT}; SmallCode's count − the server's: ${Math.min(...miscount)} to ${Math.max(...miscount)} tokens`);
    if (dropped.length) t.diagnostic(`connections dropped before an answer (retried by the client): ${dropped.map((r) => r.error).join('; ')}`);
  });
}
