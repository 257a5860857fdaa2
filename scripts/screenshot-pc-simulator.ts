/**
 * Remakes the simulator's pictures in docs/images/pc-simulator-*.png (README, docs/pc-protocol.md): the
 * product's emulators on free ports with the demo seed, the simulator loaded from them, a stub of our gateway
 * that takes every signed delivery, then a short story told through the page's API and signed webhooks —
 * a customer handed off to their provider who answers, an escalation HQ is working on, a bounce, an edit —
 * and each page photographed at 1280×800 in Debian's chromium.
 *
 *   npm run build && npx tsx scripts/screenshot-pc-simulator.ts [--out docs/images]
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { engineSink, generateSeed, SCALES } from '@partner-desk/seed';
import { startEmulators } from '../emulator/src/suite';
import { FREE_PORTS } from '../emulator/src/constants';
import { launchChromium } from '../emulator/test/browser/chromium';
import { loadFromEmulator } from '../pc-simulator/src/seed-from-emulator';
import { PcSimulator } from '../pc-simulator/src/simulator';
import { pageApi, postWebhook, SECRET, StubGateway } from '../pc-simulator/test/support';
import { shoot } from './screenshot-console';

const ROOT = path.resolve(__dirname, '..');

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

/** Waits until `ready()` holds (deliveries are asynchronous), for at most 10 s. */
async function waitUntil(ready: () => boolean | Promise<boolean>): Promise<void> {
  for (const until = Date.now() + 10_000; !(await ready()); ) {
    if (Date.now() > until) throw new Error('the story did not reach the expected state in 10 s');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

async function tellTheStory(simulator: PcSimulator, gateway: StubGateway): Promise<{ customer: string; ticketId: string }> {
  const customer = 'K00100001';
  const { body } = await pageApi(simulator, 'GET', `/customers/${customer}`);
  const name: string = body.customer.name;
  const provider = simulator.store.state.providers.find((p) => p.code === body.customer.providerExternalId)!;
  const say = (id: string, content: string) => pageApi(simulator, 'POST', `/chat/${id}/messages`, { content });

  await say(customer, '如何重置密码？');
  await say(customer, '新版本的打印模板错位了，单据打出来对不齐，能帮忙看看吗？');
  await waitUntil(() => gateway.events.length === 1);
  const reply = (content: string, messageId: string) =>
    postWebhook(simulator, {
      type: 'chat.reply',
      data: { customerExternalId: customer, messageId, content, providerId: 'sp_s1_03', providerName: provider.name, senderName: '王客服', sentAt: new Date().toISOString() },
      occurredAt: new Date().toISOString(),
    });
  await reply('您好，我是王客服。请在「打印设置 → 模板」里重新选择新版单据模板，再打印一张试试。', 'cm_demo_1');
  await say(customer, '试过了还是偏左两厘米，急用');
  await waitUntil(() => gateway.events.length === 2);
  await reply('收到，这个需要总部调整模板，我已为您升级，总部处理后会第一时间通知您。', 'cm_demo_2');

  const ticketId = 'tk_demo_chat_0001';
  await postWebhook(simulator, {
    type: 'chat.escalated',
    data: {
      customerExternalId: customer,
      ticketId,
      ticketNo: 'GD20261206-0007',
      customerName: name,
      providerName: provider.name,
      reason: '单据模板错位，需要总部研发调整模板',
      content: '客户升级到新版本后单据模板整体偏左约 2 厘米，重新选择模板无效。',
      transcript: [
        { senderType: 'customer', content: '新版本的打印模板错位了，单据打出来对不齐，能帮忙看看吗？', timestamp: minutesAgo(6) },
        { senderType: 'service_provider', content: '请在「打印设置 → 模板」里重新选择新版单据模板，再打印一张试试。', timestamp: minutesAgo(5) },
        { senderType: 'customer', content: '试过了还是偏左两厘米，急用', timestamp: minutesAgo(3) },
        { senderType: 'service_provider', content: '收到，这个需要总部调整模板，我已为您升级。', timestamp: minutesAgo(1) },
      ],
    },
    occurredAt: new Date().toISOString(),
  });
  await postWebhook(simulator, {
    type: 'ticket.escalated',
    data: {
      ticketId: 'tk_demo_0002',
      ticketNo: 'GD20261206-0003',
      customerExternalId: 'K00100631',
      customerName: simulator.store.state.customers.find((c) => c.externalId === 'K00100631')?.name,
      title: '月结报表导出失败',
      content: '导出 Excel 时提示 E102，重装后仍然失败',
      type: 'system_issue',
      reason: '需要总部研发排查日志',
      processingHistory: [
        { action: 'create', operatorName: '李客服', content: '客户反馈报表导出失败', timestamp: minutesAgo(90) },
        { action: 'escalate', operatorName: '李客服', content: '需要总部研发排查日志', timestamp: minutesAgo(40) },
      ],
    },
    occurredAt: minutesAgo(40),
  });
  await postWebhook(simulator, {
    type: 'chat.bounced',
    data: { customerExternalId: 'K00101261', conversationId: 'K00101261', waitingSince: minutesAgo(14), reason: '服务商 10 分钟内未回复', customerName: simulator.store.state.customers.find((c) => c.externalId === 'K00101261')?.name },
    occurredAt: minutesAgo(4),
  });
  await pageApi(simulator, 'POST', `/hq/tickets/${ticketId}/status`, { status: 'processing', note: '已转研发，预计今天 18:00 前发布修正模板', operatorName: '总部 李工' });
  await waitUntil(() => gateway.events.length === 3);

  // The gateway is briefly down for another customer's message: its delivery is being retried.
  gateway.answers = [503, 503, 503, 503, 503, 503, 503, 503];
  await say('K00100631', '转人工');
  await waitUntil(async () => (await pageApi(simulator, 'GET', '/outgoing?customer=K00100631')).body.deliveries[0].attempts >= 2);

  await pageApi(simulator, 'PUT', `/customers/${customer}`, { portCount: 30, usage: { date: new Date().toISOString().slice(0, 10), activeUsers: 18, logins: 52, modulesUsed: 6, documentsCreated: 140 } });
  return { customer, ticketId };
}

async function main(): Promise<void> {
  const outDir = path.resolve(ROOT, option('--out', 'docs/images'));
  fs.mkdirSync(outDir, { recursive: true });
  process.env.PD_FIELD_KEY ??= randomBytes(32).toString('base64');
  const browser = await launchChromium();
  const emu = await startEmulators({ root: ROOT, ports: FREE_PORTS, timers: false, envId: 'demo-partner-desk' });
  const gateway = await new StubGateway().start();
  const simulator = new PcSimulator({ secret: SECRET, port: 0, gatewayUrl: gateway.url, retry: { baseDelayMs: 300, maxDelayMs: 2000 }, log: () => {} });
  try {
    await generateSeed({ seed: 1, ...SCALES.default, now: new Date() }, engineSink(emu.database));
    await simulator.start();
    simulator.seed(await loadFromEmulator(emu.console.getInfo().url), 'the emulator console');
    const { customer, ticketId } = await tellTheStory(simulator, gateway);

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    await page.goto(`${simulator.url}/#/chat/${customer}`);
    await page.getByTestId('msg-provider').nth(1).waitFor();
    await shoot(page, path.join(outDir, 'pc-simulator-chat.png'));

    await page.goto(`${simulator.url}/#/hq/${ticketId}`);
    await page.getByTestId('hq-transcript').waitFor();
    await page.getByTestId('hq-note').fill('模板已修正，请客户更新后重新打印');
    await shoot(page, path.join(outDir, 'pc-simulator-hq.png'));

    await page.goto(`${simulator.url}/#/customers/${customer}`);
    await page.getByTestId('field-name').waitFor();
    await shoot(page, path.join(outDir, 'pc-simulator-customers.png'));

    await page.goto(`${simulator.url}/#/log`);
    await page.getByTestId('log-received').locator('tbody tr').first().click();
    await page.locator('pre.json').waitFor();
    await shoot(page, path.join(outDir, 'pc-simulator-log.png'));
  } finally {
    await browser.close();
    await simulator.stop();
    await gateway.stop();
    await emu.stop();
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
