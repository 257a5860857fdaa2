import type { BrowserClient } from '../browser/harness';
import { invokeViaHub } from '../helpers/test-emulators';
import type { RunningEmulators } from '../../src/suite';
import { startBrowserUsers, type BrowserUsers } from './browser-users';
import { WEB_ENV_ID, webTestProject } from './web-project';

/**
 * CloudBase's basic permissions (aclTag READONLY / PRIVATE / ADMINWRITE / ADMINONLY) and the default
 * of a collection created by code, through the REAL @cloudbase/js-sdk 3.7.0 in headless chromium, plus
 * the refusal of every aggregation stage that reaches beyond the client's collection (js-sdk and REST).
 *
 * Where CloudBase documents it:
 *  - basic permissions narrow, they do not refuse: WeChat's guide to security rules, "与基础权限配置的对比"
 *    (developers.weixin.qq.com/miniprogram/dev/wxcloud/guide/database/security-rules.html): under
 *    仅创建者可读写 a query gets `_openid == <caller>` added; under 仅创建者可读写 and 所有用户可读，仅创建者
 *    可写 an update (even doc.update) first adds that condition, so someone else's document is not
 *    updated and the answer says updated 0; the permission table of 基础权限
 *    (developers.weixin.qq.com/miniprogram/dev/wxcloud/guide/database/permission.html);
 *  - only custom security rules demand that a query be a subset of the rule (docs.cloudbase.net/database/
 *    security-rules: "前端查询条件必须是安全规则的子集"), tested in js-sdk-browser.test.ts;
 *  - a collection created by `db.createCollection()` is 仅创建者可读写 (PRIVATE): WeChat community,
 *    developers.weixin.qq.com/community/develop/doc/0002aa68828dc842feb7cd09156400;
 *  - joins are not available to clients ("联表查询 … 不支持在小程序端使用", wxcloud/guide/database/join.md);
 *    a client lookup answers -502003 DATABASE_PERMISSION_DENIED.
 */

jest.setTimeout(90_000);

const DENIED = 'DATABASE_PERMISSION_DENIED';

/** Documents in the engine's _id order (what a find sorted by _id answers). */
function byId<T extends { _id: unknown }>(docs: T[]): T[] {
  return [...docs].sort((x, y) => (String(x._id) < String(y._id) ? -1 : 1));
}

describe('basic permissions and client aggregations through @cloudbase/js-sdk', () => {
  let users: BrowserUsers;
  let emu: RunningEmulators;
  let alice: BrowserClient;
  let bob: BrowserClient;
  let aliceUid: string;
  let bobUid: string;
  /** Adds documents from the page; answers their ids in order. */
  const addAs = (client: BrowserClient, collection: string, docs: Record<string, unknown>[]) =>
    client.evaluate(
      async ({ collection, docs }) => {
        const db = (globalThis as any).app.database();
        const ids: string[] = [];
        for (const doc of docs) ids.push((await db.collection(collection).add(doc)).id);
        return ids;
      },
      { collection, docs },
    );
  const stored = async (collection: string) => (await emu.database.find(collection, {}, { sort: { _id: 1 } })).map(({ _id, _openid, text, seen }) => ({ _id, _openid, text, seen }));
  /** Every document of every collection, for "nothing changed" checks. */
  const everything = async () => {
    const all: Record<string, unknown> = {};
    for (const { name } of await emu.database.listCollections()) all[name] = await emu.database.find(name, {}, { sort: { _id: 1 } });
    return JSON.stringify(all);
  };

  beforeAll(async () => {
    // A collection made by code has no declared index, so strict index mode would refuse its queries.
    users = await startBrowserUsers(webTestProject(), WEB_ENV_ID, { strictIndexes: false });
    ({ emu, alice, bob, aliceUid, bobUid } = users);
  });
  afterAll(() => users?.close());

  test('When a collection is PRIVATE, then a plain get()/count() returns only the caller\'s documents and doc(id) on another\'s reads as nothing and changes nothing', async () => {
    await emu.database.insert('diary', [{ _id: 'diary-admin', kind: 'entry', text: 'written by a function' }]);
    const [a1] = await addAs(alice, 'diary', [{ kind: 'entry', text: 'alice 1' }, { kind: 'entry', text: 'alice 2' }]);
    const [b1] = await addAs(bob, 'diary', [{ kind: 'entry', text: 'bob 1' }]);

    const seen = await alice.evaluate(
      async ({ a1, b1, bobUid }) => {
        const db = (globalThis as any).app.database();
        const diary = db.collection('diary');
        const texts = (res: any) => res.data.map((d: any) => d.text).sort();
        return {
          all: texts(await diary.get()),
          count: (await diary.count()).total,
          bobsByQuery: texts(await diary.where({ _openid: bobUid }).get()),
          mineById: texts(await diary.doc(a1).get()),
          bobsById: texts(await diary.doc(b1).get()),
          adminsById: texts(await diary.doc('diary-admin').get()),
          updateMine: (await diary.doc(a1).update({ text: 'alice 1 edited' })).updated,
          updateBobs: (await diary.doc(b1).update({ text: 'hacked' })).updated,
          updateAllMatching: (await diary.where({ kind: 'entry' }).update({ seen: true })).updated,
          removeBobs: (await diary.doc(b1).remove()).deleted,
          removeAdmins: (await diary.doc('diary-admin').remove()).deleted,
        };
      },
      { a1, b1, bobUid },
    );
    expect(seen).toEqual({
      all: ['alice 1', 'alice 2'],
      count: 2,
      bobsByQuery: [],
      mineById: ['alice 1'],
      bobsById: [],
      adminsById: [],
      updateMine: 1,
      updateBobs: 0,
      updateAllMatching: 2,
      removeBobs: 0,
      removeAdmins: 0,
    });
    const after = await stored('diary');
    expect(after.find((d) => d._id === b1)).toEqual({ _id: b1, _openid: bobUid, text: 'bob 1', seen: undefined });
    expect(after.find((d) => d._id === 'diary-admin')).toEqual({ _id: 'diary-admin', _openid: undefined, text: 'written by a function', seen: undefined });
    expect(after.filter((d) => d._openid === aliceUid).map((d) => [d.text, d.seen]).sort()).toEqual([
      ['alice 1 edited', true],
      ['alice 2', true],
    ]);
    // Bob's own view is untouched by alice's requests.
    expect(await bob.evaluate(async () => (await (globalThis as any).app.database().collection('diary').get()).data.map((d: any) => d.text))).toEqual(['bob 1']);
  });

  test('When a collection is READONLY, then everyone reads every document but updates and removes reach only the caller\'s own', async () => {
    await emu.database.insert('board', [{ _id: 'board-admin', text: 'pinned by admin' }]);
    const [bobPost] = await addAs(bob, 'board', [{ text: 'bob posts' }]);
    const [alicePost] = await addAs(alice, 'board', [{ text: 'alice posts' }]);
    const seen = await alice.evaluate(
      async ({ bobPost, alicePost, bobUid }) => {
        const board = (globalThis as any).app.database().collection('board');
        return {
          all: (await board.get()).data.map((d: any) => d.text).sort(),
          bobsByQuery: (await board.where({ _openid: bobUid }).get()).data.map((d: any) => d.text),
          editBobs: (await board.doc(bobPost).update({ text: 'hacked' })).updated,
          removeAdmins: (await board.doc('board-admin').remove()).deleted,
          editMine: (await board.doc(alicePost).update({ text: 'alice edits' })).updated,
        };
      },
      { bobPost, alicePost, bobUid },
    );
    expect(seen).toEqual({ all: ['alice posts', 'bob posts', 'pinned by admin'], bobsByQuery: ['bob posts'], editBobs: 0, removeAdmins: 0, editMine: 1 });
    expect(await stored('board')).toEqual(
      byId([
        { _id: 'board-admin', _openid: undefined, text: 'pinned by admin', seen: undefined },
        { _id: bobPost, _openid: bobUid, text: 'bob posts', seen: undefined },
        { _id: alicePost, _openid: aliceUid, text: 'alice edits', seen: undefined },
      ]),
    );
  });

  test('When a collection is ADMINWRITE or ADMINONLY, then what the mode forbids is DATABASE_PERMISSION_DENIED and changes nothing', async () => {
    await emu.database.insert('news', [{ _id: 'n1', text: 'headline' }]);
    await emu.database.insert('vault', [{ _id: 'v1', text: 'secret' }]);
    const before = await everything();
    const outcome = await alice.evaluate(async () => {
      const db = (globalThis as any).app.database();
      const codeOf = async (op: () => Promise<any>) => {
        try {
          const res = await op();
          return res?.code ?? (Array.isArray(res?.data) ? res.data.map((d: any) => d.text) : 'allowed');
        } catch (err: any) {
          return err.code as string;
        }
      };
      return {
        newsRead: await codeOf(() => db.collection('news').get()),
        newsAdd: await codeOf(() => db.collection('news').add({ text: 'x' })),
        newsUpdate: await codeOf(() => db.collection('news').doc('n1').update({ text: 'x' })),
        newsRemove: await codeOf(() => db.collection('news').doc('n1').remove()),
        vaultRead: await codeOf(() => db.collection('vault').get()),
        vaultReadById: await codeOf(() => db.collection('vault').doc('v1').get()),
        vaultCount: await codeOf(() => db.collection('vault').count()),
        vaultAdd: await codeOf(() => db.collection('vault').add({ text: 'x' })),
        vaultRemove: await codeOf(() => db.collection('vault').doc('v1').remove()),
      };
    });
    expect(outcome).toEqual({
      newsRead: ['headline'],
      newsAdd: DENIED,
      newsUpdate: DENIED,
      newsRemove: DENIED,
      vaultRead: DENIED,
      vaultReadById: DENIED,
      vaultCount: DENIED,
      vaultAdd: DENIED,
      vaultRemove: DENIED,
    });
    expect(await everything()).toBe(before);
  });

  test('When a function creates a collection with db.createCollection, then clients get CloudBase\'s default for it: each reads and writes only their own documents', async () => {
    const made = await invokeViaHub(emu.hubUrl, 'make-collection', { name: 'made_by_code', docs: [{ text: 'server note' }] });
    expect(made).toMatchObject({ status: 200, body: { created: 'made_by_code' } });
    const [serverNote] = made.body.ids as string[];
    const [aliceNote] = await addAs(alice, 'made_by_code', [{ text: 'alice note' }]);
    const [bobNote] = await addAs(bob, 'made_by_code', [{ text: 'bob note' }]);

    const aliceSees = await alice.evaluate(
      async ({ bobNote, serverNote }) => {
        const notes = (globalThis as any).app.database().collection('made_by_code');
        return {
          all: (await notes.get()).data.map((d: any) => d.text),
          serverById: (await notes.doc(serverNote).get()).data.length,
          editBobs: (await notes.doc(bobNote).update({ text: 'hacked' })).updated,
          removeServers: (await notes.doc(serverNote).remove()).deleted,
        };
      },
      { bobNote, serverNote },
    );
    expect(aliceSees).toEqual({ all: ['alice note'], serverById: 0, editBobs: 0, removeServers: 0 });
    expect(await bob.evaluate(async () => (await (globalThis as any).app.database().collection('made_by_code').count()).total)).toBe(1);
    expect(await stored('made_by_code')).toEqual(
      byId([
        { _id: serverNote, _openid: undefined, text: 'server note', seen: undefined },
        { _id: aliceNote, _openid: aliceUid, text: 'alice note', seen: undefined },
        { _id: bobNote, _openid: bobUid, text: 'bob note', seen: undefined },
      ]),
    );
  });

  describe('aggregation stages that reach beyond the collection', () => {
    const SECRET = 'vault-secret-7f3a';

    beforeAll(async () => {
      await emu.database.insert('vault', [{ _id: 'v-secret', text: SECRET }]);
      await emu.database.insert('members', [{ _id: 'm-secret', room: SECRET }]);
      await emu.database.insert('board', [{ _id: 'board-public', text: 'public' }]);
    });

    test('When the page joins, unions or writes through the js-sdk at any depth, then each is DATABASE_PERMISSION_DENIED, nothing leaks and nothing changes', async () => {
      const before = await everything();
      const answers = await alice.evaluate(async () => {
        const db = (globalThis as any).app.database();
        const board = () => db.collection('board').aggregate();
        const attempt = async (build: () => any) => {
          try {
            return { resolved: JSON.stringify(await build().end()) };
          } catch (err: any) {
            return { code: err.code as string, message: String(err.message) };
          }
        };
        // `_pipe` is how the SDK's own stage methods append a stage; the SDK has no facet() of its own.
        return {
          lookup: await attempt(() => board().lookup({ from: 'vault', localField: 'x', foreignField: 'y', as: 'v' })),
          lookupPipeline: await attempt(() => board().match({}).lookup({ from: 'board', let: {}, pipeline: [{ $match: {} }], as: 'v' })),
          unionInFacet: await attempt(() => board()._pipe('facet', { leak: [{ $unionWith: { coll: 'vault' } }] })),
          lookupDeepInFacet: await attempt(() => board()._pipe('facet', { a: [{ $facet: { b: [{ $lookup: { from: 'members', pipeline: [], as: 'm' } }] } }] })),
          graphLookupInFacet: await attempt(() => board()._pipe('facet', { g: [{ $graphLookup: { from: 'vault', startWith: '$_id', connectFromField: '_id', connectToField: '_id', as: 'v' } }] })),
          outInFacet: await attempt(() => board()._pipe('facet', { w: [{ $out: 'board' }] })),
          mergeInFacet: await attempt(() => board().match({})._pipe('facet', { w: [{ $project: { text: 1 } }, { $merge: { into: 'vault' } }] })),
          facetAlone: await attempt(() => board()._pipe('facet', { n: [{ $count: 'n' }] })),
        };
      });
      const refused = Object.entries(answers).filter(([name]) => name !== 'facetAlone');
      for (const [name, answer] of refused) {
        expect([name, answer.code]).toEqual([name, DENIED]);
        expect(answer.message).toMatch(/^Permission denied: \$(lookup|unionWith|graphLookup|out|merge) \(at pipeline\[\d\]/);
        expect(JSON.stringify(answer)).not.toContain(SECRET);
      }
      expect(answers.unionInFacet.message).toContain('(at pipeline[0].$facet.leak[0].$unionWith)');
      expect(answers.lookupDeepInFacet.message).toContain('(at pipeline[0].$facet.a[0].$facet.b[0].$lookup)');
      // $facet itself is fine: only reaching out is refused.
      expect(answers.facetAlone.resolved).toBeDefined();
      expect(JSON.parse(answers.facetAlone.resolved!).data).toEqual([{ n: [{ n: (await emu.database.count('board', {})) }] }]);
      expect(await everything()).toBe(before);
    });

    test('When an anonymous caller posts nested cross-collection stages to the REST route, then each is 403 DATABASE_PERMISSION_DENIED, nothing leaks and nothing changes', async () => {
      const base = emu.web.getInfo().url;
      const signIn = await fetch(`${base}/auth/v1/signin/anonymously?client_id=${WEB_ENV_ID}`, { method: 'POST', body: '{}' });
      const token = ((await signIn.json()) as { access_token: string }).access_token;
      const aggregate = async (collection: string, pipeline: unknown[]) => {
        const res = await fetch(`${base}/v1/database/instances/(default)/databases/(default)/collections/${collection}/documents/aggregations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ pipeline }),
        });
        return { status: res.status, text: await res.text() };
      };
      const before = await everything();
      const attempts: [string, unknown[]][] = [
        ['board', [{ $facet: { users: [{ $unionWith: 'vault' }], more: [{ $unionWith: { coll: 'members', pipeline: [] } }] } }]],
        ['board', [{ $match: {} }, { $facet: { a: [{ $facet: { b: [{ $facet: { c: [{ $lookup: { from: 'vault', localField: '_id', foreignField: '_id', as: 'x' } }] } }] } }] } }]],
        ['board', [{ $project: { text: 1 } }, { $facet: { g: [{ $graphLookup: { from: 'members', startWith: '$_id', connectFromField: '_id', connectToField: '_id', as: 'm' } }] } }]],
        ['board', [{ $facet: { w: [{ $merge: { into: 'board', whenMatched: 'replace' } }] } }]],
        ['board', [{ $facet: { w: [{ $out: 'vault' }] } }]],
        ['diary', [{ $match: { _openid: '{openid}' } }, { $unionWith: { coll: 'diary' } }]],
        ['notes', [{ $match: { _openid: '{openid}' } }, { $facet: { a: [{ $match: {} }, { $sort: { _id: 1 } }, { $lookup: { from: 'vault', pipeline: [{ $match: {} }], as: 'v' } }] } }]],
      ];
      for (const [collection, pipeline] of attempts) {
        const answer = await aggregate(collection, pipeline);
        expect(answer.status).toBe(403);
        expect(JSON.parse(answer.text)).toMatchObject({ code: DENIED, message: expect.stringMatching(/^Permission denied: \$\w+ \(at pipeline\[\d\]/) });
        expect(answer.text).not.toContain(SECRET);
      }
      expect(await everything()).toBe(before);
      // The same route still serves an aggregation that stays in its collection.
      const fine = await aggregate('board', [{ $match: { _id: 'board-public' } }, { $facet: { t: [{ $project: { _id: 0, text: 1 } }] } }]);
      expect({ status: fine.status, body: JSON.parse(fine.text) }).toEqual({ status: 200, body: { list: [{ t: [{ text: 'public' }] }] } });
    });
  });
});
