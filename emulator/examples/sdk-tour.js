/**
 * A plain Node script that uses the real wx-server-sdk with no emulator-specific code: it finds the
 * emulator only through the environment `npm run emulators:exec` exports.
 *
 *   npm run emulators:exec -- "node emulator/examples/sdk-tour.js"
 *
 * It exits non-zero at the first value that differs from what CloudBase returns.
 */
const assert = require('node:assert/strict');
const cloud = require('wx-server-sdk');

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
const db = cloud.database();
const _ = db.command;
const $ = _.aggregate;

const steps = [];
async function step(name, fn) {
  const started = Date.now();
  await fn();
  steps.push(`${name} (${Date.now() - started} ms)`);
}

async function main() {
  const coll = `tour_${Date.now()}`;
  await step('createCollection', async () => {
    await db.createCollection(coll);
    await assert.rejects(db.createCollection(coll), 'a second createCollection of the same name fails');
  });
  const c = db.collection(coll);

  await step('add', async () => {
    const people = [
      { name: '张三', age: 30, city: '上海', tags: ['a', 'b'], score: 7, joined: new Date('2024-01-02T00:00:00Z'), profile: { level: 2 } },
      { name: '李四', age: 25, city: '北京', tags: ['b'], score: 12, joined: new Date('2024-03-04T00:00:00Z'), profile: { level: 1 } },
      { name: '王五', age: 41, city: '上海', tags: ['c', 'a', 'd'], score: 3, joined: new Date('2023-05-06T00:00:00Z') },
      { name: '赵六', age: 35, city: '广州', tags: [], score: 9, items: [{ sku: 'x', qty: 2 }, { sku: 'y', qty: 5 }] },
    ];
    for (const p of people) {
      const res = await c.add({ data: p });
      assert.equal(typeof res._id, 'string');
    }
  });

  const names = async (where, order = 'age') => (await c.where(where).orderBy(order, 'asc').get()).data.map((d) => d.name);
  await step('query operators', async () => {
    assert.deepEqual(await names({ city: _.eq('上海') }), ['张三', '王五']);
    assert.deepEqual(await names({ city: _.neq('上海') }), ['李四', '赵六']);
    assert.deepEqual(await names({ age: _.gt(30) }), ['赵六', '王五']);
    assert.deepEqual(await names({ age: _.gte(30) }), ['张三', '赵六', '王五']);
    assert.deepEqual(await names({ age: _.lt(30) }), ['李四']);
    assert.deepEqual(await names({ age: _.lte(30) }), ['李四', '张三']);
    assert.deepEqual(await names({ city: _.in(['北京', '广州']) }), ['李四', '赵六']);
    assert.deepEqual(await names({ city: _.nin(['北京', '广州']) }), ['张三', '王五']);
    assert.deepEqual(await names({ age: _.gt(26).and(_.lt(40)) }), ['张三', '赵六']);
    assert.deepEqual(await names(_.or([{ age: _.lt(26) }, { city: '广州' }])), ['李四', '赵六']);
    assert.deepEqual(await names(_.and([{ city: '上海' }, { age: _.gt(35) }])), ['王五']);
    assert.deepEqual(await names(_.nor([{ city: '上海' }, { age: _.lt(30) }])), ['赵六']);
    assert.deepEqual(await names({ age: _.not(_.gt(30)) }), ['李四', '张三']);
    assert.deepEqual(await names({ profile: _.exists(true) }), ['李四', '张三']);
    assert.deepEqual(await names({ tags: _.size(3) }), ['王五']);
    assert.deepEqual(await names({ tags: _.all(['a', 'c']) }), ['王五']);
    assert.deepEqual(await names({ items: _.elemMatch({ qty: _.gt(4) }) }), ['赵六']);
    assert.deepEqual(await names({ score: _.mod([3, 0]) }), ['李四', '赵六', '王五']);
    assert.deepEqual(await names({ name: db.RegExp({ regexp: '^[张李]', options: 'i' }) }), ['李四', '张三']);
    assert.deepEqual(await names({ name: /五$/ }), ['王五']);
    assert.deepEqual(await names({ 'profile.level': 2 }), ['张三']);
    assert.deepEqual(await names({ joined: _.gt(new Date('2024-01-01T00:00:00Z')) }), ['李四', '张三']);
    const page = await c.where({}).orderBy('age', 'desc').skip(1).limit(2).field({ name: true }).get();
    assert.deepEqual(page.data.map((d) => d.name), ['赵六', '张三']);
    assert.deepEqual(Object.keys(page.data[0]).sort(), ['_id', 'name']);
    assert.equal((await c.where({ city: '上海' }).count()).total, 2);
  });

  await step('update operators', async () => {
    const { _id } = await c.add({ data: { name: 'u', n: 5, arr: [1, 2, 3], set: ['x'], nested: { a: 1, b: 2 }, gone: 1, old: 'v', lo: 5, hi: 5 } });
    const doc = () => c.doc(_id).get().then((r) => r.data);
    await c.doc(_id).update({ data: { n: _.inc(2), 'nested.a': 10, nested2: { deep: true } } });
    await c.doc(_id).update({ data: { n: _.mul(3), gone: _.remove(), old: _.rename('renamed'), lo: _.min(1), hi: _.max(9) } });
    await c.doc(_id).update({ data: { arr: _.push([4, 5]), set: _.addToSet('y') } });
    await c.doc(_id).update({ data: { set: _.addToSet('y') } });
    let d = await doc();
    assert.equal(d.n, 21);
    assert.deepEqual(d.nested, { a: 10, b: 2 });
    assert.deepEqual(d.nested2, { deep: true });
    assert.equal('gone' in d, false);
    assert.equal(d.renamed, 'v');
    assert.equal(d.lo, 1);
    assert.equal(d.hi, 9);
    assert.deepEqual(d.arr, [1, 2, 3, 4, 5]);
    assert.deepEqual(d.set, ['x', 'y']);
    await c.doc(_id).update({ data: { arr: _.pop() } });
    await c.doc(_id).update({ data: { arr: _.shift() } });
    await c.doc(_id).update({ data: { arr: _.unshift([0]) } });
    d = await doc();
    assert.deepEqual(d.arr, [0, 2, 3, 4]);
    await c.doc(_id).update({ data: { arr: _.pull(_.gt(2)) } });
    await c.doc(_id).update({ data: { set: _.pullAll(['x']) } });
    await c.doc(_id).update({ data: { stamp: db.serverDate() } });
    d = await doc();
    assert.deepEqual(d.arr, [0, 2]);
    assert.deepEqual(d.set, ['y']);
    assert.ok(d.stamp instanceof Date && Math.abs(d.stamp.getTime() - Date.now()) < 60_000, 'serverDate is now');
    const multi = await c.where({ city: '上海' }).update({ data: { vip: true } });
    assert.equal(multi.stats.updated, 2);
    await c.doc('fixed-id').set({ data: { name: 'set', v: 1 } });
    await c.doc('fixed-id').set({ data: { name: 'set', v: 2 } });
    assert.deepEqual((await c.doc('fixed-id').get()).data, { _id: 'fixed-id', name: 'set', v: 2 });
    const removed = await c.doc('fixed-id').remove();
    assert.equal(removed.stats.removed, 1);
  });

  await step('aggregate', async () => {
    const res = await c
      .aggregate()
      .match({ city: _.exists(true) })
      .group({ _id: '$city', count: $.sum(1), avgAge: $.avg('$age') })
      .sort({ count: -1, _id: 1 })
      .end();
    assert.deepEqual(res.list[0], { _id: '上海', count: 2, avgAge: 35.5 });
    assert.equal(res.list.length, 3);
  });

  await step('transaction', async () => {
    const { _id } = await c.add({ data: { name: 'acct', balance: 100 } });
    const result = await db.runTransaction(async (t) => {
      const acct = (await t.collection(coll).doc(_id).get()).data;
      await t.collection(coll).doc(_id).update({ data: { balance: acct.balance - 30 } });
      return acct.balance - 30;
    });
    assert.equal(result, 70);
    await assert.rejects(
      db.runTransaction(async (t) => {
        await t.collection(coll).doc(_id).update({ data: { balance: 0 } });
        throw new Error('rollback please');
      }),
    );
    assert.equal((await c.doc(_id).get()).data.balance, 70, 'a thrown transaction changes nothing');
  });

  // Any function that answers { ok: true } to { action: 'ping' }: the project's `health` by default.
  const pingFunction = process.env.SDK_TOUR_FUNCTION || 'health';
  await step(`callFunction ${pingFunction}`, async () => {
    const res = await cloud.callFunction({ name: pingFunction, data: { action: 'ping' } });
    assert.equal(res.result.ok, true);
  });

  await step('openapi subscribeMessage.send', async () => {
    const res = await cloud.openapi.subscribeMessage.send({
      touser: 'o-tour-user',
      templateId: 'TEMPLATE_TICKET_UPDATE',
      page: 'pages/ticket/detail?id=1',
      data: { thing1: { value: '工单已更新' } },
    });
    assert.equal(res.errCode, 0);
    const hub = process.env.TCB_EMULATOR_HUB;
    const recorded = await fetch(`${hub}/openapi/subscribe-messages`).then((r) => r.json());
    assert.ok(recorded.messages.some((m) => m.touser === 'o-tour-user' && m.templateId === 'TEMPLATE_TICKET_UPDATE'));
  });

  await step('missing collection', async () => {
    await assert.rejects(db.collection('no_such_collection').get(), (err) => /DATABASE_COLLECTION_NOT_EXIST|-502005/.test(`${err.errCode} ${err.message}`));
  });

  console.log(`sdk tour passed ${steps.length} steps:\n  ${steps.join('\n  ')}`);
}

main().catch((err) => {
  console.error('sdk tour FAILED:', err);
  process.exit(1);
});
