// The agent's own cost per turn, the model excluded: a 60-turn session against an instant scripted
// model on a real temp project (NodeWorkspace), so each turn's time is budget building, streaming
// detection, parsing, validation, tool execution, verification bookkeeping and the governor.
// Target: median ≤ 10 ms at turn 50. Also: system prompt + tool schema tokens per tool mode.
//   node --import tsx bench/agent.bench.ts
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, type ChatLike } from '../src/core/agent';
import { systemPrompt } from '../src/core/agent/systemPrompt';
import { CalibratedCounter, heuristicCounter, loadQwenCounter, promptTokens, type TokenCounter } from '../src/core/budget';
import type { ChatRequest, ChatResult, StreamCallbacks, ToolSchema } from '../src/core/llm';
import { InMemoryStore } from '../src/core/memory';
import { openAITools, TOOLS } from '../src/core/tools';
import { NodeWorkspace } from '../src/node/nodeWorkspace';
import { CallbackApproval } from '../src/node/approval';
import { CallbackEditReview } from '../src/node/editReview';

const TURNS = 60;
const RUNS = 5;
const FILES = 12;
const LINES = 120;

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'smallcode-bench-'));
  mkdirSync(join(root, 'src'));
  for (let f = 0; f < FILES; f++) {
    const lines = Array.from({ length: LINES }, (_, i) => `export function f${f}_${i}(x: number): number { return x * ${i} + ${f}; }`);
    writeFileSync(join(root, 'src', `m${f}.ts`), `${lines.join('\n')}\n`);
  }
  return root;
}

/** Turn n's reply: reads, searches and patches that never repeat (so the governor lets the session run). */
function reply(n: number): string {
  const f = n % FILES;
  const call = (name: string, args: object) => `Step ${n}.\n<tool_call>{"name": "${name}", "arguments": ${JSON.stringify(args)}}</tool_call>`;
  if (n >= TURNS) return 'All done.';
  switch (n % 4) {
    case 0: return call('read_file', { path: `src/m${f}.ts`, start_line: 1 + (n % 50), end_line: 40 + (n % 50) });
    case 1: return call('search', { pattern: `f${f}_${n}\\b`, path: 'src/**/*.ts' });
    case 2: return call('patch', { path: `src/m${f}.ts`, search: `return x * ${n} + ${f};`, replace: `return x * ${n} + ${f} + 1;` });
    default: return call('find_files', { glob: `src/m${f}*.ts` });
  }
}

function instantModel(): ChatLike {
  let n = 0;
  return {
    model: 'qwen2.5-coder-7b-instruct',
    async stream(_req: ChatRequest, cb: StreamCallbacks = {}): Promise<ChatResult> {
      const text = reply(n++);
      for (let i = 0; i < text.length; i += 8) cb.onText?.(text.slice(i, i + 8));
      return { text, reasoning: '', toolCalls: [], finishReason: 'stop', usage: { promptTokens: 0, completionTokens: 0 }, attempts: 1 };
    },
  };
}

async function session(counter?: TokenCounter): Promise<number[]> {
  const root = project();
  try {
    const agent = new Agent({
      client: instantModel(), workspace: new NodeWorkspace(root), editReview: new CallbackEditReview(), approval: new CallbackApproval(),
      store: new InMemoryStore(), window: 32_768, toolMode: 'text', ...(counter ? { counter } : {}), maxTurns: TURNS + 5,
    });
    const starts: number[] = [];
    agent.on('turn-start', () => starts.push(performance.now()));
    const result = await agent.run('Bump every constant by one, file by file.');
    if (!result.success) throw new Error(`session failed: ${result.error}`);
    starts.push(performance.now());
    return starts.slice(1).map((t, i) => t - starts[i]!); // duration of turn i+1
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const qwen = await loadQwenCounter();
  for (const [label, make] of [
    ['estimate (calibrated)', () => new CalibratedCounter(heuristicCounter)],
    // the agent's default for a Qwen model (counterForModel): the tokenizer, every count remembered
    ['Qwen tokenizer (agent default for Qwen models)', () => new CalibratedCounter(qwen)],
  ] as const) {
    await session(make()); // warm-up (JIT, file cache)
    const around50: number[] = [];
    const early: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const turns = await session(make());
      around50.push(...turns.slice(45, 55));
      early.push(...turns.slice(0, 10));
    }
    const m = median(around50);
    console.log(`agent overhead per turn, model excluded (${RUNS} runs × ${TURNS} turns, text protocol, 32k window, counting: ${label})`);
    console.log(`  median at turns 46-55: ${m.toFixed(2)} ms (target ≤ 10 ms: ${m <= 10 ? 'met' : 'NOT met'}); turns 1-10: ${median(early).toFixed(2)} ms; max near 50: ${Math.max(...around50).toFixed(2)} ms`);
  }

  console.log('system prompt + tool definitions, tokens sent with every request');
  const native = openAITools(TOOLS) as ToolSchema[];
  for (const [label, count] of [['estimate', heuristicCounter.count], ['Qwen tokenizer', qwen.count]] as const) {
    const nativeTokens = promptTokens([{ role: 'system', content: systemPrompt('native', TOOLS) }], native, count);
    const textTokens = promptTokens([{ role: 'system', content: systemPrompt('text', TOOLS) }], undefined, count);
    const rules = count(systemPrompt('native', TOOLS));
    console.log(`  ${label}: rules alone ${rules}; native mode ${nativeTokens} (schemas in \`tools\`, incl. the template's tool preamble); text mode ${textTokens}`);
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
