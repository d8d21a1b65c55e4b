// A table's own entry for a word from a command line: `toString`, `constructor` or `__proto__` typed as a
// command name must read as "not in the table", not as Object.prototype's member (one threw, and a
// throw in the approval judgement blocks the command it was judging).

export function ownEntry<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
