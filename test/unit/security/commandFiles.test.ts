import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandFileReason } from '../../../src/core/security/commandFiles';

test('manifests, build files, runner configs and installed code decide what a command runs', () => {
  for (const p of [
    'package.json', 'packages/api/package.json', 'node_modules/typescript/bin/tsc', 'node_modules/.bin/jest', 'Makefile', 'sub/GNUmakefile',
    'rules.mk', '.npmrc', 'pyproject.toml', 'conftest.py', 'tests/conftest.py', 'setup.py', 'Cargo.toml', 'build.rs', 'build.gradle.kts',
    'gradlew', 'vitest.config.ts', 'jest.config.js', 'eslint.config.mjs', '.eslintrc.cjs', '.mocharc.yml', '.babelrc', 'webpack.config.prod.js',
    '.venv/lib/python3.12/site-packages/x.pth', '.yarn/plugins/p.cjs', '.pre-commit-config.yaml', '.envrc', 'PACKAGE.JSON', 'package-lock.json', 'requirements-dev.txt', 'Cargo.lock',
  ]) {
    assert.ok(commandFileReason(p), p);
  }
});

test('ordinary source, docs and data are not', () => {
  for (const p of ['src/index.ts', 'README.md', 'tsconfig.json', 'src/app/app.config.ts', 'docs/config.md', 'data/make.json', 'src/node_modules.ts', 'lib/makefile.ts', '.gitignore', 'test/setup.ts']) {
    assert.equal(commandFileReason(p), undefined, p);
  }
});

test('Windows spellings of a command file are that file: trailing dots and spaces, stream suffixes, any case', () => {
  for (const p of ['package.json.', 'Makefile ', 'package.json::$DATA', 'Makefile:$DATA', 'sub/CONFTEST.PY. .', 'node_modules. /x/index.js', 'vitest.config.ts.']) {
    assert.ok(commandFileReason(p), p);
  }
  assert.equal(commandFileReason('src/index.ts.'), undefined);
});

test('a path is judged by where it leads too, and the reason names the link', () => {
  assert.equal(commandFileReason('notes.json', 'notes.json'), undefined);
  assert.equal(commandFileReason('notes.json', 'package.json'), 'notes.json (a link to package.json) decides what the project\'s commands run (scripts, build steps, hooks)');
  assert.match(commandFileReason('vendor/lib.js', 'node_modules/lib/index.js') ?? '', /^vendor\/lib\.js \(a link to node_modules\/lib\/index\.js\) is inside node_modules/);
});
