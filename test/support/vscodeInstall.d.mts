// Types for vscodeInstall.mjs (plain JS so that `node test/support/vscodeInstall.mjs` runs without tsx).
export const CODE_SERVER_VERSION: string;
export const NODE24_VERSION: string;
export const CACHE: string;
export const CHROMIUM: string;
/** The Node that code-server, and so its extension host, runs on. */
export const NODE24_HOME: string;
export const CODE_SERVER: string;
export function ensureVsCode(options?: { log?: (message: string) => void; browser?: boolean }): { codeServer: string; node24Home: string; chromium?: string };
