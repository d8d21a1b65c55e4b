// What a file is before we hand its bytes to a model as text.

/** Larger files are refused: a small model cannot use 1 MiB of text, and it would flood the context. */
export const DEFAULT_MAX_READ_BYTES = 1024 * 1024;

/** Git's heuristic: a NUL byte in the first 8000 bytes means binary (also catches UTF-16 text). */
export function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, 8000);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
