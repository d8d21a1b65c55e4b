// The SqlEngine port on sql.js (SQLite compiled to WASM: no native build, FTS4 but not FTS5).
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import type { SqlDatabase, SqlEngine } from '../../core/codeIndex';
import { wasmPath } from './wasmFiles';

let loading: Promise<SqlJsStatic> | undefined;

/** Loads sql.js once per thread. */
export async function loadSqlEngine(): Promise<SqlEngine> {
  loading ??= initSqlJs({ locateFile: () => wasmPath('sql-wasm.wasm') }).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  const SQL = await loading;
  return { open: (bytes?: Uint8Array): SqlDatabase => new SQL.Database(bytes) as unknown as SqlDatabase };
}
