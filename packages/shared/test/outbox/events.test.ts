import { outboundEventSchema } from '@partner-desk/pc-protocol';
import { chatBouncedEntry, chatEscalatedEntry, chatReplyEntry, OutboundEventError, ticketResolvedEntry } from '../../src/outbox/events';

const customer = { _id: 'cu_1', externalId: 'K00100001', name: '天津瑞丰医药有限公司', serviceProviderName: '天津数创信息科技有限公司' };
const at = new Date('2026-12-06T02:03:00Z');

describe('outbound event bodies', () => {
  test('When a reply is queued, then its body is pc-protocol’s chat.reply naming the customer by the vendor’s id; an image-only reply reads [图片] and keeps its fileIDs aside', () => {
    const entry = chatReplyEntry(customer, { _id: 'cm_1', content: '', senderName: '王客服', timestamp: at, images: ['cloud://env.bucket/uploads/u/202612/a.png'], serviceProviderId: 'sp_1' });
    expect(entry).toEqual({
      customerId: 'cu_1',
      relatedId: 'cm_1',
      attachments: ['cloud://env.bucket/uploads/u/202612/a.png'],
      event: {
        type: 'chat.reply',
        occurredAt: '2026-12-06T02:03:00.000Z',
        data: { customerExternalId: 'K00100001', messageId: 'cm_1', content: '[图片]', providerId: 'sp_1', providerName: '天津数创信息科技有限公司', senderName: '王客服', sentAt: '2026-12-06T02:03:00.000Z' },
      },
    });
    expect(outboundEventSchema.parse(entry.event)).toEqual(entry.event);
  });

  test('When a chat is escalated, then the transcript is oldest first, both sides, image-only lines as [图片]', () => {
    const transcript = [
      { senderType: 'service_provider' as const, content: '', images: ['cloud://x'], timestamp: new Date('2026-12-06T02:05:00Z') },
      { senderType: 'customer' as const, content: '模板错位', timestamp: new Date('2026-12-06T02:00:00Z') },
    ];
    const entry = chatEscalatedEntry(customer, { _id: 'tk_1', ticketNo: 'GD20261206-0001', content: '需总部修复' }, '超出处理范围', transcript, at);
    expect(entry.event.data.transcript).toEqual([
      { senderType: 'customer', content: '模板错位', timestamp: '2026-12-06T02:00:00.000Z' },
      { senderType: 'service_provider', content: '[图片]', timestamp: '2026-12-06T02:05:00.000Z' },
    ]);
    expect(outboundEventSchema.parse(entry.event)).toEqual(entry.event);
  });

  test('When a body would break the protocol (a customer without a vendor id, a reason too long), then it is refused before anything is queued', () => {
    expect(() => chatReplyEntry({ ...customer, externalId: '' }, { _id: 'cm_1', content: 'x', senderName: 'a', timestamp: at, serviceProviderId: 'sp_1' })).toThrow(OutboundEventError);
    expect(() => chatBouncedEntry(customer, { _id: 'conv_cu_1', waitingSince: at }, 'x'.repeat(501), at)).toThrow(/chat\.bounced does not match the protocol: reason/);
    expect(ticketResolvedEntry(customer, { _id: 'tk_1', ticketNo: 'GD1' }, null, '王客服', at).event.data).toMatchObject({ note: null, resolvedAt: '2026-12-06T02:03:00.000Z' });
  });
});
