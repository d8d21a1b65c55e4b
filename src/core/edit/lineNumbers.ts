// Models copy lines out of numbered file views (`12 | code`, Roo's read_file format) into SEARCH.
// The prefixes are stripped only when every non-blank line carries one: a file may really contain
// `| table rows`, and half-numbered text is a sign the model is confused, not a format.

const NUMBERED = /^\s*\d+\s*\|(?: |(?=\t)|$)/;
const PIPED = /^\s*\|(?: |$)/;

export type Numbering = 'numbered' | 'piped' | 'none' | 'mixed';

export function numbering(lines: readonly string[]): Numbering {
  const content = lines.filter((l) => l.trim() !== '');
  if (content.length === 0) return 'none';
  const numbered = content.filter((l) => NUMBERED.test(l)).length;
  if (numbered === content.length) return 'numbered';
  if (numbered > 0) return 'mixed';
  if (content.every((l) => PIPED.test(l))) return 'piped';
  return 'none';
}

export function stripPrefixes(lines: readonly string[], kind: 'numbered' | 'piped'): string[] {
  const re = kind === 'numbered' ? NUMBERED : PIPED;
  return lines.map((l) => l.replace(re, ''));
}

/** The first and last line numbers of a numbered block, as a location hint. */
export function numberRange(lines: readonly string[]): { start: number; end: number } | undefined {
  const nums = lines.map((l) => /^\s*(\d+)\s*\|/.exec(l)?.[1]).filter((n): n is string => n !== undefined);
  if (nums.length === 0) return undefined;
  return { start: Number(nums[0]), end: Number(nums.at(-1)) };
}
