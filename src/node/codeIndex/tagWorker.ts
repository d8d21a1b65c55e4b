// One parsing thread of the ParallelTagger (bundled as dist/tagWorker.js): a TreeSitterTagger that
// answers extract requests with the file's symbols (small: the parse trees never leave the thread).
import { parentPort, workerData } from 'node:worker_threads';
import { GrammarUnavailableError, type LanguageId } from '../../core/codeIndex';
import { TreeSitterTagger } from './treeSitterTagger';
import { RUNTIME_WASM } from './wasmFiles';
import { onlyProvidedWasmModules, provideWasmModule } from './wasmModules';
import type { WasmModule } from './wasmApi';
import { errorMessage } from '../../core/errorMessage';

/** The runtime compiled by the parent thread (its code is shared: see wasmModules). */
export interface TagWorkerData { runtime: WasmModule }
/** A file to tag, or a grammar's compiled module (posted before the first file that needs it). */
export type TagRequest = { id: number; language: LanguageId; source: string } | { wasm: { file: string; module: WasmModule } };
export type TagResponse =
  | { id: number; symbols: import('../../core/codeIndex').FileSymbols }
  | { id: number; grammarError: { language: LanguageId; reason: string } }
  | { id: number; error: string };

// Only what the parent sent: a grammar it forgot to send fails loudly instead of being compiled again here.
onlyProvidedWasmModules();
provideWasmModule(RUNTIME_WASM, (workerData as TagWorkerData).runtime);
const tagger = new TreeSitterTagger();
const port = parentPort;
port?.on('message', (request: TagRequest) => {
  if ('wasm' in request) {
    provideWasmModule(request.wasm.file, request.wasm.module);
    return;
  }
  tagger.extract(request.language, request.source).then(
    (symbols) => port.postMessage({ id: request.id, symbols } satisfies TagResponse),
    (error: unknown) => port.postMessage(error instanceof GrammarUnavailableError
      ? { id: request.id, grammarError: { language: error.language, reason: error.reason } }
      : { id: request.id, error: errorMessage(error) } satisfies TagResponse),
  );
});
