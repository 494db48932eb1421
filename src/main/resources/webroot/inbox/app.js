// The customer-centre inbox. Plain JS, no build step. Everything that comes from tickets is put on the
// page with textContent / text nodes only, never as HTML, so a "<script>" subject stays text.
'use strict';

(function () {
  const LIVE_MS = 15000;
  const STATUSES = ['new', 'acknowledged', 'in_progress', 'replied', 'resolved', 'closed', 'escalated', 'reopened'];
  const NEXT = {
    new: ['acknowledged', 'in_progress', 'escalated'],
    acknowledged: ['in_progress', 'escalated'],
    in_progress: ['replied', 'resolved', 'escalated'],
    replied: ['in_progress', 'resolved', 'escalated'],
    resolved: ['closed', 'reopened'],
    closed: ['reopened'],
    escalated: ['in_progress', 'replied', 'resolved'],
    reopened: ['in_progress', 'escalated', 'resolved'],
  };
  const CHANNELS = ['phone', 'email', 'webform', 'letter', 'forum'];
  const KINDS = ['complaint', 'enquiry', 'report', 'potential'];
  const SEVERITIES = ['general', 'important', 'major'];
  const COLOURS = { phone: '#1565c0', email: '#2e7d32', webform: '#f9a825', letter: '#6d4c41', forum: '#8e24aa' };

  const T = {
    'zh-CN': {
      skip: '跳到正文', title: '客服中心', tickets: '工单', report: '周报', visits: '回访', signout: '退出',
      signin: '登录', token: '访问令牌', search: '搜索', status: '状态', channel: '渠道', kind: '类型',
      severity: '严重度', assignee: '处理人', overdue: '超时', apply: '筛选', live: '自动刷新', number: '编号',
      received: '收到', subject: '主题', more: '更多', back: '返回列表', attachments: '附件', timeline: '处理记录',
      reply: '回复客户', send: '发送', note: '内部备注', save: '保存', assign: '分派', visit: '回访',
      reached: '已联系上', satisfaction: '满意度', comment: '意见', week: '周', show: '显示', csv: '下载 CSV',
      perChannel: '每日各渠道工单', rates: '及时率与满意度（目标线）', visitsDue: '待回访', any: '全部',
      loading: '加载中…', saved: '已保存', badToken: '令牌无效', noTickets: '没有工单', preview: '预览',
      customer: '客户', department: '部门', category: '类别', ack: '确认', version: '版本', to: '改为',
      timeliness: '及时率', satisfactionRate: '满意度', target: '目标', late: '超时', resolved: '已解决', sample: '抽样',
      visited: '已回访', total: '合计', empty: '（无）', switchTo: 'English',
      s_new: '新建', s_acknowledged: '已确认', s_in_progress: '处理中', s_replied: '已回复', s_resolved: '已解决',
      s_closed: '已结案', s_escalated: '已升级', s_reopened: '重新打开',
      c_phone: '电话', c_email: '邮件', c_webform: '网页', c_letter: '信函', c_forum: '论坛',
      k_complaint: '投诉', k_enquiry: '咨询', k_report: '举报', k_potential: '潜在',
      v_general: '一般', v_important: '重要', v_major: '重大',
    },
    en: {
      skip: 'Skip to content', title: 'Customer centre', tickets: 'Tickets', report: 'Weekly report', visits: 'Visits',
      signout: 'Sign out', signin: 'Sign in', token: 'Access token', search: 'Search', status: 'Status',
      channel: 'Channel', kind: 'Kind', severity: 'Severity', assignee: 'Assignee', overdue: 'Overdue',
      apply: 'Filter', live: 'Live refresh', number: 'Number', received: 'Received', subject: 'Subject',
      more: 'More', back: 'Back to list', attachments: 'Attachments', timeline: 'Timeline', reply: 'Reply to customer',
      send: 'Send', note: 'Internal note', save: 'Save', assign: 'Assign', visit: 'Return visit',
      reached: 'Reached', satisfaction: 'Satisfaction', comment: 'Comment', week: 'Week', show: 'Show',
      csv: 'Download CSV', perChannel: 'Tickets per channel per day', rates: 'Timeliness and satisfaction (target line)',
      visitsDue: 'Return visits due', any: 'Any', loading: 'Loading…', saved: 'Saved', badToken: 'Invalid token',
      noTickets: 'No tickets', preview: 'Preview', customer: 'Customer', department: 'Department',
      category: 'Category', ack: 'Acknowledgement', version: 'Version', to: 'Set to', timeliness: 'Timeliness',
      satisfactionRate: 'Satisfaction', target: 'target', late: 'late', resolved: 'resolved', sample: 'sample',
      visited: 'visited', total: 'Total', empty: '(none)', switchTo: '中文',
      s_new: 'new', s_acknowledged: 'acknowledged', s_in_progress: 'in progress', s_replied: 'replied',
      s_resolved: 'resolved', s_closed: 'closed', s_escalated: 'escalated', s_reopened: 'reopened',
      c_phone: 'phone', c_email: 'email', c_webform: 'web form', c_letter: 'letter', c_forum: 'forum',
      k_complaint: 'complaint', k_enquiry: 'enquiry', k_report: 'report', k_potential: 'potential',
      v_general: 'general', v_important: 'important', v_major: 'major',
    },
  };

  let lang = localStorage.getItem('voxgate.lang') || 'zh-CN'; // the customer centre works in Chinese; English on request
  let token = sessionStorage.getItem('voxgate.token');
  let current = null; // the ticket shown in detail
  let liveTimer = null;
  let nextCursor = null;
  let listSeq = 0; // only the newest list request may draw: answers can arrive out of order
  const $ = (id) => document.getElementById(id);
  const t = (key) => (T[lang] && T[lang][key]) || T.en[key] || key;

  /** An element with attributes and children; strings become text nodes, never markup. */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.substring(2), v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  }

  function svg(tag, attrs, text) {
    const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = String(text);
    return e;
  }

  function say(message, error) {
    const s = $('status');
    s.textContent = message || '';
    s.className = error ? 'error' : '';
  }

  async function api(path, options) {
    const o = options || {};
    const headers = Object.assign({ Authorization: 'Bearer ' + token }, o.headers || {});
    if (o.json !== undefined) headers['Content-Type'] = 'application/json';
    const r = await fetch('/api/v1' + path, { method: o.method || 'GET', headers, body: o.json === undefined ? undefined : JSON.stringify(o.json) });
    if (r.status === 401) {
      signOut();
      throw new Error(t('badToken'));
    }
    if (!r.ok) {
      let msg = r.status + '';
      try { msg = (await r.json()).error.message; } catch (e) { /* not JSON */ }
      throw new Error(msg);
    }
    return o.raw ? r : r.json();
  }

  function applyLanguage() {
    document.documentElement.lang = lang;
    document.querySelectorAll('[data-i18n]').forEach((n) => { n.textContent = t(n.dataset.i18n); });
    $('lang').textContent = t('switchTo');
    fillSelect($('f-status'), STATUSES, 's_');
    fillSelect($('f-channel'), CHANNELS, 'c_');
    fillSelect($('f-kind'), KINDS, 'k_');
    fillSelect($('f-severity'), SEVERITIES, 'v_');
  }

  function fillSelect(select, values, prefix) {
    const keep = select.value;
    select.replaceChildren(el('option', { value: '', text: t('any') }), ...values.map((v) => el('option', { value: v, text: t(prefix + v) })));
    select.value = keep;
  }

  // ---- sign in / navigation ----

  function signOut() {
    token = null;
    sessionStorage.removeItem('voxgate.token');
    stopLive();
    show('signin');
  }

  function show(id) {
    for (const s of ['signin', 'list', 'ticket', 'report', 'visits']) $(s).hidden = s !== id;
    $('nav').hidden = id === 'signin';
    $('signout').hidden = id === 'signin';
    for (const n of ['list', 'report', 'visits']) {
      if (n === id || (n === 'list' && id === 'ticket')) $('nav-' + n).setAttribute('aria-current', 'page');
      else $('nav-' + n).removeAttribute('aria-current');
    }
  }

  async function route() {
    if (!token) { show('signin'); $('token').focus(); return; }
    const h = location.hash || '#list';
    say('');
    try {
      if (h.startsWith('#ticket/')) { stopLive(); show('ticket'); await loadTicket(decodeURIComponent(h.substring(8))); }
      else if (h === '#report') { stopLive(); show('report'); await loadReport(); }
      else if (h === '#visits') { stopLive(); show('visits'); await loadVisits(); }
      else { show('list'); await loadList(false); startLive(); }
    } catch (e) {
      say(e.message, true);
    }
  }

  // ---- list ----

  function query() {
    const p = new URLSearchParams();
    for (const k of ['q', 'status', 'channel', 'kind', 'severity', 'assignee']) {
      const v = $('f-' + k).value.trim();
      if (v) p.set(k, v);
    }
    if ($('f-overdue').checked) p.set('overdue', 'true');
    return p;
  }

  async function loadList(append) {
    const p = query();
    if (append && nextCursor) p.set('cursor', nextCursor);
    const seq = ++listSeq;
    const page = await api('/tickets?' + p.toString());
    if (seq !== listSeq) return;
    const body = $('tickets').tBodies[0];
    if (!append) body.replaceChildren();
    for (const item of page.items) body.append(row(item));
    if (!append && page.items.length === 0) body.append(el('tr', {}, el('td', { colspan: 7, text: t('noTickets') })));
    nextCursor = page.next_cursor;
    $('more').hidden = !nextCursor;
  }

  function row(item) {
    const subject = el('td', {}, el('a', { href: '#ticket/' + encodeURIComponent(item.id), class: 'open', text: item.subject || t('empty') }));
    if (item.overdue) subject.append(el('span', { class: 'badge overdue', text: t('overdue') }));
    return el('tr', { 'data-id': item.id },
      el('td', { text: item.number }),
      el('td', { text: when(item.received_at) }),
      el('td', { text: t('c_' + item.channel) }),
      el('td', { text: t('k_' + item.kind) }),
      subject,
      el('td', {}, el('span', { class: 'badge ' + item.severity, text: t('v_' + item.severity) })),
      el('td', { text: t('s_' + item.status) }));
  }

  function when(iso) {
    if (!iso) return '';
    return new Date(iso).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
  }

  function startLive() {
    stopLive();
    if (!$('live').checked) return;
    liveTimer = setInterval(() => { if (!$('list').hidden && !nextCursor) loadList(false).catch((e) => say(e.message, true)); }, LIVE_MS);
  }

  function stopLive() {
    if (liveTimer) clearInterval(liveTimer);
    liveTimer = null;
  }

  // ---- ticket ----

  async function loadTicket(ref) {
    const tk = await api('/tickets/' + encodeURIComponent(ref));
    current = tk;
    $('t-subject').textContent = tk.number + ' · ' + (tk.subject || t('empty'));
    const facts = [['status', t('s_' + tk.status)], ['channel', t('c_' + tk.channel)], ['kind', t('k_' + tk.kind)],
      ['severity', t('v_' + tk.severity)], ['category', tk.category], ['department', tk.department || ''],
      ['assignee', tk.assignee || ''], ['customer', [tk.customer.name, tk.customer.phone, tk.customer.email].filter(Boolean).join(' · ')],
      ['received', when(tk.received_at)], ['ack', tk.ack_state], ['version', tk.version]];
    $('t-facts').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', { text: t(k) }), el('dd', { text: v })]));
    if (tk.overdue) $('t-facts').append(el('dt', { text: t('overdue') }), el('dd', {}, el('span', { class: 'badge overdue', text: t('overdue') })));
    $('t-body').textContent = tk.body || '';
    $('t-status-buttons').replaceChildren(...(NEXT[tk.status] || []).map((s) =>
      el('button', { type: 'button', 'data-status': s, onclick: () => changeStatus(s), text: t('to') + ' ' + t('s_' + s) })));
    $('t-attachments').replaceChildren(...tk.attachments.map((a) => el('li', {},
      el('button', { type: 'button', class: 'preview', onclick: () => preview(a), text: a.filename }),
      ' ' + a.media_type + ' · ' + a.size + ' B')));
    $('t-preview').replaceChildren();
    $('assign-name').value = tk.assignee || '';
    $('t-timeline').replaceChildren(...tk.timeline.map(entry));
  }

  function entry(e) {
    const d = e.data || {};
    const text = d.text !== undefined ? d.text
      : e.type === 'status_changed' ? t('s_' + d.from) + ' → ' + t('s_' + d.to)
      : e.type === 'visit' ? (d.reached ? t('satisfaction') + ' ' + d.satisfaction : '-') + (d.late ? ' · ' + t('late') : '') + (d.comment ? ' · ' + d.comment : '')
      : e.type === 'override' ? d.field + ': ' + d.from + ' → ' + d.to + ' (' + d.reason + ')'
      : e.type === 'assigned' ? [d.department, d.assignee].filter(Boolean).join(' / ')
      : Object.entries(d).map(([k, v]) => k + ': ' + (v !== null && typeof v === 'object' ? JSON.stringify(v) : v)).join(' · ');
    return el('li', { class: 'entry type-' + e.type },
      el('div', { class: 'meta', text: when(e.at) + ' · ' + e.type + ' · ' + e.actor + (d.via ? ' · ' + d.via : '') }),
      el('div', { class: 'text', text }));
  }

  async function preview(a) {
    const r = await api(a.url.replace('/api/v1', ''), { raw: true });
    const url = URL.createObjectURL(await r.blob());
    const box = $('t-preview');
    if (a.media_type.startsWith('image/')) box.replaceChildren(el('img', { src: url, alt: a.filename }));
    else if (a.media_type === 'application/pdf') box.replaceChildren(el('iframe', { src: url, title: a.filename }));
    else box.replaceChildren(el('a', { href: url, download: a.filename, text: a.filename }));
  }

  async function patch(change) {
    await api('/tickets/' + current.id, { method: 'PATCH', json: change, headers: { 'If-Match': '"' + current.version + '"' } });
    await loadTicket(current.id);
    say(t('saved'));
  }

  function changeStatus(s) {
    patch({ status: s }).catch((e) => say(e.message, true));
  }

  async function post(kind, body, field) {
    await api('/tickets/' + current.id + '/' + kind, { method: 'POST', json: body });
    if (field) $(field).value = '';
    await loadTicket(current.id);
    say(t('saved'));
  }

  // ---- report ----

  function monday(d) {
    const x = new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
    x.setUTCDate(x.getUTCDate() - ((x.getUTCDay() + 6) % 7));
    return x.toISOString().substring(0, 10);
  }

  async function loadReport() {
    if (!$('report-from').value) $('report-from').value = monday(new Date());
    const r = await api('/reports?period=week&from=' + encodeURIComponent($('report-from').value));
    $('report-range').textContent = r.from + ' – ' + r.to + ' · ' + t('total') + ' ' + r.total;
    dailyChart(r.daily);
    ratesChart([[t('timeliness'), r.timeliness], [t('satisfactionRate'), r.satisfaction]]);
    const rows = [];
    for (const [dim, counts] of Object.entries(r.counts)) {
      for (const [k, n] of Object.entries(counts)) rows.push(el('tr', {}, el('th', { text: t(dim) }), el('td', { text: k || t('empty') }), el('td', { text: n })));
    }
    $('report-counts').tBodies[0].replaceChildren(...rows);
  }

  function dailyChart(days) {
    const W = 640, H = 240, pad = 32, bw = (W - 2 * pad) / days.length;
    const max = Math.max(1, ...days.map((d) => CHANNELS.reduce((s, c) => s + d.channels[c], 0)));
    const s = svg('svg', { viewBox: '0 0 ' + W + ' ' + (H + 40), width: W, role: 'img', 'aria-label': t('perChannel') });
    days.forEach((d, i) => {
      let y = H;
      for (const c of CHANNELS) {
        const h = (d.channels[c] / max) * (H - pad);
        if (h > 0) {
          const rect = svg('rect', { x: pad + i * bw + 4, y: y - h, width: bw - 8, height: h, fill: COLOURS[c], class: 'bar' });
          rect.append(svg('title', {}, d.date + ' ' + t('c_' + c) + ': ' + d.channels[c]));
          s.append(rect);
          y -= h;
        }
      }
      s.append(svg('text', { x: pad + i * bw + bw / 2, y: H + 16, 'text-anchor': 'middle', 'font-size': 11 }, d.date.substring(5)));
    });
    s.append(svg('line', { x1: pad, y1: H, x2: W - pad, y2: H, stroke: '#555' }));
    CHANNELS.forEach((c, i) => {
      s.append(svg('rect', { x: pad + i * 110, y: H + 26, width: 10, height: 10, fill: COLOURS[c] }));
      s.append(svg('text', { x: pad + i * 110 + 14, y: H + 35, 'font-size': 11 }, t('c_' + c)));
    });
    $('chart-daily').replaceChildren(s);
  }

  function ratesChart(rates) {
    const W = 640, H = 60 * rates.length + 20, left = 120, scale = W - left - 150;
    const s = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, width: W, role: 'img', 'aria-label': t('rates') });
    rates.forEach(([label, r], i) => {
      const y = 10 + i * 60;
      const value = r.rate === null ? 0 : r.rate;
      s.append(svg('text', { x: 0, y: y + 22, 'font-size': 13 }, label));
      s.append(svg('rect', { x: left, y, width: scale, height: 30, fill: '#eceff1' }));
      s.append(svg('rect', { x: left, y, width: value * scale, height: 30, fill: r.meets_target ? '#2e7d32' : '#c62828', class: 'rate' }));
      s.append(svg('line', { x1: left + r.target * scale, y1: y - 4, x2: left + r.target * scale, y2: y + 34, stroke: '#000', 'stroke-width': 2, class: 'target' }));
      s.append(svg('text', { x: left + scale + 6, y: y + 20, 'font-size': 12 },
        (r.rate === null ? '–' : Math.round(value * 1000) / 10 + '%') + ' / ' + t('target') + ' ' + Math.round(r.target * 100) + '%'));
    });
    $('chart-rates').replaceChildren(s);
  }

  async function downloadCsv() {
    const r = await api('/reports?period=week&format=csv&from=' + encodeURIComponent($('report-from').value), { raw: true });
    const a = el('a', { href: URL.createObjectURL(await r.blob()), download: 'voxgate-report-' + $('report-from').value + '.csv' });
    document.body.append(a);
    a.click();
    a.remove();
  }

  // ---- visits ----

  async function loadVisits() {
    const due = await api('/visits/due');
    $('visits-table').tBodies[0].replaceChildren(...due.items.map((v) => el('tr', {},
      el('td', {}, el('a', { href: '#ticket/' + encodeURIComponent(v.id), text: v.number })),
      el('td', { text: v.subject }),
      el('td', { text: [v.customer.name, v.customer.phone].filter(Boolean).join(' · ') }),
      el('td', { text: t(v.reason) + (v.visited ? ' · ' + t('visited') : '') }),
      el('td', { text: v.visit_due_at ? when(v.visit_due_at) : '' }))));
    if (due.items.length === 0) $('visits-table').tBodies[0].append(el('tr', {}, el('td', { text: t('noTickets') })));
  }

  // ---- wiring ----

  function guard(fn) {
    return (ev) => {
      if (ev) ev.preventDefault();
      Promise.resolve().then(fn).catch((e) => say(e.message, true));
    };
  }

  document.addEventListener('DOMContentLoaded', () => {
    applyLanguage();
    $('lang').addEventListener('click', () => {
      lang = lang === 'en' ? 'zh-CN' : 'en';
      localStorage.setItem('voxgate.lang', lang);
      applyLanguage();
      route();
    });
    $('signin-form').addEventListener('submit', guard(async () => {
      token = $('token').value.trim();
      await api('/tickets?limit=1');
      sessionStorage.setItem('voxgate.token', token);
      $('token').value = '';
      if (location.hash === '#list' || !location.hash) route(); else location.hash = '#list';
    }));
    $('signout').addEventListener('click', signOut);
    $('filters').addEventListener('submit', guard(() => loadList(false)));
    $('live').addEventListener('change', startLive);
    $('more').addEventListener('click', guard(() => loadList(true)));
    $('reply-form').addEventListener('submit', guard(() => post('replies', { text: $('reply-text').value }, 'reply-text')));
    $('note-form').addEventListener('submit', guard(() => post('notes', { text: $('note-text').value }, 'note-text')));
    $('assign-form').addEventListener('submit', guard(() => patch({ assignee: $('assign-name').value.trim() || null })));
    $('visit-form').addEventListener('submit', guard(() => {
      const reached = $('visit-reached').checked;
      return post('visits', { reached, satisfaction: reached ? Number($('visit-satisfaction').value) : null, comment: $('visit-comment').value }, 'visit-comment');
    }));
    $('report-form').addEventListener('submit', guard(loadReport));
    $('report-csv').addEventListener('click', guard(downloadCsv));
    window.addEventListener('hashchange', route);
    route();
  });
})();
