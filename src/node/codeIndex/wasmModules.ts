// Compiled WASM modules, once per thread. A WasmModule posted to a worker thread shares its
// compiled code: V8 compiles a module's functions lazily and optimises the hot ones in the
// background, once for the process instead of once per parsing thread (measured on the Rust
// benchmark: the parsing threads' own compilation was about a third of the first build's CPU time).
import { readFile } from 'node:fs/promises';
import { wasm, type WasmModule } from './wasmApi';
import { wasmPath } from './wasmFiles';

const compiled = new Map<string, Promise<WasmModule>>();
const given = new Map<string, WasmModule>();

/** The module of a WASM file by name (`web-tree-sitter.wasm`, `tree-sitter-go.wasm`): given, or compiled here. */
export function wasmModule(file: string): Promise<WasmModule> {
  const module = given.get(file);
  if (module) return Promise.resolve(module);
  let entry = compiled.get(file);
  if (!entry) {
    entry = readFile(wasmPath(file)).then((bytes) => wasm.compile(bytes));
    entry.catch(() => compiled.delete(file)); // a later call tries again
    compiled.set(file, entry);
  }
  return entry;
}

/** A module another thread compiled (posted with its requests): used instead of compiling here. */
export function provideWasmModule(file: string, module: WasmModule): void {
  given.set(file, module);
}
