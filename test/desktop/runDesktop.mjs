// `npm run test:desktop`: the same integration suites in desktop VS Code through @vscode/test-electron.
// It downloads VS Code, so it needs internet access; CI (offline) uses the code-server route instead.
// Two windows, as test/support/runIntegration.mjs opens: every suite on a workspace opened by its own
// path (on Windows that is where VS Code's lower-case drive letter meets the real path's upper-case one),
// then symlinkedRoot*.test.ts on one opened through a symlink (a junction on Windows: no privilege needed).
import { runTests } from '@vscode/test-electron';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, scratchWorkspace } from '../support/vscodeHarness.mjs';

const target = scratchWorkspace();
const linked = `${target}-link`;
symlinkSync(target, linked, process.platform === 'win32' ? 'junction' : 'dir');
try {
  for (const [window, workspace] of [['plain', scratchWorkspace()], ['symlinked', linked]]) {
    await runTests({
      extensionDevelopmentPath: REPO,
      extensionTestsPath: join(REPO, 'out/test/integration/index.js'),
      extensionTestsEnv: { SMALLCODE_TEST_WINDOW: window },
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    });
  }
} catch (error) {
  console.error(`Desktop VS Code tests failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
