// Compiled WASM modules, once per thread. A module posted to a worker thread shares its compiled
// code: V8 compiles a module's functions lazily and optimises the hot ones in the background, so
// what one parsing thread optimised serves the next threads and this thread's own parser. Measured
// on the benchmark: the first save re-indexed after a build took 69 ms (Go) and 76 ms (Rust) with
// each thread compiling for itself, now 14 ms and 5 ms; a second build in one process is faster too.
import { readFile } from 'node:fs/promises';
import { wasm, type WasmModule } from './wasmApi';
import { wasmPath } from './wasmFiles';

const compiled = new Map<string, Promise<WasmModule>>();
const given = new Map<string, WasmModule>();
let onlyGiven = false;

/** The module of a WASM file by name (`web-tree-sitter.wasm`, `tree-sitter-go.wasm`): given, or compiled here. */
export function wasmModule(file: string): Promise<WasmModule> {
  const module = given.get(file);
  if (module) return Promise.resolve(module);
  if (onlyGiven) return Promise.reject(new Error(`${file} was not sent to this parsing thread`));
  let entry = compiled.get(file);
  if (!entry) {
    // wasmPath throws for a file that is nowhere: a rejection here, like any other failure to load.
    // Compiled synchronously: V8 compiles the functions lazily, so this is validation only (5 ms for the
    // runtime, 27 ms for the largest grammar), whereas WebAssembly.compile queues behind the background
    // threads' other work — measured: the runtime's compile took 210 ms in a fresh build, most of its wait.
    // Never on the extension host's main thread (the index runs in its own worker there); the programmatic
    // API's caller, which runs the index on its own thread, waits those milliseconds once per module.
    entry = Promise.resolve(file).then((name) => readFile(wasmPath(name))).then((bytes) => new wasm.Module(bytes));
    entry.catch(() => compiled.delete(file)); // a later call tries again
    compiled.set(file, entry);
  }
  return entry;
}

/** A module another thread compiled (posted with its requests): used instead of compiling here. */
export function provideWasmModule(file: string, module: WasmModule): void {
  given.set(file, module);
}

/** In a parsing thread: every module comes from the parent (compiling one here would hide a bug). */
export function onlyProvidedWasmModules(): void {
  onlyGiven = true;
}
