// How large a tool argument or a reply may be. A model with a runaway reply can send megabytes in one
// `write_file` (20 MB took the process down: the reply and its call were kept whole and tokenized whole
// for the next request). A string argument over the limit is refused, and what is kept of the reply
// for the conversation is cut to the same size with a note, so nothing downstream holds it whole.

/** 1 MiB of text: more than any context window, and a file that large could not be read back (read limit). */
export const MAX_ARGUMENT_CHARS = 1024 * 1024;

/** The first string argument (at any depth) longer than `max`: its key path and length. */
export function oversizedArgument(args: unknown, max: number, path = ''): { key: string; length: number } | undefined {
  if (typeof args === 'string') return args.length > max ? { key: path || 'arguments', length: args.length } : undefined;
  if (typeof args !== 'object' || args === null) return undefined;
  for (const [key, value] of Object.entries(args)) {
    const found = oversizedArgument(value, max, path ? `${path}.${key}` : key);
    if (found) return found;
  }
  return undefined;
}

/** A text cut to `max` characters (head and tail kept) with a note of what was left out. */
export function boundedText(text: string, max = MAX_ARGUMENT_CHARS): string {
  if (text.length <= max) return text;
  const half = Math.floor(max / 2);
  return `${text.slice(0, half)}\n… [${text.length - 2 * half} characters not kept] …\n${text.slice(text.length - half)}`;
}

/** Arguments with every string over `max` cut the same way (for the conversation, never for execution). */
export function boundedArguments<T>(args: T, max = MAX_ARGUMENT_CHARS): T {
  if (!oversizedArgument(args, max)) return args;
  const bound = (value: unknown): unknown =>
    typeof value === 'string' ? boundedText(value, max)
      : Array.isArray(value) ? value.map(bound)
        : typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, bound(v)]))
          : value;
  return bound(args) as T;
}
