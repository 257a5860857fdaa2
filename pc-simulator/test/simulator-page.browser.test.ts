/**
 * The simulator's page in headless Debian chromium (1280×800): a customer types a question the FAQ bot
 * cannot answer, the bot hands off, and the message arrives at a stub of our gateway signed and valid
 * (checked with the protocol package's verifyRequest); a provider reply sent to the webhook shows in the
 * open page without a reload (server-sent events); on the HQ desk an escalation shows its transcript and
 * 「标记已解决」 sends ticket.updated. Hostile text from a webhook stays text. No page error, no CSP violation.
 */
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../emulator/test/browser/chromium';
import type { PcSimulator } from '../src/simulator';
import { chatReply, postWebhook, StubGateway, startTestSimulator } from './support';

const XSS = '<img src=x onerror="window.__xss=1">';

let browser: Browser;
let page: Page;
let gateway: StubGateway;
let simulator: PcSimulator;
const problems: string[] = [];

jest.setTimeout(60_000);

beforeAll(async () => {
  browser = await launchChromium();
  gateway = await new StubGateway().start();
  simulator = await startTestSimulator({ gatewayUrl: gateway.url });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console.error: ${m.text()}`));
});

afterAll(async () => {
  await browser?.close();
  await simulator?.stop();
  await gateway?.stop();
});

test('When a customer asks something the bot cannot answer, then the bot hands off, the message reaches the gateway signed and valid, and the provider reply appears live', async () => {
  await page.goto(`${simulator.url}/#/chat`);
  await page.getByTestId('customer-search').fill('云栖');
  await page.locator('[data-testid=customer-item][data-id=K00100008]').click();
  await page.getByTestId('chat-mode').getByText('智能客服').waitFor();

  // An FAQ first: answered by the bot, nothing sent.
  await page.getByTestId('composer').fill('忘记密码怎么办');
  await page.getByTestId('composer').press('Enter');
  await page.getByTestId('msg-bot').getByText('忘记密码', { exact: false }).first().waitFor();
  expect(gateway.requests).toHaveLength(0);

  await page.getByTestId('composer').fill('打印模板在新版本里错位了');
  await page.getByTestId('send').click();
  await page.getByTestId('chat-mode').getByText('人工服务').waitFor();
  await gateway.waitForRequests(1);
  const [request] = gateway.requests;
  expect(request.verification.ok).toBe(true);
  expect(request.verification.ok && request.verification.body).toMatchObject({
    type: 'consultation.message',
    data: { customerExternalId: 'K00100008', customerName: '杭州云栖科技有限公司', content: '打印模板在新版本里错位了' },
  });
  await page.locator('[data-testid=messages] [data-testid=delivery-state][data-state=delivered]').waitFor();
  expect(await page.getByTestId('composer').inputValue()).toBe('');

  // Our outbox delivers the provider's answer to the webhook: the open page shows it without a reload.
  const reply = chatReply('您好，请在「打印设置」里重新选择模板即可', 'cm_live', 'K00100008');
  expect((await postWebhook(simulator, reply)).status).toBe(200);
  await page.getByTestId('msg-provider').getByText('重新选择模板', { exact: false }).waitFor({ timeout: 5000 });
  await expect(page.getByTestId('msg-provider').locator('.meta').textContent()).resolves.toContain('上海云帆信息技术有限公司 · 张客服');

  // Text from outside stays text.
  await postWebhook(simulator, chatReply(XSS, 'cm_xss', 'K00100008'));
  await page.getByTestId('msg-provider').getByText(XSS).waitFor();
  expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined();
});

test('When HQ opens an escalated chat, then it sees the transcript, and 「标记已解决」 with a note sends ticket.updated to the gateway', async () => {
  await postWebhook(simulator, {
    type: 'chat.escalated',
    data: {
      customerExternalId: 'K00100008',
      ticketId: 'tk_browser',
      ticketNo: 'GD20261206-0042',
      customerName: '杭州云栖科技有限公司',
      providerName: '上海云帆信息技术有限公司',
      reason: '模板需要总部研发调整',
      content: '打印模板错位，服务商无法处理',
      transcript: [
        { senderType: 'customer', content: '打印模板在新版本里错位了', timestamp: new Date(Date.now() - 60_000).toISOString() },
        { senderType: 'service_provider', content: '我帮您升级给总部', timestamp: new Date().toISOString() },
      ],
    },
    occurredAt: new Date().toISOString(),
  });
  await page.goto(`${simulator.url}/#/hq`);
  await page.locator('[data-testid=hq-case][data-ticket=tk_browser]').click();
  await page.getByTestId('hq-transcript').getByText('我帮您升级给总部').waitFor();
  await page.getByTestId('hq-note').fill('总部已修复模板');
  const before = gateway.requests.length;
  await page.getByTestId('hq-resolve').click();
  await gateway.waitForRequests(before + 1);
  const sent = gateway.requests[before].verification;
  expect(sent.ok && sent.body).toEqual({ type: 'ticket.updated', data: { ticketId: 'tk_browser', status: 'resolved', note: '总部已修复模板', operatorName: '总部 李工' }, occurredAt: expect.any(String) });
  await page.getByTestId('hq-detail').getByTestId('case-status').getByText('已解决').waitFor();
  expect(problems).toEqual([]);
});

test('When the outage switch is flipped on the page, then the webhook answers 500 until it is switched back', async () => {
  await page.goto(`${simulator.url}/#/hq`);
  await page.locator('[data-testid=webhook-mode] button[data-mode=error500]').click();
  await page.locator('[data-testid=webhook-mode] button[data-mode=error500].on').waitFor();
  expect((await postWebhook(simulator, chatReply('宕机中'))).status).toBe(500);
  await page.getByTestId('count-outage').getByText('1').waitFor();
  await page.locator('[data-testid=webhook-mode] button[data-mode=normal]').click();
  await page.locator('[data-testid=webhook-mode] button[data-mode=normal].on').waitFor();
  expect((await postWebhook(simulator, chatReply('恢复了'))).status).toBe(200);
  expect(problems).toEqual([]);
});
