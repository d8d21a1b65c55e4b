// The file a proposal targets, kept inside the first workspace folder: the path is normalised like
// any model-supplied path, then resolved through symlinks (realpath) by the same containment check
// the Workspace port uses, so a review can never write outside the workspace.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { normalizeWorkspacePath } from '../../core/security';
import { WorkspaceError } from '../../core/ports';
import { resolveInside } from '../../node/containment';

export interface ReviewTarget {
  /** Workspace-relative POSIX path. */
  rel: string;
  uri: vscode.Uri;
}

export async function resolveReviewTarget(path: string): Promise<ReviewTarget> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.scheme !== 'file') throw new WorkspaceError('invalid-path', 'No local workspace folder is open to edit files in.');
  const check = normalizeWorkspacePath(path, folder.uri.fsPath);
  if (!check.ok) throw new WorkspaceError('invalid-path', check.reason);
  if (check.path === '') throw new WorkspaceError('is-directory', 'The workspace root is a folder, not a file.');
  const root = fs.realpathSync(folder.uri.fsPath);
  const abs = await resolveInside(root, check.path);
  return { rel: check.path, uri: vscode.Uri.file(abs) };
}
