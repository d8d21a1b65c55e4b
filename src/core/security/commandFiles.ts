// Files that decide what an innocent-looking command runs. The user approves `npm test` or configures
// `checkCommand: 'npx tsc --noEmit'` trusting what those commands do today; a model that edits
// package.json's scripts, a Makefile, a test runner's config or node_modules changes what runs next
// without the user ever seeing it. Edits to these files therefore always wait for the user's approval,
// even when edits are otherwise applied automatically (and are refused when nobody can approve).
// Judged on normalised workspace-relative paths, at any depth, by the name the file system opens
// (fileNames.ts: case, trailing dots and spaces, stream suffixes), and on where a symlink leads too.
import { foldedSegments, trimFileName } from './fileNames';

/** Folders whose contents run as code when a package script, a test runner or a build runs. */
const RUNTIME_FOLDERS = new Set(['node_modules', '.yarn', '.pnp', '.venv', 'venv', '__pypackages__', '.mvn', '.gradle', '.cargo', '.bundle', '.devcontainer']);

/** Manifests, lockfiles and build files: they name the commands and packages that installs and builds run. */
const MANIFESTS = new Set([
  'package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock', '.npmrc', '.yarnrc', '.yarnrc.yml', '.pnpmfile.cjs', 'pnpm-workspace.yaml', 'bunfig.toml', 'deno.json', 'deno.jsonc',
  'makefile', 'gnumakefile', 'justfile', '.justfile', 'taskfile.yml', 'taskfile.yaml', 'rakefile', 'gemfile',
  'cargo.toml', 'cargo.lock', 'build.rs', 'go.mod', 'go.work', 'gemfile.lock', 'composer.lock', 'poetry.lock', 'uv.lock', 'pipfile', 'pipfile.lock',
  'pyproject.toml', 'setup.py', 'setup.cfg', 'tox.ini', 'noxfile.py', 'conftest.py', 'pytest.ini', 'sitecustomize.py', 'usercustomize.py',
  'pom.xml', 'mvnw', 'mvnw.cmd', 'build.gradle', 'build.gradle.kts', 'settings.gradle', 'settings.gradle.kts', 'gradlew', 'gradlew.bat', 'gradle.properties',
  'composer.json', 'cmakelists.txt', 'meson.build', 'build.xml', 'gruntfile.js', 'gulpfile.js', 'karma.conf.js',
  '.envrc', '.envrc.local', '.pre-commit-config.yaml', '.pre-commit-hooks.yaml', '.simple-git-hooks.json', '.tool-versions', '.mise.toml', 'mise.toml',
  // Dev Containers reads the root file like .devcontainer/devcontainer.json: initializeCommand runs on the host.
  '.devcontainer.json',
  // MSBuild's <Exec> runs at build, and C# Dev Kit runs a design-time build when the folder opens; NuGet.Config names package sources.
  'directory.build.props', 'directory.build.targets', 'directory.packages.props', 'nuget.config',
  // Manifests that are code, run by their tool (and Metals or ElixirLS import sbt and mix builds on open).
  'build.sbt', 'mix.exs', 'package.swift', 'podfile', 'rebar.config', 'rebar.config.script', 'sconstruct', 'sconscript', 'conanfile.py', 'build.zig',
  // Bazel: BUILD rules and genrules run at build, .bazelrc sets its options (bare BUILD and WORKSPACE: BAZEL_BARE);
  // Nx's project.json and nx.json hold run-commands targets.
  'workspace.bazel', 'module.bazel', 'build.bazel', '.bazelrc', 'project.json', 'nx.json',
  // Run when the user builds or starts them: containers with host mounts, Earthly's LOCALLY and Tilt's local() on the host.
  'containerfile', 'earthfile', 'tiltfile',
  // Package sources and tasks: uv's index-url, pixi's tasks, `dotnet tool run`'s local tools.
  'uv.toml', 'pixi.toml', 'dotnet-tools.json',
  // Nix shells run shellHook on `nix develop`, and on entering the folder with direnv's `use nix`/`use flake` (.envrc).
  'flake.nix', 'flake.lock', 'shell.nix', 'default.nix',
]);

/** Bazel's bare names, in Bazel's spelling only: `build/` and `workspace/` are everyday output and project folders. */
const BAZEL_BARE = new Set(['BUILD', 'WORKSPACE']);

/** The folders projects point Git's core.hooksPath at (`git config core.hooksPath .githooks`): their scripts run on commit. */
const HOOK_FOLDERS = new Set(['.githooks', '.git-hooks', 'githooks', 'git-hooks']);

/** Lefthook's configs, each one it reads: `lefthook.yml`, `.lefthook-local.toml`, `lefthook.json`… */
const LEFTHOOK = /^\.?lefthook(?:-local)?\.(?:ya?ml|toml|jsonc?)$/;

/**
 * CI pipelines: their steps run on the next push, with the repository's secrets, and nobody reviews them
 * before they run. Files by name, and folders whose every file is pipeline (`.github/workflows/**`).
 */
const CI_FILES = new Set(['.gitlab-ci.yml', 'jenkinsfile', 'azure-pipelines.yml', 'azure-pipelines.yaml', '.travis.yml', 'bitbucket-pipelines.yml']);
const CI_FOLDERS = new Set(['.circleci', '.buildkite']);

/** The folders count too, as where a copy puts files whose names it only learns when it runs (`xargs cp -t .circleci`). */
function ciPipeline(segments: string[]): boolean {
  return CI_FILES.has(segments.at(-1)!) || segments.some((s, k) => CI_FOLDERS.has(s) || (s === '.github' && segments[k + 1] === 'workflows'));
}

/** Files named by pattern: MSBuild projects and imports, sbt build files, Bazel macros, Dockerfiles and Compose files. */
const MANIFEST_PATTERN = /\.(?:csproj|fsproj|vbproj|proj|props|targets|sbt|bzl)$|^dockerfile(?:\.[\w-]+)?$|\.dockerfile$|^(?:docker-)?compose(?:\.[\w-]+)?\.ya?ml$/;

/** Tool configuration that is code, or that names code to load: `vitest.config.ts`, `.eslintrc.cjs`, `.mocharc.yml`. */
const REQUIREMENTS = /^requirements[\w.-]*\.(?:txt|in)$/;
const CODE_CONFIG = /^(?:[\w.-]+\.config|\.[\w-]*rc)(?:\.[\w-]+)?\.(?:js|cjs|mjs|ts|cts|mts)$|^\.[\w-]*rc(?:\.(?:json|ya?ml|toml))?$|\.mk$/;

/**
 * Why an edit to `path` changes what a command runs, or undefined when it does not. `target` is where
 * the path really leads (the host resolves symlinks): `notes.json` linking to package.json is
 * package.json. The reason is written for the user's approval prompt and for the model when nobody
 * can approve.
 */
export function commandFileReason(path: string, target: string = path): string | undefined {
  const shown = target === path ? path : `${path} (a link to ${target})`;
  return reasonFor(path, shown) ?? (target === path ? undefined : reasonFor(target, shown));
}

function reasonFor(path: string, shown: string): string | undefined {
  const segments = foldedSegments(path);
  const name = segments.at(-1);
  if (!name) return undefined;
  const folder = segments.slice(0, -1).find((s) => RUNTIME_FOLDERS.has(s));
  if (folder) return `${shown} is inside ${folder}, code that runs when the project's commands run`;
  if (ciPipeline(segments)) return `${shown} is a CI pipeline: its steps run on the next push, with the repository's secrets`;
  if (segments.slice(0, -1).some((s) => HOOK_FOLDERS.has(s))) return `${shown} is in a Git hooks folder (one core.hooksPath points at): it runs on the next commit`;
  const bazel = BAZEL_BARE.has(trimFileName(path.split('/').filter(Boolean).at(-1) ?? ''));
  if (MANIFESTS.has(name) || MANIFEST_PATTERN.test(name) || LEFTHOOK.test(name) || REQUIREMENTS.test(name) || bazel) return `${shown} decides what the project's commands run (scripts, build steps, hooks)`;
  // Source folders hold app code named like configs (Angular's src/app/app.config.ts), not tool settings.
  if (CODE_CONFIG.test(name) && !segments.includes('src')) return `${shown} is tool configuration that loads or runs code when a command runs`;
  return undefined;
}
