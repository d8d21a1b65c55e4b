// The code index on the plain file system (the programmatic API in dist/core.js):
//   const index = await CodeIndex.open({ root: '/path/to/project', storageDir: '/path/to/cache' });
//   index.findSymbol('parseConfig', { limit: 5 });  // [{ name, kind, path, line, signature, scope }]
//   index.references('parseConfig');                // [{ path, line }]
//   index.repoMap({ tokens: 1024, focus: { files: ['src/cli.ts'], identifiers: ['parseConfig'] } });
//   await index.update();                            // re-indexes what changed since
//   await index.close();
import { realpath } from 'node:fs/promises';
import { CodeIndexCore, type CodeIndexOptions, type UpdateOptions } from '../../core/codeIndex';
import { FileSystemSource } from './fileSource';
import { FileIndexStorage } from './fileStorage';
import { loadSqlEngine } from './sqlJsEngine';
import { TreeSitterTagger, type TreeSitterTaggerOptions } from './treeSitterTagger';
import { ParallelTagger } from './parallelTagger';

export interface CodeIndexOpenOptions extends CodeIndexOptions, UpdateOptions {
  /** The workspace folder; nothing outside it is read. */
  root: string;
  /** Folder for the database file (created if missing). */
  storageDir: string;
  /** false: only load the persisted index (lookups and memory work at once); `update()` brings it up to date. */
  update?: boolean;
  /** Where grammar files are found (default: next to the bundle, or in node_modules); parses in this thread only. */
  grammarPath?: TreeSitterTaggerOptions['grammarPath'];
  /** Threads parsing a large batch (default: one per core, at most 4); 0: this thread only. */
  parseThreads?: number;
  /** Globs relative to the root (VS Code's `files.exclude`) not indexed, as .gitignore'd files are not. */
  exclude?: readonly string[];
}

export class CodeIndex extends CodeIndexCore {
  static async open(options: CodeIndexOpenOptions): Promise<CodeIndex> {
    const rootReal = await realpath(options.root);
    const ports = {
      source: new FileSystemSource(rootReal, options.exclude),
      tagger: options.grammarPath || options.parseThreads === 0
        ? new TreeSitterTagger(options.grammarPath ? { grammarPath: options.grammarPath } : {})
        : new ParallelTagger(options.parseThreads),
      sql: await loadSqlEngine(),
      storage: new FileIndexStorage(options.storageDir),
    };
    const { db, warning } = await CodeIndexCore.prepare(ports, options);
    const index = new CodeIndex(ports, db, options);
    await index.start(warning, options.update === false ? false : { ...(options.signal ? { signal: options.signal } : {}), ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
    return index;
  }
}
