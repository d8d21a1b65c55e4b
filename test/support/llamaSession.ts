// A multi-task agent session through the real llama.cpp server, for the budget test and the prompt-cache
// benchmark: SmallCode's Agent on a real temp project (NodeWorkspace), its requests sent by the real
// ChatClient, each reply written by the server under a grammar (llamaScript.ts) so the "model" plans,
// reads whole files, searches, patches, remembers a fact and answers — a realistic shape of work with
// large tool results. Per request it records what the server said: HTTP status, usage, and llama.cpp's
// own `timings` (cache_n: prompt tokens reused from the KV cache, prompt_n: tokens processed).
import { rmSync } from 'node:fs';
import { Agent, type AgentRunResult } from '../../src/core/agent';
import { ChatClient, detectContextWindow, type ChatMessage, type ChatRequest, type ToolSchema } from '../../src/core/llm';
import { InMemoryStore } from '../../src/core/memory';
import { CallbackApproval } from '../../src/node/approval';
import { CallbackEditReview } from '../../src/node/editReview';
import { NodeWorkspace } from '../../src/node/nodeWorkspace';
import type { LlamaServer } from './llamaServer';
import { scriptedModel, textCall } from './llamaScript';
import { fakeFile } from './replay-session/longSession';
import { tempWorkspace } from '../unit/agent/helpers';

export interface ServedRequest {
  kind: 'step' | 'summary';
  status: number; // 0: no answer (see error)
  error?: string;
  maxTokens?: number;
  /** The request's `cache_prompt` field as sent (llama.cpp's default when absent: true). */
  cachePrompt?: boolean;
  /** usage.prompt_tokens (the server's count of the whole prompt). */
  promptTokens?: number;
  completionTokens?: number;
  /** timings.cache_n: prompt tokens taken from the KV cache. */
  cacheN?: number;
  /** timings.prompt_n: prompt tokens the server had to process. */
  promptN?: number;
  /** The prompt as SmallCode's budget counted it (agent steps only). */
  counted?: number;
  /** What was sent (messages and tools). */
  sent: { messages: ChatMessage[]; tools?: ToolSchema[] };
}

export interface AgentSessionOptions {
  server: LlamaServer;
  tasks: number;
  toolMode?: 'native' | 'text';
  files?: number;
  fileLines?: number;
}

export interface AgentSessionResult {
  window: number;
  windowSource: string;
  requests: ServedRequest[];
  runs: AgentRunResult[];
  warnings: string[];
}

/** A module of `lines` code-like lines (the replay session's content, without its line numbers). */
const moduleSource = (seed: number, lines: number) => `${fakeFile(seed, lines).replace(/^\d+\t/gm, '')}\n`;

/** The steps of task `t`: a plan, a whole-file read, a search, a ranged read, a patch, the plan done. */
function taskSteps(t: number, files: number, lines: number): string[] {
  const a = (2 * t) % files;
  const b = (2 * t + 1) % files;
  const target = moduleSource(b, lines).split('\n')[9 + t]!;
  const name = /computeValue\d+|handle_\d+_request/.exec(moduleSource(a, lines))![0];
  const plan = (states: string[]) => textCall('todo', { steps: [`Read src/m${a}.ts`, `Find the uses of ${name}`, `Fix src/m${b}.ts`].map((text, i) => ({ text, state: states[i] })) });
  return [
    plan(['doing', 'pending', 'pending']),
    textCall('read_file', { path: `src/m${a}.ts` }, `Reading src/m${a}.ts first.`),
    textCall('search', { pattern: `${name}\\b`, path: 'src/**/*.ts' }),
    textCall('read_file', { path: `src/m${b}.ts`, start_line: 1, end_line: 60 }),
    textCall('patch', { path: `src/m${b}.ts`, search: target.trim(), replace: `${target.trim()} // checked` }),
    ...(t === 0 ? [textCall('memory_remember', { key: 'style', value: 'one function per line, factors as defaults' })] : []),
    plan(['done', 'done', 'done']),
    `Task ${t + 1} is done: src/m${b}.ts now marks the checked line, and ${name} is used as before.`,
  ];
}

/** Watches the client's HTTP traffic: status, usage and llama.cpp's timings of every chat completion. */
function recordingFetch(served: ServedRequest[], pending: Promise<void>[], context: () => Pick<ServedRequest, 'kind' | 'counted'>): typeof fetch {
  return async (input, init) => {
    if (!String(input instanceof Request ? input.url : input).endsWith('/chat/completions')) return fetch(input, init);
    const body = JSON.parse(String(init?.body ?? '{}'));
    const entry: ServedRequest = { ...context(), status: 0, maxTokens: body.max_tokens, cachePrompt: body.cache_prompt, sent: { messages: body.messages, tools: body.tools } };
    served.push(entry);
    let response: Response;
    try {
      response = await fetch(input, init);
    } catch (error) {
      entry.error = String((error as { cause?: unknown }).cause ?? error);
      throw error;
    }
    entry.status = response.status;
    if (!response.ok || !response.body) return response;
    const [mine, theirs] = response.body.tee();
    pending.push(new Response(mine).text().then((text) => {
      for (const line of text.split('\n')) {
        const data = line.startsWith('data: ') ? line.slice(6) : line.startsWith('{') ? line : '';
        if (!data.startsWith('{')) continue;
        const chunk = JSON.parse(data);
        if (chunk.usage) { entry.promptTokens = chunk.usage.prompt_tokens; entry.completionTokens = chunk.usage.completion_tokens; }
        if (chunk.timings) { entry.cacheN = chunk.timings.cache_n; entry.promptN = chunk.timings.prompt_n; }
      }
    }));
    return new Response(theirs, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

export async function runAgentSession(opts: AgentSessionOptions): Promise<AgentSessionResult> {
  const files = opts.files ?? 12;
  const lines = opts.fileLines ?? 300;
  const root = tempWorkspace(Object.fromEntries(Array.from({ length: files }, (_, f) => [`src/m${f}.ts`, moduleSource(f, lines)])));

  const served: ServedRequest[] = [];
  const pending: Promise<void>[] = [];
  const { server } = opts;
  const window = await detectContextWindow({ kind: 'llamacpp', baseUrl: server.baseUrl }, server.model);
  // What the request being sent is: set just before the client sends it (requests go one at a time).
  let current: Pick<ServedRequest, 'kind' | 'counted'> = { kind: 'step' };
  // The client's own retries stay on: Node's fetch now and then sends on a keep-alive socket the server
  // is closing ("other side closed", a known undici race); the client retries that as it would for a user.
  const client = new ChatClient({ baseUrl: server.baseUrl, model: server.model, serverKind: 'llamacpp', retries: 2, backoffMs: 20, fetch: recordingFetch(served, pending, () => current) });
  let task = '';
  let steps: string[] = [];
  let counted: number | undefined; // the budget's count, from the agent's 'request' event for its next step
  const model = scriptedModel(client, (request: ChatRequest) => {
    // The agent's own steps carry the task; anything else (a summary of dropped history) gets a summary.
    const step = request.messages.some((m) => m.role === 'user' && m.content?.includes(task));
    current = step ? { kind: 'step', counted } : { kind: 'summary' };
    return step ? steps.shift() ?? 'Nothing left to do.' : '- Earlier tasks: read modules in src/, searched for uses, patched one line each; no errors.';
  });
  const agent = new Agent({
    client: model, workspace: new NodeWorkspace(root), editReview: new CallbackEditReview(), approval: new CallbackApproval(),
    store: new InMemoryStore(), window: window.tokens, editApproval: 'auto', maxTurns: 20, ...(opts.toolMode ? { toolMode: opts.toolMode } : {}),
  });
  const warnings: string[] = [];
  agent.on('warning', (w) => warnings.push(w.message));
  agent.on('request', (r) => { counted = r.promptTokens; });
  const runs: AgentRunResult[] = [];
  try {
    for (let t = 0; t < opts.tasks; t++) {
      task = `Task ${t + 1}: check how src/m${(2 * t) % files}.ts is used and mark the line you checked in src/m${(2 * t + 1) % files}.ts. [T${t + 1}]`;
      steps = taskSteps(t, files, lines);
      runs.push(await agent.run(task));
    }
    await Promise.all(pending);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return { window: window.tokens, windowSource: window.source, requests: served, runs, warnings };
}
