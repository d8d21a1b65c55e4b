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

/**
 * The file's text as the document reads it: in its encoding, and without a byte-order mark (getText()
 * has none, vscode#244050).
 */
async function readDisk(document: vscode.TextDocument): Promise<string | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(document.uri.fsPath);
  } catch {
    return undefined;
  }
  return (await vscode.workspace.decode(bytes, { encoding: document.encoding })).replace(/^\uFEFF/, '');
}

/**
 * Saves the document and waits until the disk holds what the save wrote. That is the document's
 * text after the save, not before: the save itself may change it (format on save, code actions on
 * save, trimming trailing whitespace, inserting a final newline).
 */
export async function saveAndVerify(document: vscode.TextDocument): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    if (document.isDirty) await document.save();
    for (let poll = 0; poll < 40; poll++) {
      if (!document.isDirty && await readDisk(document) === document.getText()) return;
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

/**
 * Creates the file with its content in one WorkspaceEdit (one Ctrl+Z); false when it exists by now or
 * VS Code refused. Created with its bytes, not by inserting text into a new document: that would turn
 * every line ending into the one `files.eol` gives a new file (CRLF on Windows by default).
 */
export async function createWithContent(uri: vscode.Uri, content: string): Promise<boolean> {
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(uri, { overwrite: false, ignoreIfExists: false, contents: Buffer.from(content, 'utf8') });
  return vscode.workspace.applyEdit(edit);
}

/** An open document for `uri` has unsaved changes (even one whose file is gone). */
export function textDocumentOpenUnsaved(uri: vscode.Uri): boolean {
  return vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString() && d.isDirty);
}

/** The file's text now: its open document's (which may be unsaved), else the disk's; null when it does not exist. */
export function textNow(uri: vscode.Uri): string | null {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return fs.readFileSync(uri.fsPath, 'utf8').replace(/^\uFEFF/, '');
  } catch {
    return null;
  }
}

export function fileExists(uri: vscode.Uri): boolean {
  return fs.existsSync(uri.fsPath);
}
