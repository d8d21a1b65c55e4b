// The extension-test entry point VS Code loads inside its extension host (extensionTestsPath):
// runs every bundled *.test.js beside it with mocha and writes the tally for the outer runner.
// The runners open two windows: symlinkedRoot*.test.js run in the one whose workspace is opened through
// a symlink (SMALLCODE_TEST_WINDOW=symlinked), every other suite in the one opened by its own path.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  // SMALLCODE_TEST_GREP runs only the tests whose title matches (while working on one area).
  const grep = process.env.SMALLCODE_TEST_GREP;
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000, reporter: 'spec', ...(grep ? { grep } : {}) });
  const symlinked = process.env.SMALLCODE_TEST_WINDOW === 'symlinked';
  // extension.test.js first: it checks that nothing activated SmallCode before it was used.
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js') && f.startsWith('symlinkedRoot') === symlinked).sort((a, b) => Number(b === 'extension.test.js') - Number(a === 'extension.test.js') || a.localeCompare(b));
  for (const file of files) mocha.addFile(path.join(__dirname, file));
  const results = { passed: [] as string[], failed: [] as { title: string; error: string }[], skipped: [] as string[] };
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const out = process.env.SMALLCODE_TEST_RESULTS;
      if (out) { fs.mkdirSync(path.dirname(out), { recursive: true }); fs.writeFileSync(out, JSON.stringify(results, null, 2)); }
      if (failures) reject(new Error(`${failures} integration tests failed`)); else resolve();
    });
    runner.on('pass', (t) => results.passed.push(t.fullTitle()));
    runner.on('pending', (t) => results.skipped.push(t.fullTitle()));
    runner.on('fail', (t, err) => results.failed.push({ title: t.fullTitle(), error: String((err as Error)?.stack ?? err) }));
  });
}
