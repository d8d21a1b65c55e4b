// Writing accepted hunks: one WorkspaceEdit per decision (so one Ctrl+Z undoes it), then a save
// that is checked on disk, because TextDocument.save() has been seen to report false or leave the
// document dirty right after an edit.
import * as fs from 'node:fs';
import * as vscode from 'vscode';

export interface Replacement {
  offset: number;
  oldText: string;
  newText: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function readDisk(path: string): string | undefined {
  try {
    return fs.readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export async function saveAndVerify(document: vscode.TextDocument): Promise<void> {
  const expected = document.getText();
  for (let attempt = 0; attempt < 3; attempt++) {
    if (document.isDirty) await document.save();
    for (let poll = 0; poll < 40; poll++) {
      if (readDisk(document.uri.fsPath) === expected) return;
      await sleep(50);
    }
  }
  throw new Error(`VS Code did not save ${vscode.workspace.asRelativePath(document.uri)}.`);
}

/** Replaces each old text at its offset in one WorkspaceEdit; false when VS Code refused it. */
export async function replaceInDocument(document: vscode.TextDocument, replacements: readonly Replacement[]): Promise<boolean> {
  const edit = new vscode.WorkspaceEdit();
  for (const r of replacements) {
    edit.replace(document.uri, new vscode.Range(document.positionAt(r.offset), document.positionAt(r.offset + r.oldText.length)), r.newText);
  }
  return vscode.workspace.applyEdit(edit);
}

/** Creates the file with its content in one WorkspaceEdit; false when it exists by now or VS Code refused. */
export async function createWithContent(uri: vscode.Uri, content: string): Promise<boolean> {
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(uri, { overwrite: false, ignoreIfExists: false });
  if (content !== '') edit.insert(uri, new vscode.Position(0, 0), content);
  return vscode.workspace.applyEdit(edit);
}

export function fileExists(uri: vscode.Uri): boolean {
  return fs.existsSync(uri.fsPath);
}
