// "Select model" and "Set API key". The key lives in SecretStorage, never in settings.
import * as vscode from 'vscode';
import type { Connection } from '../connection';
import { errorMessage } from '../../core/errorMessage';

export const API_KEY_SECRET = 'smallcode.apiKey';
/** The stronger endpoint's key (escalation), kept apart from the local server's. */
export const ESCALATION_KEY_SECRET = 'smallcode.escalation.apiKey';

const MODEL_KEY = { secret: API_KEY_SECRET, title: 'SmallCode: Set API key', what: 'the configured endpoint (local servers usually need none)' };
export const ESCALATION_KEY = { secret: ESCALATION_KEY_SECRET, title: 'SmallCode: Set escalation API key', what: 'the stronger endpoint of smallcode.escalation.baseUrl' };

const SECRET_STORAGE_TIMEOUT_MS = 10_000;

/** SecretStorage can hang where no keyring answers (seen in CI setups); never leave the user waiting. */
function withTimeout<T>(promise: Thenable<T>, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`VS Code's secret storage did not answer while ${what}`)), SECRET_STORAGE_TIMEOUT_MS);
    promise.then((value) => { clearTimeout(timer); resolve(value); }, (error: unknown) => { clearTimeout(timer); reject(error); });
  });
}

export async function setApiKey(secrets: vscode.SecretStorage, log: vscode.LogOutputChannel, key = MODEL_KEY): Promise<boolean> {
  const value = await vscode.window.showInputBox({
    title: key.title,
    prompt: `API key for ${key.what}. Leave empty to remove the stored key.`,
    password: true,
    ignoreFocusOut: true,
  });
  if (value === undefined) return false;
  try {
    if (value.trim()) {
      await withTimeout(secrets.store(key.secret, value.trim()), 'storing the key');
      log.info('API key stored in secret storage');
      void vscode.window.showInformationMessage('SmallCode: API key stored in VS Code\'s secret storage.');
    } else {
      await withTimeout(secrets.delete(key.secret), 'removing the key');
      log.info('API key removed from secret storage');
      void vscode.window.showInformationMessage('SmallCode: API key removed.');
    }
    return true;
  } catch (error) {
    const reason = errorMessage(error);
    log.error(`Could not save the API key: ${reason}`);
    void vscode.window.showErrorMessage(`SmallCode: could not save the API key: ${reason}. Nothing was written to your settings.`);
    return false;
  }
}

/** Lists the models of the detected (or configured) server and stores the pick in the user's settings. */
export async function selectModel(connection: Connection): Promise<string | undefined> {
  const info = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'SmallCode: looking for model servers' },
    () => connection.refresh(),
  );
  // A configured model the server lacks: its models are listed, so the pick is the fix.
  if (info.status !== 'ready' && info.problem !== 'model-missing') {
    const why = info.status === 'no-server'
      ? `No model server answered (tried ${info.tried?.join(', ')}). Start LM Studio, Ollama, llama.cpp or vLLM, or set smallcode.baseUrl.`
      : `Could not reach the model server: ${info.message ?? 'unknown error'}`;
    const choice = await vscode.window.showErrorMessage(`SmallCode: ${why}`, 'Open settings', 'Retry');
    if (choice === 'Open settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'smallcode');
    if (choice === 'Retry') return selectModel(connection);
    return undefined;
  }
  const models = info.models ?? [];
  if (models.length === 0) {
    void vscode.window.showErrorMessage(`SmallCode: ${info.serverName} at ${info.endpoint} lists no models. Load or pull a model there, then try again.`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    models.map((id) => ({ label: id, description: id === info.model ? 'current' : undefined })),
    { title: `SmallCode: Select model (${info.serverName} at ${info.endpoint})`, placeHolder: 'Model to use' },
  );
  if (!picked) return undefined;
  const config = vscode.workspace.getConfiguration('smallcode');
  // The pick belongs to this server: store both, so detection cannot later pair it with another one.
  await config.update('baseUrl', info.endpoint, vscode.ConfigurationTarget.Global);
  await config.update('model', picked.label, vscode.ConfigurationTarget.Global);
  return picked.label;
}
