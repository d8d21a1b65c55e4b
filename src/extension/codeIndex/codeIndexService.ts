// The code index inside VS Code. It lives in a worker thread (dist/codeIndexWorker.js: tree-sitter,
// sql.js and the parsing never touch the extension host's event loop) and is started soon after
// activation, or at once by the first lookup or command that needs it. The first build shows a cancellable
// progress notification; after that, file events and saves re-index single files, and the database
// (in the extension's workspace storage) is saved a moment after the last change. A worker that
// dies is started again by the next call that needs it (a few times per session, then the index is
// off and memory falls back to workspace state); one that stops answering is replaced by "Rebuild
// index"; closing the window waits for the last save.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CodeIntel, ExplainOptions, FindOptions, IndexState, SymbolHit } from '../../core/codeIndex';
import { isUnreadableIndexWarning } from '../../core/codeIndex/warnings';
import type { MemoryNote, NoteBackend } from '../../core/memory';
import type { CodeIndexWorkerClient } from '../../node/codeIndex/workerClient';
import { loadCore } from '../lazyCore';
import { errorMessage } from '../../core/errorMessage';
import { indexTimeout, isIndexTimeout, UnansweredIndex, type Admission } from '../../core/codeIndex/unansweredIndex';
import { WorkerRestarts } from './workerRestarts';
import { DelayedSave } from './delayedSave';
import { IndexFileEvents } from './indexFileEvents';
import { ReindexWaits } from './reindexWaits';
import { settledWithin } from '../../core/settledWithin';
import { IndexSettingsInForce, readIndexSettings } from './indexSettings';

/** The database is written this long after the last change (an export of the whole file). */
const SAVE_DEBOUNCE_MS = 3000;
/** Closing gives the worker this long to save (VS Code waits for deactivate only a few seconds). */
const CLOSE_TIMEOUT_MS = 4000;
/** A worker that dies this many times in a session is not started again. */
const MAX_WORKER_STARTS = 3;
/**
 * A lookup waits this long at most for the index to start, load its saved database or finish its build:
 * less than the tools wait for an answer (ExecutorLimits.indexWaitMs), so that the model is told why.
 */
const READY_WAIT_MS = 5000;
/**
 * `/index`, `/memory` and "Rebuild index" wait this long at most for the index to start (the previous
 * worker saved and stopped, the saved database loaded) and answer; then they say it did not answer.
 */
const START_WAIT_MS = 15_000;
/**
 * A lookup waits this long at most for the files saved just before it to be indexed again (one file takes
 * milliseconds; behind a build it could take minutes, and then the lookup answers from what is there).
 */
const FRESH_WAIT_MS = 2000;

type Phase = 'idle' | 'building' | 'ready' | 'failed';

export class CodeIndexService implements vscode.Disposable {
  /** Replaced when the index settings change: the old worker is saved and stopped, a new one reads them. */
  private worker = new WorkerRestarts<CodeIndexWorkerClient>(MAX_WORKER_STARTS);
  /**
   * Whether the worker ran out a wait: then requests fail at once instead of each waiting as long again.
   * A new one for each worker (a worker that did not answer is replaced by "Rebuild index"), so a late outcome of an old wait changes nothing.
   */
  private unanswered = new UnansweredIndex();
  /** The old worker being saved and stopped after a settings change: starting waits for it. */
  private switching?: Promise<void>;
  /** A change of the index settings that changes their values stops the index (see applySettings). */
  private readonly settings = new IndexSettingsInForce(() => this.applySettings());
  private phase: Phase = 'idle';
  private progress = { done: 0, total: 0 };
  private onProgress?: (done: number, total: number) => void;
  private readonly events = new IndexFileEvents(() => this.reindexChanged());
  /** The re-indexes of changed files a lookup waits for (see reindexWaits.ts). */
  private readonly reindexes = new ReindexWaits();
  private readonly saving = new DelayedSave<CodeIndexWorkerClient>(SAVE_DEBOUNCE_MS, () => this.worker.current,
    (client) => void client.call('flush').catch((e: Error) => this.log.warn(`Code index: not saved: ${e.message}`)));
  private failure = '';
  /** Bumped by every build: only the latest one may say how the index is (a cancelled one ends late). */
  private generation = 0;
  /** The last build was cancelled: the index covers part of the workspace. */
  private partial = false;
  /**
   * The worker holds a finished build (loaded from the workspace storage, or built here): lookups are
   * answered while an update brings it up to date, so a window's first task gets its repo map. Not
   * while a rebuild has emptied it, nor before a first build ever finished.
   */
  private servable = false;
  /** The build under way (or the last one): a lookup that cannot be answered yet waits for it. */
  private building: Promise<void> = Promise.resolve();
  /** The build (its generation) a lookup already waited for in vain: later lookups during it are answered at once. */
  private waitedForBuild = -1;
  private closing?: Promise<void>;
  /** The "Rebuild index" under way, which another one joins. */
  private rebuilding?: Promise<void>;
  /** Workers launched this session (a settings event that changes nothing launches none). */
  private launchCount = 0;

  constructor(private readonly context: vscode.ExtensionContext, private readonly log: vscode.LogOutputChannel) {}

  /** Workers launched this session. */
  get launches(): number { return this.launchCount; }

  /** Once the latest settings event is handled (after its quiet time): whether it stopped the index. */
  settingsApplied(): Promise<boolean> { return this.settings.applied(); }

  /**
   * Turned on, turned off or new limits: the running worker saves (project memory is in the same
   * database) and stops, and one with the new settings starts if the index was in use. Turned off,
   * the repo map and symbol lookups go, and memory falls back to workspace state. Returns whether
   * the index was stopped: not when the values in force stay as they were (a value set to its default,
   * settings.json reformatted).
   */
  async applySettings(): Promise<boolean> {
    if (this.closing) return false;
    if (!this.settings.changed()) return false;
    const old = this.replaceWorker();
    await this.switchAfter(this.stop(old));
    this.log.info(`Code index: settings changed; ${readIndexSettings().enabled ? 'restarted with them' : 'turned off'}`);
    if (old.launches > 0 && readIndexSettings().enabled) await this.start();
    return true;
  }

  /**
   * Forgets the running worker (returned, for its owner to stop): the next need starts a new one, with a
   * fresh count of restarts, and nothing of the old one (its build, its late answers, its file events) counts.
   */
  private replaceWorker(): WorkerRestarts<CodeIndexWorkerClient> {
    const old = this.worker;
    this.worker = new WorkerRestarts<CodeIndexWorkerClient>(MAX_WORKER_STARTS);
    this.unanswered = new UnansweredIndex();
    this.generation++; // a build of the old worker ends without a word
    this.phase = 'idle';
    const off = this.folder();
    this.failure = typeof off === 'string' ? off : ''; // what lookups say while there is no index
    this.partial = false;
    this.servable = false;
    this.progress = { done: 0, total: 0 };
    this.saving.cancel();
    this.events.dispose(); // the new worker's update (or rebuild) walks the whole workspace
    this.reindexes.reset();
    return old;
  }

  /** The next worker starts once `stopping` ends (the old worker saved, or gone): it loads what that one wrote. */
  private async switchAfter(stopping: Promise<void>): Promise<void> {
    this.switching = stopping;
    await stopping;
    if (this.switching === stopping) this.switching = undefined;
  }

  /**
   * A worker that does not answer is terminated, not asked to save: a hung thread would never save, and
   * asking costs the user the close's wait. What it had not saved is derived data, which the new worker's
   * rebuild derives again; project memory is on disk before each write is confirmed (see CodeIndex's notes).
   * The new worker starts with a fresh count of restarts, as after a settings change: the limit stops a
   * worker that dies by itself from being restarted in a loop, and this restart is the user's, one per command.
   */
  private restartUnanswered(): void {
    const old = this.replaceWorker().current;
    this.log.warn('Code index: "Rebuild index" stopped the worker that did not answer, without saving (the rebuild makes up for unsaved index changes; project memory was saved with each note), and starts a new one');
    // the wait is bounded: a thread blocked in a read of its own may never end
    if (old) void this.switchAfter(old.terminate(CLOSE_TIMEOUT_MS));
  }

  /** Saves and stops a worker, once its launch is over (bounded: one that does not answer is terminated). */
  private async stop(worker: WorkerRestarts<CodeIndexWorkerClient>): Promise<void> {
    await settledWithin(worker.launched(), CLOSE_TIMEOUT_MS);
    await worker.current?.close(CLOSE_TIMEOUT_MS);
  }

  /** The workspace folder the index covers (the first local one), or why there is none. */
  private folder(): vscode.WorkspaceFolder | string {
    if (!readIndexSettings().enabled) return 'The code index is turned off (setting smallcode.index.enabled).';
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
    return folder ?? 'The code index needs a local workspace folder.';
  }

  /** Starts the worker and the first build (in the background, with progress) if not started yet. */
  start(): Promise<CodeIndexWorkerClient | undefined> {
    if (this.closing) return Promise.resolve(undefined);
    if (this.switching) return this.switching.then(() => this.start());
    const worker = this.worker;
    return worker.start(() => this.launch(worker).catch((error: unknown) => {
      if (worker === this.worker) this.fail(error);
      return undefined;
    }));
  }

  private fail(error: unknown): void {
    this.phase = 'failed';
    this.failure = errorMessage(error);
    this.log.warn(`Code index: ${this.failure}`);
  }

  private async launch(worker: WorkerRestarts<CodeIndexWorkerClient>): Promise<CodeIndexWorkerClient | undefined> {
    // what this worker (or its absence, turned off) follows
    const settings = this.settings.adopt();
    const folder = this.folder();
    if (typeof folder === 'string') {
      this.failure = folder;
      return undefined;
    }
    this.launchCount++;
    const storage = this.context.storageUri ?? this.context.globalStorageUri;
    const client = new (loadCore().CodeIndexWorkerClient)({
      workerFile: path.join(this.context.extensionPath, 'dist', 'codeIndexWorker.js'),
      root: folder.uri.fsPath,
      storageDir: storage.fsPath,
      maxFiles: settings.maxFiles,
      maxFileBytes: settings.maxFileBytes,
      exclude: settings.exclude,
      onProgress: (p) => {
        if (worker !== this.worker) return; // a worker being stopped after a settings change
        this.progress = { done: p.done, total: p.total };
        this.onProgress?.(p.done, p.total);
      },
      onWarning: (message) => {
        this.log.warn(`Code index: ${message}`);
        // the index rebuilds itself; what the user should know is what became of their project memory
        if (isUnreadableIndexWarning(message)) void vscode.window.showWarningMessage(`SmallCode: ${message}`);
      },
      onExit: (reason) => this.workerDied(worker, client, reason),
    });
    worker.started(client);
    const loaded = await client.open();
    // the settings changed while it opened: the one stopping it saves it; no build, no watching
    if (worker !== this.worker) return client;
    this.servable = loaded.lastUpdate > 0;
    await this.importMementoNotes(client);
    if (!this.events.watching && !this.closing) this.events.watch(folder); // not after close() ended the watching
    void this.build(client, 'SmallCode: indexing the workspace');
    return client;
  }

  /**
   * The worker crashed or ran out of memory: the next call that needs the index starts another one
   * (which loads the saved database and brings it up to date), unless this keeps happening.
   */
  private workerDied(worker: WorkerRestarts<CodeIndexWorkerClient>, client: CodeIndexWorkerClient, reason: string): void {
    if (worker !== this.worker || worker.current !== client) return;
    const again = this.worker.died(client);
    this.unanswered = new UnansweredIndex(); // the next one is judged on its own
    this.fail(new Error(again ? reason : `${reason}; it stopped ${this.worker.launches} times, so it stays off for this session`));
  }

  /** Notes kept in workspace state while there was no index (before it existed, or while it was
   * turned off) move into its database: they are the newer ones. */
  private async importMementoNotes(client: CodeIndexWorkerClient): Promise<void> {
    const key = 'smallcode.store.memory';
    const old = this.context.workspaceState.get<{ notes?: MemoryNote[] }>(key);
    if (!old?.notes?.length) return;
    for (const note of old.notes) await client.notes.put(note);
    await this.context.workspaceState.update(key, undefined);
    this.log.info(`Code index: moved ${old.notes.length} memory notes into the project database`);
  }

  /** A full update with a cancellable progress notification (the first build after a launch). */
  private build(client: CodeIndexWorkerClient, title: string): Promise<void> {
    const generation = this.beginBuild(false);
    return this.track(vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (report, token) => this.runBuild(client, generation, false, report, token)));
  }

  /** A build starts: only the latest one may say how the index is. Returns its generation. */
  private beginBuild(rebuild: boolean): number {
    const generation = ++this.generation;
    this.phase = 'building';
    if (rebuild) this.servable = false;
    this.progress = { done: 0, total: 0 };
    return generation;
  }

  /** The build under way, which a lookup that cannot be answered yet waits for. */
  private track(building: Thenable<void>): Promise<void> {
    this.building = Promise.resolve(building);
    return this.building;
  }

  /** The update (or rebuild) itself, reporting to its progress notification; cancelled from it. */
  private async runBuild(client: CodeIndexWorkerClient, generation: number, rebuild: boolean, report: vscode.Progress<{ message?: string; increment?: number }>, token: vscode.CancellationToken): Promise<void> {
    const cancel = token.onCancellationRequested(() => void client.cancel().catch(() => undefined));
    let reported = 0;
    const onProgress = (done: number, total: number) => {
      const pct = total ? Math.floor((100 * done) / total) : 0;
      if (pct > reported) report.report({ increment: pct - reported, message: `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} files` });
      reported = Math.max(reported, pct);
    };
    this.onProgress = onProgress;
    try {
      const summary = rebuild ? await client.rebuild() : await client.update();
      this.log.info(`Code index: ${summary.cancelled ? 'cancelled' : 'updated'} (${summary.parsed} parsed, ${summary.removed} removed, ${summary.skipped} skipped) in ${summary.durationMs} ms`);
      if (generation !== this.generation) return; // a rebuild replaced this build: the state is the rebuild's to set
      this.phase = 'ready';
      this.servable = true;
      this.partial = summary.cancelled;
    } catch (error) {
      if (generation !== this.generation || this.closing) return;
      this.fail(error);
      void vscode.window.showWarningMessage(`SmallCode: the code index could not be ${rebuild ? 'rebuilt' : 'built'}: ${this.failure}`);
    } finally {
      cancel.dispose();
      if (this.onProgress === onProgress) this.onProgress = undefined;
    }
  }

  /** File events and saves: the changed source files are re-indexed together after a quiet moment (or before a lookup). */
  private reindexChanged(): void {
    const client = this.worker.current;
    if (!client) return;
    const paths = this.events.take();
    if (paths.length === 0) return;
    this.reindexes.started(this.reindex(client, paths));
  }

  private async reindex(client: CodeIndexWorkerClient, paths: string[]): Promise<void> {
    try {
      const summary = await client.updateFiles(paths);
      if (summary.parsed || summary.removed) this.saving.changed(client);
    } catch (error) {
      this.log.warn(`Code index: could not re-index ${paths.length} files: ${errorMessage(error)}`);
    }
  }

  /**
   * "SmallCode: Rebuild index": drops the index (not project memory) and builds it again, with progress.
   * Waiting for the index to start is part of it, under the same notification: bounded, ended by its Cancel.
   */
  rebuild(): Promise<void> {
    // A second click while one runs joins it: two would each wait for the worker, and the later one's
    // wait running out would restart the worker the first had just started (or ask a stopped one).
    this.rebuilding ??= this.rebuildOnce().finally(() => { this.rebuilding = undefined; });
    return this.rebuilding;
  }

  private async rebuildOnce(): Promise<void> {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'SmallCode: rebuilding the code index', cancellable: true }, async (report, token) => {
      const stop = new AbortController();
      const cancelled = token.onCancellationRequested(() => stop.abort(new Error('cancelled')));
      let client: CodeIndexWorkerClient | undefined;
      try {
        client = await this.answeringOrRestarted(stop.signal);
      } catch (error) {
        if (stop.signal.aborted) return; // cancelled by the user: nothing to say
        this.log.warn(`Code index: not rebuilt: ${errorMessage(error)}`);
        return void vscode.window.showWarningMessage(`SmallCode: the code index was not rebuilt: ${errorMessage(error)}.`);
      } finally {
        cancelled.dispose();
      }
      if (!client) return void vscode.window.showWarningMessage(`SmallCode: ${this.failure || 'the code index is not available.'}`);
      if (this.phase === 'building') await client.cancel().catch(() => undefined);
      const generation = this.beginBuild(true);
      await this.track(this.runBuild(client, generation, true, report, token));
    });
  }

  /**
   * The worker for "Rebuild index", once it answered a question (a worker hung after its start answers
   * none): one that did not answer lately, or does not within this wait, is replaced by a new one, once.
   */
  private async answeringOrRestarted(signal: AbortSignal): Promise<CodeIndexWorkerClient | undefined> {
    const answering = () => this.whenStarted((started) => this.answeringFrom(started), signal);
    const worker = this.worker;
    if (!this.unanswered.waitRanOut) {
      try {
        return await answering();
      } catch (error) {
        if (signal.aborted || !isIndexTimeout(error)) throw error;
      }
    }
    // only the worker whose wait ran out: one that replaced it meanwhile (a settings change) is new, and waited for
    if (this.worker === worker) this.restartUnanswered();
    return answering();
  }

  /** The worker once it answered a question, starting with `started`: one stopped meanwhile did not, the next one is asked. */
  private async answeringFrom(started: CodeIndexWorkerClient | undefined): Promise<CodeIndexWorkerClient | undefined> {
    let client = started;
    for (;;) {
      // an error of the index's own is an answer too: the rebuild then says what it is
      await client?.state().catch(() => undefined);
      // not the error of a worker stopped (replaced, closed) or dead: the rebuild would fail on it
      if (!client || client.available || this.closing) return client;
      const next = await this.latest();
      if (next === client) return client; // nothing took its place: the rebuild says why
      client = next;
    }
  }

  /**
   * What `use` makes of the worker once started (undefined: it cannot run, `failure` says why): bounded,
   * and ended by `signal`, so that `/index`, `/memory` and "Rebuild index" name a worker that never
   * answers instead of waiting for it for good. Once a wait ran out, the next calls fail at once with
   * the same reason (see UnansweredIndex): every task would otherwise start 15 s late.
   */
  private async whenStarted<T>(use: (client: CodeIndexWorkerClient | undefined) => T | Promise<T>, signal?: AbortSignal): Promise<T> {
    const unanswered = this.unanswered;
    const admission: Admission = unanswered.admit(Date.now());
    if ('refused' in admission) throw new Error(admission.refused);
    let settled = false;
    const ask = () => {
      const answer = (async () => use(await this.latest()))();
      // however late, an answer (or an error of the index's own) means it is not hanging: requests wait for it again
      const answered = () => { settled = true; unanswered.answered(); };
      void answer.then(answered, answered);
      return answer;
    };
    try {
      return await loadCore().waitForIndex(ask, { timeoutMs: START_WAIT_MS, signal });
    } catch (error) {
      if (!isIndexTimeout(error)) {
        if (signal?.aborted) unanswered.gaveUp(admission);
        throw error;
      }
      const reason = `the code index is not answering (nothing within ${START_WAIT_MS / 1000} s); "SmallCode: Rebuild index" restarts it`;
      if (!settled) unanswered.timedOut(reason, Date.now()); // not when it answered in the deadline's moment
      throw indexTimeout(reason);
    }
  }

  /**
   * The worker `start` gives, or the one that replaced it meanwhile (a settings change, "Rebuild index"):
   * a note written while a worker was restarted goes to the new one's database, not to the fallback.
   */
  private async latest(): Promise<CodeIndexWorkerClient | undefined> {
    for (;;) {
      const worker = this.worker;
      const client = await this.start();
      if (worker === this.worker || this.closing) return client;
    }
  }

  /**
   * `/index`: files, languages, last update, or why there is no index (also when it does not answer in
   * time, or `signal` ended the wait: the chat's Stop).
   */
  async describe(format: (state: IndexState) => string, signal?: AbortSignal): Promise<string> {
    try {
      return await this.whenStarted(async (client) => {
        if (!client) return this.failure || 'The code index is not available.';
        const state = await client.state();
        return `${this.buildNote()}${format(state)}`;
      }, signal);
    } catch (error) {
      if (signal?.aborted) return 'Stopped before the code index answered.';
      return `The code index is not available: ${errorMessage(error)}.`;
    }
  }

  /** How the last build went, when the index is not simply complete. */
  private buildNote(): string {
    if (this.phase === 'building') return `Indexing: ${this.progress.done.toLocaleString('en-US')} of ${this.progress.total.toLocaleString('en-US')} files so far.\n`;
    if (this.phase === 'failed') return `The last build failed (${this.failure}): the index may be incomplete.\n`;
    if (this.partial) return 'Partial: the last build was cancelled, so the index covers part of the workspace ("SmallCode: Rebuild index" completes it).\n';
    return '';
  }

  /** The worker holds a finished build (here or saved before): lookups are answered. */
  private answers(): boolean {
    return (this.phase === 'ready' || (this.phase === 'building' && this.servable)) && !!this.worker.current;
  }

  /**
   * Until the index answers, or cannot get there: started if it is not (a task submitted as the window
   * opens comes before the start after activation), then its saved database loaded, or else the build
   * under way finished. A worker that died is started again; a settings change meanwhile waits for the
   * new worker. Every step changes the worker or the build, or ends the wait.
   */
  private async untilAnswering(signal: AbortSignal): Promise<void> {
    while (!signal.aborted && !this.answers()) {
      const { worker, building } = this;
      if (!(await this.start())) return; // it cannot run: turned off, no local folder, failed to start
      if (!this.answers() && this.phase === 'building') await this.building;
      if (worker === this.worker && building === this.building) return; // failed, or answers
    }
  }

  /**
   * The worker, once it can answer: a lookup with the index on waits for it (bounded, and ended by the
   * caller's signal: its deadline or the run's Stop); otherwise, or when that is not enough, why not.
   */
  private async answering(signal?: AbortSignal): Promise<CodeIndexWorkerClient> {
    // A first build is waited for by one lookup only: a large workspace's takes minutes, and every
    // find_symbol of a task waiting its 5 s would slow the model down for nothing.
    const waitedForThisBuild = this.phase === 'building' && this.waitedForBuild === this.generation;
    // a worker that ran out a longer wait lately is not waited for either: every task's repo map would wait
    const notAnswering = this.unanswered.refusal(Date.now());
    if (notAnswering && !this.answers()) throw new Error(`The code index is not available (${notAnswering}); use search and find_files instead.`);
    if (!this.answers() && !this.closing && !waitedForThisBuild && readIndexSettings().enabled) {
      // from the core, which starting the index loads anyway; out of time or stopped, the state below says why not
      await loadCore().waitForIndex((cut) => this.untilAnswering(cut), { timeoutMs: READY_WAIT_MS, signal }).catch(() => undefined);
      if (!this.answers() && this.phase === 'building') this.waitedForBuild = this.generation;
    }
    if (this.answers()) return this.worker.current!;
    if (this.phase === 'building') throw new Error(`The code index is still being built (${this.progress.done} of ${this.progress.total} files); use search and find_files for now.`);
    throw new Error(`The code index is not available (${this.failure || 'not started'}); use search and find_files instead.`);
  }

  /**
   * The worker once it answers, with the files saved so far indexed again: the agent's patch saves and
   * its next call may be explain_symbol, well within the events' quiet time. Bounded (FRESH_WAIT_MS, the
   * caller's signal); not while a re-index waited for in vain is still queued (ReindexWaits), nor during
   * a build or an update: the re-index is queued behind it, and the first task after a restart would
   * wait out the whole bound for its repo map (explain_symbol still re-reads a file whose hash changed).
   */
  private async answeringUpToDate(signal?: AbortSignal): Promise<CodeIndexWorkerClient> {
    const client = await this.answering(signal);
    this.events.flush();
    if (this.phase === 'building') return client;
    await this.reindexes.untilLatest((reindexing) => loadCore().waitForIndex(() => reindexing, { timeoutMs: FRESH_WAIT_MS, signal }));
    return client;
  }

  /** What the agent uses: answers once a build finished, here or before (waits a little for one, see `answering`). */
  readonly intel: CodeIntel = {
    findSymbol: async (name: string, options?: FindOptions, signal?: AbortSignal): Promise<SymbolHit[]> =>
      (await this.answeringUpToDate(signal)).findSymbol(name, options),
    explainSymbol: async (name: string, options?: ExplainOptions, signal?: AbortSignal): Promise<string> =>
      (await this.answeringUpToDate(signal)).explainSymbol(name, options),
    repoMapForTask: async (task: string, tokens: number, options?: { openFiles?: string[] }, signal?: AbortSignal): Promise<string> =>
      (await this.answeringUpToDate(signal)).repoMapForTask(task, tokens, options),
    // a build cancelled or under way, or the file limit reached (the worker's state says)
    partial: async (): Promise<boolean> => {
      if (this.partial || this.phase === 'building') return true;
      const client = this.worker.current;
      return client ? (await client.state()).truncated : false;
    },
  };

  /**
   * Project memory's notes: in the index's database once it is loaded (loading is quick; the build is
   * not waited for), in `fallback` when there is no index (turned off, no local folder, worker failed).
   * `stop` ends the wait of every call (`/memory`'s Stop); each call is also ended by its own signal (a run's).
   */
  notes(fallback: NoteBackend, stop?: AbortSignal): NoteBackend {
    // bounded as a whole: a worker that never answers fails the call with the reason, never falls back
    // (notes written to workspace state then would be missing from the database the index answers from)
    const use = <T>(call: (backend: NoteBackend) => T | Promise<T>, signal?: AbortSignal): Promise<T> =>
      this.whenStarted((client) => call(client?.notes ?? fallback), signal && stop ? AbortSignal.any([signal, stop]) : signal ?? stop);
    const service = this;
    return {
      // The client exists only once the core is loaded, so reading the constant through it costs nothing.
      get capacity() { return service.worker.current ? loadCore().MAX_DATABASE_NOTES : fallback.capacity; },
      list: (signal?: AbortSignal) => use((b) => b.list(), signal),
      put: (note: MemoryNote, signal?: AbortSignal) => use((b) => b.put(note), signal),
      remove: (keys: string[], signal?: AbortSignal) => use((b) => b.remove(keys), signal),
      search: (query: string, limit: number, signal?: AbortSignal) => use((b) => (b.search ? b.search(query, limit) : []), signal),
    };
  }

  /**
   * Saves and stops the worker: what `deactivate` returns, so that closing the window waits for the
   * last save (bounded: a worker that does not answer in time is terminated).
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.saving.cancel();
      this.settings.dispose();
      this.events.dispose();
      await this.switching;
      await this.worker.current?.close(CLOSE_TIMEOUT_MS);
    })();
    return this.closing;
  }

  dispose(): void {
    void this.close();
  }
}
