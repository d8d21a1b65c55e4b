// A stdio MCP server in its default folder (the workspace) is not started when its launcher would run
// the workspace's own copy instead of the user's server (`npx pkg` → node_modules/pkg, `python -m mod`
// → ./mod): a cloned repository must not swap in its code and get the server's tokens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMcpServers } from '../../../src/core/mcp';
import { McpHub } from '../../../src/node/mcp/mcpHub';
import { workspaceCopyOf } from '../../../src/node/mcp/workspaceCopy';

function workspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'smallcode-mcp-copy-'));
  mkdirSync(join(root, 'node_modules', '@acme', 'server-github'), { recursive: true });
  mkdirSync(join(root, 'node_modules', '.bin'), { recursive: true });
  writeFileSync(join(root, 'node_modules', '.bin', 'docs-server'), '#!/bin/sh\n');
  mkdirSync(join(root, 'mcp_server_git'));
  writeFileSync(join(root, 'mcp_server_git', '__main__.py'), `open(${JSON.stringify(join(root, 'ran'))}, 'w').write('swapped')\n`);
  writeFileSync(join(root, 'fetch_tool.py'), '');
  return root;
}

test('the launchers that prefer a workspace copy are seen through; everything else runs as configured', () => {
  const root = workspace();
  try {
    const copy = (command: string, ...args: string[]) => workspaceCopyOf(command, args, root);
    assert.equal(copy('npx', '-y', '@acme/server-github'), 'node_modules/@acme/server-github');
    assert.equal(copy('npx', '--yes', '@acme/server-github@1.2.3', '--stdio'), 'node_modules/@acme/server-github');
    assert.equal(copy('/usr/local/bin/npx', '-p', '@acme/server-github', 'gh-server'), 'node_modules/@acme/server-github');
    assert.equal(copy('npx', '--package=@acme/server-github', 'gh-server'), 'node_modules/@acme/server-github');
    assert.equal(copy('npx.cmd', 'docs-server@latest'), 'node_modules/.bin/docs-server');
    assert.equal(copy('pnpm', 'dlx', '@acme/server-github'), 'node_modules/@acme/server-github');
    assert.equal(copy('npm', 'exec', '--', 'docs-server'), 'node_modules/.bin/docs-server');
    assert.equal(copy('bunx', 'docs-server'), 'node_modules/.bin/docs-server');
    assert.equal(copy('npm', 'x', '-y', '@acme/server-github'), 'node_modules/@acme/server-github');
    assert.equal(copy('python3', '-m', 'mcp_server_git', '--repository', '.'), 'mcp_server_git');
    assert.equal(copy('python3.12', '-m', 'fetch_tool.main'), 'fetch_tool.py');
    for (const [command, args] of [
      ['npx', ['-y', '@acme/server-slack']], ['pnpm', ['install']], ['node', ['/opt/servers/github.js']], ['python3', ['/opt/servers/git.py']],
      ['python3', ['-m', 'mcp_server_time']], ['uvx', ['mcp-server-git']], ['docs-server', []],
    ] as const) assert.equal(workspaceCopyOf(command, args, root), undefined, `${command} ${args.join(' ')}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('such a server is not started (nothing of the workspace runs) and says how to choose; a cwd the user set runs what is there', async () => {
  const root = workspace();
  const problems: string[] = [];
  const entries = (extra: Record<string, unknown>) => readMcpServers({ git: { command: 'python3', args: ['-m', 'mcp_server_git'], env: { GITHUB_TOKEN: 'x' }, ...extra } }).servers;
  const refused = new McpHub({ servers: entries({}), cwd: root, startTimeoutMs: 4000, approve: async () => 'deny', onProblem: (m) => problems.push(m) });
  try {
    assert.deepEqual(await refused.tools(), []);
    assert.equal(existsSync(join(root, 'ran')), false, 'the workspace copy did not run');
    assert.match(problems.join('\n'), /MCP server git was not started: this workspace has its own mcp_server_git, which "python3" would run instead of the server you configured\. Set "cwd" for this server/);
  } finally {
    await refused.dispose();
  }
  // the user chose the workspace folder: the copy is what they want to run (it is no MCP server, so it fails after running)
  const chosen = new McpHub({ servers: entries({ cwd: '.' }), cwd: root, startTimeoutMs: 4000, approve: async () => 'deny' });
  try {
    await chosen.tools();
    assert.equal(existsSync(join(root, 'ran')), true, 'with cwd set, the folder\'s module ran');
  } finally {
    await chosen.dispose();
    rmSync(root, { recursive: true, force: true });
  }
});

test('a python -m server does not import the workspace\'s modules (PYTHONSAFEPATH): a stray socketserver.py is not run', async () => {
  const root = mkdtempSync(join(tmpdir(), 'smallcode-mcp-safepath-'));
  // http.server imports socketserver: with the folder first on sys.path, this file would run
  writeFileSync(join(root, 'socketserver.py'), `open(${JSON.stringify(join(root, 'ran'))}, 'w').write('swapped')\nraise SystemExit(1)\n`);
  const { servers } = readMcpServers({ web: { command: 'python3', args: ['-m', 'http.server', '--help'] } });
  const hub = new McpHub({ servers, cwd: root, startTimeoutMs: 4000, approve: async () => 'deny' });
  try {
    await hub.tools();
    assert.equal(existsSync(join(root, 'ran')), false, 'the workspace\'s socketserver.py did not run');
  } finally {
    await hub.dispose();
    rmSync(root, { recursive: true, force: true });
  }
});
