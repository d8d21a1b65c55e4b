// Governor interventions as the model reads them. For a patch spiral (re-read, then rewrite the
// function) the loop does the re-read itself when the file is short: its exact current text,
// numbered, right under the instruction.
import type { Intervention } from '../governor';
import type { Workspace } from '../ports';
import { numberLines } from '../tools/executorFiles';

/** Above this, the file is not attached: the model is told to read the region it needs. */
const REREAD_MAX_LINES = 120;

export async function interventionText(found: readonly Intervention[], workspace: Workspace): Promise<string> {
  const parts: string[] = [];
  for (const i of found) {
    parts.push(i.message);
    if (i.detector === 'patch-spiral' && i.path) {
      const file = await workspace.readFile(i.path).catch(() => undefined);
      const lines = file?.content.split('\n') ?? [];
      if (file && lines.length <= REREAD_MAX_LINES) parts.push(`${file.path} now:\n${numberLines(lines, 1, 400)}`);
    }
  }
  return parts.join('\n\n');
}
