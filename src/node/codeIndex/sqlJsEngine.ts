// The SqlEngine port on sql.js (SQLite compiled to WASM: no native build, FTS4 but not FTS5).
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import type { SqlDatabase, SqlEngine } from '../../core/codeIndex';
import { wasmModule } from './wasmModules';
import { wasm, type WasmInstance } from './wasmApi';

const SQL_WASM = 'sql-wasm.wasm';

let loading: Promise<SqlJsStatic> | undefined;

/** Loads sql.js once per thread. */
export async function loadSqlEngine(): Promise<SqlEngine> {
  // Instantiated here from the thread's compiled module (see wasmModules: sql.js's own asynchronous
  // instantiation waits behind the background threads on a cold start).
  loading ??= wasmModule(SQL_WASM).then((module) => initSqlJs({
    instantiateWasm: (imports: object, done: (instance: WasmInstance) => void) => {
      done(new wasm.Instance(module, imports));
      return {};
    },
  } as object)).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  const SQL = await loading;
  return { open: (bytes?: Uint8Array): SqlDatabase => new SQL.Database(bytes) as unknown as SqlDatabase };
}
