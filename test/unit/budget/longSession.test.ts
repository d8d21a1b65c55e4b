import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runLongSession } from '../../support/replay-session/longSession';
import { CalibratedCounter } from '../../../src/core/budget/calibratedCounter';
import { heuristicCounter } from '../../../src/core/budget/tokenCounter';
import { loadQwenCounter } from '../../../src/core/budget/qwenTokenizer';

// The target: 60 turns with large tool results against a server limited to 8,192 tokens (the
// server counts with Qwen's real tokenizer). The estimate is the harder case; with the exact tokenizer
// the same guarantee is checked on a shorter run to keep the suite fast (bench/budget.bench.ts runs 60).
for (const [which, requests] of [['estimate, calibrated from usage', 60], ['Qwen tokenizer', 15]] as const) {
  test(`${requests}-turn session in 8,192 tokens never overflows (${which})`, async () => {
    const counter = new CalibratedCounter(which === 'Qwen tokenizer' ? await loadQwenCounter() : heuristicCounter);
    const f = await runLongSession({ requests, contextLimit: 8192, counter, turnsPerTask: requests < 60 ? 5 : 10 });
    assert.equal(f.overflows, 0);
    assert.equal(f.agentRequests, requests);
    assert.ok(f.systemAlwaysPresent, 'system prompt in every request');
    assert.ok(f.taskAlwaysPresent, 'current task in every request');
    assert.ok(f.maxPromptPlusReply <= 8192, `prompt + reply ${f.maxPromptPlusReply}`);
    assert.ok(f.maxPromptTokens > 8192 * 0.6, `the window is used, not wasted: ${f.maxPromptTokens}`);
    assert.ok(f.evictedResults > 0 && f.truncatedResults > 0);
    if (requests === 60) assert.ok(f.summaries > 0, 'dropped turns were summarised');
  });
}
