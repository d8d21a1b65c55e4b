// Helpers the integration suites share inside the extension host: SmallCode's API (activating it)
// and its settings, set for the user as the settings UI would.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SmallCodeApi } from '../../src/extension/extension';

export const EXTENSION_ID = 'smallcode.smallcode';

export async function api(): Promise<SmallCodeApi> {
  const extension = vscode.extensions.getExtension<SmallCodeApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed`);
  return extension.activate();
}

/** Sets `smallcode.<key>` values in the user's settings (undefined removes one). */
export async function settings(values: Record<string, unknown>): Promise<void> {
  const config = vscode.workspace.getConfiguration('smallcode');
  for (const [key, value] of Object.entries(values)) await config.update(key, value, vscode.ConfigurationTarget.Global);
}

/**
 * Writes each row's settings and asserts what `read` makes of them (deepEqual), then removes every
 * setting the rows wrote, also when an assertion failed.
 */
export async function assertSettingsRead<T>(rows: ReadonlyArray<readonly [Record<string, unknown>, T]>, read: () => T): Promise<void> {
  const written = Object.fromEntries(rows.flatMap(([values]) => Object.keys(values)).map((key) => [key, undefined]));
  try {
    for (const [values, expected] of rows) {
      await settings(values);
      assert.deepEqual(read(), expected, JSON.stringify(values));
    }
  } finally {
    await settings(written);
  }
}

/** Polls `probe` every 50 ms until it gives something truthy (bounded: fails after `ms`). */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The user saves what they typed in a file under review, as Ctrl+S would: Accept over unsaved typing
 * asks first, in a modal nobody answers here (test/e2e/reviewUnsaved answers it). Saved again while
 * the disk lags: save() right after an edit has been seen to report false and leave the document dirty.
 */
export async function userSaves(document: vscode.TextDocument): Promise<void> {
  await waitFor(`${path.basename(document.uri.fsPath)} saved by the user`, async () => {
    if (document.isDirty) await document.save();
    return !document.isDirty && fs.readFileSync(document.uri.fsPath, 'utf8') === document.getText();
  });
}

/** The review's diff tab (of the workspace file `rel`, when given), if one is open. */
export function reviewDiff(rel?: string): vscode.TabInputTextDiff | undefined {
  for (const tab of vscode.window.tabGroups.all.flatMap((g) => g.tabs)) {
    if (tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.scheme === 'smallcode-proposed' && (!rel || tab.input.modified.path === `/${rel}`)) return tab.input;
  }
  return undefined;
}

/** Everything SmallCode's output channel wrote to its log files (in `folder`, the API's logUri) so far. */
export function logText(folder: string): string {
  if (!fs.existsSync(folder)) return '';
  return fs.readdirSync(folder).filter((f) => f.endsWith('.log')).map((f) => fs.readFileSync(path.join(folder, f), 'utf8')).join('\n');
}
