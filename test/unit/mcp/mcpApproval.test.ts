// An MCP tool call runs only on a clear yes ('once' or 'always'): any other answer of the approval
// callback — a typo, an object, nothing, a throw — is a no, as for edits and commands.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { MCP_ARGUMENTS_SHOWN, mcpArgumentsText, mcpPlugin, readMcpServers, type McpCaller } from '../../../src/core/mcp';
import { McpHub } from '../../../src/node/mcp/mcpHub';
import type { ApprovalRequest } from '../../../src/node/approval';
import type { SmallCode } from '../../../src/node/smallCode';
import { cleanup, hermes, runSession } from '../agent/helpers';

const REPO = process.cwd();
const stdio = (mode: string) => ({ command: process.execPath, args: ['--import', 'tsx', join(REPO, 'test/support/mcpTestServer.ts'), mode], cwd: REPO });

function plugin(approve: () => unknown) {
  const calls: string[] = [];
  const caller: McpCaller = { callTool: async (tool) => { calls.push(tool); return { content: [{ type: 'text', text: 'done' }] }; } };
  const p = mcpPlugin({ name: 'drop_table', inputSchema: { type: 'object' } }, { server: 'db', caller, approve: approve as never, allowed: new Set() });
  return { p, calls };
}

test('only once/always run an MCP tool; every other answer declines', async () => {
  for (const answer of [() => 'no', () => 'Deny', () => ({ approved: true }), () => undefined, () => true, () => { throw new Error('crashed'); }, () => Promise.reject(new Error('x'))]) {
    const { p, calls } = plugin(answer);
    const out = await p.execute({});
    assert.equal(out.ok, false, String(answer));
    assert.match(out.content, /was not run/);
    assert.deepEqual(calls, []);
  }
  for (const answer of ['once', 'always']) {
    const { p, calls } = plugin(async () => answer);
    assert.equal((await p.execute({})).ok, true);
    assert.deepEqual(calls, ['drop_table']);
  }
});

test('in the API, approve is the gate for MCP calls too when approveMcp is not given', async () => {
  const seen: ApprovalRequest[] = [];
  let agent: SmallCode | undefined;
  const s = await runSession('Use the tools.', (_r, i) => ({ text: [hermes('tools.add', { a: 2, b: 3 }), hermes('tools.crash', {}), 'Done.'][i] ?? 'Done.' }), {
    mcpServers: { tools: stdio('ok') },
    approve: (r) => { seen.push(r); return r.kind === 'tool' && r.tool === 'add' ? true : { approved: 'no' as never }; },
    onAgent: (a) => { agent = a; },
  });
  try {
    assert.deepEqual(seen.map((r) => (r.kind === 'tool' ? `${r.server}.${r.tool}` : r.kind)), ['tools.add', 'tools.crash']);
    assert.deepEqual(seen.map((r) => (r.kind === 'tool' ? r.label : '')), ['"add" from MCP server "tools"', '"crash" from MCP server "tools"'], 'the one label the user sees everywhere');
    const started = s.events.flatMap((e) => (e.type === 'tool-start' ? [[e.name, e.label]] : []));
    assert.deepEqual(started, [['tools__add', '"add" from MCP server "tools"'], ['tools__crash', '"crash" from MCP server "tools"']], 'the chat card shows the same label');
    assert.match(s.sent(1), /tools\.add result:\\n5/);
    assert.match(s.sent(2), /tools__crash was not run/);
  } finally {
    await agent?.close();
    cleanup(s.root);
  }
});

test('a server starts only on consent === true: a truthy answer or a failing dialog does not start its command', async () => {
  for (const consent of [async () => 'yes', async () => 1, async () => { throw new Error('dialog failed'); }]) {
    const { servers } = readMcpServers({ tools: stdio('ok') });
    const problems: string[] = [];
    const hub = new McpHub({ servers, workspace: REPO, approve: async () => 'deny', consent: consent as never, onProblem: (m) => problems.push(m) });
    try {
      assert.deepEqual(await hub.tools(), []);
      assert.match(problems.join('\n'), /was not started: not allowed/);
    } finally {
      await hub.dispose();
    }
  }
});

test('the approval dialog shows arguments whole, or says how much of them it left out', () => {
  assert.equal(mcpArgumentsText({ a: 2 }), '{\n "a": 2\n}');
  const long = { text: `${'benign '.repeat(300)}then delete everything` };
  const shown = mcpArgumentsText(long);
  const total = JSON.stringify(long, null, 1).length;
  assert.ok(shown.startsWith(JSON.stringify(long, null, 1).slice(0, MCP_ARGUMENTS_SHOWN)));
  assert.ok(!shown.includes('delete everything'));
  assert.match(shown, new RegExp(`Not shown: the last ${total - MCP_ARGUMENTS_SHOWN} of ${total} characters of the arguments\\.`));
});
