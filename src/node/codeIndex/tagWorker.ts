// One parsing thread of the ParallelTagger (bundled as dist/tagWorker.js): a TreeSitterTagger that
// answers extract requests with the file's symbols (small: the parse trees never leave the thread).
import { parentPort } from 'node:worker_threads';
import { GrammarUnavailableError, type LanguageId } from '../../core/codeIndex';
import { TreeSitterTagger } from './treeSitterTagger';
import { errorMessage } from '../../core/errorMessage';

export interface TagRequest { id: number; language: LanguageId; source: string }
export type TagResponse =
  | { id: number; symbols: import('../../core/codeIndex').FileSymbols }
  | { id: number; grammarError: { language: LanguageId; reason: string } }
  | { id: number; error: string };

const tagger = new TreeSitterTagger();
const port = parentPort;
port?.on('message', (request: TagRequest) => {
  tagger.extract(request.language, request.source).then(
    (symbols) => port.postMessage({ id: request.id, symbols } satisfies TagResponse),
    (error: unknown) => port.postMessage(error instanceof GrammarUnavailableError
      ? { id: request.id, grammarError: { language: error.language, reason: error.reason } }
      : { id: request.id, error: errorMessage(error) } satisfies TagResponse),
  );
});
