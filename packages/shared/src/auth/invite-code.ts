import { randomBytes } from 'node:crypto';

/**
 * Invite codes a person reads off one screen and types on another: 8 characters from 32 that can't be
 * mistaken for each other (no 0/O, no 1/I), 40 bits of randomness — guessing is bounded further by the
 * register quota. Shown as XXXX-XXXX; typed in any case, with or without separators.
 */
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const CODE_LENGTH = 8;
const CODE_PATTERN = /^[2-9A-HJ-NP-Z]{8}$/;

/** A fresh code. 256 is a multiple of 32, so every character is equally likely. */
export function generateInviteCode(bytes: Uint8Array = randomBytes(CODE_LENGTH)): string {
  return Array.from(bytes.slice(0, CODE_LENGTH), (b) => ALPHABET[b % ALPHABET.length]).join('');
}

/** The code as stored, from what a person typed; null when it can't be one of ours. */
export function normalizeInviteCode(typed: string): string | null {
  const code = typed.replace(/[\s-]/g, '').toUpperCase();
  return CODE_PATTERN.test(code) ? code : null;
}

export const formatInviteCode = (code: string): string => `${code.slice(0, 4)}-${code.slice(4)}`;

/** An invite's document id: found by the code alone, before the provider is known. */
export const inviteIdOf = (code: string): string => `inv_${code}`;
