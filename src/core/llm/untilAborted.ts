// A stream's items until a signal aborts. The openai package's stream can wait forever once its request
// is aborted after the server sent the whole body but before it was read (measured: Stop — or the loop
// watch — 350 chunks into a fast 400-chunk reply yielded the 52 chunks already read, then hung). Each
// wait for the next item is raced with the signal, so an abort ends the iteration at once, whatever the
// transport underneath does. It ends as if the stream had: the caller says why (its own stop, a timer).
import { ABORTED, whenAborted } from '../whenAborted';

export async function* untilAborted<T>(items: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  const iterator = items[Symbol.asyncIterator]();
  const stop = whenAborted(signal);
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), stop.aborted]);
      if (next === ABORTED || next.done) return;
      yield next.value;
    }
  } finally {
    stop.dispose();
    // not awaited: the transport's own clean-up is what may hang
    void Promise.resolve().then(() => iterator.return?.()).catch(() => undefined);
  }
}
