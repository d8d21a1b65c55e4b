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

test('manifests of other ecosystems that run code on build, install or open are command files too', () => {
  for (const p of [
    '.devcontainer.json', 'App.csproj', 'src/Lib/Lib.fsproj', 'Directory.Build.props', 'Directory.Build.targets', 'build/Common.targets', 'NuGet.Config',
    'build.sbt', 'project/plugins.sbt', 'mix.exs', 'Package.swift', 'Podfile', 'ios/Podfile', 'rebar.config', 'rebar.config.script',
    'WORKSPACE', 'WORKSPACE.bazel', 'MODULE.bazel', 'BUILD', 'pkg/BUILD.bazel', 'tools/defs.bzl', '.bazelrc', 'apps/web/project.json', 'nx.json',
    'docker-compose.yml', 'compose.yaml', 'docker-compose.override.yml', 'Dockerfile', 'api/Dockerfile.dev', 'web.dockerfile', 'Containerfile',
    'Earthfile', 'Tiltfile', 'SConstruct', 'lib/SConscript', 'conanfile.py', 'uv.toml', 'pixi.toml', '.config/dotnet-tools.json',
    'flake.nix', 'flake.lock', 'shell.nix', 'default.nix', 'build.zig',
  ]) {
    assert.ok(commandFileReason(p), p);
  }
  for (const p of ['src/project.ts', 'docs/compose.md', 'docker/README.md', 'src/build.ts', 'build/output.txt', 'build', 'out/workspace', 'scripts/workspace.ts', 'src/App.cs', 'src/main.zig', 'notes.nix.md']) {
    assert.equal(commandFileReason(p), undefined, p);
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

test('a Git hooks folder that core.hooksPath points at (.githooks, .git-hooks) and direnv\'s .envrc.local run commands', () => {
  for (const p of ['.githooks/pre-commit', '.git-hooks/commit-msg', 'tools/.githooks/pre-push', 'githooks/pre-commit', 'scripts/git-hooks/pre-push', '.envrc.local']) assert.ok(commandFileReason(p), p);
  assert.match(commandFileReason('.githooks/pre-commit')!, /Git hooks folder/);
  for (const p of ['docs/githooks.md', 'src/hooks/useAuth.ts', '.github/hooks.md']) assert.equal(commandFileReason(p), undefined, p);
});

test('CI pipelines and every lefthook config name run commands, with the repository secrets, on the next push', () => {
  for (const p of [
    '.github/workflows/ci.yml', '.github/workflows/sub/release.yaml', '.gitlab-ci.yml', '.circleci/config.yml', 'Jenkinsfile', 'azure-pipelines.yml',
    'azure-pipelines.yaml', '.travis.yml', 'bitbucket-pipelines.yml', '.buildkite/pipeline.yml', '.buildkite/hooks/pre-command',
    'lefthook-local.yml', '.lefthook-local.yml', 'lefthook.yaml', 'lefthook.toml', 'lefthook.json', '.config/lefthook.yml', '.pre-commit-hooks.yaml',
  ]) {
    assert.ok(commandFileReason(p), p);
  }
  for (const p of ['.github/ISSUE_TEMPLATE/bug.yml', '.github/CODEOWNERS', 'docs/workflows/ci.md', 'src/lefthook.ts', 'jenkins/notes.md']) {
    assert.equal(commandFileReason(p), undefined, p);
  }
});
