// Edit blocks out of a whole model reply: prose, fences, file names, several files.
// A reply with a broken or cut-off block yields no blocks at all: applying the first half of an
// interrupted change leaves the file in a state neither the user nor the model asked for.
import { readBlocks } from './blockGrammar';
import { foldCrlf, splitLfLines } from './text';
import type { BlockProblem, EditBlock } from './types';

export interface ParsedReply {
  /** The blocks to apply: empty when `problem` is set. */
  blocks: EditBlock[];
  /** Blocks read completely before the problem, to tell the model what it does not need to resend. */
  complete: EditBlock[];
  problem?: BlockProblem;
}

export function parseEditReply(text: string): ParsedReply {
  const { lines } = splitLfLines(foldCrlf(text));
  const { blocks, problem } = readBlocks(lines, { finalMarkerOptional: false });
  return problem ? { blocks: [], complete: blocks, problem } : { blocks, complete: blocks };
}

/** Blocks of a reply, or `[]` when the reply has a cut-off or malformed block (read `problem`). */
export type EditBlockList = EditBlock[] & { readonly problem?: BlockProblem };

export function parseEditBlocks(text: string): EditBlockList {
  const parsed = parseEditReply(text);
  const list: EditBlock[] = parsed.blocks.slice();
  // Not enumerable: the result compares and serialises as the plain array of blocks.
  if (parsed.problem) Object.defineProperty(list, 'problem', { value: parsed.problem, enumerable: false });
  return list as EditBlockList;
}
