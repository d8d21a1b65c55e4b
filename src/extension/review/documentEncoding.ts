// SmallCode reads, checks and writes files as UTF-8. A document VS Code holds in another encoding
// (files.encoding, "Reopen with Encoding") saves the model's text in that encoding: what it cannot
// represent becomes "?", and the disk no longer holds what the edit wrote.
import * as vscode from 'vscode';

const UTF8 = new Set(['utf8', 'utf8bom']);

/** The encoding when it is known and not UTF-8 (VS Code's ids: 'utf8', 'utf8bom', 'windows1252'…). */
export function otherThanUtf8(encoding: string | undefined): string | undefined {
  return encoding !== undefined && !UTF8.has(encoding) ? encoding : undefined;
}

/**
 * The encoding VS Code has the file open in, or would open or create it in (files.encoding for it),
 * when that is not UTF-8; undefined when it is UTF-8.
 */
export function nonUtf8Encoding(uri: vscode.Uri): string | undefined {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  return otherThanUtf8(open ? open.encoding : vscode.workspace.getConfiguration('files', uri).get<string>('encoding'));
}

/** Why such a file is not edited: what would happen, and what the user can do. */
export function nonUtf8EncodingMessage(rel: string, encoding: string): string {
  return `${rel} is open (or opens) in VS Code in the ${encoding} encoding, not UTF-8: saving an edit in it would turn every character ${encoding} cannot represent into "?". Nothing was written. Do not try to edit this file again: tell the user what to change, or ask them to reopen it with the UTF-8 encoding (the encoding item in the status bar) and ask again`;
}
