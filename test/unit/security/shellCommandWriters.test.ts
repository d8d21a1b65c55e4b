// Programs that write a file named by an option or an operand (git --output, sort -o, sponge, yq -i, ed,
// ex, vim -e, `xargs cp -t`), blank-looking characters that push the rest of a command off the card,
// and CI pipelines written by the shell. Under `approval.commands: auto` a command with no warning runs
// unasked, so each of these must warn — and the everyday forms not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assessCommand } from '../../../src/core/security/shellCommand';
import { assertWarns, assertQuiet, PROTECTED, RUNS } from './commandChecks';


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
    // test's OR
    '[ "$a" = 1 -o "$b" = 2 ]', 'test "$a" = 1 -o "$b" = 2', 'if [ -z "$X" -o "$Y" ]; then echo y; fi', '[[ -f a || -f b ]]',
    // the path is inside the container
    'docker run --rm -v "$PWD":/src -w /src golang:1.22 go build -o /src/bin/app ./cmd/app', 'docker compose run --rm app go build -o /app/bin/x ./cmd/x',
    'podman run --rm img gcc -o /out/a main.c', 'docker exec app go build -o /app/x .',
    'docker container run img gcc -o /out/a main.c', 'docker compose -f ci.yml -p proj run --rm app go build -o /app/x .', 'docker-compose run app gcc -o /out/a main.c',
    'docker build -o out .', 'docker buildx build -o type=local,dest=out .', 'docker buildx build -o type=registry .', 'docker buildx build -o type=image,name=x/y:1 .',
    // only matching
    "zgrep -o 'err[0-9]+' app.log.gz", "ack -o 'foo.*bar' src", "ugrep -o 'a.*b' src", "pcregrep -o 'a[0-9]*' f", "xzgrep -o 'a.*' x.xz",
    // the exclusions hold for the program a wrapper or a module runs
    'python -m pytest -o "python_files=test_*.py"', 'python3 -m pytest -q -o "python_files=test_*.py"', 'uv run python -m pytest -o "python_files=t_*.py"',
    "microk8s kubectl get pods -o jsonpath='{.items[*].metadata.name}'", "k3s kubectl get pods -o jsonpath='{.items[*].metadata.name}'",
    "kubecolor get pods -o jsonpath='{.items[*].metadata.name}'", 'microk8s kubectl get pods -o "$FORMAT"',
  ]);
});

test('a container tool writes a file here by -o, but not by the command it runs in a container', () => {
  assertWarns([
    ['docker build -o .git/hooks .', PROTECTED],
    ['docker buildx build --output=.vscode .', PROTECTED],
    ['docker buildx build -o type=local,dest=.git/hooks .', PROTECTED],
    ['docker build --output type=tar,dest=Makefile .', RUNS],
    ['docker -H tcp://h:2375 image build -o /home/u/out .', /outside the workspace/],
    ['podman save -o ~/img.tar app', /outside the workspace/],
    ['docker export -o /etc/x.tar app', /outside the workspace/],
    ['nerdctl build -o "$DEST" .', /only known when it runs/],
    ['docker compose -f c.yml config -o Makefile', RUNS],
    ['docker build -t run -o .git/hooks .', PROTECTED],
    // the command in a container: its relative paths are the working folder's, most often this workspace bind-mounted
    ['docker run --rm -v .:/src -w /src golang go build -o .git/hooks/pre-commit ./cmd', PROTECTED],
    ['docker compose run app go build -o .git/hooks/pre-commit ./cmd', PROTECTED],
    ['docker exec devc gcc -o .vscode/tasks.json x.c', PROTECTED],
    ['nerdctl run --rm img gcc -o "$OUT" main.c', /only known when it runs/], // the host's shell expands it: failing closed
    // an absolute path under the folder this workspace is mounted on is the workspace's
    ['docker run --rm -v "$PWD":/src -w /src golang go build -o /src/.git/hooks/pre-commit ./cmd', PROTECTED],
    ['docker run --rm -v "$(pwd)":/src golang go build -o /src/.git/hooks/pre-commit ./cmd', PROTECTED],
    ['podman run --mount type=bind,source=.,target=/w img gcc -o /w/.vscode/tasks.json x.c', PROTECTED],
    ['docker create --volume=./app:/app img go build -o /app/Makefile .', RUNS],
    // options that take a value before the mount (the usual order) do not hide it
    ['docker run --rm -w /work -u "$(id -u):$(id -g)" -e CGO=0 --name b -p 8080:80 -it -v "$PWD":/work golang go build -o /work/.git/hooks/pre-commit .', PROTECTED],
    ['docker compose run --rm -w /w -v .:/w app gcc -o /w/.vscode/tasks.json x.c', PROTECTED],
    // the deepest mount is the one written through
    ['docker run -v "$PWD":/src -v "$PWD/.git":/src/g img go build -o /src/g/hooks/pre-commit .', PROTECTED],
    // an on/off option not known as one hides no mount; glued and clustered short options are read as docker reads them
    ['podman run --env-host -v .:/src img go build -o /src/.git/hooks/pre-commit .', PROTECTED],
    ['docker compose run --no-TTY -v .:/src app go build -o /src/.git/hooks/pre-commit .', PROTECTED],
    ['docker run -w/src -v .:/src img go build -o /src/.git/hooks/pre-commit .', PROTECTED],
    ['docker run -itv .:/src img go build -o /src/.git/hooks/pre-commit .', PROTECTED],
    ['docker run -v.:/src img go build -o /src/.git/hooks/pre-commit .', PROTECTED],
    // docker cp to a path on this machine
    ['docker cp ctr:/x .git/hooks/pre-commit', PROTECTED],
    ['podman container cp app:/etc/hosts Makefile', RUNS],
    ['docker cp ctr:/x C:/Users/me/repo/.git/hooks/pre-commit', /outside the workspace|SmallCode's own edits/],
  ]);
});

test('a container command\'s absolute -o path is the container\'s own outside a workspace mount, an everyday path of it under one; docker cp into a container writes nothing here', () => {
  assertQuiet([
    'docker run --rm -v "$PWD":/src -w /src golang:1.22 go build -o /src/bin/app ./cmd/app',
    'docker exec devc gcc -o /tmp/a main.c',
    'docker run --rm -v /data:/src img go build -o /src/.git/hooks/pre-commit ./cmd',
    'docker run --rm -v "$PWD":/src img go build -o /out/.git/hooks/pre-commit ./cmd',
    'docker run --rm -w /src -e X=1 -v "$PWD":/src golang go build -o /src/bin/app ./cmd',
    // the deepest mount is a folder elsewhere: the write lands there
    'docker run -v .:/src -v /tmp/x:/src/.git img go build -o /src/.git/hooks/pre-commit .',
    'docker cp .git/hooks/pre-commit ctr:/tmp/hook',
  ]);
});

test('python -m <module>: the module\'s -o is judged as that program\'s', () => {
  assertWarns([
    ['python -m somegen -o .vscode/settings.json', PROTECTED],
    // after -c the words are the code's: -m names no module there
    ['python3 -c "print(1)" -m pytest -o .vscode/settings.json', PROTECTED],
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

test('a single no-break, narrow no-break or ideographic space in text is no warning; a run of them is', () => {
  assertQuiet([
    'git commit -m "Corrige le bug\u202F: la page plante"', 'echo "10\u00a0€"', 'git commit -m "fix\u3000typo"',
    'git commit -m "« Bonjour\u00a0»\u00a0: ok\u202F!"',
  ]);
  assertWarns([
    ['echo hi\u00a0\u00a0\u00a0; touch /tmp/x', /invisible.*U\+00A0/],
    ['echo hi\u00a0 \u2002 \u3000 rm', /invisible.*U\+00A0, U\+2002, U\+3000/],
    ['echo \u2800hi', /invisible.*U\+2800/],
    ['echo hi\u200B', /invisible.*U\+200B/],
  ]);
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
