// The fixed prompt weight as the agent really sends it: the system message and the tool schemas of the
// first request of a task, in both tool modes, for a workspace with no rules, no MCP servers and web
// fetch off (the default), then with one short AGENTS.md. Every token here is sent with every request.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { heuristicCounter, loadQwenCounter, promptTokens, type TokenCounter } from '../src/core/budget';
import type { ChatMessage, ToolSchema } from '../src/core/llm';
import { NodeWorkspace } from '../src/node/nodeWorkspace';
import { WorkspaceRules } from '../src/node/rules/workspaceRules';
import { webFetchProvider } from '../src/node/web/webFetchTool';
import { McpHub } from '../src/node/mcp/mcpHub';
import { readMcpServers } from '../src/core/mcp';
import type { ToolProvider } from '../src/core/tools';
import { firstRequest } from './support/firstRequest';

async function firstRequestOf(root: string, toolMode: 'native' | 'text', toolProviders: ToolProvider[] = []): Promise<{ system: ChatMessage; tools?: ToolSchema[] }> {
  const sent = await firstRequest(root, toolMode, { counter: heuristicCounter, rules: new WorkspaceRules(root, new NodeWorkspace(root)), toolProviders });
  return { system: sent.messages[0]!, ...(sent.tools ? { tools: sent.tools } : {}) };
}

async function main(): Promise<void> {
  const qwen = await loadQwenCounter();
  const counters: [string, TokenCounter][] = [['estimate', heuristicCounter], ['Qwen tokenizer', qwen]];
  const root = mkdtempSync(join(tmpdir(), 'smallcode-weight-'));
  try {
    const { servers } = readMcpServers({ test: { command: process.execPath, args: ['--import', 'tsx', join(process.cwd(), 'test/support/mcpTestServer.ts'), 'ok'], cwd: process.cwd() } });
    const hub = new McpHub({ servers, workspace: root, approve: async () => 'deny' });
    const setups: [string, ToolProvider[]][] = [['no rules, no MCP, web off', []], ['with a 6-line AGENTS.md', []], ['AGENTS.md + web fetch on', [webFetchProvider()]], ['AGENTS.md + the 6-tool test MCP server', [hub]]];
    for (const [setup, providers] of setups) {
      if (setup === 'with a 6-line AGENTS.md') writeFileSync(join(root, 'AGENTS.md'), '# Conventions\n- TypeScript strict, no any.\n- Tests with node:test.\n- Small files, one concept each.\n- Errors as values in the core.\n- Run npm test before saying done.\n');
      console.log(`fixed prompt weight as sent (${setup}): system message + tool schemas, tokens`);
      for (const [label, counter] of counters) {
        const figures = [];
        for (const mode of ['native', 'text'] as const) {
          const r = await firstRequestOf(root, mode, providers);
          figures.push(`${mode} ${promptTokens([r.system], r.tools, (t) => counter.count(t))}`);
        }
        console.log(`  ${label}: ${figures.join('; ')}`);
      }
    }
    await hub.dispose();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
