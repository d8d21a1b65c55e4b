// What MCP servers cost (issue 15): the tool-definition tokens of every request (system message + `tools`)
// with 0, 1 and 3 copies of the 6-tool test MCP server, and the prompt cache over a two-task session that
// uses one MCP tool once (re-processed ÷ appended, as bench/session.bench.ts measures it). A server's own
// schemas enter the conversation once, as a tool result, when the model asks for them: the prefix stays.
//   node --import tsx bench/mcpRouting.bench.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadQwenCounter, promptTokens } from '../src/core/budget';
import { readMcpServers } from '../src/core/mcp';
import { McpHub } from '../src/node/mcp/mcpHub';
import { firstRequest } from './support/firstRequest';
import { runTwoTaskSession } from '../test/support/replay-session/twoTaskSession';

const stdio = () => ({ command: process.execPath, args: ['--import', 'tsx', join(process.cwd(), 'test/support/mcpTestServer.ts'), 'ok'], cwd: process.cwd() });
const configured = (n: number) => Object.fromEntries(['tools', 'docs', 'tickets'].slice(0, n).map((name) => [name, stdio()]));

async function main(): Promise<void> {
  const qwen = await loadQwenCounter();
  const count = (t: string) => qwen.count(t);
  const root = mkdtempSync(join(tmpdir(), 'smallcode-mcp-weight-'));
  try {
    console.log('tokens of the system message + tool schemas in every request (Qwen tokenizer), by MCP servers configured:');
    const none = { native: 0, text: 0 };
    for (const n of [0, 1, 3]) {
      const hub = n ? new McpHub({ servers: readMcpServers(configured(n)).servers, workspace: root, approve: async () => 'deny' }) : undefined;
      try {
        const figures: string[] = [];
        for (const mode of ['native', 'text'] as const) {
          const r = await firstRequest(root, mode, { toolProviders: hub ? [hub] : [] });
          const tokens = promptTokens([r.messages[0]!], r.tools, count);
          if (n === 0) none[mode] = tokens;
          figures.push(`${mode} ${tokens}${n ? ` (+${tokens - none[mode]})` : ''}`);
        }
        console.log(`  ${n} server${n === 1 ? '' : 's'} (${n * 6} MCP tools): ${figures.join('; ')}`);
      } finally {
        await hub?.dispose();
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const steps = [
    { toolCalls: [{ name: 'mcp_tools', arguments: { server: 'tools' } }] },
    { toolCalls: [{ name: 'mcp_call', arguments: { tool: 'tools__add', arguments: { a: 2, b: 3 } } }] },
  ];
  for (const [label, servers] of [['no MCP server', 0], ['1 MCP server, its tool used once', 1], ['3 MCP servers, one tool used once', 3]] as const) {
    const f = await runTwoTaskSession({ window: 12_288, toolMode: 'native', ...(servers ? { mcpServers: configured(servers), mcpSteps: steps } : {}) });
    console.log(`two-task session, 12k window, native, ${label}: ${f.requests.length} requests, prompt ${f.prompt}, re-processed ${f.reprocessed}, appended ${f.appended}, re-processed ÷ appended ${f.ratio.toFixed(2)}, tasks ${f.success ? 'done' : 'NOT done'}`);
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
