// Typed access to the `smallcode.*` settings (declared with their defaults in package.json).
import * as vscode from 'vscode';
import { DEFAULT_OLLAMA_KEEP_ALIVE, ollamaKeepAlive } from '../core/llm/keepAlive';

export type EditApproval = 'ask' | 'auto';
export type CommandApproval = 'ask' | 'auto' | 'never';

export interface SmallCodeSettings {
  baseUrl: string;
  model: string;
  contextWindow: number; // 0 = detect
  /** 256–32,768 as declared (0 or a non-number: the default 2,048); the agent reserves at most a quarter of the window. */
  maxReplyTokens: number;
  /** Wait for the model's first token (the prompt is read first: minutes on a CPU-only machine). */
  requestTimeoutSeconds: number;
  /** Ollama's keep_alive, sent with every request (a duration such as "30m", or seconds). */
  ollamaKeepAlive: string | number;
  editApproval: EditApproval;
  commandApproval: CommandApproval;
  /** Commands the user allowed to run without asking, exactly as written ("Always allow" on a card). */
  allowedCommands: string[];
  /** User-level rules, applied in every workspace before the project's own. */
  rules: string;
  /** The opt-in web_fetch tool (user settings only: a repository cannot turn it on). */
  webEnabled: boolean;
  /** Opt-in escalation to a stronger endpoint (off while baseUrl or model is empty; user settings only). */
  escalation: { baseUrl: string; model: string; maxPerSession: number };
}

export function readSettings(): SmallCodeSettings {
  const config = vscode.workspace.getConfiguration('smallcode');
  return {
    baseUrl: config.get<string>('baseUrl', '').trim(),
    model: config.get<string>('model', '').trim(),
    contextWindow: Math.max(0, config.get<number>('contextWindow', 0)),
    maxReplyTokens: clamped(config.get<number>('maxReplyTokens', 2048), 256, 32_768, 2048),
    requestTimeoutSeconds: clamped(config.get<number>('requestTimeoutSeconds', 180), 10, 3600, 180),
    ollamaKeepAlive: ollamaKeepAlive(config.get<unknown>('ollama.keepAlive', DEFAULT_OLLAMA_KEEP_ALIVE)),
    // Read fail-safe: settings.json takes any value (the enum only warns), and a typo such as "never",
    // "Ask" or "review" must not turn review off. Only the exact values of the enum change the default.
    editApproval: oneOf(config.get<unknown>('approval.edits'), ['auto'] as const) ?? 'ask',
    commandApproval: oneOf(config.get<unknown>('approval.commands'), ['auto', 'never'] as const) ?? 'ask',
    allowedCommands: config.get<unknown[]>('approval.allowedCommands', []).filter((c): c is string => typeof c === 'string'),
    rules: config.get<string>('rules', ''),
    webEnabled: config.get<boolean>('web.enabled', false) === true,
    escalation: {
      baseUrl: config.get<string>('escalation.baseUrl', '').trim(),
      model: config.get<string>('escalation.model', '').trim(),
      maxPerSession: Math.max(0, config.get<number>('escalation.maxPerSession', 3)),
    },
  };
}

/** `value` when it is exactly one of `values`. */
function oneOf<T extends string>(value: unknown, values: readonly T[]): T | undefined {
  return values.find((v) => v === value);
}

/**
 * A number setting within its declared range: settings.json takes any value (the range only warns in the
 * editor). 0 or a non-number is the default, not the minimum: "unset", as a hand-written 0 usually means.
 */
export function clamped(value: unknown, min: number, max: number, fallback: number): number {
  const n = typeof value === 'number' && Number.isFinite(value) && value !== 0 ? Math.round(value) : fallback;
  return Math.min(max, Math.max(min, n));
}

/** What detecting the server, model and window reads (with the API key): other settings (rules
 * typed as you go, approvals, the index) leave the connection alone. */
const DETECTION_SETTINGS = ['smallcode.baseUrl', 'smallcode.model', 'smallcode.contextWindow'];

export function onDetectionSettingsChanged(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (DETECTION_SETTINGS.some((section) => event.affectsConfiguration(section))) listener();
  });
}
