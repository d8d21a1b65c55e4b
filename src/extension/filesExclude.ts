// VS Code's `files.exclude` as SmallCode follows it: what the user hides in the Explorer is not indexed,
// listed by find_files or searched (read_file still reads such a file when asked for it by name).
import * as vscode from 'vscode';

/**
 * The globs set to true, sorted (a reordered settings.json is no change). A glob with a `when` clause
 * (hide `*.js` beside a `*.ts`) hides a file only beside another: it is not followed.
 */
export function excludedGlobs(folder?: vscode.Uri): string[] {
  const globs = vscode.workspace.getConfiguration('files', folder).get<unknown>('exclude');
  if (!globs || typeof globs !== 'object') return [];
  return Object.entries(globs).filter(([, on]) => on === true).map(([glob]) => glob).sort();
}
