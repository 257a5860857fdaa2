import { attemptVerdict, FAILURE_WINDOW_MS, freshGuard, isStale, lockedUntil, MAX_LOGIN_FAILURES } from '../../src/auth/login-guard';

describe('login guard rules', () => {
  const now = new Date('2026-06-10T02:00:00Z');
  const ago = (ms: number) => new Date(now.getTime() - ms);

  test('When a lock lies in the future, then it refuses until then; a past lock or none refuses nothing', () => {
    const until = new Date(now.getTime() + 60_000);
    expect(lockedUntil({ ...freshGuard(ago(1000)), lockedUntil: until }, now)).toEqual(until);
    expect(lockedUntil({ ...freshGuard(ago(1000)), lockedUntil: ago(1) }, now)).toBeNull();
    expect(lockedUntil(null, now)).toBeNull();
  });

  test('When the window has passed without a live lock, then the guard is stale; inside the window or under a lock it is not', () => {
    expect(isStale(freshGuard(ago(FAILURE_WINDOW_MS + 1)), now)).toBe(true);
    expect(isStale(freshGuard(ago(FAILURE_WINDOW_MS - 1000)), now)).toBe(false);
    expect(isStale({ ...freshGuard(ago(FAILURE_WINDOW_MS + 1)), failures: 5, lockedUntil: new Date(now.getTime() + 1000) }, now)).toBe(false);
  });

  test('When attempts are counted, then the first MAX are checked, the MAX-th locks on failure and any beyond are refused', () => {
    expect(attemptVerdict(1)).toBe('check');
    expect(attemptVerdict(MAX_LOGIN_FAILURES - 1)).toBe('check');
    expect(attemptVerdict(MAX_LOGIN_FAILURES)).toBe('check-and-lock-on-failure');
    expect(attemptVerdict(MAX_LOGIN_FAILURES + 1)).toBe('refuse');
  });
});
