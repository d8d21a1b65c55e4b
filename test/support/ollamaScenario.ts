// A three-file task against the replay server playing Ollama, through the headless API: the model reads
// three files (together more than Ollama's default 4,096-token window), patches one and answers. Shared
// by the unit test (what must hold) and `npm run bench` (the figures, before and after).
import { mkdtempSync, mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReplayServer, type ReplayServerOptions } from './replayServer';
import { SmallCode, type SmallCodeOptions } from '../../src/node/smallCode';

export const OLLAMA_MODEL = 'qwen2.5-coder:7b';
const FILES = ['src/parse.ts', 'src/format.ts', 'src/report.ts'];

/** ~1,900 tokens per file; each carries a marker that shows whether the model still sees it. */
function source(name: string): string {
  const lines = Array.from({ length: 70 }, (_, i) => `export function ${name}Step${i}(input: readonly number[]): number { return input.reduce((a, b) => a + b * ${i}, 0); }`);
  return `// MARKER:${name}\n${lines.join('\n')}\n`;
}

export interface OllamaScenarioResult {
  success: boolean;
  error?: string;
  /** The window each chat request ran with on the server (num_ctx). */
  windows: number[];
  /** The window the budget planned for. */
  budgetWindow: number;
  requests: number;
  truncated: number;
  loads: number;
  /** Files whose content the model still saw in the last request (after any silent cut). */
  filesInLastPrompt: number;
  warnings: string[];
}

export async function runOllamaScenario(opts: { server?: Partial<ReplayServerOptions>; agent?: Partial<SmallCodeOptions> } = {}): Promise<OllamaScenarioResult> {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'smallcode-ollama-')));
  const names = FILES.map((f) => f.replace(/^src\/|\.ts$/g, ''));
  FILES.forEach((f, i) => { mkdirSync(join(root, 'src'), { recursive: true }); writeFileSync(join(root, f), source(names[i]!)); });
  const script = [
    ...FILES.map((path) => ({ text: '', toolCalls: [{ name: 'read_file', arguments: { path } }] })),
    { text: '', toolCalls: [{ name: 'patch', arguments: { path: FILES[2]!, search: 'reportStep0(', replace: 'reportFirst(' } }] },
    { text: 'Renamed reportStep0 to reportFirst; parse and format call nothing from report.' },
  ];
  const server = await startReplayServer({ emulate: 'ollama', models: [OLLAMA_MODEL], script, ...opts.server });
  try {
    const agent = new SmallCode({ baseUrl: server.baseUrl, model: OLLAMA_MODEL, workspace: root, retries: 0, replyTokens: 1024, ...opts.agent });
    const warnings: string[] = [];
    let budgetWindow = 0;
    agent.on('warning', (e) => warnings.push(e.message));
    agent.on('budget-updated', (e) => { budgetWindow = e.report.window; });
    const result = await agent.run('Rename reportStep0 to reportFirst, and check whether parse.ts or format.ts use it.');
    const lastRequest = server.chatRequests.at(-1);
    const last = JSON.stringify(lastRequest?.seenMessages ?? lastRequest?.body?.messages ?? []);
    return {
      success: result.success, ...(result.error ? { error: result.error } : {}),
      windows: server.chatRequests.map((r) => r.numCtx ?? 0),
      budgetWindow,
      requests: server.chatRequests.length,
      truncated: server.ollama.truncated,
      loads: server.ollama.loads,
      filesInLastPrompt: names.filter((n) => last.includes(`MARKER:${n}`)).length,
      warnings,
    };
  } finally {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  }
}
