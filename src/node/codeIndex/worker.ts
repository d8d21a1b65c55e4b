// The code index in a worker thread (bundled as dist/codeIndexWorker.js): the VS Code host starts it
// so that parsing a workspace never blocks the extension host's event loop. One index per worker;
// requests are answered in order of completion, index changes run one at a time inside the index.
import { parentPort, workerData } from 'node:worker_threads';
import { CodeIndex } from './codeIndex';
import type { WorkerInit, WorkerMessage, WorkerMethod, WorkerMethods, WorkerRequest } from './workerProtocol';
import { errorMessage } from '../../core/errorMessage';

const init = workerData as WorkerInit;
const port = parentPort!;
let opening: Promise<CodeIndex> | undefined;
let running: AbortController | undefined;
/** Aborted by `close`: single-file updates stop too (one for a .gitignore re-walks the workspace). */
const closing = new AbortController();

const post = (message: WorkerMessage) => port.postMessage(message);
const progress = { onProgress: (p: import('../../core/codeIndex').IndexProgress) => post({ kind: 'progress', progress: p }) };

/** Runs an index change with its own abort controller, so `cancel` can stop it. */
async function cancellable<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  running = controller;
  try {
    return await work(controller.signal);
  } finally {
    if (running === controller) running = undefined;
  }
}

/** The index as persisted (loaded quickly); `update` brings it up to date. */
function index(): Promise<CodeIndex> {
  opening ??= CodeIndex.open({
    root: init.root, storageDir: init.storageDir, update: false,
    ...(init.maxFileBytes ? { maxFileBytes: init.maxFileBytes } : {}), ...(init.maxFiles ? { maxFiles: init.maxFiles } : {}),
    ...(init.exclude ? { exclude: init.exclude } : {}),
    onWarning: (message) => post({ kind: 'warning', message }),
  });
  return opening;
}

type Handlers = { [M in WorkerMethod]: (...args: WorkerMethods[M]['args']) => Promise<WorkerMethods[M]['result']> | WorkerMethods[M]['result'] };

const handlers: Handlers = {
  open: async () => (await index()).state(),
  update: async () => { const i = await index(); return cancellable((signal) => i.update({ signal, ...progress })); },
  updateFiles: async (paths) => (await index()).updateFiles(paths, { signal: closing.signal }),
  rebuild: async () => { const i = await index(); return cancellable((signal) => i.rebuild({ signal, ...progress })); },
  cancel: () => { running?.abort(); },
  // Not queued behind a running build: the index saves between two of its batches (never inside one).
  flush: async () => (await index()).flush(),
  state: async () => (await index()).state(),
  findSymbol: async (name, options) => (await index()).findSymbol(name, options),
  references: async (name, options) => (await index()).references(name, options),
  explainSymbol: async (name, options) => (await index()).explainSymbol(name, options),
  repoMap: async (options) => (await index()).repoMap(options),
  repoMapForTask: async (task, tokens, options) => (await index()).repoMapForTask(task, tokens, options),
  notesList: async () => (await index()).notes.list(),
  notesPut: async (note) => (await index()).notes.put(note),
  notesRemove: async (keys) => (await index()).notes.remove(keys),
  notesSearch: async (query, limit) => (await index()).notes.search(query, limit),
  close: async () => {
    running?.abort();
    closing.abort();
    if (opening) await (await opening.catch(() => undefined))?.close();
    port.close();
  },
};

port.on('message', (request: WorkerRequest) => {
  const handler = handlers[request.method] as (...args: unknown[]) => unknown;
  Promise.resolve()
    .then(() => handler(...(request.args as unknown[])))
    .then(
      (result) => post({ kind: 'result', id: request.id, result }),
      (error: unknown) => post({ kind: 'error', id: request.id, message: errorMessage(error) }),
    );
});
