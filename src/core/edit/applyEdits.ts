// Apply every block of an edit text (a tool call's argument) to one file, all or nothing: if any
// block cannot be placed, the file is left untouched and the model hears which block and why.
// Blocks apply in order, each to the result of the ones before, as the model wrote them.
import { readBlocks } from './blockGrammar';
import { placeEdit, splice } from './applySearchReplace';
import { computeHunks } from './hunks';
import { countNewlines, foldCrlf, readFileText, splitLfLines } from './text';
import type { AppliedBlock, ApplyOptions, ApplyResult } from './types';

const FORMAT_HELP =
  'Write each change as:\n<<<<<<< SEARCH\nexact current lines\n=======\nnew lines\n>>>>>>> REPLACE';

export function applyEdits(original: string, editText: string, options: Pick<ApplyOptions, 'startLine' | 'endLine'> = {}): ApplyResult {
  const { blocks, problem } = readBlocks(splitLfLines(foldCrlf(editText)).lines, { finalMarkerOptional: true });
  if (problem)
    return { ok: false, error: `${problem.message} Nothing was changed.\n${FORMAT_HELP}`, block: problem.block, reason: problem.kind === 'truncated' ? 'truncated' : 'malformed' };
  if (blocks.length === 0)
    return { ok: false, error: `No SEARCH/REPLACE block found in the edit; nothing was changed.\n${FORMAT_HELP}`, block: 0, reason: 'no-blocks' };

  let content = original;
  const applied: AppliedBlock[] = [];
  // Hints are line numbers of the original; earlier blocks shift the lines from `from` on (each in the
  // lines as that block found them).
  const shifts: { from: number; delta: number }[] = [];
  const shifted = (line: number | undefined) =>
    line === undefined ? undefined : shifts.reduce((l, s) => (s.from <= l ? l + s.delta : l), line);

  for (const [i, block] of blocks.entries()) {
    const own = block.startLine !== undefined;
    const startLine = own ? block.startLine : blocks.length === 1 ? options.startLine : undefined;
    const endLine = own ? block.endLine : blocks.length === 1 ? options.endLine : undefined;
    const hint: ApplyOptions = {};
    if (startLine !== undefined) hint.startLine = shifted(startLine)!;
    if (endLine !== undefined) hint.endLine = shifted(endLine)!;

    const file = readFileText(content);
    const placed = placeEdit(file, block.search, block.replace, hint, { block: i + 1, total: blocks.length });
    if (!placed.ok) return { ...placed, error: `${placed.error}\nNothing was changed${blocks.length > 1 ? `: fix this block and send all ${blocks.length} blocks again` : ''}.` };
    const c = placed.candidates[0]!;
    const next = splice(content, placed.candidates);
    const delta = countNewlines(c.text) - countNewlines(content.slice(c.start, c.end));
    // An insertion goes before its line, which moves with the lines below; a replacement moves what follows its first line.
    shifts.push({ from: c.start === c.end ? c.startLine : c.startLine + 1, delta });
    applied.push({ block: i + 1, tier: placed.tier, startLine: c.startLine, endLine: c.endLine, occurrences: 1 });
    content = next;
  }
  return { ok: true, content, applied, hunks: computeHunks(original, content) };
}
