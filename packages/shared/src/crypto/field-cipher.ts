import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '../errors';

/**
 * Sensitive fields (phone, email, contact person) are stored as `enc:v1:<iv>:<tag>:<ciphertext>`
 * (AES-256-GCM, base64 parts). The key comes from the function's environment (PD_FIELD_KEY, 32 bytes
 * base64), never from code or the repo.
 */
const PREFIX = 'enc:v1:';
export const FIELD_KEY_ENV = 'PD_FIELD_KEY';

let cachedKey: { raw: string; key: Buffer } | undefined;

function fieldKey(): Buffer {
  const raw = process.env[FIELD_KEY_ENV] ?? '';
  if (cachedKey?.raw === raw) return cachedKey.key;
  const key = Buffer.from(raw, 'base64');
  if (key.length !== 32) {
    // Logged by the router; the client only sees INTERNAL.
    throw new Error(`${FIELD_KEY_ENV} must be 32 bytes in base64 (got ${key.length} bytes)`);
  }
  cachedKey = { raw, key };
  return key;
}

export function encryptField(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', fieldKey(), iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${PREFIX}${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${data.toString('base64')}`;
}

export function isEncrypted(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(PREFIX);
}

export function decryptField(stored: string): string {
  if (!isEncrypted(stored)) return stored;
  const [ivB64, tagB64, dataB64] = stored.slice(PREFIX.length).split(':');
  try {
    const decipher = createDecipheriv('aes-256-gcm', fieldKey(), Buffer.from(ivB64, 'base64'));
    decipher.setAuthTag(Buffer.from(tagB64, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(dataB64, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new AppError('INTERNAL', '敏感信息解密失败');
  }
}

export const decryptOptional = (stored: string | null | undefined): string => (stored ? decryptField(stored) : '');

/** 13812345678 → 138****5678 */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return phone.replace(/.(?=.)/g, '*');
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

/** zhangsan@example.com → zh******@example.com */
export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  if (at <= 0) return maskName(email);
  const local = email.slice(0, at);
  return `${local.slice(0, Math.min(2, local.length - 1))}${'*'.repeat(Math.max(1, local.length - 2))}${email.slice(at)}`;
}

/** 张三丰 → 张** */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}
