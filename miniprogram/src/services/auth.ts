import { callCloud } from './cloud';

export interface LoginInput {
  username: string;
  password: string;
}

/** auth.login: binds the caller's platform identity (OPENID in weapp, CloudBase uid in H5) to the account. */
export function login(input: LoginInput) {
  return callCloud('auth', 'login', input);
}
