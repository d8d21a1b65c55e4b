// Which file "Apply to file" means for a code block: the path the reply names for it (in the fence's
// info string, ```ts src/app.ts, or alone on the line just before the fence, as models and aider
// write it), else the file in the active editor, else the user is asked. A path-like token only
// counts when it looks like a path: a wrong target is worse than a question.
import { looksLikePath, pathOnLine } from './filename';

export interface CodeBlockSource {
  /** The fence's info string after the backticks (`ts src/app.ts`). */
  info: string;
  /** The line just before the fence, if any. */
  before?: string;
}

export type TargetChoice = { path: string; from: 'block' | 'editor' } | { ask: true };

/** The path the reply names for this block, if it names one. */
export function codeBlockPath(block: CodeBlockSource): string | undefined {
  const fromInfo = block.info.trim().split(/\s+/).map((token) => token.replace(/^(?:file(?:name)?|path|title)=["']?|["']$/gi, '')).find(looksLikePath);
  return fromInfo ?? (block.before ? pathOnLine(block.before) : undefined);
}

/** `activeFile`: the workspace-relative path of the active editor's file, if it is one. */
export function chooseCodeBlockTarget(block: CodeBlockSource, activeFile?: string): TargetChoice {
  const named = codeBlockPath(block);
  if (named) return { path: named, from: 'block' };
  if (activeFile) return { path: activeFile, from: 'editor' };
  return { ask: true };
}
