// Ollama: the window a three-file task really runs with, requests Ollama cut silently, and model loads,
// against the replay server playing Ollama (default window 4,096, a reload whenever num_ctx changes, a
// silent cut of over-long prompts on /v1). Before: the OpenAI-compatible /v1 (what SmallCode used until
// it spoke Ollama's API), with the window detected and with the window set by hand. After: /api/chat.
// Targets: window = what the user asked for (16k default, capped by training); 0 truncated; 1 load.
//   node --import tsx bench/ollama.bench.ts
import { runOllamaScenario, type OllamaScenarioResult } from '../test/support/ollamaScenario';

function line(label: string, r: OllamaScenarioResult): string {
  const windows = [...new Set(r.windows)].map((w) => w.toLocaleString('en-US')).join('/');
  return `  ${label.padEnd(44)} window used ${windows.padStart(6)} (budget ${r.budgetWindow.toLocaleString('en-US')}), `
    + `silently truncated ${r.truncated}/${r.requests}, model loads ${r.loads}, files still in view ${r.filesInLastPrompt}/3${r.success ? '' : ` FAILED: ${r.error}`}`;
}

async function main() {
  // The model was running at Ollama's default before the session (e.g. after `ollama run`).
  const preloaded = { reportedContext: 4096 };
  const v1 = { ...preloaded, ollama: { nativeApi: false } };
  const before = await runOllamaScenario({ server: v1 });
  const beforeSet = await runOllamaScenario({ server: v1, agent: { contextWindow: 16_384 } });
  const after = await runOllamaScenario({ server: preloaded });
  const afterSet = await runOllamaScenario({ server: preloaded, agent: { contextWindow: 65_536 } });
  console.log('three-file task on Ollama (replay server: default window 4,096, model trained for 32,768)');
  console.log(line('before: /v1, window detected', before));
  console.log(line('before: /v1, smallcode.contextWindow 16384', beforeSet));
  console.log(line('after: /api/chat, default', after));
  console.log(line('after: /api/chat, contextWindow 65536 (capped)', afterSet));
  const met = after.windows.every((w) => w === 16_384) && after.truncated === 0 && after.loads === 1 && afterSet.windows.every((w) => w === 32_768) && afterSet.loads === 1;
  console.log(`  target (16k default / capped by training, 0 truncated, 1 load): ${met ? 'met' : 'NOT met'}`);
  if (!after.success || !afterSet.success) process.exitCode = 1;
}

main().catch((e) => { console.error(e); process.exit(1); });
