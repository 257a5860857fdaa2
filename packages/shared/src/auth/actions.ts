import type { LoginGuardDoc, ProviderDoc, UserDoc } from '@partner-desk/database';
import type { LoginResult, WxLoginResult, RefreshResult } from '@partner-desk/contract';
import type { CallerContext } from '../caller';
import type { ActionHandler } from '../router';
import { hashPassword, passwordProblem, verifyPassword } from '../crypto/password';
import { AppError } from '../errors';
import { requireIdentityKey } from '../identity/identity-key';
import { bindSession, requireSession, SESSION_TTL_MS, unbindSession } from '../identity/sessions';
import { inBusinessTz } from '../time';
import { accountGuardId, attemptVerdict, callerGuardId, lockedUntil, LOCKOUT_MS, unknownAccountGuardId } from './login-guard';
import { accountsRepository, loginGuardsRepository, sessionsRepository } from './repository';
import { loginView } from './views';

/** The same words for an unknown username and a wrong password: the answer must not tell which. */
const WRONG_CREDENTIALS = '账号或密码错误';

/** A fixed hash to verify against when the username is unknown, so both paths cost one scrypt. */
let decoyHash: Promise<string> | undefined;
const decoyPasswordHash = () => (decoyHash ??= hashPassword('decoy-password-0'));

function rateLimited(until: Date): AppError {
  return new AppError('RATE_LIMITED', `登录失败次数过多，请于 ${inBusinessTz(until).format('HH:mm')} 后再试`, { lockedUntil: until.toISOString() });
}

function assertNotLocked(guards: (LoginGuardDoc | null)[], now: Date): void {
  const until = guards
    .map((guard) => lockedUntil(guard, now))
    .filter((d): d is Date => d !== null)
    .sort((a, b) => b.getTime() - a.getTime())[0];
  if (until) throw rateLimited(until);
}

interface GuardSlot {
  id: string;
  /** As read before this attempt (null when the guard has no document yet). */
  doc: LoginGuardDoc | null;
}

/**
 * A password check under lockout guards. A locked guard refuses outright (even the right password must
 * not reveal itself); otherwise the attempt is counted on every guard BEFORE the answer is used, so a
 * burst of parallel guesses gets no more than MAX_LOGIN_FAILURES tries; a failure that reaches the limit
 * locks that guard. Answers whether the password matched.
 */
async function checkPasswordUnderGuards(guards: GuardSlot[], check: () => Promise<boolean>, now: Date): Promise<boolean> {
  const loginGuards = loginGuardsRepository();
  assertNotLocked(guards.map((guard) => guard.doc), now);
  const [matches, ...attempts] = await Promise.all([check(), ...guards.map((guard) => loginGuards.countAttempt(guard.id, guard.doc, now))]);
  const verdicts = attempts.map(attemptVerdict);
  const lockUntil = new Date(now.getTime() + LOCKOUT_MS);
  const toLock = guards.filter((_guard, i) => verdicts[i] === 'refuse' || (!matches && verdicts[i] === 'check-and-lock-on-failure'));
  await Promise.all(toLock.map((guard) => loginGuards.lockGuard(guard.id, lockUntil)));
  if (verdicts.includes('refuse')) {
    // Report the lock as stored: the attempt that reached the limit may have set it a moment ago.
    const refused = await Promise.all(guards.filter((_guard, i) => verdicts[i] === 'refuse').map((guard) => loginGuards.findGuard(guard.id)));
    const until = refused.map((guard) => lockedUntil(guard, now)).find((d): d is Date => d !== null) ?? lockUntil;
    throw rateLimited(until);
  }
  return matches;
}

export function assertAccountUsable(user: UserDoc, provider: ProviderDoc | null): asserts provider is ProviderDoc {
  if (user.status !== 'active') throw new AppError('PERMISSION_DENIED', '该账号已停用，请联系管理员');
  if (!provider || provider.status !== 'active') throw new AppError('PERMISSION_DENIED', '所属服务商已停用，请联系管理员');
}

async function login(username: string, password: string, caller: CallerContext): Promise<LoginResult> {
  const [accounts, loginGuards] = [accountsRepository(), loginGuardsRepository()];
  const now = new Date();
  const callerGuard = callerGuardId(requireIdentityKey(caller));
  const [callerGuardDoc, user] = await Promise.all([loginGuards.findGuard(callerGuard), accounts.findUserByUsername(username)]);
  // A locked caller is turned away before anything else is read.
  assertNotLocked([callerGuardDoc], now);

  const accountGuard = user ? accountGuardId(user._id) : unknownAccountGuardId(username);
  const [accountGuardDoc, provider] = await Promise.all([
    loginGuards.findGuard(accountGuard),
    user ? accounts.findProviderById(user.serviceProviderId) : null,
  ]);
  const guards: GuardSlot[] = [
    { id: callerGuard, doc: callerGuardDoc },
    { id: accountGuard, doc: accountGuardDoc },
  ];
  // An unknown username still costs one scrypt, so timing doesn't tell which usernames exist.
  const matches = await checkPasswordUnderGuards(guards, async () => verifyPassword(password, user?.passwordHash ?? (await decoyPasswordHash())), now);
  if (!user || !matches) throw new AppError('UNAUTHENTICATED', WRONG_CREDENTIALS);
  assertAccountUsable(user, provider);

  const [session] = await Promise.all([bindSession(caller, user, now), loginGuards.clearGuards(guards.map((guard) => guard.id))]);
  return loginView(user, provider, session.expiresAt);
}

/** WeChat 授权登录: an OPENID bound before signs straight in; otherwise the app shows the login form. */
async function wxLogin(caller: CallerContext): Promise<WxLoginResult> {
  requireIdentityKey(caller);
  const session = await requireSession(caller).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'UNAUTHENTICATED') return null;
    throw err;
  });
  if (!session) return { bound: false };
  const accounts = accountsRepository();
  const [user, provider] = await Promise.all([accounts.findUserById(session.userId), accounts.findProviderById(session.serviceProviderId)]);
  if (!user) {
    await unbindSession(caller);
    return { bound: false };
  }
  try {
    assertAccountUsable(user, provider);
  } catch (err) {
    // A disabled account keeps no binding: the next launch shows the login form.
    await unbindSession(caller);
    throw err;
  }
  await session.slide();
  return { bound: true, ...loginView(user, provider, session.expiresAt) };
}

async function refresh(caller: CallerContext): Promise<RefreshResult> {
  const now = new Date();
  const session = await requireSession(caller, now);
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await sessionsRepository().extendSession(session.sessionId, expiresAt, now);
  return { session: { expiresAt: expiresAt.toISOString() } };
}

export const signIn: ActionHandler<'auth', 'login'> = ({ username, password }, caller) => login(username, password, caller);

export const signInWithWeChat: ActionHandler<'auth', 'wxLogin'> = (_payload, caller) => wxLogin(caller);

export const signOut: ActionHandler<'auth', 'logout'> = async (_payload, caller) => {
  await unbindSession(caller);
  return {};
};

export const refreshSession: ActionHandler<'auth', 'refresh'> = (_payload, caller) => refresh(caller);

export const changePassword: ActionHandler<'auth', 'changePassword'> = async ({ oldPassword, newPassword }, session) => {
  const problem = passwordProblem(newPassword);
  if (problem) throw new AppError('INVALID_ARGUMENT', problem);
  if (newPassword === oldPassword) throw new AppError('INVALID_ARGUMENT', '新密码不能与原密码相同');
  const [accounts, loginGuards, sessions] = [accountsRepository(), loginGuardsRepository(), sessionsRepository()];
  const now = new Date();
  const guardIds = [callerGuardId(session.sessionId), accountGuardId(session.userId)];
  const [user, ...guardDocs] = await Promise.all([accounts.findUserById(session.userId), ...guardIds.map((id) => loginGuards.findGuard(id))]);
  if (!user) throw new AppError('UNAUTHENTICATED', '账号不存在，请重新登录');
  // Guessing the old password here counts like guessing it at login.
  const guards = guardIds.map((id, i) => ({ id, doc: guardDocs[i] }));
  if (!(await checkPasswordUnderGuards(guards, () => verifyPassword(oldPassword, user.passwordHash), now))) {
    throw new AppError('FAILED_PRECONDITION', '原密码不正确');
  }
  await accounts.updatePasswordHash(user._id, await hashPassword(newPassword), now);
  // Every other device signed in with the old password is signed out; this one stays.
  await Promise.all([sessions.endSessionsOfUser(user._id, session.sessionId), loginGuards.clearGuards(guardIds)]);
  return {};
};
