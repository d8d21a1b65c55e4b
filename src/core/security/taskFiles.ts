// How files' contents are written into a task (an @ mention of a file or a selection, the code of a Fix
// selection task), and how they are found in it again: for redaction (a .env file's values hidden
// whole) and for the escalation offer (which names the files a request would send).
import { FIX_SELECTION_CODE } from '../fixSelectionTask';

/** How a file the user attached (an @ mention) is written into the task, so it can be found again. */
export function attachedFileText(path: string, content: string): string {
  return `File ${path}:\n${content}\n[end of file]`;
}

/** How an @selection is written into the task (lines 1-based), so that FILE_BLOCKS finds it again. */
export function selectionText(path: string, firstLine: number, lastLine: number, content: string): string {
  return `Selection in ${path} (lines ${firstLine}-${lastLine}):\n${content}`;
}

/** Where a mention's text starts (src/extension/mentions.ts): a selection runs on to the next one, or to the end of the task. */
const NEXT_MENTION = String.raw`\n\n(?:File [^\n]+:|Selection in [^\n]+ \(lines \d+-\d+\):\n|Problems(?: \(\d+\):\n|: none\.))`;

/**
 * The parts of a task that hold a file's content, each with the file's path: `head` (which names it),
 * then `content`. An attached file (attachedFileText), an @selection (selectionText) and the code of a
 * Fix selection task (buildFixSelectionTask).
 */
export const FILE_BLOCKS: readonly RegExp[] = [
  /^(?<head>File (?<path>[^\n]+):\n)(?<content>[\s\S]*?)(?=\n\[end of file\])/gm,
  new RegExp(String.raw`^(?<head>Selection in (?<path>[^\n]+?) \(lines \d+-\d+\):\n)(?<content>[\s\S]*?)(?=${NEXT_MENTION}|$(?![\s\S]))`, 'gm'),
  FIX_SELECTION_CODE,
];

/** The paths of the files whose content a task's text holds, in the order they appear. */
export function taskFilePaths(text: string): string[] {
  const found: { at: number; path: string }[] = [];
  for (const block of FILE_BLOCKS) for (const m of text.matchAll(block)) if (m.groups?.path) found.push({ at: m.index, path: m.groups.path });
  return found.sort((a, b) => a.at - b.at).map((f) => f.path);
}
