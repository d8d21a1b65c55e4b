// `npm run test:desktop`: the same integration suites in desktop VS Code through @vscode/test-electron.
// It downloads VS Code, so it needs internet access; CI (offline) uses the code-server route instead.
import { runTests } from '@vscode/test-electron';
import { join } from 'node:path';
import { REPO, scratchWorkspace } from '../support/vscodeHarness.mjs';

try {
  await runTests({
    extensionDevelopmentPath: REPO,
    extensionTestsPath: join(REPO, 'out/test/integration/index.js'),
    launchArgs: [scratchWorkspace(), '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (error) {
  console.error(`Desktop VS Code tests failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
