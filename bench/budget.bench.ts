// The budget's target: a 60-turn scripted session with large tool results against the replay server
// limited to 8,192 tokens (counting with Qwen's real tokenizer, answering an over-long prompt with
// llama.cpp's HTTP 400). Figures: requests, overflows, the largest prompt vs the limit, build time.
//   node --import tsx bench/budget.bench.ts
import { runLongSession } from '../test/support/replay-session/longSession';
import { CalibratedCounter } from '../src/core/budget/calibratedCounter';
import { heuristicCounter } from '../src/core/budget/tokenCounter';
import { loadQwenCounter } from '../src/core/budget/qwenTokenizer';

async function main() {
  const limit = 8192;
  for (const [label, make] of [
    ['estimate, calibrated from usage.prompt_tokens', async () => new CalibratedCounter(heuristicCounter)],
    ['Qwen tokenizer (exact for Qwen models)', async () => new CalibratedCounter(await loadQwenCounter())],
  ] as const) {
    const counter = await make();
    const t0 = performance.now();
    const f = await runLongSession({ requests: 60, contextLimit: limit, counter });
    console.log(`60-turn session, window ${limit}, counting: ${label}`);
    console.log(`  chat requests ${f.requests} (${f.agentRequests} agent steps + ${f.summaries} summaries), overflow errors ${f.overflows}`);
    console.log(`  largest prompt ${f.maxPromptTokens} tokens (server count), largest prompt + reply reserve ${f.maxPromptPlusReply} / ${limit} (${((f.maxPromptPlusReply / limit) * 100).toFixed(1)} %)`);
    console.log(`  system prompt always present: ${f.systemAlwaysPresent}, current task always present: ${f.taskAlwaysPresent}`);
    console.log(`  tool results evicted ${f.evictedResults}, cut ${f.truncatedResults} (summed over requests); budget build ${f.msPerBuild.toFixed(1)} ms/request; counter ${f.counter}`);
    console.log(`  wall time ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
}

main();
