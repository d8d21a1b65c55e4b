// Which workspace file an editor's document is, for what hands its path to the model (Fix selection)
// or applies code to it (a code block's Apply): a saved file inside the local workspace folder, or why
// it is not one — an unsaved file, a notebook cell, a diff's or Git's virtual side, a file elsewhere
// would each give the model a path that is not the code the user means. No `vscode` import.
import * as path from 'node:path';

export type EditorFile = { ok: true; rel: string } | { ok: false; reason: string };

/** `uri` (an editor document's) as a path of the workspace folder `root`, or why it is not one. */
export function workspaceFileOf(uri: { scheme: string; fsPath: string }, root: string | undefined): EditorFile {
  if (uri.scheme === 'untitled') return { ok: false, reason: 'the file is not saved yet. Save it in the workspace folder, then try again.' };
  if (uri.scheme === 'vscode-notebook-cell') return { ok: false, reason: 'it is a notebook cell. SmallCode works on the plain files of the workspace, not on notebooks.' };
  if (uri.scheme !== 'file') {
    return { ok: false, reason: `the editor shows a "${uri.scheme}" document (such as a diff's original side or a Git version), not a file of the workspace. Open the file itself and select the code there.` };
  }
  if (root === undefined) return { ok: false, reason: 'no folder is open. Open the project\'s folder: SmallCode works on the files inside it.' };
  const rel = path.relative(root, uri.fsPath);
  if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) {
    return { ok: false, reason: `${uri.fsPath} is outside the workspace folder (${root}). SmallCode works only on the files inside it.` };
  }
  return { ok: true, rel: rel.split(path.sep).join('/') };
}
