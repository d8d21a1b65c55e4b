// "Select model" and "Set API key". The key lives in SecretStorage, never in settings.
import * as vscode from 'vscode';

export const API_KEY_SECRET = 'smallcode.apiKey';

const SECRET_STORAGE_TIMEOUT_MS = 10_000;

/** SecretStorage can hang where no keyring answers (seen in CI setups); never leave the user waiting. */
function withTimeout<T>(promise: Thenable<T>, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`VS Code's secret storage did not answer while ${what}`)), SECRET_STORAGE_TIMEOUT_MS);
    promise.then((value) => { clearTimeout(timer); resolve(value); }, (error: unknown) => { clearTimeout(timer); reject(error); });
  });
}

export async function setApiKey(secrets: vscode.SecretStorage, log: vscode.LogOutputChannel): Promise<boolean> {
  const value = await vscode.window.showInputBox({
    title: 'SmallCode: Set API key',
    prompt: 'API key for the configured endpoint (local servers usually need none). Leave empty to remove the stored key.',
    password: true,
    ignoreFocusOut: true,
  });
  if (value === undefined) return false;
  try {
    if (value.trim()) {
      await withTimeout(secrets.store(API_KEY_SECRET, value.trim()), 'storing the key');
      log.info('API key stored in secret storage');
      void vscode.window.showInformationMessage('SmallCode: API key stored in VS Code\'s secret storage.');
    } else {
      await withTimeout(secrets.delete(API_KEY_SECRET), 'removing the key');
      log.info('API key removed from secret storage');
      void vscode.window.showInformationMessage('SmallCode: API key removed.');
    }
    return true;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    log.error(`Could not save the API key: ${reason}`);
    void vscode.window.showErrorMessage(`SmallCode: could not save the API key: ${reason}. Nothing was written to your settings.`);
    return false;
  }
}

/** Asks for a model id and stores it in the user's settings. */
export async function selectModel(current: string, candidates: string[] = []): Promise<string | undefined> {
  let picked: string | undefined;
  if (candidates.length > 0) {
    const items = candidates.map((id) => ({ label: id, description: id === current ? 'current' : undefined }));
    picked = (await vscode.window.showQuickPick(items, { title: 'SmallCode: Select model', placeHolder: 'Model to use' }))?.label;
  } else {
    picked = await vscode.window.showInputBox({
      title: 'SmallCode: Select model',
      prompt: 'Model id as your server lists it (empty: use whatever model the server has loaded)',
      value: current,
      ignoreFocusOut: true,
    });
  }
  if (picked === undefined) return undefined;
  await vscode.workspace.getConfiguration('smallcode').update('model', picked.trim(), vscode.ConfigurationTarget.Global);
  return picked.trim();
}
