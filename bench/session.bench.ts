// The prompt cache target (issue 10): a realistic two-task session (plan, reads, patches, plan updates, one
// memory note, a follow-up task) at a 12k window against the replay server with llama.cpp's one-slot prompt
// cache. Per request and in total: the prompt tokens the server had to process again (everything after the
// longest common prefix with the previous prompt + reply) against the append-only ideal (only what is new
// since the previous reply). Target: re-processed ÷ appended ≤ 1.3.
//   node --import tsx bench/session.bench.ts
import { runTwoTaskSession } from '../test/support/replay-session/twoTaskSession';

async function main() {
  for (const toolMode of ['native', 'text'] as const) {
    const f = await runTwoTaskSession({ window: 12_288, toolMode });
    console.log(`two-task session, 12,288-token window, ${toolMode} tool calls: ${f.requests.length} requests, ${f.overflows} overflows, tasks ${f.success ? 'done' : 'NOT done'}`);
    console.log('   #  kind     prompt  cached  re-processed  appended');
    f.requests.forEach((r, i) => console.log(`  ${String(i + 1).padStart(2)}  ${r.kind.padEnd(7)} ${String(r.promptTokens).padStart(7)} ${String(r.cachedTokens).padStart(7)} ${String(r.reprocessed).padStart(13)} ${String(r.appended).padStart(9)}`));
    const share = ((f.reprocessed / f.prompt) * 100).toFixed(1);
    console.log(`  total: prompt ${f.prompt}, re-processed ${f.reprocessed} (${share} % of all prompt tokens), append-only ideal ${f.appended}`);
    console.log(`  re-processed ÷ appended ${f.ratio.toFixed(2)} (target ≤ 1.3: ${f.ratio <= 1.3 ? 'met' : 'NOT met'}); cached tokens the agent saw reported: ${f.reportedCached}`);
  }
  const others: string[] = [];
  for (const window of [8192, 16_384, 32_768]) {
    const f = await runTwoTaskSession({ window });
    others.push(`${window / 1024}k ${f.ratio.toFixed(2)}${f.overflows ? ` (${f.overflows} overflows)` : ''}`);
  }
  console.log(`same session (native) at other windows, re-processed ÷ appended: ${others.join(', ')}`);
  // At 6k the second task drops whole turns, which the model summarises: asked within the conversation's
  // own prefix, the summary reuses the cache, and the request after it still finds the system prompt there.
  const tight = await runTwoTaskSession({ window: 6144 });
  const summaries = tight.requests.flatMap((r, i) => {
    const next = tight.requests[i + 1];
    return r.kind === 'summary' ? [`request ${i + 1} (summary) prompt ${r.promptTokens}, re-processed ${r.reprocessed}${next ? `; request ${i + 2} prompt ${next.promptTokens}, re-processed ${next.reprocessed}` : ''}`] : [];
  });
  console.log(`same session (native, 6k: turns dropped and summarised): re-processed ÷ appended ${tight.ratio.toFixed(2)}; ${summaries.join('; ') || 'no summary'}`);
  // With the code index a repo map leads the conversation: at 32k the second task starts without a
  // compaction, so a map rebuilt for it would make the server re-process the whole first task.
  const indexed = await runTwoTaskSession({ window: 32_768, codeIndex: true });
  console.log(`same session (native, 32k) with the code index's repo map: re-processed ÷ appended ${indexed.ratio.toFixed(2)} (re-processed ${indexed.reprocessed} of ${indexed.prompt} prompt tokens), tasks ${indexed.success ? 'done' : 'NOT done'}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
