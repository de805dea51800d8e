// The scanner's outbox: a sale that could not reach the server (no network, or the connection dropped) is kept on
// the phone in IndexedDB with its client id, and sent in order when the network returns (the `online` event, page
// load, a retry that waits longer each time, and the "Gửi lại" button). The id makes a resend safe: the server
// records a sale once however often it arrives and answers the original. Each answer replaces the entry: recorded
// (verified by the server), or refused with the server's reason until the staff has read it. Nothing secret is
// kept: the session is an http-only cookie the script never sees; an expired session only waits for a sign-in.
'use strict';
window.scanOutbox = (function () {
  const DB = 'ocop-scan';
  const STORE = 'outbox';
  const KEEP_RECORDED = 20;
  const DAY_MS = 24 * 3600 * 1000;
  const FIRST_RETRY_MS = 5000;
  const LAST_RETRY_MS = 5 * 60 * 1000;
  const salesPointId = document.body.dataset.salesPointId;
  const money = new Intl.NumberFormat('vi-VN');
  const bar = document.getElementById('outbox-bar');
  const count = document.getElementById('outbox-count');
  const sendButton = document.getElementById('outbox-send');
  const signIn = document.getElementById('outbox-sign-in');
  let retryMs = FIRST_RETRY_MS;
  let retryTimer = null;
  let syncing = false;
  let again = false;
  let lastNote = '';

  // ---- storage: one object store of entries keyed by the sale's client id ----
  function open() {
    return new Promise(function (resolve, reject) {
      const request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE, { keyPath: 'id' }); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  async function run(mode, work) {
    const db = await open();
    try {
      return await new Promise(function (resolve, reject) {
        const tx = db.transaction(STORE, mode);
        const result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { resolve(result && 'result' in result ? result.result : undefined); };
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error); };
      });
    } finally { db.close(); }
  }

  function put(entry) { return run('readwrite', function (store) { store.put(entry); }); }
  function remove(id) { return run('readwrite', function (store) { store.delete(id); }); }

  // This sales point's entries, oldest first: another sales point signed in on the same phone keeps its own.
  async function entries() {
    const all = await run('readonly', function (store) { return store.getAll(); });
    return (all || []).filter(function (e) { return e.salesPointId === salesPointId; })
      .sort(function (a, b) { return a.seq - b.seq; });
  }

  // Keeps a sale that could not be sent; the page shows it as not yet verified.
  async function keep(sale) {
    await put({
      id: sale.id, salesPointId: salesPointId, code: sale.code, kind: 'sale', quantity: sale.quantity,
      unitPrice: sale.unitPrice, at: new Date().toISOString(), seq: Date.now(), state: 'pending',
    });
    await render();
    later();
  }

  // ---- sending ----
  async function send(entry) {
    const body = { id: entry.id, code: entry.code, kind: 'sale', quantity: entry.quantity, unitPrice: entry.unitPrice };
    let response;
    try {
      response = await window.fetch('/api/sales-points/' + encodeURIComponent(entry.salesPointId) + '/scans', {
        method: 'POST', credentials: 'same-origin', body: JSON.stringify(ocop.nfc(body)),
        headers: Object.assign({ Accept: 'application/json', 'Content-Type': 'application/json' }, ocop.csrf),
      });
    } catch (e) { return { outcome: 'later' }; }
    let data = null;
    if ((response.headers.get('content-type') || '').indexOf('json') >= 0) {
      try { data = await response.json(); } catch (e) { data = null; }
    }
    if (response.status === 401 || response.status === 403) return { outcome: 'signIn' };
    // Not an answer of this API (a captive portal's page, a proxy's error), busy, or failing: try again later.
    const busy = response.status === 408 || response.status === 429 || response.status >= 500;
    if (!data || busy) return { outcome: 'later' };
    if (response.ok && data.sale) return { outcome: 'recorded', answer: data };
    if (response.status >= 400) return { outcome: 'refused', problem: data };
    return { outcome: 'later' };
  }

  function recorded(entry, answer) {
    const sale = answer.sale;
    return Object.assign({}, entry, {
      state: 'recorded', sentAt: new Date().toISOString(), status: sale.status,
      // Recorded before a hold or recall reached the lot: the staff should stop selling what is left of it.
      notice: answer.doNotSell ? answer.reason : null,
      what: [answer.productName, answer.producerName, answer.lotNumber ? 'Lô ' + answer.lotNumber : null]
        .filter(Boolean).join(' · '),
    });
  }

  // The server's reason as the staff reads it: the title, and each field's message in Vietnamese (else the detail).
  function refused(entry, problem) {
    const errors = problem.errors || {};
    const reasons = Object.keys(errors).map(function (k) { return errors[k].map(ocop.vi).join(' '); });
    return Object.assign({}, entry, {
      state: 'refused', title: problem.title || 'Máy chủ từ chối đơn này',
      reason: reasons.length ? reasons.join(' ') : (problem.detail || ''),
    });
  }

  // Sends the pending sales in the order they were made, stopping at the first that cannot go yet.
  async function sync() {
    if (syncing) { again = true; return; }
    syncing = true;
    clearTimeout(retryTimer);
    retryTimer = null;
    let blocked = null;
    try {
      for (const entry of (await entries()).filter(function (e) { return e.state === 'pending'; })) {
        const result = await send(entry);
        if (result.outcome === 'later' || result.outcome === 'signIn') { blocked = result.outcome; break; }
        await put(result.outcome === 'recorded' ? recorded(entry, result.answer) : refused(entry, result.problem));
        await render();
      }
    } finally {
      syncing = false;
    }
    signIn.hidden = blocked !== 'signIn';
    if (blocked === 'later') later(); else retryMs = FIRST_RETRY_MS;
    lastNote = blocked !== 'later' ? ''
      : 'Chưa gửi được; tự thử lại sau ' + Math.round(retryMs / 1000) + ' giây.';
    await prune();
    await render();
    if (again) { again = false; await sync(); }
  }

  // Waits longer after each failed try (5 s, 10 s, … 5 min), so a phone on one bar does not drain its battery.
  function later() {
    if (retryTimer) return;
    const wait = retryMs;
    retryMs = Math.min(retryMs * 2, LAST_RETRY_MS);
    retryTimer = setTimeout(function () { retryTimer = null; sync(); }, wait);
  }

  function now() { retryMs = FIRST_RETRY_MS; sync(); }

  // Sent sales are shown for a working day (the last few), then leave the phone.
  async function prune() {
    const sent = (await entries()).filter(function (e) { return e.state === 'recorded'; }).reverse();
    const old = sent.filter(function (e, i) {
      return i >= KEEP_RECORDED || Date.now() - Date.parse(e.sentAt) > DAY_MS;
    });
    for (const e of old) await remove(e.id);
  }

  // ---- what the staff sees ----
  function line(entry) {
    const time = new Date(entry.at).toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit' });
    return 'Mã ' + entry.code + ' · ' + entry.quantity + ' × ' + money.format(entry.unitPrice) + ' đ = ' +
      money.format(entry.quantity * entry.unitPrice) + ' đ · lúc ' + time;
  }

  function item(entry) {
    const li = ocop.el('li', { 'data-id': entry.id, 'data-state': entry.state });
    if (entry.state === 'pending') {
      li.appendChild(ocop.el('strong', {}, 'Chưa xác minh — sẽ gửi khi có mạng'));
    } else if (entry.state === 'refused') {
      li.appendChild(ocop.el('strong', {}, 'Bị từ chối: ' + entry.title));
      if (entry.reason) li.appendChild(ocop.el('p', { class: 'reason' }, entry.reason));
    } else {
      li.appendChild(ocop.el('strong', {}, 'Đã ghi bán, mã đã xác minh'));
      if (entry.what) li.appendChild(ocop.el('p', {}, entry.what));
      if (entry.notice) li.appendChild(ocop.el('p', { class: 'reason' }, entry.notice));
      if (entry.status === 'held') {
        li.appendChild(ocop.el('p', {}, 'Giá khác xa giá niêm yết: chờ Sở Công Thương duyệt.'));
      }
    }
    li.appendChild(ocop.el('p', {}, line(entry)));
    if (entry.state === 'refused') {
      const dismiss = ocop.el('button', { type: 'button', class: 'secondary', 'data-dismiss': entry.id }, 'Đã xem');
      li.appendChild(dismiss);
    }
    return li;
  }

  function fill(state, list) {
    const ul = document.getElementById('outbox-' + state);
    ul.replaceChildren.apply(ul, list.map(item));
    document.getElementById('outbox-' + state + '-box').hidden = list.length === 0;
  }

  async function render() {
    const all = await entries();
    const of = function (state) { return all.filter(function (e) { return e.state === state; }); };
    const pending = of('pending');
    fill('pending', pending);
    fill('refused', of('refused'));
    fill('recorded', of('recorded').reverse());
    bar.dataset.unsent = String(pending.length);
    count.textContent = pending.length === 0 ? 'Không có đơn nào chờ gửi.'
      : pending.length + ' đơn chưa gửi (chưa xác minh). ' + (lastNote || 'Sẽ gửi khi có mạng.');
  }

  sendButton.addEventListener('click', now);
  document.addEventListener('click', async function (event) {
    const button = event.target.closest('[data-dismiss]');
    if (!button) return;
    await remove(button.dataset.dismiss);
    await render();
    sendButton.focus();
  });
  window.addEventListener('online', now);
  document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'visible') now(); });
  render().then(now);

  return { keep: keep, sync: now };
})();
