// What docker, podman, nerdctl and compose write on this machine by an output option (shellWrites' rule
// that a program's `-o <path>` writes it), told apart from the options of the command they run in a container.
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
 * but a relative one is judged here — the container's working folder is most often this workspace,
 * bind-mounted (`-v .:/src -w /src … -o .git/hooks/pre-commit`). `cp` writes its destination when that is
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
  if (sub === 'run' || sub === 'exec' || sub === 'create') return outputOption(args.slice(i)).filter((path) => !path.startsWith('/'));
  if (sub === 'cp') {
    const operands = args.slice(i).filter((a) => !a.startsWith('-'));
    const destination = operands.at(-1);
    return operands.length >= 2 && destination !== undefined && !CONTAINER_PATH.test(destination) ? [destination] : [];
  }
  const written = outputOption(args.slice(i));
  if (sub !== 'build') return written;
  return written.flatMap((value) => (/^[\w-]+=/.test(value) ? (/(?:^|,)dest=([^,]*)/.exec(value)?.[1] ?? []) : [value]));
}

/** `container:path`, docker cp's way to name a path in a container (a host path is anything else). */
const CONTAINER_PATH = /^[\w][\w.-]*:/;
