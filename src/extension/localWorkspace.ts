// The workspace folder SmallCode works in (the first one, on the local disk) and its file-system
// Workspace from the lazily loaded core: one containment and protected-path policy for the tools,
// the edit review and `@`-mentions alike.
import * as vscode from 'vscode';
import type { NodeWorkspace } from '../node/nodeWorkspace';
import { workspaceFileOf, type EditorFile } from './editorFile';
import { loadCore } from './lazyCore';
import { excludedGlobs } from './filesExclude';

/** The first workspace folder when it is on the local disk (SmallCode edits local files only). */
export function localFolder(): vscode.WorkspaceFolder | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.scheme === 'file' ? folder : undefined;
}

/** The document `uri` as a file of `localFolder()`, or why it is not one (see workspaceFileOf). */
export function documentFile(uri: vscode.Uri): EditorFile {
  return workspaceFileOf(uri, localFolder()?.uri.fsPath);
}

let cached: NodeWorkspace | undefined;

/** The file-system Workspace of `localFolder()`, or undefined when no local folder is open. */
export function localWorkspace(): NodeWorkspace | undefined {
  const folder = localFolder();
  if (folder === undefined) return undefined;
  const root = folder.uri.fsPath;
  // find_files and search skip what the Explorer hides, as the setting is at each call
  if (cached?.root !== root) cached = new (loadCore().NodeWorkspace)(root, { exclude: () => excludedGlobs(folder.uri) });
  return cached;
}
