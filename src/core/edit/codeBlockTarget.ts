// Which file "Apply to file" means for a code block: the file its SEARCH/REPLACE blocks name (aider's
// diff-fenced format puts the path inside the fence, above the SEARCH marker), else the path the reply
// names for it (in the fence's info string, ```ts src/app.ts or ```ts:src/app.ts, or alone on the line
// just before the fence), else the file in the active editor, else the user is asked. A path-like token
// only counts when it looks like a path: a wrong target is worse than a question, and blocks that name
// their file are never applied to another one.
import { pathKey } from '../security/workspacePath';
import { pathInInfo, pathOnLine } from './filename';
import { snippetEditBlocks } from './snippetPlacement';
import { foldCrlf, splitLfLines } from './text';

export interface CodeBlockSource {
  /** The fence's info string after the backticks (`ts src/app.ts`). */
  info: string;
  /** The line just before the fence, if any. */
  before?: string;
  /** The code inside the fence: its SEARCH/REPLACE blocks may name their file. */
  code?: string;
}

export type TargetChoice = { path: string; from: 'block' | 'editor' } | { ask: true } | { refuse: string };

export interface TargetFacts {
  /** The workspace-relative path of the active editor's file, if it is one. */
  activeFile?: string;
  /** Whether a workspace file exists (asked only of a name that may be a language's, like vue.js). */
  exists?: (path: string) => Promise<boolean>;
}

/**
 * Names of languages and frameworks written with a dot, which info strings and headings carry as
 * often as paths: one is a path only when that file exists.
 */
const DOTTED_NAMES = new Set([
  'node.js', 'vue.js', 'react.js', 'next.js', 'nuxt.js', 'nest.js', 'express.js', 'three.js', 'd3.js', 'chart.js',
  'p5.js', 'ember.js', 'backbone.js', 'angular.js', 'alpine.js', 'svelte.js', 'solid.js', 'socket.io',
  'asp.net', 'ado.net', 'vb.net',
]);

function isDottedName(path: string): boolean {
  return !/[/\\]/.test(path) && DOTTED_NAMES.has(path.toLowerCase());
}

/** The path the reply names for this block, if it names one (a real path before a dotted name). */
export function codeBlockPath(block: CodeBlockSource): string | undefined {
  const fromInfo = block.info.trim().split(/\s+/).map(pathInInfo).filter((path) => path !== undefined);
  const named = fromInfo.length > 0 ? fromInfo : block.before ? [pathOnLine(block.before)].filter((path) => path !== undefined) : [];
  return named.find((path) => !isDottedName(path)) ?? named[0];
}

/** The files the block's SEARCH/REPLACE blocks name, each once, in order. */
function editedFiles(code: string | undefined): string[] {
  if (code === undefined) return [];
  const paths = snippetEditBlocks(splitLfLines(foldCrlf(code)).lines).flatMap((block) => (block.path === undefined ? [] : [block.path]));
  return [...new Map(paths.map((path) => [pathKey(path), path])).values()];
}

export async function chooseCodeBlockTarget(block: CodeBlockSource, facts: TargetFacts = {}): Promise<TargetChoice> {
  const edited = editedFiles(block.code);
  if (edited.length > 1) {
    return { refuse: `its SEARCH/REPLACE blocks edit ${edited.length} files (${edited.join(', ')}), and Apply changes one file. Ask for one code block per file, or copy the parts you need` };
  }
  let named = codeBlockPath(block);
  let askInstead = false;
  if (named !== undefined && isDottedName(named) && !(await facts.exists?.(named))) {
    // after a language (```js chart.js) it stands where a file name does: maybe a file to create, so
    // the user says which; alone (```vue.js) or in a heading (**Node.js**) it is the language
    const dotted = named;
    askInstead = block.info.trim().split(/\s+/).slice(1).some((token) => pathInInfo(token) === dotted);
    named = undefined;
  }
  const [edits] = edited;
  if (edits !== undefined) {
    if (named !== undefined && pathKey(named) !== pathKey(edits)) {
      return { refuse: `the reply names ${named} for it, but its SEARCH/REPLACE blocks edit ${edits}. Copy the parts you need by hand` };
    }
    return { path: edits, from: 'block' };
  }
  if (named !== undefined) return { path: named, from: 'block' };
  if (facts.activeFile && !askInstead) return { path: facts.activeFile, from: 'editor' };
  return { ask: true };
}
