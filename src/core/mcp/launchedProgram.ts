// What a stdio MCP server's command really starts. One owner for reading it: the start timeout (does
// the launcher download?) and the workspace-copy check (does the launcher prefer the workspace's copy?)
// must see the same program, or a form one of them misses (`cmd /c npx …`, `NPX.CMD`) slips past.

/** `/usr/local/bin/npx`, `C:\…\NPX.CMD` (Windows): the program's name, lower case (Windows ignores case). */
export function programName(command: string): string {
  return (command.split(/[\\/]/).pop() ?? '').replace(/\.(cmd|exe|bat|ps1)$/i, '').toLowerCase();
}

/**
 * The program a server's command starts and its arguments, past `cmd /c` (`/k`): Windows' usual form is
 * `"command": "cmd", "args": ["/c", "npx", "-y", …]`.
 */
export function launchedProgram(command: string, args: readonly string[]): { program: string; args: string[] } {
  const program = programName(command.replace(/^"(.*)"$/, '$1'));
  const run = program === 'cmd' ? args.findIndex((a) => /^\/[ck]$/i.test(a)) : -1;
  const after = run === -1 ? [] : args.slice(run + 1);
  // cmd joins the rest into one line: `["/c", "npx -y server"]` is the same command; a program path with
  // spaces comes quoted in that line (`"C:\Program Files\nodejs\npx.cmd" -y server`) or as its own argument
  const rest = after.length === 1 ? cmdWords(after[0]!) : after;
  return rest.length ? launchedProgram(rest[0]!, rest.slice(1)) : { program, args: [...args] };
}

/** A command line's words as cmd splits them for the program: at spaces, a quoted stretch kept whole. */
function cmdWords(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|[^\s"]+/g)].map((m) => m[1] ?? m[0]);
}
