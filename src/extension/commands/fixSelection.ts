// "SmallCode: Fix selection": the selected code, where it is and what the compiler says about it,
// sent to the chat as one focused task — for a file of the workspace only (the model is given its
// path), and for a selection that fits the model's context window.
import * as vscode from 'vscode';
import { loadCore } from '../lazyCore';
import { SEVERITY } from '../diagnosticSeverity';
import { documentFile } from '../localWorkspace';
import { selectedLines, selectedText } from '../selectedLines';
import { saveAndVerify } from '../review/applyToDocument';
import { savesOtherChanges } from '../review/unsavedChanges';
import { errorMessage } from '../../core/errorMessage';

/** The file has unsaved changes: accepting an edit saves it, so it is saved first (the user says so). */
export interface SaveFirst {
  saveFirst: vscode.TextDocument;
  /** The editor and selection asked about: the fix is of these, whichever editor is active by the answer. */
  editor: vscode.TextEditor;
  selection: vscode.Selection;
  /** The selected lines' text when asked: the fix runs only if the lines it fixes still hold it. */
  text: string;
  message: string;
}

/** "Save and Fix": saves the file, then runs Fix selection on the lines asked about in it, if they are unchanged. */
export async function saveThenFix(target: SaveFirst): Promise<string | undefined> {
  const open = vscode.window.visibleTextEditors.includes(target.editor);
  // The question stays open while the user goes on editing; a selection kept from then does not move
  // with the text, and the editor's may be elsewhere now: never fix lines other than those asked about.
  // Checked before the save: what the save itself changes (trimmed spaces, format on save) is no reason.
  if (selectedText(target.saveFirst, open ? target.editor.selection : target.selection) !== target.text) {
    void vscode.window.showWarningMessage('The lines you selected changed (or the selection moved) while the question was open, so SmallCode did not save the file nor run Fix selection: select the code again and run Fix selection.');
    return undefined;
  }
  // Saved as an accepted edit is (checked on disk, tried again): save() right after an edit can report
  // false ("Unable to resolve nonexistent file") though the file is saved a moment later, and trusting
  // it left "Save and Fix" doing nothing, without a word.
  try {
    await saveAndVerify(target.saveFirst);
  } catch (error) {
    void vscode.window.showWarningMessage(`SmallCode: ${errorMessage(error)} Fix selection did not run: save the file, then try again.`);
    return undefined;
  }
  // the editor's selection moves with what the save changed (a format on save); a kept one cannot
  const stillOpen = vscode.window.visibleTextEditors.includes(target.editor);
  const selection = stillOpen ? target.editor.selection : target.selection;
  await vscode.window.showTextDocument(target.saveFirst, { ...(stillOpen && target.editor.viewColumn ? { viewColumn: target.editor.viewColumn } : {}), selection });
  return vscode.commands.executeCommand<string | undefined>('smallcode.fixSelection');
}

export interface FixSelectionTarget {
  uri: vscode.Uri;
  /** The file, workspace-relative, as the task names it. */
  rel: string;
  range: vscode.Range;
  task: string;
}

/**
 * Builds the task for the active editor's selection, or explains why there is none. `contextWindow`
 * gives the model's window in tokens (undefined: not known, no server answered; the run will say so).
 */
export async function fixSelectionTarget(editor: vscode.TextEditor | undefined, contextWindow: () => Promise<number | undefined>): Promise<FixSelectionTarget | SaveFirst | string> {
  if (!editor) return 'Open a file and select the code you want SmallCode to fix.';
  const { document, selection } = editor;
  if (selection.isEmpty) return 'Select the code you want SmallCode to fix first.';
  const selections = editor.selections.filter((s) => !s.isEmpty).length;
  if (selections > 1) return `Fix selection works on one selection at a time; the editor has ${selections}. Select one part of the code and try again.`;
  const file = documentFile(document.uri);
  if (!file.ok) return `Fix selection works on a file of the workspace: ${file.reason}`;
  if (document.isDirty) return { saveFirst: document, editor, selection, text: selectedText(document, selection) ?? '', message: `${savesOtherChanges(file.rel, 'a fix')}: save it first.` };
  // Whole lines: a small model edits lines far more reliably than a column range.
  const { first, last } = selectedLines(selection);
  const range = new vscode.Range(first, 0, last, document.lineAt(last).text.length);
  const code = document.getText(range);
  const window = await contextWindow();
  const tooLarge = window === undefined ? undefined : loadCore().selectionTooLarge(code, window);
  if (tooLarge) return `Fix selection did not send it: ${tooLarge}`;
  const diagnostics = vscode.languages.getDiagnostics(document.uri)
    .filter((d) => d.range.intersection(range) !== undefined)
    .map((d) => ({ line: d.range.start.line + 1, severity: SEVERITY[d.severity], message: d.message, source: d.source }));
  const task = loadCore().buildFixSelectionTask({
    path: file.rel,
    languageId: document.languageId,
    startLine: range.start.line + 1,
    endLine: range.end.line + 1,
    code,
    diagnostics,
  });
  return { uri: document.uri, rel: file.rel, range, task };
}
