// Prompt-cache reuse on the real llama.cpp server: a multi-task agent session (plan, whole-file reads,
// searches, patches, a memory note, plan updates; test/support/llamaSession.ts) through llama-server
// with the tiny random-weight model, each reply forced by a grammar. Per request, the server's own
// timings: cache_n (prompt tokens reused from the KV cache) and prompt_n (tokens it had to process).
// The figure: prompt tokens processed ÷ tokens appended, where "appended" is what follows the model's
// latest reply (an append-only prompt needs exactly that processed: 1.00). It measures whatever the
// agent sends, so it moves when the prompt layout changes.
//   npm run bench -- llama      (needs llama-server: node test/support/llamaInstall.mjs, ~11 min once)
import { llamaReady } from '../test/support/llamaInstall.mjs';
import { startLlamaServer } from '../test/support/llamaServer';
import { runAgentSession, type ServedRequest } from '../test/support/llamaSession';
import { countPromptTokens } from '../test/support/replayServer';

const WINDOW = 12_288;
const TASKS = 3;

interface Row { request: ServedRequest; total: number; appended: number }

/**
 * Tokens appended: what follows the model's latest reply in this request (tool results, notes, a new
 * task), i.e. what an append-only prompt adds; the whole prompt for the first request and for summaries.
 * Counted on Qwen's template as the replay server renders it (its tokenizer is this model's).
 */
async function appended(request: ServedRequest): Promise<number> {
  const { messages, tools } = request.sent;
  const last = messages.map((m) => m.role).lastIndexOf('assistant');
  const whole = await countPromptTokens({ messages, tools });
  if (request.kind !== 'step' || last < 0) return whole;
  return whole - await countPromptTokens({ messages: messages.slice(0, last + 1), tools });
}

async function rows(requests: ServedRequest[]): Promise<Row[]> {
  return Promise.all(requests.map(async (request) => ({ request, total: (request.cacheN ?? 0) + (request.promptN ?? 0), appended: await appended(request) })));
}

const pad = (v: string | number, n: number) => String(v).padStart(n);

async function main() {
  if (!llamaReady()) {
    console.log('skipped: llama-server is not built (node test/support/llamaInstall.mjs builds it, ~11 min on 2 cores the first time)');
    return;
  }
  const server = await startLlamaServer({ contextSize: WINDOW });
  try {
    for (const toolMode of ['native', 'text'] as const) {
      const t0 = performance.now();
      const session = await runAgentSession({ server, tasks: TASKS, toolMode });
      const table = await rows(session.requests.filter((r) => r.status === 200)); // a dropped connection is retried
      const steps = table.filter((r) => r.request.kind === 'step');
      const sum = (xs: Row[], f: (r: Row) => number) => xs.reduce((n, r) => n + f(r), 0);
      const processed = sum(steps, (r) => r.request.promptN ?? 0);
      const appended = sum(steps, (r) => r.appended);
      const summaries = table.filter((r) => r.request.kind === 'summary');
      const sent = new Set(session.requests.map((r) => r.cachePrompt === undefined ? 'not sent (server default: true)' : String(r.cachePrompt)));
      console.log(`real llama-server, ${TASKS}-task agent session, ${toolMode} tools, window ${session.window} (${session.windowSource}); cache_prompt: ${[...sent].join(', ')}`);
      console.log(`  ${pad('#', 3)} ${pad('kind', 7)} ${pad('prompt', 7)} ${pad('cache_n', 8)} ${pad('prompt_n', 9)} ${pad('appended', 9)} ${pad('reply', 6)}`);
      table.forEach((r, i) => console.log(`  ${pad(i + 1, 3)} ${pad(r.request.kind, 7)} ${pad(r.total, 7)} ${pad(r.request.cacheN ?? '-', 8)} ${pad(r.request.promptN ?? '-', 9)} ${pad(r.appended, 9)} ${pad(r.request.completionTokens ?? '-', 6)}`));
      console.log(`  agent steps ${steps.length}: processed ${processed} prompt tokens for ${appended} appended → processed ÷ appended ${(processed / Math.max(1, appended)).toFixed(2)} (append-only ideal 1.00); reused from cache ${sum(steps, (r) => r.request.cacheN ?? 0)} of ${sum(steps, (r) => r.total)} (${((sum(steps, (r) => r.request.cacheN ?? 0) / Math.max(1, sum(steps, (r) => r.total))) * 100).toFixed(1)} %)`);
      console.log(`  summaries ${summaries.length}: processed ${sum(summaries, (r) => r.request.promptN ?? 0)} prompt tokens; HTTP errors ${session.requests.filter((r) => r.status >= 400).length}; connections dropped and retried ${session.requests.filter((r) => r.status === 0).map((r) => r.error).join(', ') || 0}; runs ${session.runs.map((r) => r.stopReason).join(', ')}; wall ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  } finally {
    await server.stop();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
