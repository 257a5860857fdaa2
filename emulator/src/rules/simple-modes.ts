/**
 * CloudBase's simple permission modes as the custom rules they stand for (CloudBase manager docs:
 * READONLY 所有用户可读，仅创建者可读写; PRIVATE 仅创建者可读写; ADMINWRITE 所有用户可读，仅管理端可写;
 * ADMINONLY 仅管理端可读写). "Creator" works for both WeChat callers (openid) and web callers (uid), and
 * "admin" is the server SDK, which never goes through rules, so for clients it is simply `false`.
 */
import type { SecurityRule } from '../types';

export const OWNER_RULE = 'doc._openid == auth.openid || doc._openid == auth.uid';

export type CustomRule = Record<string, unknown>;

export const SIMPLE_MODES: Record<'READONLY' | 'PRIVATE' | 'ADMINWRITE' | 'ADMINONLY', CustomRule> = {
  READONLY: { read: true, write: OWNER_RULE },
  PRIVATE: { read: OWNER_RULE, write: OWNER_RULE },
  ADMINWRITE: { read: true, write: false },
  ADMINONLY: { read: false, write: false },
};

/** Undeclared collections and collections without a rule are closed to clients, as a fresh CloudBase collection is. */
export function customRuleOf(rule: SecurityRule | undefined): CustomRule {
  if (rule === undefined) return SIMPLE_MODES.ADMINONLY;
  if (typeof rule === 'string') {
    const mode = SIMPLE_MODES[rule as keyof typeof SIMPLE_MODES];
    if (!mode) throw new Error(`unknown security rule mode ${rule}`);
    return mode;
  }
  return rule;
}
