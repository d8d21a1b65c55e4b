// `npm start`: builds and packages SmallCode, installs it into a real VS Code (code-server) on
// 127.0.0.1 and opens a small sample workspace (or the folder given: `npm start -- /path/to/project`).
// Settings and state persist between runs; Ctrl+C stops the server.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { REPO, startCodeServer } from '../test/support/vscodeHarness.mjs';
import { CACHE, ensureVsCode } from '../test/support/vscodeInstall.mjs';

const port = Number(process.env.SMALLCODE_PORT || 3210);
const home = join(CACHE, 'start');
const folderArg = process.argv.slice(2).find((a) => !a.startsWith('-'));
let workspace = folderArg && resolve(folderArg);
if (!workspace) {
  workspace = join(home, 'sample-workspace');
  if (!existsSync(workspace)) cpSync(join(REPO, 'test/fixtures/workspace'), workspace, { recursive: true });
}

if (process.platform !== 'linux' || process.arch !== 'x64') {
  console.error(`[start] npm start runs SmallCode in code-server, which this script installs for Linux x64 only (this is ${process.platform} ${process.arch}).\nElsewhere: \`npm run package\`, then \`code --install-extension smallcode.vsix\` in your own VS Code.`);
  process.exit(1);
}
// No browser: you open the printed URL in your own (the headless Chromium is for the tests).
ensureVsCode({ browser: false });
console.log('[start] building and packaging SmallCode…');
const packaged = spawnSync('npm', ['run', '--silent', 'package'], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
if (packaged.status !== 0) process.exit(packaged.status ?? 1);

mkdirSync(home, { recursive: true });
const server = await startCodeServer({
  workspace,
  port,
  scratch: home,
  userDataDir: join(home, 'user-data'),
  extensionsDir: join(home, 'extensions'),
  keepUserSettings: true,
  browser: false,
  installExtensions: [join(REPO, 'smallcode.vsix')],
}).catch((error) => {
  console.error(`[start] ${error.message}\n(is port ${port} in use? set SMALLCODE_PORT to use another)`);
  process.exit(1);
});

const url = `${server.base}/?folder=${encodeURIComponent(workspace)}`;
console.log(`\nSmallCode is running in VS Code (code-server ${server.base}).\n\n  Open: ${url}\n\nWorkspace: ${workspace}\nLogs: ${server.logFile}\nPress Ctrl+C to stop.`);
const stop = () => { server.stop(); process.exit(0); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.process.on('exit', (code) => { console.log(`[start] code-server exited (${code})`); process.exit(code ?? 0); });
