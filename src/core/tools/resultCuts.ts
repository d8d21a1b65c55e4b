// How each tool's result is shortened when the context budget must cut it. The tool knows what the
// model needs from its result and how it gets the rest: read_file keeps the head and says where to read
// on in the file's own lines; run keeps the head and the tail of the output, where a failure is (no tool
// can read a command's output again). Everything else keeps its head with a note that asks for less.
import { keepHeadAndTail, truncateToTokens, type ResultCut } from '../budget';
import { readFile, run } from './definitions';
import { cutReadResult } from './executorFiles';

const CUTS: ReadonlyMap<string, ResultCut> = new Map([
  [readFile.name, cutReadResult],
  [run.name, (text, maxTokens, counter) => keepHeadAndTail(text, maxTokens, counter)],
]);

/** The cut for a result of the tool named `tool` (the budget's `resultCut`). */
export function resultCut(tool: string | undefined): ResultCut {
  return (tool !== undefined ? CUTS.get(tool) : undefined) ?? truncateToTokens;
}
