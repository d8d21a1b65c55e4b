// Where the WASM files are: next to the bundle (dist/wasm/, copied there by scripts/build.mjs), or
// in node_modules when running from source (tests, tsx).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { GRAMMAR, type LanguageId } from '../../core/codeIndex';

/** The folder the build copies WASM files into, relative to the bundle. */
export const WASM_DIR = 'wasm';

const PACKAGE_FILES: Record<string, string> = {
  'web-tree-sitter.wasm': 'web-tree-sitter/web-tree-sitter.wasm',
  'sql-wasm.wasm': 'sql.js/dist/sql-wasm.wasm',
};

/** Absolute path of a WASM file by name (`tree-sitter-go.wasm`, `sql-wasm.wasm`, `web-tree-sitter.wasm`). */
export function wasmPath(file: string): string {
  const bundled = join(__dirname, WASM_DIR, file);
  if (existsSync(bundled)) return bundled;
  const fromPackage = PACKAGE_FILES[file] ?? `@vscode/tree-sitter-wasm/wasm/${file}`;
  // Each of these subpaths is allowed by its package's `exports` map (or the package has none).
  return require.resolve(fromPackage, { paths: [__dirname, process.cwd()] });
}

/** tree-sitter's runtime. */
export const RUNTIME_WASM = 'web-tree-sitter.wasm';

/** A language's grammar file by name. */
export function grammarWasm(language: LanguageId): string {
  return `tree-sitter-${GRAMMAR[language]}.wasm`;
}
