// What docker, podman, nerdctl and compose write on this machine by an output option (shellWrites' rule
// that a program's `-o <path>` writes it), told apart from the options of the command they run in a container.
import { readOptions } from './shellOptions';

/** Options of docker, podman, nerdctl and compose before their subcommand that take the next word as their value. */
const CONTAINER_VALUED = new Set([
  '-H', '--host', '-c', '--context', '-l', '--log-level', '--config', '--tlscacert', '--tlscert', '--tlskey', '--url',
  '--connection', '--root', '--runroot', '--namespace', '-n', '--address', '-a',
  '-f', '--file', '-p', '--project-name', '--project-directory', '--env-file', '--profile', '--ansi', '--progress', '--parallel', '--builder',
]);
/** Words that group a container tool's subcommands (`docker container run`, `docker compose run`, `docker buildx build`). */
const CONTAINER_GROUPS = new Set(['container', 'compose', 'buildx', 'image', 'builder']);

/**
 * The files docker, podman, nerdctl or compose write here. After `run`, `exec` or `create` the words are
 * the container's command: its absolute paths are the container's (`docker run img go build -o /out/x`),
 * except under a folder this workspace is mounted on (`-v "$PWD":/src … -o /src/.git/hooks/pre-commit` is
 * `.git/hooks/pre-commit` here); a relative one is judged here — the container's working folder is most
 * often this workspace, bind-mounted (`-v .:/src -w /src … -o .git/hooks/pre-commit`). `cp` writes its destination when that is
 * no `container:path`. A build's `-o type=local,dest=out` writes its dest (BuildKit's exporter; one without,
 * `type=registry`, writes no file). Any other subcommand's `-o` (`save`, `export`, `compose config`) is
 * judged as a write, failing closed as for any program. `outputOption`: shellWrites' reading of such options.
 */
export function containerOutputs(args: string[], outputOption: (args: string[]) => string[]): string[] {
  let i = 0;
  const subcommand = () => {
    while (i < args.length && args[i]!.startsWith('-')) i += CONTAINER_VALUED.has(args[i]!) ? 2 : 1;
    return args[i++];
  };
  let sub = subcommand();
  if (sub !== undefined && CONTAINER_GROUPS.has(sub)) sub = subcommand();
  if (sub === 'run' || sub === 'exec' || sub === 'create') {
    const mounts = workspaceMounts(args.slice(i));
    return outputOption(args.slice(i)).flatMap((path) => (path.startsWith('/') ? inWorkspace(path, mounts) : [path]));
  }
  if (sub === 'cp') {
    const operands = args.slice(i).filter((a) => !a.startsWith('-'));
    const destination = operands.at(-1);
    return operands.length >= 2 && destination !== undefined && !CONTAINER_PATH.test(destination) ? [destination] : [];
  }
  const written = outputOption(args.slice(i));
  if (sub !== 'build') return written;
  return written.flatMap((value) => (/^[\w-]+=/.test(value) ? (/(?:^|,)dest=([^,]*)/.exec(value)?.[1] ?? []) : [value]));
}

/** `container:path`, docker cp's way to name a path in a container (a host path is anything else, `C:\\x` or `C:/x` too). */
const CONTAINER_PATH = /^(?![A-Za-z]:[\\/])[\w][\w.-]*:/;

/**
 * The workspace as a bind mount's source names it: `.`, `$PWD`, `${PWD}`, `$(pwd)`, `` `pwd` ``, and a folder of
 * it; a substitution the command reading shows as `$(…)` may be any of them (failing closed).
 */
const WORKSPACE_SOURCE = /^(?:\.|\$PWD|\$\{PWD\}|\$\(pwd\)|`pwd`|\$\(…\))(?:\/(.*))?$/;

/** A folder mounted in the container: `folder` is this workspace's folder it shows, none for a path elsewhere. */
interface Mount { target: string; folder?: string }

/**
 * The on/off options of `run`/`create` (docker, podman, nerdctl, compose). Any other option takes a value:
 * glued (`-w/src`, `--name=x`), or the next word unless that is an option itself — so an on/off option
 * missing here hides no mount behind it (`--env-host -v .:/src`).
 */
const RUN_SWITCHES = new Set([
  '--rm', '--detach', '--interactive', '--tty', '--privileged', '--init', '--read-only', '--publish-all', '--no-healthcheck',
  '--oom-kill-disable', '--sig-proxy', '--disable-content-trust', '--quiet', '--no-deps', '--service-ports', '--use-aliases',
  '--build', '--remove-orphans', '--replace', '--rmi', '--tls-verify', '--help',
]);
/** Short on/off options, which a cluster may chain before one that takes a value (`-it`, `-itv .:/w`). */
const SHORT_SWITCHES = new Set(['d', 't', 'i', 'P', 'q', 'T']);

/** Every folder a `run`/`create` mounts (`-v .:/src`, `--volume=$PWD/app:/app:ro`, `--mount type=bind,src=.,dst=/w`), up to its image. */
function workspaceMounts(words: string[]): Mount[] {
  const mounts: Mount[] = [];
  const add = (source: string | undefined, target: string | undefined) => {
    if (!target?.startsWith('/')) return;
    const m = source === undefined ? null : WORKSPACE_SOURCE.exec(source);
    mounts.push({ target: target.replace(/\/+$/, ''), ...(m ? { folder: (m[1] ?? '').replace(/\/+$/, '') } : {}) });
  };
  const mount = (option: string, value: string) => {
    if (option === '--mount') {
      const fields = new Map(value.split(',').map((f) => [f.slice(0, f.indexOf('=')), f.slice(f.indexOf('=') + 1)] as const));
      add(fields.get('source') ?? fields.get('src'), fields.get('target') ?? fields.get('destination') ?? fields.get('dst'));
    } else {
      const [source, target] = value.split(':');
      add(source, target);
    }
  };
  // a mount is `-v`/`--volume`/`--mount`; every other option not known as a switch is read as taking a word
  readOptions(words, (o) => (RUN_SWITCHES.has(o) || SHORT_SWITCHES.has(o) ? undefined : 'word'), (option, value) => {
    if ((option === 'v' || option === '--volume' || option === '--mount') && value !== undefined) mount(option, value);
  }, true);
  return mounts;
}

/** A container's absolute path as the path here it writes through a mount of this workspace (none: the container's own). */
function inWorkspace(path: string, mounts: Mount[]): string[] {
  // the deepest mount a path is under is the one it writes through (`-v .:/src -v ./.git:/src/g`)
  // (a folder elsewhere mounted deeper takes the path out of the workspace: `-v .:/src -v /tmp/x:/src/.git`)
  for (const { target, folder } of [...mounts].sort((a, b) => b.target.length - a.target.length)) {
    if (path !== target && !path.startsWith(`${target}/`)) continue;
    if (folder === undefined) return [];
    const rest = path.slice(target.length + 1);
    return [[folder, rest].filter(Boolean).join('/') || '.'];
  }
  return [];
}
