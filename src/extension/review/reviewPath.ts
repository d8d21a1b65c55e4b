// The file a proposal targets, resolved by the same Workspace the tools use: the path normalised like
// any model-supplied path, resolved through symlinks inside the workspace, and refused when it is a
// protected path, so a review can never write outside the workspace or into .git or .vscode.
import type * as vscode from 'vscode';
import { fileInEditor } from '../fileInEditor';
import { localWorkspace } from '../localWorkspace';

export interface ReviewTarget {
  /** Workspace-relative POSIX path. */
  rel: string;
  uri: vscode.Uri;
}

/** Throws (a WorkspaceError, with a message for the model) when the path may not be edited. */
export async function resolveReviewTarget(path: string): Promise<ReviewTarget> {
  const files = localWorkspace();
  if (!files) throw new Error('No local workspace folder is open to edit files in.');
  const resolved = await files.resolveForWrite(path);
  if (resolved.rel === '') throw new Error('The workspace root is a folder, not a file.');
  // Checked on the real path above; edited under the name VS Code has the file open by (or the folder's).
  return { rel: resolved.rel, uri: (await fileInEditor(files, resolved)).uri };
}
