// A workspace file as VS Code knows it. The Workspace resolves a path to its real path and judges the
// containment and write policy there (it stays the owner of both); this maps that result to VS Code's
// documents: the one the user has open under whichever name (see editorPaths), else the file under the
// workspace folder as VS Code names it. Every place that reads, edits, reviews or undoes a workspace
// file in the editor goes through here, so none opens a second document beside the user's.
import * as vscode from 'vscode';
import type { NodeWorkspace } from '../node/nodeWorkspace';
import { editorPaths, samePath } from './editorPaths';

export interface FileInEditor {
  /** The URI to open or edit the file by: its open document's, else the file under the folder. */
  readonly uri: vscode.Uri;
  /** The file's open document now (looked up on each call: the user may open or close it meanwhile). */
  document(): vscode.TextDocument | undefined;
}

/** `resolved` is what `files.resolve` or `files.resolveForWrite` returned: only a checked path is mapped. */
export async function fileInEditor(files: NodeWorkspace, resolved: { rel: string; abs: string }): Promise<FileInEditor> {
  const paths = editorPaths({ root: files.root, rootReal: await files.realRoot(), ...resolved });
  // Open under two names (a symlink and its target): the first spelling wins, as when nothing is open.
  const document = () => {
    const open = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'file');
    for (const p of paths) {
      const found = open.find((d) => samePath(d.uri.fsPath, p));
      if (found) return found;
    }
    return undefined;
  };
  return { uri: document()?.uri ?? vscode.Uri.file(paths[0]!), document };
}
