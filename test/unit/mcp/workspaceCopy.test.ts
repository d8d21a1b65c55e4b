// A cloned repository must not swap in its code and get the server's tokens. A stdio MCP server starts
// outside the workspace (its launcher would read the workspace's .npmrc); with a `cwd` in the workspace
// it is not started when its launcher would run the workspace's own copy instead of the user's server
// (`npx pkg` → node_modules/pkg, `python -m mod` → ./mod).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readMcpServers } from '../../../src/core/mcp';
import { McpHub } from '../../../src/node/mcp/mcpHub';
import { workspaceCopyOf } from '../../../src/node/mcp/workspaceCopy';

/**
 * None of these servers is an MCP server: each exits on its own (or is not started), and what it did
 * by then is the check. The start limit only bounds a hang; a tighter one killed a slow start on a
 * loaded machine before the server had done anything (python3 took more than 4 s to start there).
 */
const START_TIMEOUT_MS = 60_000;

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
    // Windows: cmd runs the launcher (the usual way to start npx there), and names ignore case
    assert.equal(copy('cmd', '/c', 'npx', '-y', '@acme/server-github'), 'node_modules/@acme/server-github');
    assert.equal(copy('C:\\Windows\\System32\\cmd.exe', '/C', 'npx -y docs-server'), 'node_modules/.bin/docs-server');
    assert.equal(copy('C:\\Program Files\\nodejs\\NPX.CMD', '@acme/server-github'), 'node_modules/@acme/server-github');
    assert.equal(copy('Python.exe', '-m', 'mcp_server_git'), 'mcp_server_git');
    // a program path with spaces: its own argument, or quoted in cmd's one line
    assert.equal(copy('cmd', '/c', 'C:\\Program Files\\nodejs\\npx.cmd', '-y', '@acme/server-github'), 'node_modules/@acme/server-github');
    assert.equal(copy('cmd', '/c', '"C:\\Program Files\\nodejs\\npx.cmd" -y docs-server'), 'node_modules/.bin/docs-server');
    assert.equal(copy('cmd', '/c', '"npx"', '-y', 'docs-server'), 'node_modules/.bin/docs-server');
    for (const [command, args] of [
      ['npx', ['-y', '@acme/server-slack']], ['pnpm', ['install']], ['node', ['/opt/servers/github.js']], ['python3', ['/opt/servers/git.py']],
      ['python3', ['-m', 'mcp_server_time']], ['uvx', ['mcp-server-git']], ['docs-server', []], ['cmd', ['/c', 'dir']],
    ] as const) assert.equal(workspaceCopyOf(command, args, root), undefined, `${command} ${args.join(' ')}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('by default a server starts outside the workspace; with a cwd in it (the user\'s settings apply in every workspace) such a server is not started and the message says how to choose; a cwd outside runs what is there', async () => {
  const root = workspace();
  const elsewhere = mkdtempSync(join(tmpdir(), 'smallcode-mcp-elsewhere-'));
  mkdirSync(join(elsewhere, 'mcp_server_git'));
  writeFileSync(join(elsewhere, 'mcp_server_git', '__main__.py'), `open(${JSON.stringify(join(elsewhere, 'ran'))}, 'w').write('chosen')\n`);
  const entries = (extra: Record<string, unknown>) => readMcpServers({ git: { command: 'python3', args: ['-m', 'mcp_server_git'], env: { GITHUB_TOKEN: 'x' }, ...extra } }).servers;
  const start = async (extra: Record<string, unknown>) => {
    const problems: string[] = [];
    const hub = new McpHub({ servers: entries(extra), workspace: root, serverFolder: join(elsewhere, 'storage'), startTimeoutMs: START_TIMEOUT_MS, approve: async () => 'deny', onProblem: (m) => problems.push(m) });
    try {
      assert.deepEqual(await hub.tools(), [], 'none of these is an MCP server');
    } finally {
      await hub.dispose();
    }
    return problems.join('\n');
  };
  try {
    assert.doesNotMatch(await start({}), /was not started/, 'started, in its own folder, where there is no such module');
    assert.equal(existsSync(join(root, 'ran')), false, 'by default the workspace copy did not run');
    for (const cwd of ['.', root, 'src/..']) {
      assert.match(await start({ cwd }), /MCP server git was not started: this workspace has its own mcp_server_git, which "python3" would run instead of the server you configured\. It would run in the workspace \(its "cwd"\): leave "cwd" out/, cwd);
      assert.equal(existsSync(join(root, 'ran')), false, `cwd ${cwd}: the workspace copy did not run`);
    }
    await start({ cwd: elsewhere });
    assert.equal(readFileSync(join(elsewhere, 'ran'), 'utf8'), 'chosen', 'a folder outside the workspace runs what is there');
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(elsewhere, { recursive: true, force: true });
  }
});

test('a cloned repository\'s .npmrc (node-options=--require ./x.cjs) does not run inside the user\'s server: it starts in its own folder and gets the workspace as SMALLCODE_WORKSPACE', async () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'smallcode-mcp-npmrc-')));
  const storage = join(realpathSync(mkdtempSync(join(tmpdir(), 'smallcode-mcp-storage-'))), 'globalStorage'); // not there yet
  writeFileSync(join(root, '.npmrc'), 'node-options=--require ./x.cjs\n');
  writeFileSync(join(root, 'x.cjs'), `require('fs').writeFileSync(${JSON.stringify(join(root, 'STOLEN.txt'))}, 'token=' + process.env.MY_SERVER_TOKEN)\n`);
  // npx runs its command through npm's run-script, as for a package; -c and --offline need no network
  const server = `node -e "require('fs').writeFileSync(process.env.SMALLCODE_WORKSPACE + '/seen', process.cwd())"`;
  const { servers } = readMcpServers({ github: { command: 'npx', args: ['--offline', '-y', '-c', server], env: { MY_SERVER_TOKEN: 'ghp_secret123' } } });
  const problems: string[] = [];
  const hub = new McpHub({ servers, workspace: root, serverFolder: storage, startTimeoutMs: START_TIMEOUT_MS, approve: async () => 'deny', onProblem: (m) => problems.push(m) });
  try {
    assert.deepEqual(await hub.tools(), []);
    assert.match(problems.join('\n'), /MCP server github (exited|could not start)/);
    assert.equal(existsSync(join(root, 'STOLEN.txt')), false, 'the repository\'s x.cjs ran inside the server');
    for (const file of readdirSync(root)) assert.doesNotMatch(readFileSync(join(root, file), 'utf8'), /ghp_secret123/, `${file} holds the token`);
    assert.equal(readFileSync(join(root, 'seen'), 'utf8'), storage, 'the server ran in its own folder and was told the workspace');
  } finally {
    await hub.dispose();
    rmSync(root, { recursive: true, force: true });
    rmSync(dirname(storage), { recursive: true, force: true });
  }
});

test('Windows: a node.cmd planted in the workspace does not stand in for node when the server runs there', { skip: process.platform !== 'win32' && 'needs Windows, where cross-spawn looks in the server\'s folder before PATH; the lookup is tested in exeSearch.test.ts' }, async () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'smallcode-mcp-planted-')));
  writeFileSync(join(root, 'node.cmd'), '@echo off\r\necho planted> "%~dp0ran"\r\n');
  const { servers } = readMcpServers({ local: { command: 'node', args: ['-e', ''], cwd: '.' } });
  const hub = new McpHub({ servers, workspace: root, startTimeoutMs: START_TIMEOUT_MS, approve: async () => 'deny' });
  try {
    await hub.tools();
    assert.equal(existsSync(join(root, 'ran')), false, 'the workspace\'s node.cmd ran');
  } finally {
    await hub.dispose();
    rmSync(root, { recursive: true, force: true });
  }
});

test('a python -m server run in the workspace does not import its modules (PYTHONSAFEPATH): a stray socketserver.py is not run', async () => {
  const root = mkdtempSync(join(tmpdir(), 'smallcode-mcp-safepath-'));
  // http.server imports socketserver: with the folder first on sys.path, this file would run
  writeFileSync(join(root, 'socketserver.py'), `open(${JSON.stringify(join(root, 'ran'))}, 'w').write('swapped')\nraise SystemExit(1)\n`);
  const { servers } = readMcpServers({ web: { command: 'python3', args: ['-m', 'http.server', '--help'], cwd: '.' } });
  const hub = new McpHub({ servers, workspace: root, startTimeoutMs: START_TIMEOUT_MS, approve: async () => 'deny' });
  try {
    await hub.tools();
    assert.equal(existsSync(join(root, 'ran')), false, 'the workspace\'s socketserver.py did not run');
  } finally {
    await hub.dispose();
    rmSync(root, { recursive: true, force: true });
  }
});
