/**
 * Waits until `probe` answers what is expected (checked with jest's toEqual, or a matcher function), polling
 * every 100 ms; on timeout the last mismatch is the failure. For what arrives asynchronously in a browser.
 */
export async function eventually<T>(probe: () => Promise<T> | T, expected: T | ((value: T) => void), timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    try {
      if (typeof expected === 'function') (expected as (value: T) => void)(value);
      else expect(value).toEqual(expected);
      return value;
    } catch (mismatch) {
      if (Date.now() > deadline) throw mismatch;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
