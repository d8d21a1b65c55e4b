// A wait raced against Stop: a promise that settles (to ABORTED) when the signal aborts, never without
// one, and `dispose` to take its listener off a signal that lives longer than the wait.

export const ABORTED = Symbol('aborted');

export function whenAborted(signal: AbortSignal | undefined): { aborted: Promise<typeof ABORTED>; dispose(): void } {
  let onAbort = (): void => undefined;
  const aborted = new Promise<typeof ABORTED>((resolve) => {
    onAbort = () => resolve(ABORTED);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
  return { aborted, dispose: () => signal?.removeEventListener('abort', onAbort) };
}
