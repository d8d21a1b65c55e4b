// "Select model" and "Set API key". The keys live in SecretStorage, never in settings.
import * as vscode from 'vscode';
import type { Connection } from '../connection';
import { errorMessage } from '../../core/errorMessage';
import { API_KEY_SECRET, encodeKey, urlOrigin } from '../modelKey';
import { withTimeout } from '../secretStorage';
import { readSettings } from '../settings';

/** The stronger endpoint's key (escalation), kept apart from the local server's. */
export const ESCALATION_KEY_SECRET = 'smallcode.escalation.apiKey';

interface KeySlot {
  secret: string;
  title: string;
  /** Whom the key is for, said in the input box. */
  what(url: string | undefined): string;
  /** What is stored for `key`, set for the server at `url`. */
  encode(key: string, url: string | undefined): string;
  /** The URL a key set from the palette is for (the setting as it is now). */
  configuredUrl(): string;
}

const MODEL_KEY: KeySlot = {
  secret: API_KEY_SECRET, title: 'SmallCode: Set API key', encode: encodeKey, configuredUrl: () => readSettings().baseUrl,
  what: (url) => {
    const origin = url ? urlOrigin(url) : undefined;
    return origin ? `${origin} (SmallCode sends it there only; local servers usually need none)`
      : 'the server you set in smallcode.baseUrl (SmallCode sends it to that server only, never to one it finds by itself)';
  },
};
export const ESCALATION_KEY: KeySlot = {
  secret: ESCALATION_KEY_SECRET, title: 'SmallCode: Set escalation API key', encode: encodeKey,
  configuredUrl: () => readSettings().escalation.baseUrl,
  what: (url) => {
    const origin = url ? urlOrigin(url) : undefined;
    return `the stronger endpoint of smallcode.escalation.baseUrl${origin ? `, ${origin} (SmallCode sends it there only)` : ''}`;
  },
};

/**
 * Asks for a key and stores it. The model server's key is kept for `forUrl` (the server whose card asked
 * for it), else for the configured smallcode.baseUrl: see ModelKey.
 */
export async function setApiKey(secrets: vscode.SecretStorage, log: vscode.LogOutputChannel, key: KeySlot = MODEL_KEY, forUrl?: unknown): Promise<boolean> {
  const url = typeof forUrl === 'string' && forUrl ? forUrl : key.configuredUrl() || undefined;
  const value = await vscode.window.showInputBox({
    title: key.title,
    prompt: `API key for ${key.what(url)}. Leave empty to remove the stored key.`,
    password: true,
    ignoreFocusOut: true,
  });
  if (value === undefined) return false;
  try {
    if (value.trim()) {
      await withTimeout(secrets.store(key.secret, key.encode(value.trim(), url)), 'storing the key');
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
