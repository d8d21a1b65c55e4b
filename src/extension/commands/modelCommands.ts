// "Select model" and "Set API key". The key lives in SecretStorage, never in settings.
import * as vscode from 'vscode';

export const API_KEY_SECRET = 'smallcode.apiKey';

export async function setApiKey(secrets: vscode.SecretStorage): Promise<boolean> {
  const value = await vscode.window.showInputBox({
    title: 'SmallCode: Set API key',
    prompt: 'API key for the configured endpoint (local servers usually need none). Leave empty to remove the stored key.',
    password: true,
    ignoreFocusOut: true,
  });
  if (value === undefined) return false;
  if (value.trim()) {
    await secrets.store(API_KEY_SECRET, value.trim());
    void vscode.window.showInformationMessage('SmallCode: API key stored in VS Code\'s secret storage.');
  } else {
    await secrets.delete(API_KEY_SECRET);
    void vscode.window.showInformationMessage('SmallCode: API key removed.');
  }
  return true;
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
