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
