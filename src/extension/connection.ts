// Which model server SmallCode talks to, which model, and the context window it is really loaded
// with. Detection runs on demand (never at activation) and only ever probes 127.0.0.1 or the URL
// the user configured.
import * as vscode from 'vscode';
import { modelLabel } from './modelLabel';
import type { LlmErrorKind, LoadedModel } from '../core/llm';
import type { ConnectionInfo } from '../shared/chatProtocol';
import { loadCore } from './lazyCore';
import { readSettings } from './settings';
import { errorMessage } from '../core/errorMessage';
import type { ModelKey } from './modelKey';
import type { ServerWarning } from './serverWarnings';

/** "LM Studio on 127.0.0.1:1234", …, one line for all the other OpenAI-compatible apps' ports. */
function describePorts(ports: readonly { port: number; expected: string }[], serverName: (kind: string) => string): string[] {
  const named = ports.filter((p) => p.expected !== 'openai-compatible').map((p) => `${serverName(p.expected)} on 127.0.0.1:${p.port}`);
  const others = ports.filter((p) => p.expected === 'openai-compatible').map((p) => p.port);
  return others.length ? [...named, `other OpenAI-compatible servers on ports ${others.join(', ')}`] : named;
}

/** A refresh detects again at most this often when the settings change under it. */
const MAX_DETECTIONS_PER_REFRESH = 3;

/** Request failures that say what was detected no longer holds: a model reloaded with a smaller
 * window, unloaded or replaced, a server that now wants a (new) key (its card then offers one), or a
 * server that stopped or gave its port to another program (the setup state shows, the watcher looks
 * for the server again, and the next task uses whatever answers now). */
const STALE_DETECTION_ERRORS: readonly LlmErrorKind[] = ['context-exceeded', 'model-not-loaded', 'model-not-found', 'auth', 'server-unreachable', 'no-api'];

export class Connection implements vscode.Disposable {
  private info: ConnectionInfo = { status: 'unknown', model: '', endpoint: '' };
  private detecting: Promise<ConnectionInfo> | undefined;
  /** The window is a guess (the server did not say), or advice to change it is showing: the user may
   * have done as told since, so the next task asks again. */
  private windowInDoubt = false;
  /** Counts API key changes (see `inputs`). */
  private keyGeneration = 0;
  private readonly changed = new vscode.EventEmitter<ConnectionInfo>();
  readonly onDidChange = this.changed.event;

  /**
   * `warnServer`: shows a warning about the server itself (ServerWarnings: once per server and version);
   * `scanPorts`: where auto-detection looks instead of the known ports (the integration tests' own).
   */
  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly modelKey: Pick<ModelKey, 'for'>,
    private readonly warnServer: (warning: ServerWarning) => void,
    private readonly scanPorts?: number[],
  ) {}

  get current(): ConnectionInfo {
    return this.info;
  }

  /**
   * Detects server, model and window again; concurrent callers share one detection. `quiet` (a
   * background re-check): no "detecting" state shown, and listeners hear only of a real change.
   */
  refresh(options: { quiet?: boolean } = {}): Promise<ConnectionInfo> {
    this.detecting ??= this.detectCurrent(options.quiet ?? false).finally(() => { this.detecting = undefined; });
    return this.detecting;
  }

  /**
   * The connection a task should use. Not ready: a visible detection. Ready but with the window in
   * doubt: a quiet one, since the user may have reloaded the model as the advice said. An unchanged
   * answer changes nothing (the agent, and so its prompt prefix, stays); a changed one gives the next
   * agent the new window while a run already going keeps its own.
   */
  forTask(): Promise<ConnectionInfo> {
    if (this.info.status !== 'ready') return this.refresh();
    return this.windowInDoubt ? this.refresh({ quiet: true }) : Promise.resolve(this.info);
  }

  /** A model request failed: after a failure that says the model or its window changed, look again
   * (quietly, in the background: the run that failed has its own answer already). */
  requestFailed(kind: LlmErrorKind): void {
    if (STALE_DETECTION_ERRORS.includes(kind) && this.info.status === 'ready') void this.refresh({ quiet: true });
  }

  /** The API key changed (Set API key): what was detected with the old one may no longer hold. */
  keyChanged(): void {
    this.keyGeneration++;
  }

  /** What a detection reads: when it changes while one runs, that one's answer is stale. */
  private inputs(): string {
    const { baseUrl, model, contextWindow } = readSettings();
    return JSON.stringify([baseUrl, model, contextWindow, this.keyGeneration]);
  }

  /**
   * Detects until the settings it read still hold when it ends: "Select model" stores the server and
   * then the model, and the second change joins the detection the first one started, which read the
   * old model. Bounded: settings that keep changing get the last detection's answer.
   */
  private async detectCurrent(quiet: boolean): Promise<ConnectionInfo> {
    for (let attempt = 1; ; attempt++) {
      const read = this.inputs();
      const final = () => attempt >= MAX_DETECTIONS_PER_REFRESH || read === this.inputs();
      // a stale answer is not published (listeners and `current` would show the old model for a moment)
      const info = await this.detect(quiet, final);
      if (final()) return info;
    }
  }

  private set(given: ConnectionInfo, quiet = false): ConnectionInfo {
    const { modelLabel: _old, ...rest } = given;
    const label = modelLabel(given.model);
    const info: ConnectionInfo = label !== given.model ? { ...rest, modelLabel: label } : rest;
    const same = JSON.stringify(info) === JSON.stringify(this.info);
    this.info = info;
    if (!(quiet && same)) this.changed.fire(info);
    return info;
  }

  private async detect(quiet: boolean, publish: () => boolean): Promise<ConnectionInfo> {
    const settings = readSettings();
    if (!quiet) this.set({ ...this.info, status: 'detecting' });
    const set = (info: ConnectionInfo) => (publish() ? this.set(info, quiet) : info);
    try {
      const core = loadCore();
      let server;
      // what the model's own endpoints are asked with: the key only for the configured URL (ModelKey decides)
      let http: { timeoutMs?: number; apiKey?: string } = {};
      if (settings.baseUrl) {
        // The configured URL, at its own path and with the key: a proxy or a secured server works too,
        // and what went wrong (no key, wrong URL, not running) is said plainly.
        const apiKey = await this.modelKey.for(settings.baseUrl);
        // a remote or proxied server may take seconds to answer; the scan's ports answer at once or not at all
        http = { timeoutMs: core.CONFIGURED_PROBE_TIMEOUT_MS, ...(apiKey ? { apiKey } : {}) };
        const probe = await core.probeServer(settings.baseUrl, http);
        if (!probe.server) {
          const message = probe.problem?.message ?? `Nothing answered at ${settings.baseUrl}.`;
          this.log.warn(`Model server at ${settings.baseUrl}: ${message}`);
          const kind = probe.problem?.kind ?? 'unreachable';
          return set({ status: kind === 'unreachable' ? 'no-server' : 'error', problem: kind, model: settings.model, endpoint: settings.baseUrl, tried: [settings.baseUrl], message });
        }
        server = probe.server;
      } else {
        // Without a configured URL the stored key is never sent: it belongs to one server, and the ports
        // looked at may be any program on this machine. A server that asks for one is named to the user
        // instead, who then picks it (its card's "Set API key" makes it the configured one).
        const { servers, problems } = await core.scanEndpoints(this.scanPorts ? { ports: this.scanPorts } : {});
        for (const p of problems) this.log.warn(`127.0.0.1:${p.port}: ${p.problem.message}`);
        server = servers.find((s) => s.models.some((m) => m.loaded)) ?? servers[0];
        const problem = server ? undefined : core.reportableProblem(problems);
        if (problem) {
          const message = core.portProblemMessage(problem);
          return set({ status: 'error', problem: problem.problem.kind, model: settings.model, endpoint: problem.baseUrl, serverName: core.serverName(problem.expected), message });
        }
        if (!server) {
          const tried = describePorts(core.KNOWN_PORTS, core.serverName);
          this.log.warn(`No model server found (tried ${tried.join(', ')})`);
          return set({ status: 'no-server', model: settings.model, endpoint: '', tried });
        }
      }
      const serverName = core.serverName(server.kind);
      const models = server.models.map((m) => m.id);
      // A model the server does not have would be "detected" with a default window and advice about
      // that window, while the real fix is picking a model.
      const missing = core.missingModelMessage(server, settings.model);
      if (missing) {
        this.log.warn(missing);
        return set({ status: 'error', problem: 'model-missing', model: settings.model, endpoint: server.baseUrl, serverKind: server.kind, serverName, models, message: missing });
      }
      const model = settings.model || await core.defaultModel(server, http) || '';
      const { api, window, advice, serverWarning, serverUpdateUrl } = await core.connectModel(server, model, settings.contextWindow || undefined, http);
      this.log.info(`Using ${serverName}${server.version ? ` ${server.version}` : ''} at ${server.baseUrl}${api === 'ollama' ? ' (its own API)' : ''}, model ${model || '(none)'}, context ${window.tokens} tokens (${window.source})`);
      if (advice) this.log.warn(advice);
      if (serverWarning && publish()) {
        this.warnServer({ key: `${server.baseUrl} ${server.version ?? ''}`, message: serverWarning, ...(serverUpdateUrl ? { updateUrl: serverUpdateUrl } : {}) });
      }
      // Detected again with the same model and window: what Ollama confirmed it loaded still holds.
      const sameSession = this.info.model === model && this.info.api === api && this.info.contextWindow === window.tokens;
      const info = set({
        status: 'ready', model, endpoint: server.baseUrl, serverKind: server.kind, serverName, api,
        contextWindow: window.tokens, contextSource: window.source, advice, models,
        ...(sameSession && this.info.loadedContext ? { loadedContext: this.info.loadedContext, contextSource: this.info.contextSource } : {}),
      });
      // a server that cannot report its window would only be asked the same question before every task
      if (publish()) this.windowInDoubt = (!!advice || !!window.guessed) && !window.unreported;
      return info;
    } catch (error) {
      const message = errorMessage(error);
      this.log.error(`Model server detection failed: ${message}`);
      return set({ status: 'error', model: settings.model, endpoint: settings.baseUrl, message });
    }
  }

  /** What the server loaded after the first request (Ollama /api/ps): shown in the header, with advice
   * when it is not the window asked for. The window itself stays: a different num_ctx would reload. */
  modelLoaded(loaded: LoadedModel): void {
    const info = this.info;
    if (info.status !== 'ready' || info.model !== loaded.model) return;
    const advice = loadCore().loadedModelAdvice(loaded);
    if (advice) this.log.warn(advice);
    else this.log.info(`Ollama loaded ${loaded.model} with ${loaded.contextLength} tokens of context (/api/ps)`);
    this.set({
      ...info,
      ...(loaded.contextLength ? { loadedContext: loaded.contextLength, contextSource: `${info.contextSource ?? ''}; loaded with ${loaded.contextLength.toLocaleString('en-US')} (Ollama /api/ps)` } : {}),
      ...(advice ? { advice } : {}),
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
