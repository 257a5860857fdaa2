import { atom } from 'jotai';

/** Who is signed in, as far as the app knows; null until auth.login answers. */
export interface Session {
  username: string;
}

export const sessionAtom = atom<Session | null>(null);
