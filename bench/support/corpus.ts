// Where the development corpora live: ../shared/corpus beside the repository (CORPUS_DIR overrides).
import { join } from 'node:path';

export const CORPUS_DIR = process.env.CORPUS_DIR ?? join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus');
