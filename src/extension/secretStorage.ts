// VS Code's secret storage with a time limit on every call. It can hang where no keyring answers (seen in
// CI setups, and on a Linux desktop whose secret service is locked): a detection, a run and the chat
// behind it must never wait on it for ever.
import type * as vscode from 'vscode';
import { errorMessage } from '../core/errorMessage';

export const SECRET_STORAGE_TIMEOUT_MS = 10_000;

/** `promise`, or an error naming `what` once `ms` have passed without an answer. */
export function withTimeout<T>(promise: Thenable<T>, what: string, ms = SECRET_STORAGE_TIMEOUT_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`VS Code's secret storage did not answer within ${Math.round(ms / 1000)} s while ${what}`)), ms);
    promise.then((value) => { clearTimeout(timer); resolve(value); }, (error: unknown) => { clearTimeout(timer); reject(error); });
  });
}

/** The secret `name`, or undefined when none is stored or the storage does not answer (said in the log: "no key"). */
export async function readSecret(
  secrets: Pick<vscode.SecretStorage, 'get'>, name: string, log: Pick<vscode.LogOutputChannel, 'warn'>, ms = SECRET_STORAGE_TIMEOUT_MS,
): Promise<string | undefined> {
  try {
    return await withTimeout(secrets.get(name), `reading ${name}`, ms);
  } catch (error) {
    log.warn(`${errorMessage(error)}; going on without that key.`);
    return undefined;
  }
}
