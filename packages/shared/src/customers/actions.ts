import { defineTenantAction } from '../tenant-action';
import { toCustomerDetail, toCustomerListItem, toTicketItem, toTicketSummary } from './customer-view';
import { planCustomerList } from './list-plan';
import { customersRepository } from './repository';
import {
  customerIdSchema,
  customerTicketsSchema,
  listCustomersSchema,
  type CustomerDetailResult,
  type CustomerListResult,
  type CustomerTicketsResult,
  type UsageScoreActionResult,
} from './schemas';
import { computeUsageScore, usageHistoryStart } from './usage-score';

const OPEN_TICKETS_SHOWN = 5;
const NOT_OWN_CUSTOMER = { NOT_FOUND: '客户不存在或不属于当前服务商' };

/**
 * customers: the provider's own customers. Every action reads the session, then does its reads in one
 * parallel round (a customer of another provider reads as missing: NOT_FOUND).
 */
export const customersActions = {
  list: defineTenantAction(
    listCustomersSchema,
    async ({ page, pageSize, ...filters }, session): Promise<CustomerListResult> => {
      const result = await customersRepository(session).listCustomers(planCustomerList(filters), { page, pageSize });
      return { customers: result.items.map(toCustomerListItem), total: result.total, page, pageSize };
    },
    {
      doc: {
        summary: '本服务商的客户列表：按状态（到期早的在前）、地区、是否有未解决问题、名称关键字（不区分大小写，按字面匹配）筛选；联系人与电话脱敏。',
        result:
          '{ customers: [{ id, name, region, industry, softwareVersion, portCount, status, statusLabel, usageScore, unresolvedIssues, hasUnresolved, expiryDate, contactPerson(脱敏), phone(脱敏), lastActiveTime }], total, page, pageSize }',
      },
    },
  ),

  detail: defineTenantAction(
    customerIdSchema,
    async ({ id }, session): Promise<CustomerDetailResult> => {
      const repo = customersRepository(session);
      // Tickets are scoped by provider too, so reading them alongside can't leak another provider's data.
      const [customer, openTickets] = await Promise.all([repo.getCustomer(id), repo.openTickets(id, OPEN_TICKETS_SHOWN)]);
      return { customer: toCustomerDetail(customer), openTickets: openTickets.map(toTicketSummary) };
    },
    {
      doc: {
        summary: '客户详情（seed §4.1 全部字段，联系人/电话/邮箱明文，仅归属服务商可见）及最多 5 条待处理/处理中的工单。',
        result:
          '{ customer: { id, externalId, name, contactPerson, phone, email, region, industry, softwareVersion, portCount, purchaseDate, expiryDate, status, statusLabel, serviceProviderId, serviceProviderName, usageScore, unresolvedIssues, lastActiveTime, createdAt, updatedAt }, openTickets: [{ id, ticketNo, title, status, type, createdAt }] }',
        errors: NOT_OWN_CUSTOMER,
      },
    },
  ),

  tickets: defineTenantAction(
    customerTicketsSchema,
    async ({ id, status, page, pageSize }, session): Promise<CustomerTicketsResult> => {
      const repo = customersRepository(session);
      const [, result] = await Promise.all([repo.assertCustomerExists(id), repo.customerTickets(id, status, { page, pageSize })]);
      return { tickets: result.items.map(toTicketItem), total: result.total, page, pageSize };
    },
    {
      doc: {
        summary: '某客户的工单（新建时间倒序），可按状态筛选。',
        result: '{ tickets: [{ id, ticketNo, title, status, type, priority, escalationStatus, assigneeName, createdAt, updatedAt, resolvedAt }], total, page, pageSize }',
        errors: NOT_OWN_CUSTOMER,
      },
    },
  ),

  usageScore: defineTenantAction(
    customerIdSchema,
    async ({ id }, session): Promise<UsageScoreActionResult> => {
      const repo = customersRepository(session);
      const now = new Date();
      const [customer, records] = await Promise.all([repo.assertCustomerExists(id), repo.usageSince(id, usageHistoryStart(now))]);
      return computeUsageScore(records, customer.portCount, now);
    },
    {
      doc: {
        summary: '使用深度评分：由近30天每日使用数据算出（坐席使用率 0.35、登录频次 0.25、功能覆盖 0.2、业务活跃度 0.2，另按最近活跃加减分），并与前30天比较得出趋势。',
        result:
          '{ score, level (high|medium|low), levelLabel (高|中|低), components: [{ key, label, weight, value, unit, score, contribution, explanation }], trend: { direction (up|down|flat), delta, previousScore|null }, computedAt }',
        errors: NOT_OWN_CUSTOMER,
      },
    },
  ),
};
