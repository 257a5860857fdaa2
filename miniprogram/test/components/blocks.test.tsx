/** The small building blocks the pages are made of, as they render in the H5 build. */
import { screen } from '@testing-library/react';
import { BarChart } from '../../src/components/bar-chart';
import { FieldSet, FormField } from '../../src/components/form-field';
import { ImageGrid } from '../../src/components/image-grid';
import { InfoList } from '../../src/components/info-list';
import { CustomerStatusTag, EscalatedTag, PriorityTag, TicketStatusTag } from '../../src/components/status-tag';
import { Timeline } from '../../src/components/timeline';
import { renderPage } from '../support/render-page';

const texts = (selector: string) => Array.from(document.querySelectorAll(selector)).map((el) => el.textContent);

test('When statuses are tagged, then each reads its Chinese label; escalation shows only when escalated, priority only when it stands out', () => {
  renderPage(
    <>
      <CustomerStatusTag status='active' />
      <CustomerStatusTag status='expiring' />
      <CustomerStatusTag status='expired' />
      <TicketStatusTag status='open' />
      <TicketStatusTag status='processing' />
      <TicketStatusTag status='resolved' />
      <EscalatedTag status='escalated' />
      <EscalatedTag status='normal' />
      <PriorityTag priority='urgent' />
      <PriorityTag priority='normal' />
    </>,
    '/pages/customer/list',
  );
  expect(texts('.status-tag')).toEqual(['活跃', '即将到期', '已过期', '待处理', '处理中', '已解决', '已升级', '紧急优先级']);
});

test('When a timeline is drawn, then its steps keep their order with title, time and content', () => {
  renderPage(
    <Timeline
      items={[
        { key: 'h3', title: '已解决', time: '2026-12-07 10:00', content: '已远程修复', tone: 'success' },
        { key: 'h2', title: '回复', time: '2026-12-06 15:20', content: '正在排查' },
        { key: 'h1', title: '创建工单', time: '2026-12-06 09:00' },
      ]}
    />,
    '/pages/ticket/detail',
  );
  expect(texts('.timeline__title')).toEqual(['已解决', '回复', '创建工单']);
  expect(texts('.timeline__time')).toEqual(['2026-12-07 10:00', '2026-12-06 15:20', '2026-12-06 09:00']);
  expect(texts('.timeline__content')).toEqual(['已远程修复', '正在排查']);
  // The last step has no line after it.
  expect(document.querySelectorAll('.timeline__line')).toHaveLength(2);
});

test('When bars are drawn, then each is as long as its share of the maximum (clamped) with its value written', () => {
  renderPage(
    <BarChart
      items={[
        { key: 'seats', label: '坐席使用率', value: 82, note: '权重 35%' },
        { key: 'logins', label: '登录频次', value: 40.5, display: '40.5' },
        { key: 'odd', label: '超出', value: 130 },
      ]}
    />,
    '/pages/customer/detail',
  );
  const widths = Array.from(document.querySelectorAll<HTMLElement>('.bar-chart__bar')).map((bar) => bar.style.width);
  expect(widths).toEqual(['82%', '40.5%', '100%']);
  expect(texts('.bar-chart__value')).toEqual(['82', '40.5', '130']);
  expect(screen.getByText('权重 35%')).toBeTruthy();
});

test('When a form or a detail lists fields, then errors, hints and empty values read in Chinese', () => {
  renderPage(
    <>
      <FieldSet error='账号或密码错误'>
        <FormField label='账号' error='请输入账号'>
          <input />
        </FormField>
        <FormField label='密码' hint='8–64 位，须同时包含字母和数字'>
          <input />
        </FormField>
      </FieldSet>
      <InfoList rows={[{ label: '联系人', value: '' }, { label: '地区', value: '上海' }]} />
    </>,
    '/pages/profile/index',
  );
  expect(screen.getByRole('alert').textContent).toBe('账号或密码错误');
  expect(texts('.form-field__error')).toEqual(['请输入账号']);
  expect(texts('.form-field__hint')).toEqual(['8–64 位，须同时包含字母和数字']);
  expect(texts('.info-list__value')).toEqual(['未填写', '上海']);
});

test('When screenshots are shown, then each is a thumbnail of its URL and a deleted one keeps its place with a note', () => {
  renderPage(
    <ImageGrid
      images={[
        { fileID: 'cloud://demo.bucket/uploads/u_1/202612/a.jpg', url: 'http://127.0.0.1:4408/a.jpg?sign=1' },
        { fileID: 'cloud://demo.bucket/uploads/u_1/202612/b.png', url: null },
      ]}
    />,
    '/pages/ticket/detail',
  );
  expect(Array.from(document.querySelectorAll('.image-grid__item')).map((el) => el.getAttribute('src'))).toEqual(['http://127.0.0.1:4408/a.jpg?sign=1', null]);
  expect(screen.getByText('图片已删除')).toBeTruthy();
});
