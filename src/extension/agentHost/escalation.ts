// Escalation in VS Code: the stronger endpoint of smallcode.escalation.* (its key in SecretStorage),
// offered in a modal that says what would leave the machine, each time the governor gives up.
import * as vscode from 'vscode';
import type { EscalationOffer, EscalationOptions } from '../../core/agent';
import { loadCore } from '../lazyCore';
import type { ModelKey } from '../modelKey';
import type { SmallCodeSettings } from '../settings';

/** `key`: the escalation key's ModelKey (sent only to the origin it was set for). */
export async function escalationFor(settings: SmallCodeSettings, key: Pick<ModelKey, 'for'>): Promise<EscalationOptions | undefined> {
  const { baseUrl, model, maxPerSession } = settings.escalation;
  if (!baseUrl || !model || maxPerSession === 0) return undefined;
  const apiKey = await key.for(baseUrl);
  const client = new (loadCore().ChatClient)({ baseUrl, model, serverKind: 'openai-compatible', timeoutMs: settings.requestTimeoutSeconds * 1000, ...(apiKey ? { apiKey } : {}) });
  return { client, endpoint: baseUrl, maxPerSession, confirm: (offer) => confirmEscalation(offer) };
}

async function confirmEscalation(offer: EscalationOffer): Promise<boolean> {
  const sends = loadCore().outgoingText(offer);
  const choice = await vscode.window.showWarningMessage(`The local model is stuck. Send this step to ${offer.model}?`, {
    modal: true,
    detail: `${offer.reason}\n\nAbout ${offer.promptTokens.toLocaleString('en-US')} tokens of this conversation would be sent to ${offer.endpoint}, with the secrets SmallCode recognises redacted. ${sends}\n\n${offer.remaining} more escalation${offer.remaining === 1 ? '' : 's'} allowed in this session.`,
  }, 'Send this step');
  return choice === 'Send this step';
}
