/** `s` as a regular expression that matches exactly `s`: every character with a meaning in a pattern escaped. */
export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
