/**
 * The weapp build as WeChat DevTools would open it (the repo's project.config.json points at it): the
 * seed's page paths and the two chat pages, the five tabs with their icons, the cloud reached through
 * @partner-desk/cloud-client over wx.cloud, and none of the browser SDK. WeChat itself cannot run here;
 * this checks what can be checked statically. `npm run build:weapp` prints the package sizes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { NETWORK_ERROR_MESSAGE } from '@partner-desk/cloud-client';
import { JS_SDK_MARKER, scriptsContaining } from '../support/build-output';
import { MINIPROGRAM_ROOT, buildMiniprogram } from '../support/taro-build';

jest.setTimeout(300_000);

const REPO_ROOT = path.resolve(MINIPROGRAM_ROOT, '..');
let dist: string;
let appJson: { pages: string[]; subPackages: { root: string; pages: string[] }[]; tabBar: { list: { pagePath: string; text: string; iconPath: string; selectedIconPath: string }[] } };

beforeAll(async () => {
  ({ dir: dist } = await buildMiniprogram('weapp'));
  appJson = JSON.parse(fs.readFileSync(path.join(dist, 'app.json'), 'utf8'));
});

test('When built for weapp, then app.json lists the seed pages at their exact paths, login first, and the chat and admin pages in subpackages at theirs', () => {
  expect(appJson.pages).toEqual([
    'pages/login/index',
    'pages/index/index',
    'pages/customer/list',
    'pages/customer/detail',
    'pages/ticket/list',
    'pages/ticket/detail',
    'pages/message/index',
    'pages/profile/index',
  ]);
  expect(appJson.subPackages).toEqual([
    { root: 'pages/chat', pages: ['list', 'detail'] },
    { root: 'pages/admin', pages: ['password-resets', 'invites'] },
  ]);
  const allPages = [...appJson.pages, ...appJson.subPackages.flatMap((sub) => sub.pages.map((page) => `${sub.root}/${page}`))];
  expect(allPages.slice(8)).toEqual(['pages/chat/list', 'pages/chat/detail', 'pages/admin/password-resets', 'pages/admin/invites']);
  for (const page of allPages) {
    for (const ext of ['.js', '.json', '.wxml']) expect([page + ext, fs.existsSync(path.join(dist, page + ext))]).toEqual([page + ext, true]);
  }
  const titles = allPages.map((page) => JSON.parse(fs.readFileSync(path.join(dist, `${page}.json`), 'utf8')).navigationBarTitleText);
  expect(titles).toEqual(['登录', '工作台', '客户列表', '客户详情', '工单列表', '工单详情', '消息中心', '我的', '咨询', '咨询详情', '密码重置申请', '邀请码']);
});

test('When built for weapp, then the tab bar has 工作台 · 客户 · 工单 · 消息 · 我的, each with two PNG icons under 40 KB', () => {
  expect(appJson.tabBar.list.map((tab) => [tab.text, tab.pagePath])).toEqual([
    ['工作台', 'pages/index/index'],
    ['客户', 'pages/customer/list'],
    ['工单', 'pages/ticket/list'],
    ['消息', 'pages/message/index'],
    ['我的', 'pages/profile/index'],
  ]);
  const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  for (const icon of appJson.tabBar.list.flatMap((tab) => [tab.iconPath, tab.selectedIconPath])) {
    const file = path.join(dist, icon);
    const bytes = fs.readFileSync(file);
    expect([icon, bytes.subarray(0, 8).equals(PNG_SIGNATURE), bytes.length < 40 * 1024]).toEqual([icon, true, true]);
  }
});

test('When built for weapp, then the cloud client is in the bundle and the browser SDK is not', () => {
  expect(scriptsContaining(dist, NETWORK_ERROR_MESSAGE).length).toBeGreaterThan(0);
  expect(scriptsContaining(dist, JS_SDK_MARKER)).toEqual([]);
});

test('When WeChat DevTools opens the repo, then project.config.json points at this build and at the function bundles', () => {
  const project = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'project.config.json'), 'utf8'));
  expect(path.resolve(REPO_ROOT, project.miniprogramRoot)).toBe(dist);
  expect(project.cloudfunctionRoot).toBe('build/functions/');
  expect(project.compileType).toBe('miniprogram');
});
