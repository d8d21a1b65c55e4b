// The few WebAssembly calls the code index makes, typed here: Node has the API, but the Node
// tsconfig has no DOM library to describe it.

/** A compiled module: shareable with worker threads (postMessage, workerData). */
export type WasmModule = { readonly compiledWasm: unique symbol };
export type WasmInstance = { readonly instantiatedWasm: unique symbol };

interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => WasmInstance;
}

export const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
