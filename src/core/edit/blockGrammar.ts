// Reads SEARCH/REPLACE blocks out of lines of model text, in every marker dialect (see markers.ts).
// One grammar serves both a whole chat reply and the edit argument of a tool call; they differ only
// in what a block without its final marker means: in a reply it is a reply cut off mid-block
// (max tokens, interrupted stream), in a completed tool call the call's own end closes it.
import { findPathBefore } from './filename';
import { FENCE, isShellFence, markerKind, ROO_HINT, ROO_SEPARATOR, unescapeMarker } from './markers';
import type { BlockProblem, EditBlock } from './types';

export interface GrammarOptions {
  /** Accept a last block whose REPLACE section runs to the end of the text. */
  finalMarkerOptional: boolean;
}

export interface GrammarResult {
  /** Every block read completely, in order (also those before a problem). */
  blocks: EditBlock[];
  problem?: BlockProblem;
}

export function readBlocks(lines: readonly string[], options: GrammarOptions): GrammarResult {
  const blocks: EditBlock[] = [];
  let currentPath: string | undefined;
  let i = 0;
  const fail = (kind: BlockProblem['kind'], line: number, message: string): GrammarResult => ({
    blocks,
    problem: { kind, block: blocks.length + 1, line: line + 1, message: message + paddedMarkerNote(lines) },
  });

  while (i < lines.length) {
    const line = lines[i]!;
    if (isShellFence(line) && markerKind(lines[i + 1] ?? '') !== 'head') {
      i = skipFence(lines, i);
      continue;
    }
    if (markerKind(line) !== 'head') {
      i++;
      continue;
    }
    const headLine = i;
    const path = findPathBefore(lines, i) ?? currentPath;
    currentPath = path;
    i++;

    const hints = readRooHints(lines, i);
    i = hints.next;

    const search: string[] = [];
    for (; i < lines.length; i++) {
      const kind = markerKind(lines[i]!);
      if (kind === 'divider') break;
      if (kind === 'head')
        return fail('malformed', i, `Block ${blocks.length + 1} (line ${headLine + 1}): a new SEARCH marker came before its \`=======\` divider.`);
      if (kind === 'tail')
        return fail('malformed', i, `Block ${blocks.length + 1} (line ${headLine + 1}): REPLACE marker before the \`=======\` divider; a block is SEARCH marker, old lines, \`=======\`, new lines, REPLACE marker.`);
      search.push(unescapeMarker(lines[i]!));
    }
    if (i >= lines.length)
      return fail('truncated', i - 1, `Block ${blocks.length + 1} (line ${headLine + 1}) ends before its \`=======\` divider: the text was cut off.`);
    const divider = lines[i]!;
    i++;

    const replace: string[] = [];
    let closed = false;
    for (; i < lines.length; i++) {
      const kind = markerKind(lines[i]!);
      if (kind === 'tail') {
        closed = true;
        i++;
        break;
      }
      if (kind === 'divider') {
        // A model that ends REPLACE with its divider repeats that very line. Another run of `=` may be
        // content (a Markdown heading's underline, in REPLACE or one in SEARCH that split the block
        // early): neither dropping it nor keeping it is safe to guess.
        if (lines[i] !== divider)
          return fail('malformed', i, `Block ${blocks.length + 1} (line ${headLine + 1}): line ${i + 1} (\`${lines[i]}\`) looks like a divider but is not the block's \`${divider}\`. If it is a line of the file (a heading underline), write it with a backslash in front (\`\\${lines[i]}\`), in SEARCH as well as in REPLACE.`);
        const after = nextNonBlank(lines, i + 1);
        const follower = after < lines.length ? lines[after]! : undefined;
        if (follower === undefined || FENCE.test(follower.trim()) || markerKind(follower) === 'head') {
          closed = true; // `=======` used as the end marker
          i++;
          break;
        }
        if (markerKind(follower) === 'tail') {
          closed = true;
          i = after + 1;
          break;
        }
        return fail('malformed', i, `Block ${blocks.length + 1} (line ${headLine + 1}) has a second \`=======\` divider at line ${i + 1}.`);
      }
      if (kind === 'head')
        return fail('malformed', i, `Block ${blocks.length + 1} (line ${headLine + 1}) has no REPLACE marker before the next SEARCH marker at line ${i + 1}.`);
      replace.push(unescapeMarker(lines[i]!));
    }
    if (!closed) {
      if (!options.finalMarkerOptional)
        return fail('truncated', lines.length - 1, `Block ${blocks.length + 1} (line ${headLine + 1}) has no \`>>>>>>> REPLACE\` marker: the reply was cut off.`);
      while (replace.length > 0 && (replace.at(-1)!.trim() === '' || FENCE.test(replace.at(-1)!.trim()))) replace.pop();
    }

    const block: EditBlock = { search: joinLines(search), replace: joinLines(replace) };
    if (path !== undefined) block.path = path;
    if (hints.startLine !== undefined) block.startLine = hints.startLine;
    if (hints.endLine !== undefined) block.endLine = hints.endLine;
    blocks.push(block);
  }
  return { blocks };
}

/** Point at a marker that failed only because of spaces around it: the model can fix that at once. */
function paddedMarkerNote(lines: readonly string[]): string {
  const at = lines.findIndex((l) => l !== l.trim() && markerKind(l.trim()) !== undefined);
  return at === -1 ? '' : ` Line ${at + 1} (\`${lines[at]!.trim()}\`) has spaces around it; marker lines must contain nothing else.`;
}

/** Block text keeps one newline per line, as the model wrote it. */
function joinLines(lines: string[]): string {
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}

function nextNonBlank(lines: readonly string[], from: number): number {
  let i = from;
  while (i < lines.length && lines[i]!.trim() === '') i++;
  return i;
}

function skipFence(lines: readonly string[], open: number): number {
  let i = open + 1;
  while (i < lines.length && !/^(?:`{3,}|~{3,})\s*$/.test(lines[i]!.trim())) i++;
  return i + 1;
}

function readRooHints(lines: readonly string[], from: number): { next: number; startLine?: number; endLine?: number } {
  let i = from;
  const found: { startLine?: number; endLine?: number } = {};
  while (i < lines.length) {
    const m = ROO_HINT.exec(lines[i]!);
    if (!m) break;
    const value = Number(m[2]);
    if (m[1] === 'start') found.startLine = value;
    else found.endLine = value;
    i++;
  }
  if (i === from) return { next: from };
  if (i < lines.length && ROO_SEPARATOR.test(lines[i]!)) i++;
  return { next: i, ...found };
}
