// A scripted long agent session for the budget target: N requests, each answered by the replay server
// with a tool call whose (large) result is appended before the next request, a new user task every
// `turnsPerTask` requests, and summaries of dropped history made by the "model" through the same client.
// Like the agent, it keeps the conversation as each request sent it (compactions included), and cuts
// results the way their tools say.
// Shared by test/unit/budget/longSession.test.ts and bench/budget.bench.ts.
import { startReplayServer, type RecordedRequest } from '../replayServer';
import { ChatClient } from '../../../src/core/llm/chatClient';
import { LlmError } from '../../../src/core/llm/errors';
import type { ChatMessage, ToolSchema } from '../../../src/core/llm/types';
import { buildRequest, learnFromUsage } from '../../../src/core/budget/contextBudget';
import { summarizeMessages } from '../../../src/core/budget/summarize';
import type { TokenCounter } from '../../../src/core/budget/tokenCounter';
import { resultCut } from '../../../src/core/tools/resultCuts';

export const SYSTEM_PROMPT = 'You are SmallCode, a careful coding agent. Use the tools to read and edit files. SYSTEM-MARKER-7f3a';

const TOOLS: ToolSchema[] = [
  { type: 'function', function: { name: 'read_file', description: 'Read a file', parameters: { type: 'object', properties: { path: { type: 'string' }, start: { type: 'integer' }, end: { type: 'integer' } }, required: ['path'] } } },
  { type: 'function', function: { name: 'search', description: 'Search the workspace', parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] } } },
];

/** A deterministic, code-like tool result of about `lines` lines (TypeScript and Python alternating). */
export function fakeFile(seed: number, lines: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const k = (seed * 7919 + i * 104729) % 997;
    out.push(seed % 2
      ? `${i + 1}\t  def handle_${k}_request(self, payload: dict, retries: int = ${k % 7}) -> Optional[Response]:  # step ${i}`
      : `${i + 1}\t  export function computeValue${k}(input: ReadonlyArray<number>, factor = ${k / 10}): number { return input.reduce((a, b) => a + b * factor, ${k}); }`);
  }
  return out.join('\n');
}

/** A read of `fakeFile` as read_file returns it (its first line, then numbered lines), so the budget cuts it as the agent does. */
function readResult(seed: number, lines: number): string {
  return `src/file${seed}.ts (${lines} lines):\n${fakeFile(seed, lines).replace(/^(\d+)\t/gm, '$1| ')}`;
}

export interface SessionOptions {
  requests: number; // e.g. 60
  contextLimit: number; // e.g. 8192
  counter: TokenCounter;
  replyTokens?: number;
  turnsPerTask?: number;
  resultLines?: (i: number) => number;
}

export interface SessionFigures {
  requests: number; // chat requests sent (agent steps + summaries)
  agentRequests: number;
  summaries: number;
  overflows: number; // 400 context errors from the server
  maxPromptTokens: number; // as the server counted
  maxPromptPlusReply: number;
  limit: number;
  systemAlwaysPresent: boolean;
  taskAlwaysPresent: boolean;
  evictedResults: number;
  truncatedResults: number;
  msPerBuild: number;
  counter: string;
}

export async function runLongSession(opts: SessionOptions): Promise<SessionFigures> {
  const turnsPerTask = opts.turnsPerTask ?? 10;
  const replyTokens = opts.replyTokens ?? 1024;
  const server = await startReplayServer({
    contextLimit: opts.contextLimit,
    handler: (req: RecordedRequest, i) => {
      const system = String(req.body?.messages?.[0]?.content ?? '');
      if (system.startsWith('Summarise')) return { text: `- Earlier steps (${i}): read files, found handlers, no edits yet.` };
      return { text: `Step ${i}: reading the next file.`, toolCalls: [{ name: 'read_file', arguments: { path: `src/file${i}.ts` } }] };
    },
  });
  const client = new ChatClient({ baseUrl: server.baseUrl, model: 'qwen2.5-coder-7b-instruct', retries: 2, backoffMs: 5, maxBackoffMs: 20 });
  const figures: SessionFigures = { requests: 0, agentRequests: 0, summaries: 0, overflows: 0, maxPromptTokens: 0, maxPromptPlusReply: 0, limit: opts.contextLimit,
    systemAlwaysPresent: true, taskAlwaysPresent: true, evictedResults: 0, truncatedResults: 0, msPerBuild: 0, counter: '' };
  let history: ChatMessage[] = [];
  let turn: ChatMessage[] = [];
  let task = '';
  let summary = '';
  let buildMs = 0;
  const alreadySent = new WeakSet<ChatMessage>();
  try {
    for (let step = 0; step < opts.requests; step++) {
      if (step % turnsPerTask === 0) {
        if (task) history = [...history, { role: 'user', content: task }, ...turn];
        task = `Task ${step / turnsPerTask + 1}: find where computeValue${step} is used and explain it. TASK-MARKER-${step}`;
        turn = [];
      }
      const t0 = performance.now();
      const build = () => buildRequest({ system: SYSTEM_PROMPT, tools: TOOLS, summary, history, task, turn, sent: (m) => alreadySent.has(m) },
        { window: opts.contextLimit, replyTokens, counter: opts.counter, resultCut });
      let built = build();
      buildMs += performance.now() - t0;
      figures.evictedResults += built.report.evictedResults;
      figures.truncatedResults += built.report.truncatedResults;
      if (built.compacted) {
        ({ history, turn } = built);
        if (built.dropped.length) {
          // The budget dropped the oldest turns: summarise them with the model; the summary leads from now on.
          summary = await summarizeMessages(client, built.dropped, { counter: opts.counter, window: opts.contextLimit, previousSummary: summary || undefined });
          figures.summaries++;
        }
        built = build();
      }
      ({ history, turn } = built);
      for (const m of [...history, ...turn]) alreadySent.add(m);
      let result;
      try {
        result = await client.stream({ messages: built.messages, tools: built.tools, maxTokens: built.maxTokens });
      } catch (e) {
        if (e instanceof LlmError && e.kind === 'context-exceeded') { figures.overflows++; continue; }
        throw e;
      }
      learnFromUsage(opts.counter, built, result.usage?.promptTokens);
      figures.agentRequests++;
      const call = result.toolCalls[0]!;
      turn = [...turn,
        { role: 'assistant', content: result.text, tool_calls: result.toolCalls },
        { role: 'tool', tool_call_id: call.id, name: call.function.name, content: readResult(step, (opts.resultLines ?? ((i) => 60 + (i * 37) % 260))(step)) },
      ];
      const sent = server.chatRequests.at(-1)!;
      const msgs: any[] = sent.body.messages;
      if (!String(msgs[0]?.content).includes('SYSTEM-MARKER-7f3a')) figures.systemAlwaysPresent = false;
      // the task may follow the summary in one user message
      if (!msgs.some((m) => m.role === 'user' && String(m.content).endsWith(task))) figures.taskAlwaysPresent = false;
    }
  } finally {
    await server.close();
  }
  for (const r of server.chatRequests) {
    figures.maxPromptTokens = Math.max(figures.maxPromptTokens, r.promptTokens ?? 0);
    figures.maxPromptPlusReply = Math.max(figures.maxPromptPlusReply, (r.promptTokens ?? 0) + (r.body?.max_tokens ?? 0));
  }
  figures.requests = server.chatRequests.length;
  figures.overflows = server.chatRequests.filter((r) => r.status === 400).length;
  figures.msPerBuild = buildMs / opts.requests;
  figures.counter = opts.counter.name;
  return figures;
}
