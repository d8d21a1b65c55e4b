// POSIX quoting: commands built safely, and (shellRunners) a word told from one that holds shell syntax.

/** POSIX single-quoting: the argument reaches the program as one word, whatever it contains. */
export function shellQuote(arg: string): string {
  if (arg !== '' && /^[\w@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
