// The traces of this conversation's runs: one recorder per run (the core's TraceRecorder, which
// redacts), shown in the panel's traces view as the run goes, written when the run ends to
// `<workspace>/.smallcode/traces/<time>-<id>.json` (src/node/traceFiles: git-ignored, never through a
// symlink), and exported on request.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { AgentEvent } from '../../core/agent';
import type { TraceRecorder } from '../../core/trace';
import type { TraceDetailView, TraceSummaryView } from '../../shared/chatProtocol';
import type { ViewMessage } from '../chatViewProvider';
import { loadCore } from '../lazyCore';
import { errorMessage } from '../../core/errorMessage';


export interface TracesDeps {
  /** The workspace folder's path on disk (undefined: traces are kept in memory only). */
  root(): string | undefined;
  model(): string;
  post(message: ViewMessage): void;
  warn(message: string): void;
}

export class ConversationTraces {
  /** This conversation's runs, oldest first. A run abandoned by New chat is still written, not shown. */
  private runs: TraceRecorder[] = [];
  /** Values this conversation's runs found secret (a .env read in one run, repeated in the next). */
  private known = new Set<string>();
  private warned = false;

  constructor(private readonly deps: TracesDeps) {}

  /** What this conversation's runs found secret so far (web_fetch refuses a URL that holds one). */
  knownSecrets(): ReadonlySet<string> {
    return this.known;
  }

  /** A recorder for a new run of the saved conversation `conversation` (its file is deleted with it). */
  start(task: string, conversation?: string): TraceRecorder {
    const recorder = new (loadCore().TraceRecorder)({ id: randomUUID().slice(0, 8), task, model: this.deps.model(), known: this.known, ...(conversation ? { conversation } : {}) });
    this.runs.push(recorder);
    return recorder;
  }

  /** Records one event; the panel's list is refreshed when a turn starts and when its reply is in. */
  handle(recorder: TraceRecorder, event: AgentEvent): void {
    recorder.handle(event);
    if (event.type === 'turn-start' || event.type === 'reply') this.postIfShown(recorder);
  }

  /**
   * The run ended: its trace goes to disk (a run that never reached the model leaves none), tagged with
   * `conversation`, the id its conversation was saved under in the end (a conflict may have moved it).
   */
  async finish(recorder: TraceRecorder, conversation?: string): Promise<void> {
    if (conversation) recorder.belongsTo(conversation);
    const trace = recorder.toJSON();
    if (trace.turns.length === 0) {
      this.runs = this.runs.filter((r) => r !== recorder);
      return;
    }
    this.postIfShown(recorder);
    const root = this.deps.root();
    if (!root) return;
    try {
      // src/node/traceFiles: git-ignored, never through a symlinked .smallcode, pruned to the newest 50.
      await loadCore().writeTraceFile(root, trace);
    } catch (error) {
      // Once per conversation: an unusable .smallcode (a symlink, a file) fails every run the same way.
      if (!this.warned) this.deps.warn(`Could not write the trace of run ${trace.id}: ${errorMessage(error)} Traces are kept in memory only.`);
      this.warned = true;
    }
  }

  /** Every turn of this conversation, newest last; the turn running now is marked current. */
  summaries(): TraceSummaryView[] {
    return this.runs.flatMap((r) => r.summaries());
  }

  /** The run `id` names (a run id, or a turn's `<run>:<turn>`), or the latest without one. */
  find(id?: string): TraceRecorder | undefined {
    if (id === undefined) return this.runs.at(-1);
    const run = id.includes(':') ? id.slice(0, id.lastIndexOf(':')) : id;
    return this.runs.find((r) => r.id === run);
  }

  detail(id: string): TraceDetailView | undefined {
    const turn = Number(id.slice(id.lastIndexOf(':') + 1));
    const sections = this.find(id)?.detail(turn);
    return sections && { id, turn, sections };
  }

  /** Writes the run's trace (the latest without id) as JSON to `target`; false when there is none. */
  async exportTo(target: vscode.Uri, id?: string): Promise<boolean> {
    const recorder = this.find(id);
    if (!recorder) return false;
    await vscode.workspace.fs.writeFile(target, Buffer.from(`${JSON.stringify(recorder.toJSON(), null, 2)}\n`, 'utf8'));
    return true;
  }

  /**
   * A saved conversation was deleted: so are its trace files (they hold its messages). A failure is
   * logged, not thrown: the conversation itself is gone either way.
   */
  async forget(conversation: string): Promise<void> {
    const root = this.deps.root();
    if (!root) return;
    try {
      await loadCore().deleteConversationTraces(root, conversation);
    } catch (error) {
      this.deps.warn(`Could not delete the traces of the deleted conversation: ${errorMessage(error)}`);
    }
  }

  /** New chat: the list starts empty (files already written stay). */
  clear(): void {
    this.runs = [];
    this.known = new Set();
    this.deps.post({ type: 'traces', traces: [] });
  }

  private postIfShown(recorder: TraceRecorder): void {
    if (this.runs.includes(recorder)) this.deps.post({ type: 'traces', traces: this.summaries() });
  }
}

/** "SmallCode: Export trace" and the panel's Export buttons: asks where, then exportTo. */
export async function exportTraceWithDialog(traces: ConversationTraces, id?: string): Promise<void> {
  const recorder = traces.find(id);
  if (!recorder) {
    void vscode.window.showInformationMessage('SmallCode: no trace to export yet. Run a task first.');
    return;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = `smallcode-trace-${recorder.id}.json`;
  const target = await vscode.window.showSaveDialog({
    title: 'Export SmallCode trace', filters: { JSON: ['json'] },
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
  });
  if (!target) return;
  try {
    await traces.exportTo(target, recorder.id);
  } catch (error) {
    // said here: from the panel the failure would reach only the log, from the palette a generic "command failed"
    void vscode.window.showErrorMessage(`SmallCode could not export the trace to ${target.fsPath}: ${errorMessage(error)}`);
  }
}
