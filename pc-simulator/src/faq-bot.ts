/**
 * The PC side's smart customer service (seed §5.3.6), as simple as it can be and still be believable: a
 * few FAQs matched by keywords. What it cannot answer, and every explicit request for a person, is
 * handed off to the provider who owns the customer.
 */

export interface Faq {
  id: string;
  question: string;
  keywords: string[];
  answer: string;
}

export const BOT_NAME = '智能客服小智';

export const FAQS: Faq[] = [
  {
    id: 'reset-password',
    question: '如何重置密码？',
    keywords: ['重置密码', '忘记密码', '密码忘了', '找回密码', '修改密码', '改密码'],
    answer: '登录页点击「忘记密码」，输入管理员手机号获取验证码即可重置；管理员也可以在「系统设置 → 用户管理」里为员工重置密码。',
  },
  {
    id: 'renewal',
    question: '软件到期了怎么续费？',
    keywords: ['续费', '到期', '续约', '过期', '延期'],
    answer: '到期前 30 天系统会提醒续费。您可以在「系统设置 → 授权信息」在线续费，或联系您的专属服务商办理，续费后授权自动延长，数据不受影响。',
  },
  {
    id: 'port-expansion',
    question: '端口不够用，如何扩容？',
    keywords: ['扩容', '加端口', '增加端口', '端口数', '端口不够', '加账号', '增加用户'],
    answer: '端口按年授权，可随时增购：在「授权信息」页点击「增购端口」提交需求，服务商确认后当天生效，费用按剩余授权期折算。',
  },
  {
    id: 'invoice',
    question: '怎么开发票？',
    keywords: ['发票', '开票', '报销'],
    answer: '付款后可在「订单中心」申请电子发票，1–3 个工作日发送到您预留的邮箱；需要专票请提供开票资料。',
  },
  {
    id: 'backup',
    question: '数据怎么备份和恢复？',
    keywords: ['备份', '恢复数据', '数据恢复', '导出数据'],
    answer: '系统每天凌晨自动备份并保留 30 天；管理员可在「系统设置 → 数据备份」手动备份或下载备份文件，恢复请联系服务商协助。',
  },
];

/** Words with which a customer asks for a person (「人工」 alone too, but not inside 人工智能). */
const HANDOFF_WORDS = ['转人工', '人工客服', '人工服务', '找人工', '真人客服'];

export type BotReply = { kind: 'answer'; faq: Faq } | { kind: 'handoff'; asked: boolean };

/** Punctuation and spaces don't change what was asked. */
const normalise = (text: string) => text.replace(/[\s，。？！?!,.、；;：:“”"'‘’（）()]/g, '').toLowerCase();

export function isHandoffRequest(text: string): boolean {
  const t = normalise(text);
  return t === '人工' || HANDOFF_WORDS.some((w) => t.includes(w));
}

/** An FAQ when one matches; otherwise a hand-off (`asked`: the customer asked for a person). */
export function replyTo(text: string): BotReply {
  if (isHandoffRequest(text)) return { kind: 'handoff', asked: true };
  const t = normalise(text);
  const faq = FAQS.find((f) => f.keywords.some((k) => t.includes(normalise(k))));
  return faq ? { kind: 'answer', faq } : { kind: 'handoff', asked: false };
}
