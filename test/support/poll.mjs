// The one way tests wait for something (after VS Code's test/automation): poll a condition until it
// holds, and fail loudly with what was awaited when it never does. No test sleeps for a fixed time.

/**
 * Calls `probe` every `intervalMs` until it returns a truthy value, and returns that value; throws
 * `Timeout: <what> after N s` when `timeoutMs` passes first.
 */
export async function poll(what, probe, { timeoutMs = 30_000, intervalMs = 100 } = {}) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() >= until) throw new Error(`Timeout: ${what} after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
