import type { ActionDoc } from '../action';

/** What docs/api.md says about each tickets action (scripts/generate-api-docs.ts renders it). */
export const ticketsDocs = {
  list: {
    summary: '本服务商的工单列表，按最近更新倒序；可按状态、类型、升级状态、处理人筛选；keyword 为工单号（GD20261205-0001，精确）或标题片段（不区分大小写，按字面匹配）。',
    result: '{ tickets: [{ id, ticketNo, title, customerId, customerName, type, priority, status, escalationStatus, assigneeName, createdAt, updatedAt }], total, page, pageSize }',
  },
  detail: {
    summary: '工单详情（seed §4.2），含处理记录 processingHistory（时间为 ISO 字符串）与当前状态允许的操作 allowedActions。',
    result:
      '{ ticket: { id, ticketNo, serviceProviderId, customerId, customerName, title, content, type, priority, status, escalationStatus, escalationReason, escalatedAt, assigneeId, assigneeName, images, source, createdAt, updatedAt, resolvedAt, processingHistory: [{ id, operatorId, operatorName, action, content, timestamp, images? }], allowedActions } }',
    errors: { NOT_FOUND: '工单不存在或属于其他服务商' },
  },
  create: {
    summary: '为本服务商的客户创建工单：编号 GD<yyyymmdd>-<nnnn>（按服务商按天递增），状态 open；同一事务内写入工单与创建记录、客户未解决问题数 +1；随后生成一条工单更新消息。',
    result: '{ ticketId, ticketNo }',
    errors: { NOT_FOUND: '客户不存在或属于其他服务商', CONFLICT: '并发冲突重试后仍失败，请重试' },
  },
  reply: {
    summary: '回复工单：追加一条 reply 处理记录；待处理（open）的工单转为处理中，无处理人时回复者成为处理人。',
    result: '{}',
    errors: { NOT_FOUND: '工单不存在或属于其他服务商', FAILED_PRECONDITION: '工单已解决', CONFLICT: '并发冲突重试后仍失败，请重试' },
  },
  resolve: {
    summary: '标记为已解决：记录 resolvedAt 与 resolve 处理记录，客户未解决问题数 −1（不低于 0）；已升级的工单同时排队通知 PC 端（outbox ticket.resolved），由咨询升级来的工单使该会话可再次升级。',
    result: '{}',
    errors: { NOT_FOUND: '工单不存在或属于其他服务商', FAILED_PRECONDITION: '工单已解决', CONFLICT: '并发冲突重试后仍失败，请重试' },
  },
  escalate: {
    summary: '升级工单到总部：escalationStatus 变为 escalated，记录原因、时间与 escalate 处理记录，并在同一事务内排队通知 PC 端（outbox ticket.escalated，由投递定时器发送）。',
    result: '{}',
    errors: { NOT_FOUND: '工单不存在或属于其他服务商', FAILED_PRECONDITION: '工单已升级或已解决', CONFLICT: '并发冲突重试后仍失败，请重试' },
  },
} satisfies Record<string, ActionDoc>;
