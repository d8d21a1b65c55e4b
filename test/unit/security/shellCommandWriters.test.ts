// Programs that write a file named by an option or an operand (git --output, sort -o, sponge, yq -i, ed,
// ex, vim -e, `xargs cp -t`), blank-looking characters that push the rest of a command off the card,
// and CI pipelines written by the shell. Under `approval.commands: auto` a command with no warning runs
// unasked, so each of these must warn — and the everyday forms not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assessCommand } from '../../../src/core/security/shellCommand';

function assertWarns(cases: Array<[string, RegExp]>): void {
  for (const [cmd, expected] of cases) {
    const warnings = assessCommand(cmd);
    assert.ok(warnings.some((w) => expected.test(w)), `${cmd}: ${JSON.stringify(warnings)}`);
  }
}

function assertQuiet(commands: string[]): void {
  for (const cmd of commands) assert.deepEqual(assessCommand(cmd), [], cmd);
}

const PROTECTED = /which SmallCode's own edits may not change/;
const RUNS = /a file that decides what the project's commands run/;

test("git's --output and -o (log, diff, show, format-patch, archive) write the file they name", () => {
  assertWarns([
    ['git log -1 --format=%B --output=.git/config', PROTECTED],
    ['git diff --output=.git/hooks/pre-commit', PROTECTED],
    ['git diff --output .git/hooks/pre-commit HEAD', PROTECTED],
    ['git show -s --format=%B --output=package.json HEAD', RUNS],
    ['git archive -o Makefile HEAD', RUNS],
    ['git archive --output=.vscode/x.zip HEAD', PROTECTED],
    ['git format-patch -o .git/hooks HEAD~1', PROTECTED],
    ['git format-patch --output-directory .git/hooks HEAD~1', PROTECTED],
    ['git -C sub log --output=.git/config', PROTECTED],
    ['git log --output="$F"', /only known when it runs/],
  ]);
});

test('sort -o, sponge, yq -i, ed, ex and vim -e write their files', () => {
  assertWarns([
    ['sort -o .vscode/tasks.json x', PROTECTED],
    ['sort -uo .vscode/tasks.json x', PROTECTED],
    ['sort --output=Makefile x', RUNS],
    ["ex -sc '%s/a/b/|wq' package.json", RUNS],
    ['ed -s .vscode/tasks.json < s', PROTECTED],
    ['vim -es -c wq Makefile', RUNS],
    ["nvim -e -c '%s/a/b/|wq' .git/config", PROTECTED],
    ["yq -i '.a=1' .pre-commit-config.yaml", RUNS],
    ["yq e -i '.a=1' package.json", RUNS],
    ['printf x | sponge package.json', RUNS],
    ['printf x | sponge -a .git/config', PROTECTED],
  ]);
});

test('a copy into a folder named by -t warns even when xargs supplies the files', () => {
  assertWarns([
    ['xargs cp -t .vscode < list', PROTECTED],
    ['find . -name "*.yml" | xargs mv -t .git/hooks', PROTECTED],
    ['xargs cp --target-directory=.github/workflows < list', /CI pipeline|decides what/],
  ]);
});

test("an unknown program's --output=<path> or -o <path> counts as a write of that path", () => {
  assertWarns([
    ['somegen --output=.git/hooks/pre-commit', PROTECTED],
    ['somegen -o .vscode/settings.json in.txt', PROTECTED],
    ['pandoc README.md --output Makefile', RUNS],
  ]);
});

test('git --config-env warns as git -c does: the value it sets is not shown', () => {
  assertWarns([
    ["X='touch /tmp/pwned' git --config-env=core.pager=X log", /git -c/],
    ['git --config-env core.fsmonitor=X status', /git -c/],
  ]);
});

test('everyday outputs, sorts and editors stay quiet', () => {
  assertQuiet([
    'git log --oneline -5', 'git diff --output=/tmp/x.diff', 'git format-patch -o patches HEAD~2', 'git archive -o dist/app.zip HEAD',
    'git diff --output-indicator-new=+ HEAD', 'sort -o out.txt in.txt', 'sort -k2 -t, data.csv', 'yq .a config.yaml', 'yq -o json .a config.yaml',
    'gcc -o build/app main.c', 'curl -o /tmp/page.html https://example.com', 'ssh -o BatchMode=yes host true', 'grep -o foo src/a.ts',
    'ls -o .git', 'ps -o pid,comm', 'find . -name "*.ts" -o -name "*.js"', 'xargs cp -t dist < list', 'printf x | sponge notes.txt',
    'ed -s notes.txt < script', 'vim -es -c wq src/a.ts', 'kubectl get pods -o jsonpath="{.items[*].metadata.name}"', 'pytest -o "python_files=*.py"',
    'rsync -o -a .git/ /tmp/backup/', 'aws s3 ls --output json', 'go build -o bin/app ./cmd/app',
  ]);
});

test('blank-looking characters (no-break and wide spaces, the Braille blank) are flagged as invisible', () => {
  for (const blank of ['\u00a0', '\u2002', '\u2007', '\u200a', '\u205f', '\u3000', '\u2800']) {
    const cmd = `echo hi${blank.repeat(300)}; touch /tmp/x`;
    const warnings = assessCommand(cmd);
    assert.ok(warnings.some((w) => /invisible/.test(w) && w.includes(`U+${blank.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`)), `${JSON.stringify(blank)}: ${JSON.stringify(warnings)}`);
  }
  assertQuiet(['echo "a  b\tc"', 'printf "%s\\n" x']);
});

test('writing a CI pipeline or a lefthook config from the shell warns', () => {
  assertWarns([
    ['echo x > .github/workflows/release.yml', RUNS],
    ['cp evil.yml .gitlab-ci.yml', RUNS],
    ['tee .circleci/config.yml < x', RUNS],
    ['echo x > Jenkinsfile', RUNS],
    ['echo x >> lefthook-local.yml', RUNS],
    ['echo x > lefthook.toml', RUNS],
  ]);
});
