// Place one SEARCH/REPLACE edit: run the matching tiers from strictest to most forgiving and take
// a tier's answer only when it is exactly one place (after line hints). A tier that finds several
// places stops the search: a looser tier would only find more.
import { findLineWindows, nonOverlapping, type Candidate, type MatchInput, type Tier } from './candidate';
import { ambiguousMessage, blockLabel, noMatchMessage } from './feedback';
import { pickCandidate, type LineHint, type Place } from './hints';
import { computeHunks } from './hunks';
import { numberRange, numbering, stripPrefixes } from './lineNumbers';
import { placeholderLines } from './placeholders';
import { repeatsWhatIsThere } from './repeatedEdit';
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
  const replace = withFinalNewlineOf(search, foldCrlf(rawReplace));
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
    replaceAll: options.replaceAll === true,
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

  // Numbers in SEARCH are a hint only where the line-numbers tier stripped them to match: where the
  // text matched with them, they are the file's content (`7 | pending`), not a place.
  const numbered = numberedHint(s.lines);
  for (const tier of TIERS) {
    if (options.replaceAll && !REPLACE_ALL_TIERS.has(tier.name)) continue;
    const outcome = tier.find(input);
    if ('refuse' in outcome) return fail(outcome.refuse.reason, `${label}: ${outcome.refuse.message}`);
    const { candidates } = outcome;
    if (candidates.length === 0) continue;
    // Copied numbers are exact, or stale: from a view of the file before lines were added or removed
    // above. Stale, the copy nearest them may not be the one they named: they pick only a copy at them.
    const hint: LineHint = options.startLine !== undefined ? options
      : tier.name === 'line-numbers' && candidates.some((c) => c.startLine === numbered.startLine) ? numbered : {};
    if (options.replaceAll) return { ok: true, tier: tier.name, candidates: nonOverlapping(candidates) };
    const pick = pickCandidate(candidates, hint);
    if ('chosen' in pick) {
      const rivals = looseRivals(file, s.lines, tier.name, pick.chosen, hint);
      if (rivals) return fail('ambiguous', ambiguousMessage(label, file, rivals));
      return { ok: true, tier: tier.name, candidates: [pick.chosen] };
    }
    if ('ambiguous' in pick) return fail('ambiguous', ambiguousMessage(label, file, pick.ambiguous));
  }
  // Models often add or keep a blank line at the edges of SEARCH that the file does not have there.
  // First the blank edges SEARCH and REPLACE share (a blank the model deletes stays in SEARCH), then all.
  for (const shared of [true, false]) {
    const trimmed = withoutBlankEdges(s.lines, r.lines, shared);
    if (!trimmed) continue;
    const retry = placeEdit(file, trimmed.search, trimmed.replace, options, context);
    if (retry.ok || retry.reason !== 'no-match') return retry;
  }
  return fail('no-match', noMatchMessage(label, file, s.lines));
}

/**
 * A SEARCH ending in a newline ends a line, and so does a non-empty REPLACE: without the newline the
 * next line would be joined onto the edit (`stop();  }`; after a `//` comment, the next statement
 * commented out). An empty REPLACE still deletes the lines. The reverse case (REPLACE ending in a
 * newline SEARCH does not have) is the tiers' to judge: only they know whether the place ends a line.
 */
function withFinalNewlineOf(search: string, replace: string): string {
  return search.endsWith('\n') && replace !== '' && !replace.endsWith('\n') ? `${replace}\n` : replace;
}

/** Tiers whose own rules already weigh other similar places (fuzzy's rivals, elision's anchors). */
const OWN_RIVAL_RULES = new Set<MatchTier>(['elision', 'fuzzy']);

/**
 * The places SEARCH matches up to indentation and surrounding spaces, when the chosen candidate is not
 * clearly the one meant: other places match as loosely and no line hint picks it, or the hint points at
 * another of them (`}` at the hinted line, with other indentation than SEARCH). Undefined when the
 * choice stands.
 */
function looseRivals(file: FileText, searchLines: readonly string[], tier: MatchTier, chosen: Candidate, hint: LineHint): Place[] | undefined {
  if (OWN_RIVAL_RULES.has(tier)) return undefined;
  const kind = numbering(searchLines);
  const lines = tier === 'line-numbers' && (kind === 'numbered' || kind === 'piped') ? stripPrefixes(searchLines, kind) : searchLines;
  // Blank lines at SEARCH's edges say little about where it is, unless the whole text matched exactly:
  // forgiving tiers and hints are judged on the lines between (in SEARCH's own coordinates, as the
  // hint and the candidate are).
  const edges = tier === 'exact' && hint.startLine === undefined ? { head: 0, tail: 0 } : blankEdges(lines);
  const core = lines.slice(edges.head, lines.length - edges.tail);
  const places = findLineWindows(file, core, (l) => l.trim()).map((start) => ({ startLine: start + 1 - edges.head, endLine: start + core.length + edges.tail }));
  if (places.length <= 1) return undefined;
  // Without a hint even an exact copy is doubtful: a model that wrote the indentation wrong can hit
  // another place's exact text (`      }` copied one level too deep is a different block's `}`).
  if (hint.startLine === undefined) return places;
  const viaHint = pickCandidate(places, hint);
  return 'chosen' in viaHint && viaHint.chosen.startLine === chosen.startLine ? undefined : places;
}

/**
 * SEARCH without its blank first/last lines, and REPLACE without the same blank edges if it has them.
 * `shared`: only as many as both have, so a blank line REPLACE drops is still looked for in the file.
 */
function withoutBlankEdges(search: string[], replace: string[], shared: boolean): { search: string; replace: string } | undefined {
  let s = blankEdges(search);
  if ((s.head === 0 && s.tail === 0) || s.head === search.length) return undefined;
  const r = blankEdges(replace, s);
  if (shared) s = r;
  if (s.head === 0 && s.tail === 0) return undefined;
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
  // only the shape REPLACE = before + SEARCH + after: an edit that rewrites its SEARCH is judged by the tiers alone
  const keepsSearch = search.trim() !== '' && foldCrlf(replace).includes(foldCrlf(search).trim());
  const repeated = keepsSearch && placed.candidates.length === 1 && repeatsWhatIsThere(original, first);
  return {
    ok: true,
    content,
    ...(repeated ? { alreadyApplied: true as const } : {}),
    applied: [{ block: 1, tier: placed.tier, startLine: first.startLine, endLine: last.endLine, occurrences: placed.candidates.length }],
    hunks: computeHunks(original, content),
  };
}
