// An API key, and the one place that decides where it goes: the model server's (smallcode.baseUrl) and
// the escalation endpoint's (smallcode.escalation.baseUrl), each its own secret. A key is stored with the
// origin it was set for, and sent only to that origin while it is the configured URL: never to a server
// found by looking at this machine's ports (any program may listen there), never to another server after
// the setting changes. Detection, the agent's client and escalation all ask here.
import type * as vscode from 'vscode';
import { errorMessage } from '../core/errorMessage';
import { readSecret, withTimeout } from './secretStorage';

export const API_KEY_SECRET = 'smallcode.apiKey';

/** What the secret holds. No origin: stored by an older version (a bare string), or set while no URL was configured. */
export interface StoredKey { key: string; origin?: string }

/** `http://host:port` of a URL; undefined for one that is not http(s). */
export function urlOrigin(url: string): string | undefined {
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

export function encodeKey(key: string, url?: string): string {
  const origin = url ? urlOrigin(url) : undefined;
  return JSON.stringify(origin ? { key, origin } : { key });
}

/** The stored value read back; a value that is not our JSON record is an older version's bare key. */
export function decodeKey(raw: string | undefined): StoredKey | undefined {
  if (!raw) return undefined;
  let parsed: unknown;
  try { parsed = JSON.parse(raw); } catch { parsed = undefined; }
  if (parsed && typeof parsed === 'object' && typeof (parsed as StoredKey).key === 'string') {
    const { key, origin } = parsed as StoredKey;
    return key ? { key, ...(typeof origin === 'string' && origin ? { origin } : {}) } : undefined;
  }
  return { key: raw };
}

export interface ModelKeyDeps {
  secrets: Pick<vscode.SecretStorage, 'get' | 'store'>;
  log: Pick<vscode.LogOutputChannel, 'info' | 'warn'>;
  /** The configured URL as set now ('' while SmallCode detects the server itself). */
  configuredUrl: () => string;
  /** Which key: the secret, the setting of its URL and the command that sets it (default: the model server's). */
  slot?: { secret: string; setting: string; command: string };
  /**
   * Says (once a session for each pair of servers) that the key was kept back, with a way to set it for
   * this server; `dismiss` stops saying it for this pair in later sessions too (a user who moved to a
   * server that needs no key).
   */
  withheld: (message: string, dismiss: () => void) => void;
  /** Where dismissed notices are remembered (VS Code's global state); none: said once per session. */
  memento?: { get<T>(key: string, fallback: T): T; update(key: string, value: unknown): Thenable<void> };
  /** The secret storage's time limit (tests shorten it). */
  timeoutMs?: number;
}

/** Global state: the key notices the user asked not to see again (slot and pair of origins). */
const DISMISSED_KEY_NOTICES = 'smallcode.keyNoticesDismissed';

const MODEL_SERVER = { secret: API_KEY_SECRET, setting: 'smallcode.baseUrl', command: 'SmallCode: Set API key' };

export class ModelKey {
  private readonly told = new Set<string>();
  private readonly slot: NonNullable<ModelKeyDeps['slot']>;

  constructor(private readonly deps: ModelKeyDeps) {
    this.slot = deps.slot ?? MODEL_SERVER;
  }

  /** The key to send to `endpoint`, or undefined: none stored, or `endpoint` is not the server it was set for. */
  async for(endpoint: string): Promise<string | undefined> {
    const configured = this.deps.configuredUrl();
    const origin = configured ? urlOrigin(configured) : undefined;
    // No URL configured: whatever answered was found on a port. A configured URL: only its own origin.
    if (!origin || urlOrigin(endpoint) !== origin) return undefined;
    const stored = decodeKey(await readSecret(this.deps.secrets, this.slot.secret, this.deps.log, this.deps.timeoutMs));
    if (!stored) return undefined;
    if (!stored.origin) {
      // An older version's key (or one set before any URL): it belongs to the server configured now.
      await this.bind(stored.key, origin);
      return stored.key;
    }
    if (stored.origin === origin) return stored.key;
    this.tellWithheld(stored.origin, origin);
    return undefined;
  }

  private async bind(key: string, origin: string): Promise<void> {
    try {
      await withTimeout(this.deps.secrets.store(this.slot.secret, encodeKey(key, origin)), 'storing the key', this.deps.timeoutMs);
      this.deps.log.info(`The stored API key is now kept for ${origin} (${this.slot.setting}) only`);
    } catch (error) {
      // still this server's key; binding is tried again next time
      this.deps.log.warn(`Could not record which server the API key belongs to: ${errorMessage(error)}`);
    }
  }

  private tellWithheld(keyOrigin: string, origin: string): void {
    const message = `The stored API key was set for ${keyOrigin}, so it is not sent to ${origin} (${this.slot.setting}). If this server needs one, run "${this.slot.command}" to set its key.`;
    const pair = `${this.slot.secret} ${keyOrigin} ${origin}`;
    if (this.told.has(pair)) return;
    this.told.add(pair);
    this.deps.log.warn(message);
    if (this.deps.memento?.get<string[]>(DISMISSED_KEY_NOTICES, []).includes(pair)) return;
    this.deps.withheld(message, () => {
      const dismissed = this.deps.memento?.get<string[]>(DISMISSED_KEY_NOTICES, []) ?? [];
      void this.deps.memento?.update(DISMISSED_KEY_NOTICES, [...dismissed, pair].slice(-20));
    });
  }
}
