// CloudBase 本地控制台: vanilla JS, no framework, no external fetches.
// Every piece of data reaches the DOM through textContent (see h()), never innerHTML, so document
// contents, log lines and function output cannot inject markup.
'use strict';

(function () {
  const PAGE_SIZE = 20;
  const TZ = 'Asia/Shanghai'; // CloudBase runs in Shanghai time; timers are written in it too.

  const main = document.getElementById('main');
  const drawer = document.getElementById('drawer');
  const toastEl = document.getElementById('toast');

  // ------------------------------------------------------------ DOM helpers

  /** h('div', { class: 'x', onclick: fn }, 'text', child…): strings become text nodes, never HTML. */
  function h(tag, attrs) {
    const el = document.createElement(tag);
    if (attrs) {
      for (const key of Object.keys(attrs)) {
        const value = attrs[key];
        if (value === undefined || value === null || value === false) continue;
        if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
        else if (key === 'class') el.className = value;
        else if (key === 'dataset') Object.assign(el.dataset, value);
        else if (key === 'value') el.value = value;
        // CSSOM, not the style attribute: the page's CSP forbids inline style attributes.
        else if (key === 'style') el.style.cssText = value;
        else el.setAttribute(key, value === true ? '' : String(value));
      }
    }
    for (let i = 2; i < arguments.length; i++) append(el, arguments[i]);
    return el;
  }
  function append(el, child) {
    if (child === undefined || child === null || child === false) return;
    if (Array.isArray(child)) child.forEach((c) => append(el, c));
    else el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  function render(target, ...children) {
    target.replaceChildren();
    append(target, children);
  }

  /** A bilingual column header: Chinese on top, English below in small print. */
  function th(zh, en, cls) {
    return h('th', { class: cls || null }, zh, en ? h('span', { class: 'th-en' }, en) : null);
  }

  function loadingState(text) {
    return h('div', { class: 'state', 'data-state': 'loading' }, h('span', { class: 'spinner' }), text || '加载中… Loading');
  }
  function emptyState(title, sub) {
    return h('div', { class: 'state', 'data-state': 'empty' }, h('div', { class: 'state-title' }, title), sub ? h('div', null, sub) : null);
  }
  function errorState(err) {
    return h('div', { class: 'state error', 'data-state': 'error' }, h('div', { class: 'state-title' }, '加载失败 Failed to load'), errorText(err));
  }
  function errorBox(err) {
    return h('div', { class: 'error-box', role: 'alert' }, err && err.code ? h('span', { class: 'code' }, err.code) : null, err && err.message ? err.message : String(err));
  }
  function errorText(err) {
    return (err && err.code ? err.code + ': ' : '') + (err && err.message ? err.message : String(err));
  }

  let toastTimer;
  function toast(text, isError) {
    toastEl.textContent = text;
    toastEl.className = 'toast' + (isError ? ' error' : '');
    toastEl.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => (toastEl.hidden = true), isError ? 6000 : 3000);
  }

  function confirmDialog(text, okLabel) {
    const dialog = document.getElementById('confirm');
    document.getElementById('confirm-text').textContent = text;
    document.getElementById('confirm-ok').textContent = okLabel || '确定删除 Delete';
    return new Promise((resolve) => {
      const done = (answer) => {
        dialog.close();
        ok.removeEventListener('click', onOk);
        cancel.removeEventListener('click', onCancel);
        dialog.removeEventListener('cancel', onCancel);
        resolve(answer);
      };
      const ok = document.getElementById('confirm-ok');
      const cancel = document.getElementById('confirm-cancel');
      const onOk = () => done(true);
      const onCancel = (e) => {
        if (e) e.preventDefault();
        done(false);
      };
      ok.addEventListener('click', onOk);
      cancel.addEventListener('click', onCancel);
      dialog.addEventListener('cancel', onCancel);
      dialog.showModal();
      cancel.focus();
    });
  }

  // ------------------------------------------------------------ API

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  async function api(method, path, body) {
    const init = { method, headers: {} };
    if (body !== undefined) {
      init.headers['content-type'] = 'application/json';
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
    let res;
    try {
      res = await fetch('/api' + path, init);
    } catch (err) {
      throw new ApiError(0, 'NETWORK', '无法连接模拟器，它是否已停止？ / cannot reach the emulator: ' + err.message);
    }
    let payload = null;
    try {
      payload = await res.json();
    } catch (_) {
      /* fall through with the status */
    }
    if (!res.ok) {
      const e = (payload && payload.error) || {};
      throw new ApiError(res.status, e.code || 'HTTP_' + res.status, e.message || res.statusText);
    }
    return payload;
  }

  const enc = encodeURIComponent;

  // ------------------------------------------------------------ formatting

  const dateFmt = new Intl.DateTimeFormat('zh-CN', {
    timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
  });
  function formatTime(value) {
    if (value === null || value === undefined || value === '') return '—';
    const d = new Date(value);
    if (Number.isNaN(d.getTime())) return String(value);
    const parts = {};
    for (const p of dateFmt.formatToParts(d)) parts[p.type] = p.value;
    return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
  }
  function formatMs(ms) {
    if (ms === null || ms === undefined) return '—';
    if (ms < 10) return ms.toFixed(1) + ' ms';
    if (ms < 1000) return Math.round(ms) + ' ms';
    return (ms / 1000).toFixed(2) + ' s';
  }
  const STATUS_LABEL = { ok: '成功 ok', error: '出错 error', timeout: '超时 timeout', crashed: '崩溃 crashed', running: '运行中 running' };
  const SOURCE_LABEL = { hub: '控制台 hub', admin: '服务端 SDK', http: 'HTTP 访问', timer: '定时 timer', web: 'Web SDK', console: '控制台' };

  /** One table cell's worth of a document value: short, single line. */
  function cellText(value) {
    if (value === null) return 'null';
    if (value === undefined) return '';
    if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 1 && '$date' in value) return formatTime(value.$date);
    if (typeof value === 'object') return JSON.stringify(value);
    return String(value);
  }

  /** Pretty JSON with token colours, built from text nodes. */
  function jsonView(value) {
    const pre = h('pre', { class: 'json' });
    const out = [];
    const emit = (cls, text) => out.push(cls ? h('span', { class: cls }, text) : document.createTextNode(text));
    const walk = (v, indent) => {
      const pad = '  '.repeat(indent);
      if (v === null) return emit('z', 'null');
      if (typeof v === 'string') return emit('s', JSON.stringify(v));
      if (typeof v === 'number') return emit('n', String(v));
      if (typeof v === 'boolean') return emit('b', String(v));
      if (Array.isArray(v)) {
        if (!v.length) return emit(null, '[]');
        emit(null, '[\n');
        v.forEach((item, i) => {
          emit(null, pad + '  ');
          walk(item, indent + 1);
          emit(null, i < v.length - 1 ? ',\n' : '\n');
        });
        return emit(null, pad + ']');
      }
      const keys = Object.keys(v);
      if (!keys.length) return emit(null, '{}');
      emit(null, '{\n');
      keys.forEach((key, i) => {
        emit(null, pad + '  ');
        emit('k', JSON.stringify(key));
        emit(null, ': ');
        walk(v[key], indent + 1);
        emit(null, i < keys.length - 1 ? ',\n' : '\n');
      });
      emit(null, pad + '}');
    };
    walk(value, 0);
    append(pre, out);
    return pre;
  }

  // ------------------------------------------------------------ routing

  const state = { overview: null };

  function parseHash() {
    const raw = location.hash.replace(/^#\/?/, '');
    const [pathPart, queryPart] = raw.split('?');
    const segments = pathPart.split('/').filter(Boolean).map((s) => {
      try {
        return decodeURIComponent(s);
      } catch (_) {
        return s;
      }
    });
    return { section: segments[0] || 'database', args: segments.slice(1), params: new URLSearchParams(queryPart || '') };
  }

  function go(hash) {
    if (location.hash === hash) route();
    else location.hash = hash;
  }

  let routeToken = 0;
  async function route() {
    const token = ++routeToken;
    const { section, args, params } = parseHash();
    for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.dataset.section === section);
    closeDrawer();
    const views = { database: viewDatabase, invocations: viewInvocations, storage: viewStorage, messages: viewMessages, timers: viewTimers, overview: viewOverview };
    const view = views[section] || viewDatabase;
    try {
      await view(args, params, () => token === routeToken);
    } catch (err) {
      if (token === routeToken) render(main, errorState(err));
    }
  }

  function pageHead(zh, en, sub, actions) {
    return h('div', { class: 'page-head' }, h('h1', null, zh, ' ', h('span', { class: 'muted', style: 'font-weight:400' }, en)), sub ? h('span', { class: 'sub' }, sub) : null, h('span', { class: 'spacer' }), actions);
  }

  // ------------------------------------------------------------ drawer

  function openDrawer(title, body, foot) {
    render(
      drawer,
      h('div', { class: 'drawer-head' }, h('div', { class: 'drawer-title' }, title), h('button', { class: 'close-btn', type: 'button', title: '关闭 Close (Esc)', 'aria-label': '关闭', onclick: closeDrawer }, '×')),
      h('div', { class: 'drawer-body' }, body),
      foot ? h('div', { class: 'drawer-foot' }, foot) : null,
    );
    drawer.hidden = false;
    document.body.classList.add('drawer-open');
  }
  function closeDrawer() {
    drawer.hidden = true;
    drawer.replaceChildren();
    document.body.classList.remove('drawer-open');
    for (const row of document.querySelectorAll('tr.selected')) row.classList.remove('selected');
  }
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !drawer.hidden && !document.getElementById('confirm').open) closeDrawer();
  });

  // ------------------------------------------------------------ database

  async function viewDatabase(args, params, current) {
    render(main, pageHead('数据库', 'Database', null), loadingState());
    const { collections } = await api('GET', '/collections');
    if (!current()) return;
    const selected = args[0] && collections.some((c) => c.name === args[0]) ? args[0] : collections.length ? collections[0].name : null;

    const list = h(
      'ul',
      { class: 'coll-list', 'data-testid': 'collections' },
      collections.map((c) =>
        h('li', null, h('a', { href: '#/database/' + enc(c.name), class: c.name === selected ? 'active' : '', title: c.name }, h('span', { class: 'coll-name' }, c.name), h('span', { class: 'coll-count' }, c.count))),
      ),
    );
    const side = h('div', { class: 'panel db-side' }, h('div', { class: 'panel-head' }, '集合 Collections', h('span', { class: 'muted' }, collections.length)), collections.length ? list : emptyState('还没有集合', 'No collections yet'));
    const content = h('div', { class: 'panel', 'data-testid': 'collection-panel' });
    render(main, pageHead('数据库', 'Database', `共 ${collections.length} 个集合`), h('div', { class: 'db-layout' }, side, content));
    if (!selected) {
      render(content, emptyState('请选择集合', 'Select a collection'));
      return;
    }
    const info = collections.find((c) => c.name === selected);
    const page = Math.max(1, parseInt(params.get('page') || '1', 10) || 1);
    await collectionView(content, info, page, current);
  }

  async function collectionView(container, info, page, current) {
    const name = info.name;
    const filterInput = h('input', { id: 'q-filter', placeholder: '{ "status": "open" }', spellcheck: 'false', autocomplete: 'off' });
    const sortInput = h('input', { id: 'q-sort', placeholder: '{ "createdAt": -1 }', spellcheck: 'false', autocomplete: 'off' });
    const limitInput = h('input', { id: 'q-limit', type: 'number', min: '1', max: '1000', placeholder: String(PAGE_SIZE) });
    const results = h('div', { 'data-testid': 'documents' });
    const info2 = h('div', { class: 'query-info', hidden: true });
    const pager = h('div', { class: 'pager' });

    const indexes = (info.indexes || []).map((ix) =>
      h('span', { class: 'badge index', title: (ix.unique ? '唯一索引 unique · ' : '') + ix.keys.map((k) => k.name + ':' + k.direction).join(', ') }, ix.name + (ix.unique ? ' ★' : '')),
    );

    const runQuery = async (e) => {
      if (e) e.preventDefault();
      const body = {};
      try {
        if (filterInput.value.trim()) body.filter = parseJsonField(filterInput.value, '过滤条件 filter');
        if (sortInput.value.trim()) body.sort = parseJsonField(sortInput.value, '排序 sort');
      } catch (err) {
        showQueryInfo(info2, [errorBox(err)]);
        return;
      }
      if (limitInput.value.trim()) body.limit = Number(limitInput.value);
      render(results, loadingState('查询中… Querying'));
      pager.hidden = true;
      try {
        const r = await api('POST', '/collections/' + enc(name) + '/query', body);
        showQueryInfo(info2, [
          h('span', null, `匹配 ${r.total} 条，显示 ${r.documents.length} 条`),
          h('span', null, `耗时 ${formatMs(r.durationMs)}`),
          r.plan ? h('span', null, '索引 index: ', h('span', { class: 'mono' }, r.plan.index || '无 (全表扫描 collection scan)'), `，扫描 ${r.plan.scanned} 条`) : null,
        ]);
        renderDocuments(results, name, r.documents, () => runQuery());
      } catch (err) {
        render(results);
        showQueryInfo(info2, [errorBox(err)]);
      }
    };
    const reset = () => go('#/database/' + enc(name) + '?page=1&t=' + Date.now());

    const form = h(
      'form',
      { class: 'query-bar', onsubmit: runQuery, 'data-testid': 'query-form' },
      h('div', { class: 'field' }, h('label', { for: 'q-filter' }, '过滤条件 Filter (JSON)'), filterInput),
      h('div', { class: 'field' }, h('label', { for: 'q-sort' }, '排序 Sort'), sortInput),
      h('div', { class: 'field' }, h('label', { for: 'q-limit' }, '条数 Limit'), limitInput),
      h('div', { class: 'query-actions' }, h('button', { class: 'btn btn-primary', type: 'submit' }, '查询 Query'), h('button', { class: 'btn', type: 'button', onclick: reset }, '重置')),
    );

    render(
      container,
      h(
        'div',
        { class: 'panel-head' },
        h('span', { class: 'mono', 'data-testid': 'collection-name' }, name),
        h('span', { class: 'muted' }, `${info.count} 条文档 docs`),
        h('span', { class: 'coll-indexes' }, h('span', { class: 'muted' }, '索引 Indexes:'), indexes.length ? indexes : h('span', { class: 'muted' }, '—')),
        h('span', { style: 'flex:1' }),
        h('button', { class: 'btn btn-small', type: 'button', onclick: () => addDocument(name) }, '＋ 添加文档 Add'),
      ),
      form,
      info2,
      results,
      pager,
    );

    render(results, loadingState());
    const r = await api('GET', '/collections/' + enc(name) + '/documents?page=' + page);
    if (!current()) return;
    renderDocuments(results, name, r.documents, () => go('#/database/' + enc(name) + '?page=' + page + '&t=' + Date.now()));
    const pages = Math.max(1, Math.ceil(r.total / r.pageSize));
    render(
      pager,
      h('span', null, `第 ${r.page} / ${pages} 页 · 共 ${r.total} 条`),
      h('button', { class: 'btn btn-small', type: 'button', disabled: r.page <= 1, onclick: () => go('#/database/' + enc(name) + '?page=' + (r.page - 1)) }, '‹ 上一页'),
      h('button', { class: 'btn btn-small', type: 'button', disabled: r.page >= pages, onclick: () => go('#/database/' + enc(name) + '?page=' + (r.page + 1)) }, '下一页 ›'),
    );
    pager.hidden = false;
  }

  function showQueryInfo(el, children) {
    render(el, children);
    el.hidden = false;
  }

  function parseJsonField(text, what) {
    try {
      const v = JSON.parse(text);
      if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('必须是 JSON 对象 / must be a JSON object');
      return v;
    } catch (err) {
      throw new ApiError(400, 'INVALID_JSON', `${what} 不是合法的 JSON 对象 / is not a valid JSON object: ${err.message}`);
    }
  }

  /** A table with _id first and the most common top-level fields of this page as columns. */
  function renderDocuments(container, collection, docs, reload) {
    if (!docs.length) return render(container, emptyState('没有文档', 'No documents'));
    const freq = new Map();
    for (const d of docs) for (const k of Object.keys(d)) if (k !== '_id') freq.set(k, (freq.get(k) || 0) + 1);
    const columns = [...freq.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([k]) => k);
    const rows = docs.map((doc) => {
      const row = h(
        'tr',
        { class: 'clickable', 'data-id': String(doc._id), onclick: () => showDocument(collection, doc, row, reload) },
        h('td', { class: 'cell mono doc-id', title: String(doc._id) }, String(doc._id)),
        columns.map((k) => {
          const text = cellText(doc[k]);
          return h('td', { class: 'cell', title: text.length > 40 ? text.slice(0, 500) : null }, text);
        }),
      );
      return row;
    });
    render(container, h('div', { class: 'table-wrap' }, h('table', null, h('thead', null, h('tr', null, h('th', null, '_id'), columns.map((k) => h('th', null, k)))), h('tbody', null, rows))));
  }

  function showDocument(collection, doc, row, reload) {
    closeDrawer();
    if (row) row.classList.add('selected');
    const id = String(doc._id);
    const view = () =>
      openDrawer(
        ['文档 ', h('span', { class: 'mono' }, id)],
        [jsonView(doc), h('p', { class: 'hint' }, '集合 ', collection, ' · 日期显示为 {"$date": ISO 时间}（EJSON）')],
        [
          h('button', { class: 'btn btn-danger', type: 'button', onclick: remove }, '删除 Delete'),
          h('button', { class: 'btn', type: 'button', onclick: () => copy(JSON.stringify(doc, null, 2)) }, '复制 Copy'),
          h('button', { class: 'btn btn-primary', type: 'button', onclick: edit }, '编辑 Edit'),
        ],
      );
    const edit = () => {
      const editor = h('textarea', { class: 'editor', spellcheck: 'false', 'aria-label': '文档 JSON' });
      editor.value = JSON.stringify(doc, null, 2);
      const problem = h('div');
      const save = async () => {
        let parsed;
        try {
          parsed = parseJsonField(editor.value, '文档 document');
        } catch (err) {
          return render(problem, errorBox(err));
        }
        try {
          const r = await api('PUT', '/collections/' + enc(collection) + '/documents/' + enc(id), parsed);
          doc = r.document;
          toast('已保存 Saved');
          reload();
          row = null;
          view();
        } catch (err) {
          render(problem, errorBox(err));
        }
      };
      openDrawer(
        ['编辑文档 ', h('span', { class: 'mono' }, id)],
        [problem, editor, h('p', { class: 'hint' }, '保存会替换整个文档（_id 不可修改）。Saving replaces the whole document; dates as {"$date": "2024-01-01T00:00:00Z"}.')],
        [h('button', { class: 'btn', type: 'button', onclick: view }, '取消 Cancel'), h('button', { class: 'btn btn-primary', type: 'button', onclick: save }, '保存 Save')],
      );
      editor.focus();
    };
    const remove = async () => {
      if (!(await confirmDialog(`确定删除文档 ${id}？此操作不可撤销。\nDelete this document? This cannot be undone.`))) return;
      try {
        await api('DELETE', '/collections/' + enc(collection) + '/documents/' + enc(id));
        toast('已删除 Deleted');
        closeDrawer();
        reload();
      } catch (err) {
        toast(errorText(err), true);
      }
    };
    view();
  }

  function addDocument(collection) {
    closeDrawer();
    const editor = h('textarea', { class: 'editor', spellcheck: 'false', 'aria-label': '新文档 JSON' });
    editor.value = '{\n  \n}';
    const problem = h('div');
    const save = async () => {
      let parsed;
      try {
        parsed = parseJsonField(editor.value, '文档 document');
      } catch (err) {
        return render(problem, errorBox(err));
      }
      try {
        const r = await api('POST', '/collections/' + enc(collection) + '/documents', parsed);
        toast('已添加 Added ' + r.id);
        go('#/database/' + enc(collection) + '?page=1&t=' + Date.now());
      } catch (err) {
        render(problem, errorBox(err));
      }
    };
    openDrawer(
      ['添加文档 Add to ', h('span', { class: 'mono' }, collection)],
      [problem, editor, h('p', { class: 'hint' }, '不填 _id 时自动生成。Leave out _id to have one generated.')],
      [h('button', { class: 'btn', type: 'button', onclick: closeDrawer }, '取消 Cancel'), h('button', { class: 'btn btn-primary', type: 'button', onclick: save }, '添加 Add')],
    );
    editor.focus();
    editor.setSelectionRange(4, 4);
  }

  function copy(text) {
    if (navigator.clipboard) navigator.clipboard.writeText(text).then(() => toast('已复制 Copied'), () => toast('复制失败 Copy failed', true));
  }

  // ------------------------------------------------------------ invocations

  async function viewInvocations(args, params, current) {
    const fn = params.get('function') || '';
    const refresh = h('button', { class: 'btn', type: 'button', onclick: () => go('#/invocations' + (fn ? '?function=' + enc(fn) : '') + (fn ? '&' : '?') + 't=' + Date.now()) }, '刷新 Refresh');
    render(main, pageHead('云函数调用', 'Invocations', null, refresh), loadingState());
    const r = await api('GET', '/invocations' + (fn ? '?function=' + enc(fn) : ''));
    if (!current()) return;
    const select = h(
      'select',
      { class: 'filter-select', 'aria-label': '按函数筛选', onchange: (e) => go('#/invocations' + (e.target.value ? '?function=' + enc(e.target.value) : '')) },
      h('option', { value: '' }, '全部函数 All'),
      r.functions.map((name) => {
        const o = h('option', { value: name }, name);
        if (name === fn) o.selected = true;
        return o;
      }),
    );
    const rows = r.invocations.map((inv) => {
      const row = h(
        'tr',
        { class: 'clickable', 'data-id': inv.id, onclick: () => showInvocation(inv.id, row) },
        h('td', { class: 'mono nowrap' }, inv.functionName),
        h('td', { class: 'cell mono caller', title: inv.caller || '' }, inv.caller || h('span', { class: 'muted' }, '—')),
        h('td', { class: 'nowrap opt' }, SOURCE_LABEL[inv.source] || inv.source),
        h('td', { class: 'nowrap', title: formatTime(inv.startedAt) }, formatTime(inv.startedAt).slice(5)),
        h('td', { class: 'num' }, formatMs(inv.durationMs)),
        h('td', { class: 'opt' }, inv.coldStart ? h('span', { class: 'badge cold' }, '冷启动') : h('span', { class: 'muted' }, '热 warm')),
        h('td', { class: 'num opt' }, inv.operationCount),
        h('td', null, h('span', { class: 'badge ' + inv.status, title: inv.errorMessage || '' }, STATUS_LABEL[inv.status] || inv.status)),
      );
      return row;
    });
    const table = r.invocations.length
      ? h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { 'data-testid': 'invocations' },
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                th('函数', 'Function'),
                th('调用方', 'OPENID / uid'),
                th('来源', 'Source', 'opt'),
                th('开始时间', 'Started'),
                th('耗时', 'Duration', 'num'),
                th('冷启动', 'Cold start', 'opt'),
                th('数据库', 'DB ops', 'num opt'),
                th('状态', 'Status'),
              ),
            ),
            h('tbody', null, rows),
          ),
        )
      : emptyState('还没有调用记录', '调用云函数后这里会显示 · Invoke a function to see it here');
    render(
      main,
      pageHead('云函数调用', 'Invocations', `最近 ${r.invocations.length} 次`, h('span', { class: 'head-actions' }, select, refresh)),
      h('div', { class: 'panel' }, table),
    );
    if (args[0]) {
      const row = rows.find((tr) => tr.dataset.id === args[0]);
      await showInvocation(args[0], row);
    }
  }

  async function showInvocation(id, row) {
    closeDrawer();
    if (row) row.classList.add('selected');
    openDrawer('调用详情 Invocation', loadingState());
    let inv;
    try {
      inv = (await api('GET', '/invocations/' + enc(id))).invocation;
    } catch (err) {
      return openDrawer('调用详情 Invocation', errorState(err));
    }
    if (row) row.classList.add('selected');
    const wx = Object.assign({}, inv.wxContext || {}, inv.webUid ? { 'uid (web)': inv.webUid } : {});
    const body = [
      h(
        'dl',
        { class: 'kv' },
        h('dt', null, '函数'), h('dd', { class: 'mono' }, inv.functionName),
        h('dt', null, '状态'), h('dd', null, h('span', { class: 'badge ' + inv.status }, STATUS_LABEL[inv.status] || inv.status), inv.errorMessage ? h('div', { class: 'error-box' }, inv.errorMessage) : null),
        h('dt', null, '来源'), h('dd', null, SOURCE_LABEL[inv.source] || inv.source),
        h('dt', null, '调用方'), h('dd', { class: 'mono' }, Object.keys(wx).length ? Object.entries(wx).map(([k, v]) => h('div', null, k + ': ' + v)) : h('span', { class: 'muted' }, '无用户身份 (控制台/定时器)')),
        h('dt', null, '开始'), h('dd', null, formatTime(inv.startedAt)),
        h('dt', null, '耗时'), h('dd', null, formatMs(inv.durationMs), inv.coldStart ? [' ', h('span', { class: 'badge cold' }, '冷启动 cold start')] : null),
        h('dt', null, '调用 ID'), h('dd', { class: 'mono' }, inv.id),
      ),
      h('div', { class: 'section-title' }, '数据库操作 Database operations', h('span', { class: 'muted' }, `${inv.operations.length} 次操作 operations` + (inv.sequentialRoundTrips != null ? ` · ${inv.sequentialRoundTrips} 轮顺序往返 sequential round trips` : ''))),
      operationsTimeline(inv),
      h('div', { class: 'section-title' }, '日志 Logs', h('span', { class: 'muted' }, `${inv.logs.length} 行`)),
      inv.logs.length
        ? h(
            'pre',
            { class: 'logs', 'data-testid': 'logs' },
            inv.logs.map((l) => h('span', { class: 'line ' + (l.level === 'error' || l.level === 'warn' ? l.level : '') }, h('span', { class: 't' }, formatTime(l.at).slice(11)), l.message)),
          )
        : emptyState('没有日志', 'No log lines'),
    ];
    openDrawer(['调用详情 ', h('span', { class: 'mono' }, inv.functionName)], body);
  }

  /** Each database round trip as a bar on the invocation's time axis: sequential awaits show as a staircase. */
  function operationsTimeline(inv) {
    const ops = inv.operations;
    if (!ops.length) return emptyState('没有数据库操作', 'No database operations');
    const start = inv.startedAt;
    const end = Math.max(inv.endedAt || 0, ...ops.map((o) => o.endedAt), start + 1);
    const span = end - start;
    const pct = (t) => Math.max(0, Math.min(100, ((t - start) / span) * 100));
    return h(
      'div',
      null,
      h(
        'div',
        { class: 'ops', 'data-testid': 'operations' },
        ops.map((op, i) => {
          const left = pct(op.startedAt);
          const width = Math.max(0.6, pct(op.endedAt) - left);
          return h(
            'div',
            { class: 'op' },
            h('span', { class: 'op-index' }, i + 1),
            h('span', { class: 'op-name', title: (op.action || '') + ' ' + (op.collection || '') }, String(op.action || '').replace(/^database\./, ''), ' ', op.collection ? h('span', { class: 'coll' }, op.collection) : null),
            h('span', { class: 'op-track' }, h('span', { class: 'op-bar' + (op.ok ? '' : ' failed'), style: `left:${left.toFixed(2)}%;width:${width.toFixed(2)}%`, title: op.ok ? '' : op.code || 'failed' })),
            h('span', { class: 'op-ms' }, formatMs(op.endedAt - op.startedAt)),
          );
        }),
      ),
      h('div', { class: 'ops-axis' }, h('span', { class: 'axis' }, h('span', null, '0'), h('span', null, formatMs(span)))),
    );
  }

  // ------------------------------------------------------------ storage

  function formatBytes(n) {
    if (n < 1024) return n + ' B';
    if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' KB';
    return (n / 1024 / 1024).toFixed(1) + ' MB';
  }
  const ACL_LABEL = {
    READONLY: '所有用户可读，仅创建者可写 READONLY',
    PRIVATE: '仅创建者可读写 PRIVATE',
    ADMINWRITE: '所有用户可读，仅管理员可写 ADMINWRITE',
    ADMINONLY: '仅管理员可读写 ADMINONLY',
    CUSTOM: '自定义安全规则 CUSTOM',
  };
  /** The console's own copy of a stored file (same origin, so the page's CSP lets it show as an image). */
  const objectHref = (key) => '/storage/object?key=' + enc(key);

  async function viewStorage(args, params, current) {
    const refresh = h('button', { class: 'btn', type: 'button', onclick: () => go('#/storage?t=' + Date.now()) }, '刷新 Refresh');
    render(main, pageHead('云存储', 'Storage', null, refresh), loadingState());
    const r = await api('GET', '/storage');
    if (!current()) return;
    const total = r.files.reduce((n, f) => n + f.size, 0);
    const rows = r.files.map((f) => {
      const row = h(
        'tr',
        { class: 'clickable', 'data-key': f.key, onclick: () => showStoredFile(r, f, row) },
        h('td', { class: 'thumb-cell' }, f.previewable ? h('img', { class: 'thumb', src: objectHref(f.key), alt: f.key, loading: 'lazy' }) : h('span', { class: 'thumb-none' }, (f.contentType.split('/')[1] || 'file').slice(0, 4))),
        h('td', { class: 'cell mono', title: f.fileId }, f.key),
        h('td', { class: 'num nowrap' }, formatBytes(f.size)),
        h('td', { class: 'cell mono caller', title: f.owner || '' }, f.owner || h('span', { class: 'muted' }, '服务端 server')),
        h('td', { class: 'nowrap' }, formatTime(f.uploadedAt)),
        h('td', null, h('button', { class: 'btn btn-small btn-danger', type: 'button', onclick: (e) => (e.stopPropagation(), deleteStoredFile(f.key)) }, '删除')),
      );
      return row;
    });
    const rule =
      r.access.acl === 'CUSTOM'
        ? h('details', { class: 'rule' }, h('summary', null, ACL_LABEL.CUSTOM), jsonView(r.access.rules))
        : h('span', null, ACL_LABEL[r.access.acl] || r.access.acl);
    render(
      main,
      pageHead('云存储', 'Storage', `${r.files.length} 个文件 · ${formatBytes(total)} · 存储桶 ${r.bucket}`, refresh),
      h('div', { class: 'panel rule-panel' }, h('div', { class: 'panel-head' }, '权限 Permission', h('span', { class: 'muted' }, '仅约束客户端；服务端 SDK 与控制台不受限')), h('div', { class: 'rule-body' }, rule)),
      h(
        'div',
        { class: 'panel', style: 'margin-top:16px' },
        r.files.length
          ? h(
              'div',
              { class: 'table-wrap' },
              h(
                'table',
                { 'data-testid': 'storage-files' },
                h('thead', null, h('tr', null, th('预览', 'Preview'), th('文件路径', 'Cloud path'), th('大小', 'Size', 'num'), th('上传者', 'Uploader'), th('上传时间', 'Uploaded'), th('', ''))),
                h('tbody', null, rows),
              ),
            )
          : emptyState('还没有文件', '上传后这里会显示 · Files uploaded through the SDKs show here'),
      ),
    );
  }

  function showStoredFile(listing, f, row) {
    closeDrawer();
    if (row) row.classList.add('selected');
    openDrawer(
      ['文件 ', h('span', { class: 'mono' }, f.key.split('/').pop())],
      [
        f.previewable ? h('img', { class: 'preview', src: objectHref(f.key), alt: f.key, 'data-testid': 'storage-preview' }) : h('p', { class: 'hint' }, '非图片文件不预览，可下载查看。Only images are previewed.'),
        h(
          'dl',
          { class: 'kv' },
          h('dt', null, 'fileID'), h('dd', { class: 'mono' }, f.fileId, ' ', h('button', { class: 'btn btn-small', type: 'button', onclick: () => copy(f.fileId) }, '复制')),
          h('dt', null, '路径'), h('dd', { class: 'mono' }, f.key),
          h('dt', null, '大小'), h('dd', null, formatBytes(f.size) + ` (${f.size} B)`),
          h('dt', null, '类型'), h('dd', { class: 'mono' }, f.contentType),
          h('dt', null, '上传者'), h('dd', { class: 'mono' }, f.owner || '服务端 server (no owner)'),
          h('dt', null, '上传时间'), h('dd', null, formatTime(f.uploadedAt)),
        ),
      ],
      [
        h('a', { class: 'btn', href: objectHref(f.key), download: f.key.split('/').pop() }, '下载 Download'),
        h('button', { class: 'btn btn-danger', type: 'button', onclick: () => deleteStoredFile(f.key) }, '删除 Delete'),
      ],
    );
  }

  async function deleteStoredFile(key) {
    if (!(await confirmDialog(`删除文件 ${key}？此操作不可撤销，已发出的临时链接随即失效。\nDelete this file? Its temporary URLs stop working.`))) return;
    try {
      await api('DELETE', '/storage/files?key=' + enc(key));
      toast('已删除 Deleted');
      closeDrawer();
      go('#/storage?t=' + Date.now());
    } catch (err) {
      toast(errorText(err), true);
    }
  }

  // ------------------------------------------------------------ subscribe messages

  async function viewMessages(args, params, current) {
    render(main, pageHead('订阅消息', 'Subscribe messages', null), loadingState());
    const { messages } = await api('GET', '/subscribe-messages');
    if (!current()) return;
    const rows = messages.map((m) => {
      const row = h(
        'tr',
        { class: 'clickable', onclick: () => {
          closeDrawer();
          row.classList.add('selected');
          openDrawer(['订阅消息 ', h('span', { class: 'mono' }, m.templateId)], jsonView(m));
        } },
        h('td', { class: 'nowrap' }, formatTime(m.at)),
        h('td', { class: 'cell mono' }, m.touser),
        h('td', { class: 'cell mono' }, m.templateId),
        h('td', { class: 'cell mono' }, m.page || '—'),
        h('td', { class: 'cell' }, cellText(m.data)),
        h('td', null, h('span', { class: 'badge ' + (m.errCode === 0 ? 'ok' : 'error'), title: m.errMsg }, m.errCode === 0 ? '已发送 ok' : m.errCode + ' ' + m.errMsg)),
      );
      return row;
    });
    render(
      main,
      pageHead('订阅消息', 'Subscribe messages', '云函数调用 subscribeMessage.send 的记录（不会真的发出）'),
      h(
        'div',
        { class: 'panel' },
        messages.length
          ? h('div', { class: 'table-wrap' }, h('table', { 'data-testid': 'messages' }, h('thead', null, h('tr', null, [['时间', 'Time'], ['接收者', 'touser'], ['模板', 'Template'], ['页面', 'Page'], ['内容', 'Data'], ['结果', 'Result']].map(([zh, en]) => th(zh, en)))), h('tbody', null, rows)))
          : emptyState('还没有订阅消息', 'No subscribe messages sent yet'),
      ),
    );
  }

  // ------------------------------------------------------------ timers

  async function viewTimers(args, params, current) {
    render(main, pageHead('定时触发器', 'Timer triggers', null), loadingState());
    const { timers } = await api('GET', '/timers');
    if (!current()) return;
    const rows = timers.map((t) => {
      const fire = async (e) => {
        const btn = e.currentTarget;
        btn.disabled = true;
        try {
          const { result } = await api('POST', '/timers/' + enc(t.functionName) + '/' + enc(t.name) + '/fire', {});
          if (result.ok) toast(`已触发 ${t.functionName}/${t.name}，耗时 ${formatMs(result.durationMs)}`);
          else toast(`触发失败 ${result.code}: ${result.message}`, true);
          if (result.invocationId) go('#/invocations/' + enc(result.invocationId));
        } catch (err) {
          toast(errorText(err), true);
          btn.disabled = false;
        }
      };
      return h(
        'tr',
        null,
        h('td', { class: 'mono' }, t.functionName),
        h('td', { class: 'mono' }, t.name),
        h('td', { class: 'mono nowrap' }, t.config),
        h('td', { class: 'nowrap' }, t.error ? h('span', { class: 'badge error', title: t.error }, '表达式无效') : t.nextFireAt ? formatTime(t.nextFireAt) : h('span', { class: 'muted' }, '未调度 not scheduled')),
        h('td', { class: 'nowrap' }, formatTime(t.lastFiredAt)),
        h('td', null, t.lastResult ? h('span', { class: 'badge ' + (t.lastResult.ok ? 'ok' : 'error') }, t.lastResult.ok ? '成功 ok' : t.lastResult.code || 'error') : h('span', { class: 'muted' }, '—')),
        h('td', null, h('button', { class: 'btn btn-small', type: 'button', onclick: fire }, '立即触发')),
      );
    });
    render(
      main,
      pageHead('定时触发器', 'Timer triggers', '时间按 Asia/Shanghai 显示；未开启定时调度时下次触发为空，但仍可立即触发'),
      h(
        'div',
        { class: 'panel' },
        timers.length
          ? h('div', { class: 'table-wrap' }, h('table', { 'data-testid': 'timers' }, h('thead', null, h('tr', null, [['函数', 'Function'], ['触发器', 'Trigger'], ['Cron', ''], ['下次触发', 'Next fire'], ['上次触发', 'Last fired'], ['结果', 'Result'], ['', '']].map(([zh, en]) => th(zh, en)))), h('tbody', null, rows)))
          : emptyState('没有定时触发器', 'No timer triggers in cloudbaserc.json'),
      ),
    );
  }

  // ------------------------------------------------------------ endpoints

  async function viewOverview(args, params, current) {
    render(main, pageHead('服务端点', 'Endpoints', null), loadingState());
    const o = await api('GET', '/overview');
    if (!current()) return;
    const DESCRIPTIONS = {
      hub: '中心 hub：GET /emulators，调用函数、触发定时器',
      admin: '服务端 SDK 端点（wx-server-sdk / node-sdk）',
      http: 'HTTP 访问服务 (servicePaths)',
      web: 'Web SDK 端点 (@cloudbase/js-sdk)',
      realtime: '实时推送 watch',
      console: '本地控制台（本页）',
      storage: '云存储：上传与临时链接 (COS)',
    };
    render(
      main,
      pageHead('服务端点', 'Endpoints', `环境 env ${o.envId}`),
      h(
        'div',
        { class: 'panel' },
        h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { 'data-testid': 'endpoints' },
            h('thead', null, h('tr', null, [['服务', 'Service'], ['地址', 'URL'], ['说明', 'Description']].map(([zh, en]) => th(zh, en)))),
            h('tbody', null, o.emulators.map((e) => h('tr', null, h('td', { class: 'mono' }, e.name), h('td', { class: 'mono' }, e.url), h('td', { class: 'muted' }, DESCRIPTIONS[e.name] || '')))),
          ),
        ),
      ),
      h(
        'div',
        { class: 'grid-2', style: 'margin-top:16px' },
        h('div', { class: 'panel' }, h('div', { class: 'panel-head' }, '云函数 Functions', h('span', { class: 'muted' }, o.functions.length)), o.functions.length ? h('ul', { class: 'coll-list' }, o.functions.map((f) => h('li', null, h('a', { href: '#/invocations?function=' + enc(f) }, h('span', { class: 'coll-name' }, f), h('span', { class: 'coll-count' }, '调用记录 ›'))))) : emptyState('没有云函数', 'No functions')),
        h('div', { class: 'panel' }, h('div', { class: 'panel-head' }, '严格索引模式 Strict indexes'), h('div', { style: 'padding:14px' }, o.strictIndexes === null ? '未知 unknown' : o.strictIndexes ? '已开启：未被索引覆盖的查询会报错 EMULATOR_INDEX_REQUIRED' : '未开启 off（npm start -- --strict-indexes 开启）')),
      ),
    );
  }

  // ------------------------------------------------------------ start

  async function loadEnv() {
    try {
      state.overview = await api('GET', '/overview');
      document.getElementById('env-id').textContent = state.overview.envId;
      document.title = `${state.overview.envId} · CloudBase 本地控制台`;
    } catch (err) {
      document.getElementById('env-id').textContent = '未连接 offline';
    }
  }

  window.addEventListener('hashchange', route);
  loadEnv();
  route();
})();
