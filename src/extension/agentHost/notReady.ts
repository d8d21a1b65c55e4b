/** A run that could not start (no server, no model, no folder), with a message for the user. */
export class NotReadyError extends Error {}

/** The run was stopped before it reached the agent (Stop while it waited for the model server). */
export class RunStoppedError extends NotReadyError {
  constructor() {
    super('Stopped.');
  }
}

/** `promise`, unless `signal` aborts first (then a RunStoppedError): Stop ends a run whatever it waits for. */
export function unlessStopped<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new RunStoppedError());
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
