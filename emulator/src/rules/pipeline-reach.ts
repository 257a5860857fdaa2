/**
 * Where a client aggregation pipeline reaches beyond its own collection. The security rules judge only
 * the documents entering a pipeline, so a stage that reads another collection (or the same one again,
 * past the rule's narrowing) or writes one would hand the client whatever it names: such stages are
 * refused wherever they appear — at the top level, inside `$facet`, inside another stage's sub-pipeline,
 * or nested in any expression. CloudBase itself refuses joins from clients: "联表查询 … 不支持在小程序端
 * 使用" (developers.weixin.qq.com/miniprogram/dev/wxcloudservice/wxcloud/guide/database/join.md), and a
 * client `aggregate().lookup()` fails with -502003 DATABASE_PERMISSION_DENIED.
 */
import { isPlainObject } from '../database/values';

/**
 * MongoDB's stages that name another collection or write one: joins ($lookup, $graphLookup), unions
 * ($unionWith) and output ($out, $merge). No expression operator reads a collection, so a walk over every
 * key of the pipeline, stages and expressions alike, finds every way out.
 */
export const CROSS_COLLECTION_STAGES: ReadonlySet<string> = new Set(['$lookup', '$graphLookup', '$unionWith', '$out', '$merge']);

export interface CrossCollectionReach {
  operator: string;
  /** Where it was found, e.g. `pipeline[1].$facet.all[0].$unionWith`. */
  path: string;
}

/** The first stage (at any depth) that reaches another collection, or undefined. Iterative: any depth is safe. */
export function findCrossCollectionReach(pipeline: unknown[]): CrossCollectionReach | undefined {
  const stack: { value: unknown; path: string }[] = [{ value: pipeline, path: 'pipeline' }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: `${path}[${i}]` });
    } else if (isPlainObject(value)) {
      const keys = Object.keys(value);
      for (const key of keys) if (CROSS_COLLECTION_STAGES.has(key)) return { operator: key, path: `${path}.${key}` };
      for (let i = keys.length - 1; i >= 0; i--) stack.push({ value: value[keys[i]], path: `${path}.${keys[i]}` });
    }
  }
  return undefined;
}
