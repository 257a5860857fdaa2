import type { LoginResult, RegisterPayload } from '@partner-desk/contract';
import { request } from './cloud';

export type { LoginResult, RegisterPayload };

export interface LoginInput {
  username: string;
  password: string;
}

/** auth.login: binds the caller's platform identity (OPENID in weapp, CloudBase uid in H5) to the account. */
export const login = (input: LoginInput) => request('auth', 'login', input);

/** auth.wxLogin: signs in when this OPENID (or browser uid) is already bound, answers `{ bound: false }` otherwise. */
export const wxLogin = () => request('auth', 'wxLogin');

/** auth.logout: unbinds this identity; harmless to repeat. */
export const logout = () => request('auth', 'logout');

export const changePassword = (oldPassword: string, newPassword: string) => request('auth', 'changePassword', { oldPassword, newPassword });

/** 忘记密码: files a reset request; the same answer whether the account exists or not. */
export const requestPasswordReset = (username: string) => request('auth', 'requestPasswordReset', { username });

/** 注册 with an admin's invite code: a new agent of that provider, signed in as auth.login would. */
export const register = (input: RegisterPayload) => request('auth', 'register', input);
