/**
 * CloudBase's basic permissions (基础权限 / 简易权限: aclTag READONLY, PRIVATE, ADMINWRITE, ADMINONLY).
 * Unlike custom security rules they never demand that a query be a subset of anything: the server itself
 * narrows what a client asks for. WeChat's guide to security rules lists what they do ("与基础权限配置的
 * 对比", developers.weixin.qq.com/miniprogram/dev/wxcloud/guide/database/security-rules.html):
 *  - under "仅创建者可读写" (PRIVATE) a query gets `_openid == <caller>` added to its conditions;
 *  - under PRIVATE and "所有用户可读，仅创建者可写" (READONLY) an update (even `doc(id).update()`) first
 *    adds the same condition and then updates what still matches, so touching someone else's document
 *    does not fail, it answers `updated: 0`; removes work the same way;
 *  - a created document gets `_openid` = the caller; a client may not set or change `_openid`.
 * The admin side (server SDKs, console) is never subject to them, so "仅管理端可写/可读写" (ADMINWRITE /
 * ADMINONLY) simply refuse those client operations (DATABASE_PERMISSION_DENIED, -502003 in a
 * mini-program). "Creator" is the caller's openid in WeChat and its uid on the web (the `{openid}` rule).
 */
import type { ClientOperation } from '../types';

export type BasicPermission = 'READONLY' | 'PRIVATE' | 'ADMINWRITE' | 'ADMINONLY';

/** What a basic permission lets a client do with one kind of operation. */
export type Reach = 'every-document' | 'own-documents' | 'nothing';

export const BASIC_PERMISSIONS: Readonly<Record<BasicPermission, Readonly<Record<ClientOperation, Reach>>>> = {
  READONLY: { read: 'every-document', create: 'own-documents', update: 'own-documents', delete: 'own-documents' },
  PRIVATE: { read: 'own-documents', create: 'own-documents', update: 'own-documents', delete: 'own-documents' },
  ADMINWRITE: { read: 'every-document', create: 'nothing', update: 'nothing', delete: 'nothing' },
  ADMINONLY: { read: 'nothing', create: 'nothing', update: 'nothing', delete: 'nothing' },
};

/**
 * The permission of a collection nobody set one for: one created by code (`db.createCollection()` in a
 * function) or declared without aclTag/aclRule. CloudBase gives such a collection "仅创建者可读写"
 * (PRIVATE): the WeChat community thread "通过代码创建的集合权限是'仅创建者及管理员可读写'"
 * (developers.weixin.qq.com/community/develop/doc/0002aa68828dc842feb7cd09156400) and the console's own
 * default for a new collection.
 */
export const DEFAULT_PERMISSION: BasicPermission = 'PRIVATE';

export function isBasicPermission(value: unknown): value is BasicPermission {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(BASIC_PERMISSIONS, value);
}

/** The filter narrowed to the caller's own documents: `_openid == owner` added to whatever it asks. */
export function restrictToOwner<F extends Record<string, unknown>>(filter: F, owner: string): Record<string, unknown> {
  if (Object.keys(filter).length === 0) return { _openid: owner };
  if (filter._openid === owner) return filter;
  // A condition of its own on _openid must still hold, so both go under $and (never overwritten).
  if ('_openid' in filter) return { $and: [filter, { _openid: owner }] };
  return { ...filter, _openid: owner };
}
