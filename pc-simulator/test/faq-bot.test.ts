/** The FAQ bot: what it answers, and what it hands to the provider (seed §5.3.6 smart customer service). */
import { FAQS, isHandoffRequest, replyTo } from '../src/faq-bot';

describe('the FAQ bot', () => {
  test('When a customer asks one of the FAQs in their own words, then that FAQ answers', () => {
    const answered = (text: string) => {
      const reply = replyTo(text);
      return reply.kind === 'answer' ? reply.faq.id : reply.kind;
    };
    expect(answered('如何重置密码？')).toBe('reset-password');
    expect(answered('员工忘记密码了')).toBe('reset-password');
    expect(answered('软件快到期了，怎么续费')).toBe('renewal');
    expect(answered('端口 不够 用了')).toBe('port-expansion');
    expect(answered('想加端口')).toBe('port-expansion');
    expect(answered('发票怎么开')).toBe('invoice');
    expect(answered('数据怎么备份？')).toBe('backup');
    for (const faq of FAQS) expect(answered(faq.question)).toBe(faq.id);
  });

  test('When nothing matches, then the customer is handed off (not asked for it); a request for a person is a hand-off that was asked', () => {
    expect(replyTo('打印模板错位了')).toEqual({ kind: 'handoff', asked: false });
    expect(replyTo('转人工')).toEqual({ kind: 'handoff', asked: true });
    expect(replyTo('我要找人工客服，密码重置不了')).toEqual({ kind: 'handoff', asked: true });
    expect(isHandoffRequest('请帮我 转 人工！')).toBe(true);
    expect(isHandoffRequest('人工。')).toBe(true);
    expect(isHandoffRequest('人工智能模块怎么用')).toBe(false);
  });
});
