// The buttons of a code block in a reply, besides Copy. Insert puts the code at the cursor (every
// selection) of the active editor. Apply puts it into its file through the same review as an agent
// edit (the diff, per-hunk Accept/Reject): the target is the path the reply names, else the active
// editor's file, else the user picks one (the core's chooseCodeBlockTarget, which refuses blocks that
// name other files); where the code goes is the core's placeSnippet, which refuses a block it cannot
// place exactly (the message says why) rather than guess.
import * as vscode from 'vscode';
import type { EditReview, WriteTarget } from '../../core/ports';
import type { CodeBlockActionName } from '../../shared/chatProtocol';
import { errorMessage } from '../../core/errorMessage';
import { loadCore } from '../lazyCore';
import { documentFile, localWorkspace } from '../localWorkspace';
import { VsCodeWorkspace } from '../agentHost/vscodeWorkspace';
import { REFUSED } from '../review/vsCodeEditReview';
import type { CodeBlockSource } from '../../core/edit/codeBlockTarget';

export interface CodeBlock extends CodeBlockSource {
  code: string;
}

/** Files offered when the target must be asked for (a bound on the quick pick's list). */
const PICK_FILES = 5000;

export function codeBlockAction(action: CodeBlockActionName, block: CodeBlock, review: EditReview): Promise<void> {
  return action === 'insert' ? insertAtCursor(block.code) : applyToFile(block, review);
}

async function insertAtCursor(code: string): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showWarningMessage('SmallCode: no editor to insert into. Click where the code should go in a file, then press Insert again.');
    return;
  }
  const eol = editor.document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const done = await editor.edit((builder) => {
    for (const selection of editor.selections) {
      // Whole lines put at the start of a line stay lines of their own, above it.
      const atLineStart = selection.isEmpty && selection.active.character === 0 && !editor.document.lineAt(selection.active.line).isEmptyOrWhitespace;
      builder.replace(selection, atLineStart && !code.endsWith('\n') ? code + eol : code);
    }
  });
  if (!done) void vscode.window.showWarningMessage('SmallCode: VS Code did not insert the code (the editor may be read-only).');
}

/** The active editor's file, workspace-relative, when it is a file of the local workspace folder. */
function activeFile(): string | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  const file = uri && documentFile(uri);
  return file && file.ok ? file.rel : undefined;
}

async function pickFile(): Promise<string | undefined> {
  const uris = await vscode.workspace.findFiles('**/*', '**/{node_modules,.git}/**', PICK_FILES);
  const items = uris.map((u) => vscode.workspace.asRelativePath(u, false)).sort();
  return vscode.window.showQuickPick(items, { placeHolder: 'Apply the code block to which file?', matchOnDescription: true });
}

async function applyToFile(block: CodeBlock, review: EditReview): Promise<void> {
  const files = localWorkspace();
  if (!files) {
    void vscode.window.showWarningMessage('SmallCode: open a folder first: a code block is applied to a file of the workspace.');
    return;
  }
  const core = loadCore();
  // a file the block names by a language's name too (vue.js) counts only when it exists
  const exists = async (path: string) => (await files.stat(path).catch(() => undefined))?.kind === 'file';
  const choice = await core.chooseCodeBlockTarget(block, { activeFile: activeFile(), exists });
  if ('refuse' in choice) {
    void vscode.window.showWarningMessage(`SmallCode did not apply the code block: ${choice.refuse}.`);
    return;
  }
  const path = 'ask' in choice ? await pickFile() : choice.path;
  if (!path) return;
  let target: WriteTarget;
  let original: string | null;
  try {
    target = await files.writeTarget(path);
    if (!target.ok) throw new Error(target.reason);
    const file = await core.readFileOrNull(new VsCodeWorkspace(files), target.path);
    // a file the host cannot write back exactly (not UTF-8: a legacy encoding, binary) is never proposed
    if (file?.readOnly) throw new Error(`it is not UTF-8 text, and writing it would damage the characters SmallCode cannot represent. Convert it to UTF-8 first, or copy the code in by hand`);
    original = file?.content ?? null;
  } catch (error) {
    void vscode.window.showWarningMessage(`SmallCode cannot apply the code block to ${path}: ${errorMessage(error)}`);
    return;
  }
  const rel = target.path;
  const placed = core.placeSnippet(original, block.code);
  if (!placed.ok) {
    void vscode.window.showWarningMessage(`SmallCode did not apply the code block to ${rel}: ${placed.error}.`);
    return;
  }
  if (placed.content === original) {
    void vscode.window.showInformationMessage(`SmallCode: ${rel} already contains this code.`);
    return;
  }
  // The checks every proposal passes, the agent's too: a redaction mark is not the secret it hides.
  const check = core.checkProposal(target, original, placed.content);
  if (!check.ok) {
    const why = check.kind === 'redaction-mark'
      ? `its line ${JSON.stringify(check.line)} has ${core.REDACTED}, which stands for a secret hidden from the model, not its value: applying it would replace your real secret. Copy the lines you need by hand, keeping your secret`
      : check.reason;
    void vscode.window.showWarningMessage(`SmallCode did not apply the code block to ${rel}: ${why}`);
    return;
  }
  const proposal = { path: rel, original, proposed: placed.content, hunks: core.computeHunks(original ?? '', placed.content), ...(check.runsCommands ? { runsCommands: check.runsCommands } : {}) };
  // Not awaited: the review waits for the user's decisions, and says itself what it could not apply;
  // a proposal it refuses outright (before showing anything) is said here.
  void review.propose(proposal).then((decision) => {
    if (decision.kind === 'rejected' && decision.reason?.startsWith(REFUSED)) {
      void vscode.window.showWarningMessage(`SmallCode did not apply the code block to ${rel}: ${decision.reason.slice(REFUSED.length)}.`);
    }
  });
}
