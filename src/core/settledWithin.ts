// A bounded wait whose outcome does not matter (a save before closing, a worker's launch): over once
// `promise` settles, or once `ms` passed, whichever comes first; the timer never outlives it.

/** Waits for `promise` to settle (its value or error ignored), at most `ms`. */
export async function settledWithin(promise: PromiseLike<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((resolve) => { timer = setTimeout(resolve, ms); });
  try {
    await Promise.race([Promise.resolve(promise).then(() => undefined, () => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}
