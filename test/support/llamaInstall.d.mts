// Types for llamaInstall.mjs (plain JS so that `node test/support/llamaInstall.mjs` runs without tsx).
export interface LlamaPaths {
  version: string; // node-llama-cpp's, which fixes llama.cpp's commit
  bundle: string;
  dir: string;
  server: string;
  source: string;
  model: string;
  buildLog: string;
}
export const TINY_MODEL_ALIAS: string;
export function llamaPaths(): LlamaPaths;
export function llamaReady(): boolean;
export function ensureLlama(options?: { log?: (message: string) => void }): Promise<LlamaPaths>;
