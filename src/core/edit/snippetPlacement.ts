// Where a code block from a reply goes in a file ("Apply to file"). A block is one of: SEARCH/REPLACE
// edits (applied by the edit engine as the agent's are), a new file, the whole file rewritten, or a
// snippet — the new version of one region, which must be found exactly once. A snippet's first and
// last lines anchor it (a function's signature and its closing line): the engine's elision matching
// finds the one region between them (`first … last`, the gap kept in the first line's scope), and
// refuses when there is none or more than one. Nothing here guesses: a block that cannot be placed
// exactly is refused with the reason, and the user can still Copy or Insert it.
import { diffArrays } from 'diff';
import { applyEdits } from './applyEdits';
import { applySearchReplace } from './applySearchReplace';
import { readBlocks, type GrammarResult } from './blockGrammar';
import { consistentMapping, reindentLine } from './indentation';
import { isPlaceholderLine } from './placeholders';
import { foldCrlf, inLineEndings, readFileText, splitLfLines, type FileText } from './text';
import type { EditBlock } from './types';

export type SnippetPlacement =
  | { ok: true; content: string; how: 'create' | 'whole-file' | 'region' | 'edit-blocks'; startLine?: number; endLine?: number }
  | { ok: false; error: string };

/** A block whose lines keep at least this share of the file's lines (in order) is the whole file rewritten… */
const WHOLE_FILE_SHARE = 0.9;
/** …or this share, when it also starts with the file's first line and ends with its last. */
const WHOLE_FILE_SHARE_ANCHORED = 0.6;

const nonBlank = (lines: readonly string[]) => lines.filter((l) => l.trim() !== '');

/** The file's text once `snippet` is applied to it (`original` null: the file does not exist yet). */
export function placeSnippet(original: string | null, snippet: string): SnippetPlacement {
  const code = foldCrlf(snippet);
  const { lines } = splitLfLines(code);
  if (nonBlank(lines).length === 0) return { ok: false, error: 'the code block is empty' };
  const edits = readSnippetBlocks(lines);
  // Blocks that cannot be read are no code either: taken for code they would write their markers.
  if (edits.problem && original === null) return { ok: false, error: edits.problem.message.replace(/\.$/, '') };
  if (edits.blocks.length > 0 || edits.problem) {
    if (original === null) return { ok: false, error: 'the block edits a file that does not exist' };
    const applied = applyEdits(original, code);
    return applied.ok ? { ok: true, content: applied.content, how: 'edit-blocks' } : { ok: false, error: applied.error };
  }
  if (original === null) return { ok: true, content: withFinalNewline(code), how: 'create' };
  const file = readFileText(original);
  const asFile = (text: string) => {
    const body = inLineEndings(withFinalNewline(text), file.eol);
    return original.length > 0 && !file.endsWithEol ? body.slice(0, -file.eol.length) : body;
  };
  if (nonBlank(file.lines).length === 0) return { ok: true, content: asFile(code), how: 'whole-file' };
  const elided = lines.find((l) => isPlaceholderLine(l));
  if (elided) return { ok: false, error: `the block leaves code out (\`${elided.trim()}\`), so applying it would delete that code. Ask for the complete code, or copy the parts you need` };
  const whole = asWholeFile(file.lines, lines);
  if (whole === 'whole') return { ok: true, content: asFile(code), how: 'whole-file' };
  if (whole !== 'no') {
    return { ok: false, error: `the block looks like the whole file but leaves out ${whole.count} of its lines (from \`${whole.first}\`) without a placeholder, so applying it would delete them. Ask for the complete file, or copy the parts you need` };
  }
  return placeRegion(original, file, lines);
}

/** The SEARCH/REPLACE blocks a code block holds, and why they cannot be read (none of either: it is code). */
function readSnippetBlocks(lines: readonly string[]): GrammarResult {
  if (!lines.some((l) => /^\s*<{5,}\s*SEARCH\b/.test(l))) return { blocks: [] };
  return readBlocks(lines, { finalMarkerOptional: true });
}

/** The SEARCH/REPLACE blocks a code block holds (none: it is code, not edits). */
export function snippetEditBlocks(lines: readonly string[]): EditBlock[] {
  return readSnippetBlocks(lines).blocks;
}

function withFinalNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** Lines in a row a whole-file block may drop as a deletion; a longer run reads as code left out. */
const LEFT_OUT_RUN = 4;

/**
 * 'whole': the block rewrites the whole file (it keeps nearly all of the file's lines, in order).
 * A block that would stand for the whole file (so, or starting and ending as the file does, which
 * also makes it the one region between its first and last lines) but drops file lines that nothing
 * replaces has left them out: small models skip functions they did not change, without a placeholder.
 */
function asWholeFile(fileLines: readonly string[], blockLines: readonly string[]): 'whole' | 'no' | { count: number; first: string } {
  const fileCode = nonBlank(fileLines).map((l) => l.trim());
  const blockCode = nonBlank(blockLines).map((l) => l.trim());
  const parts = diffArrays(fileCode, blockCode);
  const kept = parts.filter((part) => !part.added && !part.removed).reduce((n, part) => n + part.value.length, 0);
  const share = kept / fileCode.length;
  const anchored = blockCode[0] === fileCode[0] && blockCode.at(-1) === fileCode.at(-1);
  if (share < WHOLE_FILE_SHARE && !anchored) return 'no';
  // a removed run next to an added one was rewritten; alone and long (a function), it was left out; a
  // line or three alone were deleted on purpose ("remove the debug logging"), shown in the review as such
  const leftOut = parts.filter((part, i) => part.removed && part.value.length >= LEFT_OUT_RUN && !parts[i - 1]?.added && !parts[i + 1]?.added);
  if (leftOut.length > 0) return { count: leftOut.reduce((n, part) => n + part.value.length, 0), first: leftOut[0]!.value[0]! };
  return share >= WHOLE_FILE_SHARE_ANCHORED ? 'whole' : 'no'; // anchored, or a share above both
}

/** The one region between the block's first and last lines, replaced by the block at the file's indentation. */
function placeRegion(original: string, file: FileText, lines: readonly string[]): SnippetPlacement {
  const code = nonBlank(lines);
  if (code.length < 2) return { ok: false, error: 'a one-line block does not say which line it replaces. Use Insert at cursor instead' };
  const first = code[0]!;
  const last = code.at(-1)!;
  const anchors = `${first}\n...\n${last}`;
  const found = applySearchReplace(original, anchors, anchors);
  const unplaced = `its first line (\`${first.trim()}\`) and last line (\`${last.trim()}\`)`;
  if (!found.ok) {
    return found.reason === 'ambiguous'
      ? { ok: false, error: `${unplaced} enclose more than one region of the file, so where it goes is unclear` }
      : { ok: false, error: `${unplaced} do not enclose one region of the file (a block that changes its first or last line cannot be placed)` };
  }
  const placed = found.applied[0]!;
  // Only the elision tier reads `…` as "the lines in between"; a forgiving tier's guess is not a place.
  if (placed.tier !== 'elision') return { ok: false, error: `${unplaced} do not enclose one region of the file` };
  const start = placed.startLine - 1;
  const end = placed.endLine; // exclusive
  const firstAt = lines.indexOf(first);
  const mapping = consistentMapping(file.lines, start, [first], lines);
  const body = lines.slice(firstAt, lines.lastIndexOf(last) + 1).map((l) => (mapping && l.trim() !== '' ? reindentLine(mapping, l) : l));
  // Spliced into the original, so the bytes around the region (line endings included) stay as they are.
  const lineEnd = end < file.lines.length || file.endsWithEol ? file.eol : '';
  const content = original.slice(0, file.starts[start]) + body.join(file.eol) + lineEnd + original.slice(file.starts[end]);
  return { ok: true, content, how: 'region', startLine: placed.startLine, endLine: placed.endLine };
}
