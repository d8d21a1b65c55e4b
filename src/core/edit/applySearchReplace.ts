// Place one SEARCH/REPLACE edit: run the matching tiers from strictest to most forgiving and take
// a tier's answer only when it is exactly one place (after line hints). A tier that finds several
// places stops the search: a looser tier would only find more.
import { nonOverlapping, type Candidate, type MatchInput, type Tier } from './candidate';
import { ambiguousMessage, blockLabel, noMatchMessage } from './feedback';
import { pickCandidate, type LineHint } from './hints';
import { computeHunks } from './hunks';
import { numberRange, numbering } from './lineNumbers';
import { placeholderLines } from './placeholders';
import { blankEdges, foldCrlf, readFileText, splitLfLines, type FileText } from './text';
import { elisionTier } from './tiers/elision';
import { exactTier } from './tiers/exact';
import { fuzzyTier } from './tiers/fuzzy';
import { indentationTier } from './tiers/indentation';
import { lineNumbersTier } from './tiers/lineNumbers';
import { trailingWhitespaceTier } from './tiers/trailingWhitespace';
import type { ApplyFailure, ApplyOptions, ApplyResult, MatchTier } from './types';

const TIERS: Tier[] = [exactTier, trailingWhitespaceTier, indentationTier, lineNumbersTier, elisionTier, fuzzyTier];
/** Replace-all is for literal renames: the forgiving tiers would multiply a guess. */
const REPLACE_ALL_TIERS = new Set<MatchTier>(['exact', 'trailing-whitespace', 'indentation', 'line-numbers']);

export interface Placement {
  ok: true;
  tier: MatchTier;
  candidates: Candidate[];
}

export interface BlockContext {
  block: number;
  total: number;
}

/** Where one edit goes in `file`, or why it cannot be placed. */
export function placeEdit(file: FileText, rawSearch: string, rawReplace: string, options: ApplyOptions, context: BlockContext): Placement | ApplyFailure {
  const label = blockLabel(context.block, context.total);
  const fail = (reason: ApplyFailure['reason'], error: string): ApplyFailure => ({ ok: false, error, block: context.block, reason });
  const search = foldCrlf(rawSearch);
  const replace = foldCrlf(rawReplace);
  const s = splitLfLines(search);
  const r = splitLfLines(replace);
  const input: MatchInput = {
    file,
    search,
    replace,
    searchLines: s.lines,
    replaceLines: r.lines,
    searchEndsWithNewline: s.endsWithNewline,
    replaceEndsWithNewline: r.endsWithNewline,
  };

  const extra = placeholderLines(r.lines).length - placeholderLines(s.lines).length;
  if (extra > 0) {
    const line = r.lines[placeholderLines(r.lines)[0]!]!.trim();
    return fail(
      'placeholder',
      `${label}: REPLACE contains a placeholder (\`${line}\`) instead of code; it would be written into the file literally. Write out the real lines. To keep lines unchanged, leave them out of SEARCH and REPLACE, or put the same placeholder at the same place in SEARCH.`,
    );
  }

  if (search.trim() === '') return placeInsertion(input, options, label, fail);

  const hint: LineHint = options.startLine !== undefined ? options : numberedHint(s.lines);
  for (const tier of TIERS) {
    if (options.replaceAll && !REPLACE_ALL_TIERS.has(tier.name)) continue;
    const outcome = tier.find(input);
    if ('refuse' in outcome) return fail(outcome.refuse.reason, `${label}: ${outcome.refuse.message}`);
    const { candidates } = outcome;
    if (candidates.length === 0) continue;
    if (options.replaceAll) return { ok: true, tier: tier.name, candidates: nonOverlapping(candidates) };
    const pick = pickCandidate(candidates, hint);
    if ('chosen' in pick) return { ok: true, tier: tier.name, candidates: [pick.chosen] };
    if ('ambiguous' in pick) return fail('ambiguous', ambiguousMessage(label, file, pick.ambiguous));
  }
  // Models often add or keep a blank line at the edges of SEARCH that the file does not have there.
  const trimmed = withoutBlankEdges(s.lines, r.lines);
  if (trimmed) {
    const retry = placeEdit(file, trimmed.search, trimmed.replace, options, context);
    if (retry.ok || retry.reason !== 'no-match') return retry;
  }
  return fail('no-match', noMatchMessage(label, file, s.lines));
}

/** SEARCH without its blank first/last lines, and REPLACE without the same blank edges if it has them. */
function withoutBlankEdges(search: string[], replace: string[]): { search: string; replace: string } | undefined {
  const s = blankEdges(search);
  if ((s.head === 0 && s.tail === 0) || s.head === search.length) return undefined;
  const r = blankEdges(replace, s);
  const join = (lines: string[]) => (lines.length ? lines.join('\n') + '\n' : '');
  return { search: join(search.slice(s.head, search.length - s.tail)), replace: join(replace.slice(r.head, replace.length - r.tail)) };
}

/** An empty SEARCH inserts: the whole content of an empty file, or before a hinted line. */
function placeInsertion(
  input: MatchInput,
  options: ApplyOptions,
  label: string,
  fail: (reason: ApplyFailure['reason'], error: string) => ApplyFailure,
): Placement | ApplyFailure {
  const { file } = input;
  const body = input.replaceLines.join(file.eol);
  if (file.text === '') {
    const text = body + (input.replaceEndsWithNewline ? '\n' : '');
    return { ok: true, tier: 'insert', candidates: [{ start: 0, end: 0, text, startLine: 1, endLine: 1 }] };
  }
  if (options.startLine === undefined)
    return fail('invalid', `${label}: SEARCH is empty, so there is no place to put REPLACE in this non-empty file. Put the existing line(s) after which the new code goes in SEARCH, and repeat them at the top of REPLACE.`);
  const before = Math.max(1, Math.min(options.startLine, file.lines.length + 1));
  if (before <= file.lines.length) {
    const at = file.starts[before - 1]!;
    return { ok: true, tier: 'insert', candidates: [{ start: at, end: at, text: body + file.eol, startLine: before, endLine: before }] };
  }
  const at = file.text.length;
  const text = file.endsWithEol ? body + file.eol : file.eol + body;
  return { ok: true, tier: 'insert', candidates: [{ start: at, end: at, text, startLine: before, endLine: before }] };
}

function numberedHint(lines: readonly string[]): LineHint {
  if (numbering(lines) !== 'numbered') return {};
  const range = numberRange(lines);
  return range ? { startLine: range.start, endLine: range.end } : {};
}

/** Splice placed candidates (sorted, non-overlapping) into the original text. */
export function splice(text: string, candidates: readonly Candidate[]): string {
  let out = '';
  let at = 0;
  for (const c of [...candidates].sort((a, b) => a.start - b.start)) {
    out += text.slice(at, c.start) + c.text;
    at = c.end;
  }
  return out + text.slice(at);
}

export function applySearchReplace(original: string, search: string, replace: string, options: ApplyOptions = {}): ApplyResult {
  const placed = placeEdit(readFileText(original), search, replace, options, { block: 1, total: 1 });
  if (!placed.ok) return placed;
  const content = splice(original, placed.candidates);
  const first = placed.candidates[0]!;
  const last = placed.candidates.at(-1)!;
  return {
    ok: true,
    content,
    applied: [{ block: 1, tier: placed.tier, startLine: first.startLine, endLine: last.endLine, occurrences: placed.candidates.length }],
    hunks: computeHunks(original, content),
  };
}
