/*
 * The PC-side simulator's page: plain DOM, no framework, nothing fetched from elsewhere. Four views over
 * /api/* (pc-simulator/src/page-api.ts), each mounted once per navigation and refreshed in place when the
 * server says something changed (/api/stream, server-sent events), so typing is never wiped by an update.
 * Everything shown that came from outside (webhook bodies, names) goes in as text, never as HTML.
 */
'use strict';

(() => {
  const main = document.getElementById('main');
  const statusBar = document.getElementById('status');
  const toastBox = document.getElementById('toast');

  const ui = {
    view: null,
    param: null,
    overview: null,
    chatQuery: '',
    customersQuery: '',
    customersProvider: '',
    customersPage: 1,
    hqFilter: 'all',
    operatorName: '总部 李工',
    hqNote: '',
    logSelected: null,
  };

  // ---------------------------------------------------------------- helpers

  /** h('div', { class: 'x', onclick: fn, dataset: { id } }, 'text', child …): text children are text nodes. */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') el.className = value;
      else if (key === 'dataset') Object.assign(el.dataset, value);
      else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
      else if (key === 'value') el.value = value;
      else el.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  function fill(el, ...children) {
    el.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  }

  class ApiError extends Error {
    constructor(message, issues) {
      super(message);
      this.issues = issues || [];
    }
  }

  async function api(method, path, body) {
    const init = { method, headers: {} };
    if (body !== undefined) {
      init.headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const res = await fetch(`/api${path}`, init);
    const answer = await res.json().catch(() => ({}));
    if (!res.ok) throw new ApiError((answer.error && answer.error.message) || `HTTP ${res.status}`, answer.error && answer.error.issues);
    return answer;
  }

  let toastTimer;
  function toast(message, bad) {
    toastBox.textContent = message;
    toastBox.className = `toast${bad ? ' bad' : ''}`;
    toastBox.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => (toastBox.hidden = true), bad ? 6000 : 2500);
  }

  async function act(fn) {
    try {
      return await fn();
    } catch (err) {
      toast(err.message, true);
      return undefined;
    }
  }

  const CHINA = 'Asia/Shanghai';
  const timeFormat = new Intl.DateTimeFormat('zh-CN', { timeZone: CHINA, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  const dateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: CHINA, year: 'numeric', month: '2-digit', day: '2-digit' });
  const fmtTime = (iso) => (iso ? timeFormat.format(new Date(iso)).replace(/\//g, '-') : '—');
  const shortFormat = new Intl.DateTimeFormat('zh-CN', { timeZone: CHINA, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
  const fmtShort = (iso) => (iso ? shortFormat.format(new Date(iso)).replace(/\//g, '-') : '—');
  const fmtDate = (iso) => (iso ? dateFormat.format(new Date(iso)) : '');
  const today = () => dateFormat.format(new Date());

  const DELIVERY = {
    pending: ['待发送', 'warn'],
    sending: ['发送中…', 'info'],
    retrying: ['重试中', 'warn'],
    delivered: ['已送达', 'ok'],
    rejected: ['网关拒收', 'bad'],
    failed: ['发送失败', 'bad'],
  };
  function deliveryBadge(d) {
    const [label, tone] = DELIVERY[d.state] || [d.state, ''];
    const text = d.state === 'retrying' ? `${label} · 已试 ${d.attempts} 次` : d.state === 'rejected' && d.lastStatus ? `${label}（${d.lastStatus}）` : label;
    return h('span', { class: `badge ${tone}`, title: d.lastError || '', dataset: { testid: 'delivery-state', state: d.state } }, text);
  }
  const CASE_STATUS = { escalated: ['待处理', 'warn'], processing: ['处理中', 'info'], resolved: ['已解决', 'ok'] };
  const caseBadge = (status) => h('span', { class: `badge ${CASE_STATUS[status][1]}`, dataset: { testid: 'case-status' } }, CASE_STATUS[status][0]);
  const OUTCOME = { applied: ['已处理', 'ok'], duplicate: ['重复投递', 'info'], unauthorized: ['签名无效', 'bad'], malformed: ['格式错误', 'bad'], outage: ['模拟故障', 'warn'] };
  const eventCell = (type) => h('td', { class: 'stacked' }, EVENT_LABEL[type] || type, h('div', { class: 'mono faint' }, type));
  const EVENT_LABEL = {
    'chat.reply': '服务商回复',
    'chat.escalated': '咨询升级',
    'chat.bounced': '超时退回',
    'ticket.escalated': '工单升级',
    'ticket.resolved': '工单已解决',
    'consultation.message': '客户咨询',
    'ticket.updated': '总部处理',
    'customer.upserted': '客户资料',
  };
  const TICKET_TYPE = { system_issue: '系统问题', product_suggestion: '产品建议', training_implementation: '培训实施', renewal_question: '续费咨询', issue_escalation: '问题升级', complaint: '投诉' };
  const STEP = { create: '创建', reply: '回复', resolve: '解决', escalate: '升级', process: '处理', hq_update: '总部处理', reopen: '重新打开' };

  const providerName = (code) => {
    const p = ui.overview && ui.overview.providers.find((x) => x.code === code);
    return p ? p.name : code;
  };

  // ---------------------------------------------------------------- status bar

  function renderStatus(connected) {
    const o = ui.overview;
    const mode = o ? o.stats.webhook.mode : 'normal';
    fill(
      statusBar,
      h('span', null, '网关'),
      h('span', { class: 'url', title: (o && o.gatewayUrl) || '' }, (o && o.gatewayUrl) || '未配置'),
      mode === 'normal' ? h('span', { class: 'badge ok' }, 'Webhook 正常') : h('span', { class: 'badge bad' }, mode === 'error500' ? 'Webhook 返回 500' : 'Webhook 断开连接'),
      h('span', { class: `live-dot${connected ? ' on' : ''}`, title: connected ? '实时更新已连接' : '实时更新未连接' }),
    );
  }

  // ---------------------------------------------------------------- 客户咨询

  const chatView = {
    mount(customerId) {
      this.customerId = customerId;
      this.lastRendered = '';
      const search = h('input', {
        class: 'input',
        placeholder: '搜索客户名称或编号',
        value: ui.chatQuery,
        dataset: { testid: 'customer-search' },
        oninput: (e) => {
          ui.chatQuery = e.target.value;
          this.refreshPicker();
        },
      });
      this.conversations = h('div');
      this.customers = h('div');
      this.head = h('div', { class: 'panel-head chat-head' });
      this.messages = h('div', { class: 'messages', dataset: { testid: 'messages' } });
      this.deliveries = h('div', { dataset: { testid: 'chat-deliveries' } });
      this.composer = h('textarea', {
        class: 'textarea',
        rows: 3,
        placeholder: customerId ? '以客户身份输入咨询内容，Enter 发送，Shift+Enter 换行' : '请先在左侧选择客户',
        disabled: !customerId,
        dataset: { testid: 'composer' },
        onkeydown: (e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            this.send();
          }
        },
      });
      const faqs = h('div', { class: 'faq-list' });
      act(async () => {
        const { faqs: list } = await api('GET', '/faqs');
        fill(faqs, list.map((f) => h('button', { class: 'btn btn-small', disabled: !customerId, onclick: () => this.send(f.question) }, f.question)));
      });
      fill(
        main,
        h(
          'div',
          { class: 'grid chat-layout' },
          h('aside', { class: 'panel' }, h('div', { class: 'panel-head' }, h('h2', null, '选择客户')), h('div', { class: 'panel-body' }, search, this.conversations, this.customers)),
          h(
            'section',
            { class: 'panel' },
            this.head,
            this.messages,
            h(
              'div',
              { class: 'panel-foot composer' },
              this.composer,
              h(
                'div',
                { class: 'actions' },
                h('button', { class: 'btn btn-primary', disabled: !customerId, dataset: { testid: 'send' }, onclick: () => this.send() }, '发送'),
                h('button', { class: 'btn', disabled: !customerId, dataset: { testid: 'handoff' }, onclick: () => this.handoff() }, '转人工'),
                h('button', { class: 'btn', disabled: !customerId, onclick: () => this.end() }, '结束会话'),
              ),
            ),
          ),
          h(
            'aside',
            { class: 'panel' },
            h('div', { class: 'panel-head' }, h('h2', null, '智能客服')),
            h('div', { class: 'panel-body stack' }, h('div', null, h('h3', null, '常见问题（点击以客户身份提问）'), faqs), h('div', null, h('h3', null, '发往网关的投递'), this.deliveries)),
          ),
        ),
      );
      if (customerId) this.composer.focus();
    },

    async refresh() {
      await Promise.all([this.refreshPicker(), this.refreshChat()]);
    },

    async refreshPicker() {
      const q = encodeURIComponent(ui.chatQuery.trim());
      const [{ conversations }, { customers, total }] = await Promise.all([api('GET', '/conversations'), api('GET', `/customers?pageSize=30&q=${q}`)]);
      const item = (id, title, sub, right) =>
        h('li', { class: id === this.customerId ? 'selected' : '', dataset: { testid: 'customer-item', id }, onclick: () => (location.hash = `#/chat/${encodeURIComponent(id)}`) }, h('div', { class: 'title' }, h('b', null, title), right), h('div', { class: 'sub' }, sub));
      const recent = conversations.slice(0, 8);
      fill(
        this.conversations,
        recent.length ? [h('div', { class: 'section-label' }, '最近会话'), h('ul', { class: 'list' }, recent.map((c) => item(c.customerExternalId, c.customerName || c.customerExternalId, c.last ? c.last.content : '', h('span', { class: `badge ${c.mode === 'human' ? 'brand' : ''}` }, c.mode === 'human' ? '人工' : '智能'))))] : null,
      );
      fill(
        this.customers,
        h('div', { class: 'section-label' }, `全部客户（${total}）`),
        customers.length ? h('ul', { class: 'list' }, customers.map((c) => item(c.externalId, c.name, `${c.externalId} · ${c.providerName || c.providerExternalId}`))) : h('div', { class: 'empty' }, '没有匹配的客户'),
      );
    },

    async refreshChat() {
      if (!this.customerId) {
        fill(this.head, h('h2', null, '客户咨询窗口'));
        fill(this.messages, h('div', { class: 'empty' }, '从左侧选择一位客户，以客户身份咨询；智能客服答不了的问题会转给该客户的专属服务商。'));
        return;
      }
      const data = await api('GET', `/chat/${encodeURIComponent(this.customerId)}`);
      const signature = JSON.stringify([data.conversation, data.deliveries]);
      if (signature === this.lastRendered) return;
      this.lastRendered = signature;
      const { customer, conversation, deliveries } = data;
      const human = conversation && conversation.mode === 'human';
      fill(
        this.head,
        h('div', { class: 'who' }, h('b', null, customer.name), h('div', { class: 'small muted' }, `${customer.externalId} · 专属服务商 ${customer.providerName || customer.providerExternalId}（${customer.providerExternalId}）`)),
        h('span', { class: 'spacer' }),
        conversation && conversation.escalatedTicketId ? h('span', { class: 'badge warn' }, '已升级总部') : null,
        h('span', { class: `badge ${human ? 'brand' : ''}`, dataset: { testid: 'chat-mode' } }, human ? '人工服务 · 服务商接待' : '智能客服'),
      );
      const byId = new Map(deliveries.map((d) => [d.deliveryId, d]));
      const atBottom = this.messages.scrollHeight - this.messages.scrollTop - this.messages.clientHeight < 40;
      const entries = conversation ? conversation.entries : [];
      fill(
        this.messages,
        entries.length
          ? entries.map((e) => {
              const who = e.from === 'customer' ? customer.name : e.from === 'bot' ? e.senderName : e.from === 'provider' ? `${e.providerName} · ${e.senderName}` : '';
              const delivery = e.deliveryId && byId.get(e.deliveryId);
              return h(
                'div',
                { class: `msg ${e.from}`, dataset: { testid: `msg-${e.from}` } },
                e.from === 'system' ? null : h('div', { class: 'meta' }, `${who} · ${fmtTime(e.at)}`),
                h('div', { class: 'bubble' }, e.content),
                delivery ? h('div', { class: 'delivery' }, deliveryBadge(delivery)) : null,
              );
            })
          : h('div', { class: 'empty' }, '您好，我是智能客服小智，请问有什么可以帮您？'),
      );
      if (atBottom || entries.length) this.messages.scrollTop = this.messages.scrollHeight;
      fill(
        this.deliveries,
        deliveries.length
          ? deliveries
              .slice()
              .reverse()
              .map((d) =>
                h(
                  'div',
                  { class: 'small item-line' },
                  h('div', { class: 'row' }, deliveryBadge(d), h('span', { class: 'mono faint', title: d.deliveryId }, d.deliveryId.slice(0, 16))),
                  h('div', { class: 'muted' }, `${EVENT_LABEL[d.type]} · ${fmtTime(d.createdAt)} · ${d.attempts} 次`),
                  d.lastError && d.state !== 'delivered' ? h('div', { class: 'faint' }, d.lastError) : null,
                  d.state !== 'delivered' && d.state !== 'sending' ? h('button', { class: 'btn btn-small', onclick: () => act(() => api('POST', `/outgoing/${encodeURIComponent(d.deliveryId)}/retry`)) }, '立即重试') : null,
                ),
              )
          : h('div', { class: 'faint small' }, '转人工后，客户的每条消息都会签名发送到网关（consultation.message），在这里看到投递状态。'),
      );
    },

    async send(text) {
      const content = (text !== undefined ? text : this.composer.value).trim();
      if (!content || !this.customerId) return;
      const sent = await act(() => api('POST', `/chat/${encodeURIComponent(this.customerId)}/messages`, { content }));
      if (sent && text === undefined) this.composer.value = '';
      await this.refresh();
    },

    async handoff() {
      await act(() => api('POST', `/chat/${encodeURIComponent(this.customerId)}/handoff`, {}));
      await this.refresh();
    },

    async end() {
      await act(() => api('POST', `/chat/${encodeURIComponent(this.customerId)}/end`, {}));
      await this.refresh();
    },
  };

  // ---------------------------------------------------------------- 总部工作台

  const hqView = {
    mount(ticketId) {
      this.ticketId = ticketId;
      this.detailSignature = '';
      this.cases = h('div', { class: 'panel-body', dataset: { testid: 'hq-cases' } });
      this.filter = h('div', { class: 'segmented' });
      this.count = h('span', { class: 'badge' });
      this.detail = h('section', { class: 'panel', dataset: { testid: 'hq-detail' } });
      this.webhook = h('div');
      this.bounces = h('div', { dataset: { testid: 'hq-bounces' } });
      this.resolutions = h('div');
      fill(
        main,
        h(
          'div',
          { class: 'grid hq-layout' },
          h('aside', { class: 'panel' }, h('div', { class: 'panel-head' }, h('h2', null, '升级工单'), h('span', { class: 'spacer' }), this.count), h('div', { class: 'filter-bar' }, this.filter), this.cases),
          this.detail,
          h('aside', { class: 'panel' }, h('div', { class: 'panel-head' }, h('h2', null, 'Webhook 接收')), h('div', { class: 'panel-body stack' }, this.webhook, h('div', null, h('h3', null, '超时退回总部（chat.bounced）'), this.bounces), h('div', null, h('h3', null, '服务商已解决（ticket.resolved）'), this.resolutions))),
        ),
      );
    },

    async refresh() {
      const [{ cases, bounces, resolutions }, stats] = await Promise.all([api('GET', '/hq'), api('GET', '/stats')]);
      this.renderFilter();
      fill(this.count, `${cases.filter((c) => c.status !== 'resolved').length} 个待办`);
      const shown = cases.filter((c) => ui.hqFilter === 'all' || c.status === ui.hqFilter);
      fill(
        this.cases,
        shown.length
          ? h(
              'ul',
              { class: 'list' },
              shown.map((c) =>
                h(
                  'li',
                  { class: c.ticketId === this.ticketId ? 'selected' : '', dataset: { testid: 'hq-case', ticket: c.ticketId }, onclick: () => (location.hash = `#/hq/${encodeURIComponent(c.ticketId)}`) },
                  h('div', { class: 'title' }, h('b', null, c.title), caseBadge(c.status)),
                  h('div', { class: 'sub' }, `${c.ticketNo || c.ticketId} · ${c.customerName || c.customerExternalId}`),
                  h('div', { class: 'sub' }, `${c.source === 'chat' ? '咨询升级' : '工单升级'} · ${fmtTime(c.escalatedAt)}`),
                ),
              ),
            )
          : h('div', { class: 'empty' }, '暂无升级工单。服务商在小程序里升级咨询或工单后，会出现在这里。'),
      );
      const selected = cases.find((c) => c.ticketId === this.ticketId) || null;
      const signature = JSON.stringify(selected);
      if (signature !== this.detailSignature) {
        this.detailSignature = signature;
        this.renderDetail(selected);
      }
      this.renderWebhook(stats.webhook);
      fill(
        this.bounces,
        bounces.length
          ? bounces.slice(0, 20).map((b) => h('div', { class: 'small item-line' }, h('b', null, b.customerName || b.customerExternalId), h('div', { class: 'muted' }, `${b.reason}`), h('div', { class: 'faint' }, `等待自 ${fmtTime(b.waitingSince)} · 收到 ${fmtTime(b.receivedAt)}`)))
          : h('div', { class: 'faint small' }, '暂无'),
      );
      fill(
        this.resolutions,
        resolutions.length
          ? resolutions.slice(0, 20).map((r) => h('div', { class: 'small item-line' }, h('b', null, r.ticketNo || r.ticketId), h('span', { class: 'muted' }, ` · ${r.customerExternalId}`), r.note ? h('div', { class: 'muted' }, r.note) : null, h('div', { class: 'faint' }, fmtTime(r.resolvedAt))))
          : h('div', { class: 'faint small' }, '暂无'),
      );
    },

    renderFilter() {
      const options = [['all', '全部'], ['escalated', '待处理'], ['processing', '处理中'], ['resolved', '已解决']];
      fill(
        this.filter,
        options.map(([value, label]) =>
          h(
            'button',
            {
              class: ui.hqFilter === value ? 'on' : '',
              onclick: () => {
                ui.hqFilter = value;
                this.refresh();
              },
            },
            label,
          ),
        ),
      );
    },

    renderDetail(c) {
      if (!c) {
        fill(this.detail, h('div', { class: 'panel-body empty' }, '选择左侧的工单查看详情，并把处理进度（处理中 / 已解决）同步给服务商。'));
        return;
      }
      const operator = h('input', { class: 'input', value: ui.operatorName, dataset: { testid: 'hq-operator' }, oninput: (e) => (ui.operatorName = e.target.value) });
      const note = h('textarea', { class: 'textarea', rows: 2, placeholder: '处理说明（会发给服务商）', value: ui.hqNote, dataset: { testid: 'hq-note' }, oninput: (e) => (ui.hqNote = e.target.value) });
      const update = (status) =>
        act(async () => {
          await api('POST', `/hq/tickets/${encodeURIComponent(c.ticketId)}/status`, { status, operatorName: ui.operatorName, ...(ui.hqNote.trim() ? { note: ui.hqNote.trim() } : {}) });
          ui.hqNote = '';
          toast(status === 'processing' ? '已标记为处理中，正在通知服务商' : '已标记为已解决，正在通知服务商');
          await this.refresh();
        });
      fill(
        this.detail,
        h('div', { class: 'panel-head' }, h('div', null, h('div', { class: 'case-title' }, c.title), h('div', { class: 'small muted' }, `${c.ticketNo || ''} ${c.ticketId}`)), h('span', { class: 'spacer' }), caseBadge(c.status)),
        h(
          'div',
          { class: 'panel-body stack' },
          h(
            'dl',
            { class: 'meta-grid' },
            h('dt', null, '客户'),
            h('dd', null, `${c.customerName || ''}（${c.customerExternalId}）`),
            h('dt', null, '服务商'),
            h('dd', null, c.providerName || '—'),
            h('dt', null, '来源'),
            h('dd', null, c.source === 'chat' ? '咨询升级（chat.escalated）' : `工单升级（ticket.escalated）· ${TICKET_TYPE[c.ticketType] || c.ticketType || ''}`),
            h('dt', null, '升级时间'),
            h('dd', null, fmtTime(c.escalatedAt)),
            h('dt', null, '升级原因'),
            h('dd', null, c.reason),
          ),
          c.content ? h('div', null, h('h3', null, '问题描述'), h('div', { class: 'quote' }, c.content)) : null,
          c.transcript.length
            ? h('div', { dataset: { testid: 'hq-transcript' } }, h('h3', null, `咨询记录（${c.transcript.length} 条）`), h('div', { class: 'transcript' }, c.transcript.map((t) => h('div', { class: 'line' }, h('span', { class: 'muted' }, t.senderType === 'customer' ? '客户' : '服务商'), h('span', null, t.content, h('span', { class: 'faint small' }, `  ${fmtTime(t.timestamp)}`))))))
            : null,
          c.processingHistory.length ? h('div', null, h('h3', null, '服务商处理记录'), h('ul', { class: 'timeline' }, c.processingHistory.map((s) => h('li', null, h('b', null, `${STEP[s.action] || s.action} · ${s.operatorName}`), h('span', { class: 'faint small' }, `  ${fmtTime(s.timestamp)}`), h('div', { class: 'muted' }, s.content))))) : null,
          c.resolvedByProvider ? h('div', { class: 'quote' }, `服务商已于 ${fmtTime(c.resolvedByProvider.at)} 解决${c.resolvedByProvider.note ? `：${c.resolvedByProvider.note}` : ''}`) : null,
          c.updates.length
            ? h('div', null, h('h3', null, '总部处理进度（ticket.updated）'), h('ul', { class: 'timeline' }, c.updates.map((u) => h('li', null, h('b', null, `${u.status === 'processing' ? '处理中' : '已解决'} · ${u.operatorName}`), h('span', { class: 'faint small' }, `  ${fmtTime(u.at)}  `), u.delivery ? deliveryBadge(u.delivery) : null, u.note ? h('div', { class: 'muted' }, u.note) : null))))
            : null,
        ),
        c.status === 'resolved'
          ? h('div', { class: 'panel-foot small muted' }, '工单已解决。')
          : h(
              'div',
              { class: 'panel-foot' },
              h('div', { class: 'form-grid' }, h('label', { class: 'field' }, h('span', null, '处理人'), operator), h('label', { class: 'field wide' }, h('span', null, '备注'), note)),
              h(
                'div',
                { class: 'row end mt-10' },
                c.status === 'escalated' ? h('button', { class: 'btn', dataset: { testid: 'hq-processing' }, onclick: () => update('processing') }, '标记处理中') : null,
                h('button', { class: 'btn btn-primary', dataset: { testid: 'hq-resolve' }, onclick: () => update('resolved') }, '标记已解决'),
              ),
            ),
      );
    },

    renderWebhook(w) {
      const modes = [['normal', '正常'], ['error500', '返回 500'], ['close', '断开连接']];
      const counter = (value, label, testid) => h('div', { class: 'counter' }, h('b', { dataset: { testid } }, value), h('span', null, label));
      fill(
        this.webhook,
        h('h3', null, '故障开关（模拟 PC 端宕机）'),
        h(
          'div',
          { class: 'segmented', dataset: { testid: 'webhook-mode' } },
          modes.map(([mode, label]) =>
            h(
              'button',
              {
                class: `${w.mode === mode ? 'on' : ''}${mode !== 'normal' ? ' bad' : ''}`,
                dataset: { mode },
                onclick: () =>
                  act(async () => {
                    await api('PUT', '/webhook/mode', { mode });
                    await refreshAll();
                  }),
              },
              label,
            ),
          ),
        ),
        h(
          'div',
          { class: 'counters mt-12' },
          counter(w.total, '收到投递', 'count-total'),
          counter(w.distinct, '不同投递 ID', 'count-distinct'),
          counter(w.duplicates, '重复投递', 'count-duplicates'),
          counter(w.unauthorized, '签名无效 401', 'count-401'),
          counter(w.malformed, '格式错误 400', 'count-400'),
          counter(w.outage, '故障拒收', 'count-outage'),
        ),
        h('div', { class: 'hint mt-6' }, `乱序 ${w.outOfOrder} · 计数也可用 GET /api/stats 读取`),
      );
    },
  };

  // ---------------------------------------------------------------- 现有系统数据

  const customersView = {
    mount(externalId) {
      this.selected = externalId;
      this.editorSignature = null;
      const search = h('input', {
        class: 'input',
        placeholder: '搜索名称或编号',
        value: ui.customersQuery,
        oninput: (e) => {
          ui.customersQuery = e.target.value;
          ui.customersPage = 1;
          this.refresh();
        },
      });
      this.providerSelect = h('select', {
        class: 'select',
        onchange: (e) => {
          ui.customersProvider = e.target.value;
          ui.customersPage = 1;
          this.refresh();
        },
      });
      this.table = h('div', { class: 'table-wrap', dataset: { testid: 'customers-table' } });
      this.pager = h('div', { class: 'pager' });
      this.hint = h('div', { class: 'hint' });
      this.editor = h('section', { class: 'panel', dataset: { testid: 'customer-editor' } });
      fill(
        main,
        h(
          'div',
          { class: 'customers-page' },
          h(
            'section',
            { class: 'panel' },
            h('div', { class: 'panel-head' }, h('h2', null, '现有系统 · 客户与授权'), h('span', { class: 'spacer' }), h('div', { class: 'toolbar' }, search, this.providerSelect, h('button', { class: 'btn btn-primary', dataset: { testid: 'customer-new' }, onclick: () => (location.hash = '#/customers/new') }, '新增客户'))),
            h('div', { class: 'hint-bar' }, this.hint),
            this.table,
            h('div', { class: 'panel-foot' }, this.pager),
          ),
          this.editor,
        ),
      );
    },

    async refresh() {
      const o = ui.overview;
      fill(this.hint, '同步接口（需签名，见 docs/pc-protocol.md）：', h('span', { class: 'mono' }, `GET ${o ? o.existingSystemUrl : ''}/customers?updatedSince=<ISO>&page=1&pageSize=100`), '。每次保存都会更新 updatedAt，下一次 sync 即会带走这条修改。');
      fill(this.providerSelect, h('option', { value: '' }, '全部服务商'), (o ? o.providers : []).map((p) => h('option', { value: p.code, selected: ui.customersProvider === p.code }, `${p.name}（${p.code}）`)));
      const params = new URLSearchParams({ q: ui.customersQuery, provider: ui.customersProvider, page: String(ui.customersPage), pageSize: '20' });
      const { customers, total, page, pageSize } = await api('GET', `/customers?${params}`);
      const usage = (c) => (c.usage ? `${c.usage.activeUsers} 人 / ${c.usage.logins} 次` : '—');
      fill(
        this.table,
        h(
          'table',
          null,
          h('thead', null, h('tr', null, ['客户编号', '客户名称', '服务商', '版本', '端口', '购买日期', '到期日期', '最新使用', '更新时间'].map((t) => h('th', null, t)))),
          h(
            'tbody',
            null,
            customers.map((c) =>
              h(
                'tr',
                { class: c.externalId === this.selected ? 'selected' : '', dataset: { testid: 'customer-row', id: c.externalId }, onclick: () => (location.hash = `#/customers/${encodeURIComponent(c.externalId)}`) },
                h('td', { class: 'mono' }, c.externalId),
                h('td', { class: 'ellipsis', title: c.name }, c.name),
                h('td', { class: 'ellipsis narrow', title: c.providerName || '' }, c.providerExternalId),
                h('td', null, c.softwareVersion),
                h('td', { class: 'num' }, c.portCount),
                h('td', null, fmtDate(c.purchaseDate)),
                h('td', null, fmtDate(c.expiryDate)),
                h('td', null, usage(c)),
                h('td', { class: 'mono', title: c.updatedAt }, fmtShort(c.updatedAt)),
              ),
            ),
          ),
        ),
      );
      const pages = Math.max(1, Math.ceil(total / pageSize));
      const go = (p) => {
        ui.customersPage = p;
        this.refresh();
      };
      fill(this.pager, `共 ${total} 个客户 · 第 ${page} / ${pages} 页`, h('button', { class: 'btn btn-small', disabled: page <= 1, onclick: () => go(page - 1) }, '上一页'), h('button', { class: 'btn btn-small', disabled: page >= pages, onclick: () => go(page + 1) }, '下一页'));
      await this.refreshEditor();
    },

    async refreshEditor() {
      if (!this.selected) {
        if (this.editorSignature !== 'none') fill(this.editor, h('div', { class: 'panel-body empty' }, '点击左侧客户编辑授权、到期与使用数据，或新增客户。'));
        this.editorSignature = 'none';
        return;
      }
      if (this.selected === 'new') {
        if (this.editorSignature !== 'new') this.renderEditor(null);
        this.editorSignature = 'new';
        return;
      }
      const { customer } = await api('GET', `/customers/${encodeURIComponent(this.selected)}`);
      if (this.editorSignature === customer.updatedAt) return;
      this.editorSignature = customer.updatedAt;
      this.renderEditor(customer);
    },

    renderEditor(c) {
      const isNew = !c;
      const fields = {};
      const input = (name, label, value, attrs) => {
        fields[name] = h('input', { class: 'input', name, value: value === undefined || value === null ? '' : value, dataset: { testid: `field-${name}` }, ...(attrs || {}) });
        return h('label', { class: `field${attrs && attrs.wide ? ' wide' : ''}` }, h('span', null, label), fields[name]);
      };
      const providerList = h('datalist', { id: 'provider-codes' }, ((ui.overview && ui.overview.providers) || []).map((p) => h('option', { value: p.code }, p.name)));
      const u = (c && c.usage) || {};
      const issues = h('ul', { class: 'issues' });
      const body = h(
        'div',
        { class: 'panel-body' },
        h(
          'div',
          { class: 'form-grid' },
          isNew ? input('externalId', '客户编号（留空自动生成）', '') : null,
          input('providerExternalId', '服务商编码', c ? c.providerExternalId : '', { list: 'provider-codes' }),
          input('name', '客户名称', c && c.name, { wide: true }),
          input('contactPerson', '联系人', c && c.contactPerson),
          input('phone', '联系电话', c && c.phone),
          input('email', '邮箱', c && c.email, { wide: true }),
          input('region', '区域', c && c.region),
          input('industry', '行业', c && c.industry),
          input('softwareVersion', '软件版本', c && c.softwareVersion),
          input('portCount', '端口数', c ? c.portCount : '', { type: 'number', min: 0 }),
          input('purchaseDate', '购买日期', c ? fmtDate(c.purchaseDate) : today(), { type: 'date' }),
          input('expiryDate', '到期日期', c ? fmtDate(c.expiryDate) : '', { type: 'date' }),
          h('div', { class: 'wide section-label tight' }, '最新一天的使用数据（同步后重算使用深度评分）'),
          input('usageDate', '日期', u.date || today(), { type: 'date' }),
          input('activeUsers', '活跃用户', u.activeUsers, { type: 'number', min: 0 }),
          input('logins', '登录次数', u.logins, { type: 'number', min: 0 }),
          input('modulesUsed', '使用模块数', u.modulesUsed, { type: 'number', min: 0 }),
          input('documentsCreated', '新建单据数', u.documentsCreated, { type: 'number', min: 0 }),
        ),
        providerList,
        issues,
        c ? h('div', { class: 'hint mt-8' }, `updatedAt ${c.updatedAt}`) : null,
      );
      const collect = () => {
        const value = (n) => fields[n].value.trim();
        const number = (n) => (value(n) === '' ? undefined : Number(value(n)));
        const payload = {
          providerExternalId: value('providerExternalId'),
          name: value('name'),
          contactPerson: value('contactPerson'),
          phone: value('phone'),
          email: value('email'),
          region: value('region'),
          industry: value('industry'),
          softwareVersion: value('softwareVersion'),
          portCount: number('portCount'),
          purchaseDate: value('purchaseDate') || undefined,
          expiryDate: value('expiryDate') || undefined,
        };
        const usageFields = ['activeUsers', 'logins', 'modulesUsed', 'documentsCreated'];
        if (usageFields.some((n) => value(n) !== '')) payload.usage = { date: value('usageDate'), ...Object.fromEntries(usageFields.map((n) => [n, number(n) ?? 0])) };
        else if (c && c.usage) payload.usage = null;
        if (isNew && value('externalId')) payload.externalId = value('externalId');
        for (const [k, v] of Object.entries(payload)) if (v === undefined || (isNew && v === '')) delete payload[k];
        return payload;
      };
      const save = async () => {
        fill(issues);
        try {
          const { customer } = isNew ? await api('POST', '/customers', collect()) : await api('PUT', `/customers/${encodeURIComponent(c.externalId)}`, collect());
          toast(isNew ? `已新增客户 ${customer.externalId}` : '已保存，updatedAt 已更新，下一次同步会带走这条修改');
          if (isNew) location.hash = `#/customers/${encodeURIComponent(customer.externalId)}`;
          else await refreshAll();
        } catch (err) {
          toast(err.message, true);
          fill(issues, (err.issues || []).map((i) => h('li', null, `${i.path}：${i.message}`)));
        }
      };
      const push = () =>
        act(async () => {
          await api('POST', `/customers/${encodeURIComponent(c.externalId)}/push`, {});
          toast('已推送 customer.upserted 到网关');
        });
      fill(
        this.editor,
        h('div', { class: 'panel-head' }, h('h2', null, isNew ? '新增客户' : c.name), h('span', { class: 'spacer' }), c ? h('span', { class: 'mono faint' }, c.externalId) : null),
        body,
        h('div', { class: 'panel-foot row end' }, c ? h('button', { class: 'btn', title: '立即发送 customer.upserted，不等同步', onclick: push }, '立即推送') : null, h('button', { class: 'btn btn-primary', dataset: { testid: 'customer-save' }, onclick: save }, isNew ? '新增' : '保存修改')),
      );
    },
  };

  // ---------------------------------------------------------------- 事件日志

  const logView = {
    mount() {
      this.received = h('div', { class: 'table-wrap', dataset: { testid: 'log-received' } });
      this.detail = h('div', { class: 'detail-pane' });
      this.sent = h('div', { class: 'table-wrap', dataset: { testid: 'log-sent' } });
      fill(
        main,
        h(
          'div',
          { class: 'grid log-layout' },
          h('section', { class: 'panel' }, h('div', { class: 'panel-head' }, h('h2', null, '收到的 Webhook'), h('span', { class: 'hint' }, 'POST /webhook（我方 outbox → PC 端）')), this.received, this.detail),
          h('section', { class: 'panel' }, h('div', { class: 'panel-head' }, h('h2', null, '发往网关'), h('span', { class: 'hint' }, 'POST <HTTP 访问>/pc/events（PC 端 → 我方）')), this.sent),
        ),
      );
    },

    async refresh() {
      const [{ entries }, { deliveries }] = await Promise.all([api('GET', '/log?limit=200'), api('GET', '/outgoing?limit=200')]);
      fill(
        this.received,
        entries.length
          ? h(
              'table',
              null,
              h('thead', null, h('tr', null, ['时间', '类型', '结果', '状态码'].map((t) => h('th', null, t)))),
              h(
                'tbody',
                null,
                entries.map((e) => {
                  const [label, tone] = OUTCOME[e.outcome];
                  return h(
                    'tr',
                    {
                      class: ui.logSelected === e.seq ? 'selected' : '',
                      onclick: () => {
                        ui.logSelected = e.seq;
                        this.refresh();
                      },
                    },
                    h('td', { class: 'mono' }, fmtTime(e.receivedAt)),
                    e.type ? eventCell(e.type) : h('td', null, '—'),
                    h('td', null, h('span', { class: `badge ${tone}` }, label), e.outOfOrder ? h('span', { class: 'badge bad' }, '乱序') : null),
                    h('td', { class: 'num' }, e.status || '断开'),
                  );
                }),
              ),
            )
          : h('div', { class: 'empty' }, '还没有收到 webhook。'),
      );
      const chosen = entries.find((e) => e.seq === ui.logSelected);
      fill(
        this.detail,
        chosen
          ? [h('div', { class: 'small muted mb-6' }, h('span', { class: 'mono' }, `X-PD-Delivery: ${chosen.deliveryId || '—'}`), chosen.reason ? h('div', null, chosen.reason) : null), h('pre', { class: 'json' }, prettyJson(chosen.body))]
          : h('div', { class: 'hint' }, '点击一行查看投递 ID 与原始请求体。'),
      );
      fill(
        this.sent,
        deliveries.length
          ? h(
              'table',
              null,
              h('thead', null, h('tr', null, ['时间', '类型', '内容', '状态', '次数', ''].map((t) => h('th', null, t)))),
              h(
                'tbody',
                null,
                deliveries.map((d) =>
                  h(
                    'tr',
                    { title: d.lastError || d.deliveryId },
                    h('td', { class: 'mono' }, fmtTime(d.createdAt)),
                    eventCell(d.type),
                    h('td', { class: 'ellipsis short' }, d.summary),
                    h('td', null, deliveryBadge(d)),
                    h('td', { class: 'num' }, d.attempts),
                    h('td', null, d.state !== 'delivered' && d.state !== 'sending' ? h('button', { class: 'btn btn-small', onclick: () => act(() => api('POST', `/outgoing/${encodeURIComponent(d.deliveryId)}/retry`)) }, '重试') : null),
                  ),
                ),
              ),
            )
          : h('div', { class: 'empty' }, '还没有发往网关的投递。'),
      );
    },
  };

  function prettyJson(text) {
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      return text || '（空）';
    }
  }

  // ---------------------------------------------------------------- routing and live updates

  const VIEWS = { chat: chatView, hq: hqView, customers: customersView, log: logView };

  function route() {
    const [, view, param] = /^#\/([a-z]+)(?:\/(.+))?$/.exec(location.hash) || [];
    return { view: VIEWS[view] ? view : 'chat', param: param ? decodeURIComponent(param) : null };
  }

  async function navigate() {
    const { view, param } = route();
    ui.view = view;
    ui.param = param;
    for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.dataset.view === view);
    VIEWS[view].mount(param);
    await refreshAll();
  }

  let refreshing = false;
  let again = false;
  let connected = false;
  async function refreshAll() {
    if (refreshing) {
      again = true;
      return;
    }
    refreshing = true;
    try {
      ui.overview = await api('GET', '/overview');
      renderStatus(connected);
      await VIEWS[ui.view].refresh();
    } catch (err) {
      toast(err.message, true);
    } finally {
      refreshing = false;
      if (again) {
        again = false;
        refreshAll();
      }
    }
  }

  let pending;
  const stream = new EventSource('/api/stream');
  stream.onopen = () => {
    connected = true;
    renderStatus(true);
  };
  stream.onerror = () => {
    connected = false;
    renderStatus(false);
  };
  stream.onmessage = () => {
    clearTimeout(pending);
    pending = setTimeout(refreshAll, 50);
  };

  window.addEventListener('hashchange', navigate);
  navigate();
})();
