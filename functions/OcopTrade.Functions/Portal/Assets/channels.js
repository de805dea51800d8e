// Channels: where the product is listed, why a marketplace refused it, list or delist, and each marketplace's
// bulk-upload file. Until the syndication API is on this server the page says so instead of failing.
'use strict';
(function () {
  const productId = document.body.dataset.productId;
  const producerId = document.body.dataset.producerId;
  const base = '/api/products/' + productId + '/syndications';
  const box = document.getElementById('channels');
  const error = document.getElementById('channels-error');
  const form = document.getElementById('channels-form');
  const names = { voso: 'voso.vn', postmart: 'postmart.vn', shopee: 'Shopee' };
  const states = {
    queued: 'Đang chờ', publishing: 'Đang đăng', live: 'Đang bán', rejected: 'Bị từ chối', retrying: 'Đang thử lại',
    needsAttention: 'Cần xử lý', delisted: 'Đã gỡ',
  };

  function problem(result) { error.textContent = ocop.problemText(result); error.hidden = false; }

  async function load() {
    const result = await ocop.api('GET', base);
    box.textContent = '';
    if (!result.ok) { box.appendChild(ocop.el('p', {}, 'Chưa xem được trạng thái trên các sàn.')); problem(result); return; }
    error.hidden = true;
    if (!result.data.length) { box.appendChild(ocop.el('p', {}, 'Sản phẩm chưa được đăng lên sàn nào.')); return; }
    const list = ocop.el('ul', { class: 'cards' });
    for (const s of result.data) {
      const li = ocop.el('li', { 'data-channel': s.channel });
      li.appendChild(ocop.el('p', { class: 'card-title' }, names[s.channel] || s.channel));
      li.appendChild(ocop.el('p', {}, 'Trạng thái: ' + (states[s.state] || s.state) + (s.attempt > 1 ? ' · lần thử ' + s.attempt : '')));
      if (s.nextAttemptAt) li.appendChild(ocop.el('p', {}, 'Thử lại lúc ' + new Date(s.nextAttemptAt).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })));
      if (s.reasons && s.reasons.length) {
        const reasons = ocop.el('ul', { class: 'reasons' });
        for (const r of s.reasons) reasons.appendChild(ocop.el('li', {}, typeof r === 'string' ? ocop.vi(r) : (r.message || JSON.stringify(r))));
        li.appendChild(reasons);
      }
      if (s.url) { const a = ocop.el('a', { href: s.url, rel: 'noopener noreferrer', target: '_blank' }, 'Xem trên sàn'); li.appendChild(a); }
      if (s.state !== 'delisted') {
        const b = ocop.el('button', { type: 'button', class: 'danger' }, 'Gỡ khỏi ' + (names[s.channel] || s.channel));
        b.addEventListener('click', async function () {
          const r = await ocop.api('DELETE', base + '/' + encodeURIComponent(s.channel));
          if (!r.ok) { problem(r); return; }
          ocop.say('Đã yêu cầu gỡ khỏi ' + (names[s.channel] || s.channel) + '.');
          load();
        });
        li.appendChild(b);
      }
      list.appendChild(li);
    }
    box.appendChild(list);
  }

  // The checklist per channel: what each marketplace requires and whether the product meets it.
  const readiness = document.getElementById('readiness');
  async function loadReadiness() {
    const result = await ocop.api('GET', base + '/readiness');
    readiness.textContent = '';
    if (!result.ok) { readiness.appendChild(ocop.el('p', {}, 'Chưa kiểm tra được yêu cầu của các sàn.')); return; }
    const list = ocop.el('ul', { class: 'cards' });
    for (const r of result.data) {
      const li = ocop.el('li', { 'data-channel': r.channel, 'data-ready': String(r.ready) });
      li.appendChild(ocop.el('p', { class: 'card-title' }, (names[r.channel] || r.channel) + ': ' +
        (r.ready ? 'Sẵn sàng' : 'Chưa đủ điều kiện')));
      const checks = ocop.el('ul', { class: 'checklist' });
      for (const c of r.checks) {
        checks.appendChild(ocop.el('li', { class: 'status ' + (c.met ? 'ok' : 'bad'),
            'data-requirement': c.requirement },
          (c.met ? '✓ ' : '✗ ') + c.detail));
      }
      li.appendChild(checks);
      list.appendChild(li);
    }
    readiness.appendChild(list);
  }

  // The producer's marketplace orders, per channel: what the marketplaces sold and what became revenue.
  const ordersBox = document.getElementById('orders');
  const orderStates = { placed: 'Đã đặt', completed: 'Hoàn thành', cancelled: 'Đã hủy', returned: 'Trả lại' };
  async function loadOrders() {
    const result = await ocop.api('GET', '/api/producers/' + encodeURIComponent(producerId) + '/marketplace-orders');
    ordersBox.textContent = '';
    if (!result.ok) { ordersBox.appendChild(ocop.el('p', {}, 'Chưa xem được đơn hàng trên các sàn.')); return; }
    const oversells = await ocop.api('GET', '/api/producers/' + encodeURIComponent(producerId) + '/oversells');
    if (oversells.ok && oversells.data.length) {
      const warn = ocop.el('ul', { class: 'reasons', id: 'oversells' });
      for (const o of oversells.data) {
        warn.appendChild(ocop.el('li', { class: 'status bad' }, 'Bán vượt tồn kho ' + o.units + ' sản phẩm: đơn '
            + o.orderId +
          ' trên ' + (names[o.channel] || o.channel) + '. Tồn kho đã về 0 trên mọi sàn; hãy liên hệ người mua.'));
      }
      ordersBox.appendChild(warn);
    }
    if (!result.data.length) { ordersBox.appendChild(ocop.el('p', {}, 'Chưa có đơn hàng nào từ các sàn.')); return; }
    for (const channel of Object.keys(names)) {
      const mine = result.data.filter(function (o) { return o.channel === channel; });
      if (!mine.length) continue;
      ordersBox.appendChild(ocop.el('h3', {}, names[channel]));
      const list = ocop.el('ul', { class: 'cards', 'data-channel': channel });
      for (const o of mine) {
        list.appendChild(ocop.el('li', { 'data-order': o.orderId }, 'Đơn ' + o.orderId + ' · ' + (orderStates[o.status]
            || o.status) +
          ' · ' + o.amountVnd.toLocaleString('vi-VN') + ' ₫'));
      }
      ordersBox.appendChild(list);
    }
  }

  // Per channel: the category and price the listing carries, and the producer's overrides of them.
  const termsBox = document.getElementById('terms');
  const termMessages = [
    [/^A price override is whole/, 'Giá riêng là số đồng nguyên, từ 1 đến 10.000.000.000.'],
    [/^A .* category id is a number\.$/, 'Mã danh mục trên sàn này chỉ gồm chữ số.'],
    [/^A marketplace category id is/, "Mã danh mục chỉ gồm chữ, số, '.', '_', '-' hoặc '/' (tối đa 64 ký tự)."],
  ];
  function termText(message) {
    for (const [pattern, text] of termMessages) if (pattern.test(message)) return text;
    return ocop.vi(message);
  }
  const sources = { override: 'đặt riêng', mapping: 'theo nhóm sản phẩm', product: 'giá chung' };

  function termsField(channel, name, label, value, inputmode) {
    const id = 'terms-' + channel + '-' + name;
    const field = ocop.el('div', { class: 'field', 'data-field': name });
    field.appendChild(ocop.el('label', { for: id }, label));
    const attrs = { id: id, name: name, type: 'text', 'aria-describedby': id + '-error' };
    if (inputmode) attrs.inputmode = inputmode;
    const input = ocop.el('input', attrs);
    input.value = value == null ? '' : String(value);
    field.appendChild(input);
    field.appendChild(ocop.el('p', { class: 'error', id: id + '-error', hidden: '' }));
    return field;
  }

  function termsSummary(s) {
    const e = s.effective;
    const category = e.categoryId
      ? (e.categoryName ? e.categoryName + ' (' + e.categoryId + ')' : e.categoryId) + ' · ' + sources[e.categorySource]
      : 'chưa có danh mục';
    const price = e.priceVnd != null ? e.priceVnd.toLocaleString('vi-VN') + ' ₫ · ' + sources[e.priceSource]
      : 'chưa có giá';
    return ocop.el('p', { class: 'terms-effective' }, 'Danh mục: ' + category + '. Giá: ' + price + '.');
  }

  function showTermErrors(form, result) {
    const errors = (result.data && result.data.errors) || {};
    let shown = false;
    for (const name of Object.keys(errors)) {
      const out = form.querySelector('[data-field="' + name + '"] .error');
      if (!out) continue;
      out.textContent = errors[name].map(termText).join(' ');
      out.hidden = false;
      shown = true;
    }
    if (!shown) problem(result);
  }

  function termsCard(channel, settings, etag) {
    const li = ocop.el('li', { 'data-channel': channel });
    li.appendChild(ocop.el('p', { class: 'card-title' }, names[channel] || channel));
    li.appendChild(termsSummary(settings));
    const form = ocop.el('form', { class: 'terms-form', novalidate: '' });
    form.appendChild(termsField(channel, 'categoryId', 'Mã danh mục riêng trên sàn', settings.categoryId));
    form.appendChild(termsField(channel, 'priceVnd', 'Giá riêng trên sàn (đồng)', settings.priceVnd, 'numeric'));
    form.appendChild(ocop.el('button', { type: 'submit' }, 'Lưu cho ' + (names[channel] || channel)));
    form.addEventListener('submit', async function (event) {
      event.preventDefault();
      for (const out of form.querySelectorAll('.error')) { out.hidden = true; out.textContent = ''; }
      const price = ocop.wholeNumber(form.elements.priceVnd.value);
      if (Number.isNaN(price)) {
        showTermErrors(form, { data: { errors: { priceVnd: ['A price override is whole đồng.'] } } });
        return;
      }
      const body = { categoryId: ocop.value(form, 'categoryId'), priceVnd: price };
      const result = await ocop.api('PUT', base + '/' + channel + '/settings', body, { 'If-Match': etag });
      if (!result.ok) { showTermErrors(form, result); return; }
      ocop.say('Đã lưu danh mục và giá trên ' + (names[channel] || channel) + '.');
      loadTerms();
      loadReadiness();
    });
    li.appendChild(form);
    return li;
  }

  async function loadTerms() {
    const channels = Object.keys(names);
    const results = await Promise.all(channels.map(function (c) { return ocop.api('GET', base + '/' + c + '/settings'); }));
    termsBox.textContent = '';
    const list = ocop.el('ul', { class: 'cards' });
    channels.forEach(function (channel, i) {
      if (results[i].ok) list.appendChild(termsCard(channel, results[i].data, results[i].etag));
    });
    if (!list.children.length) termsBox.appendChild(ocop.el('p', {}, 'Chưa xem được danh mục và giá trên các sàn.'));
    else termsBox.appendChild(list);
  }

  form.addEventListener('submit', async function (event) {
    event.preventDefault();
    const channels = Array.from(form.querySelectorAll('input[name=channel]:checked'), function (c) { return c.value; });
    if (!channels.length) { error.textContent = 'Chọn ít nhất một sàn.'; error.hidden = false; return; }
    const result = await ocop.api('POST', base, { channels: channels });
    if (!result.ok) {
      const errors = result.data && result.data.errors;
      if (errors) { error.textContent = Object.keys(errors).map(function (k) { return errors[k].map(ocop.vi).join(' '); }).join(' '); error.hidden = false; }
      else problem(result);
      return;
    }
    ocop.say('Đã gửi yêu cầu đăng lên ' + channels.map(function (c) { return names[c]; }).join(', ') + '.');
    load();
  });

  const exports = document.getElementById('bulk-exports');
  for (const channel of Object.keys(names)) {
    exports.appendChild(ocop.el('a', { class: 'button secondary', download: '', href: '/api/producers/' + encodeURIComponent(producerId) + '/bulk-exports/' + channel + '.xlsx' }, names[channel] + ' (.xlsx)'));
  }

  // Bulk actions over every product of the producer: start one, then follow its progress until done. A key per
  // press makes a double tap (or a retry on a flaky connection) start one action, not two.
  function bulkActions() {
    const status = document.getElementById('bulk-status');
    const bar = document.getElementById('bulk-progress');
    const summary = document.getElementById('bulk-summary');
    const skippedList = document.getElementById('bulk-skipped');
    const buttons = Array.from(document.querySelectorAll('#bulk-actions button'));

    function show(p) {
      status.hidden = false;
      bar.max = Math.max(p.total, 1);
      bar.value = p.state === 'done' ? bar.max : p.processed;
      summary.textContent = (p.state === 'done' ? 'Đã xong: ' : 'Đang xử lý: ') + p.processed + '/' + p.total +
        ' sản phẩm · đã xếp hàng ' + p.queued + ' · đã cập nhật sẵn ' + p.unchanged + ' · bỏ qua ' + p.skipped +
        (p.failed ? ' · lỗi ' + p.failed : '');
      summary.dataset.state = p.state;
      skippedList.textContent = '';
      for (const s of p.skippedProducts) {
        const reasons = s.unmet.map(function (u) { return u.detail; }).join(' ');
        skippedList.appendChild(ocop.el('li', { 'data-product': s.productId },
          s.name + ' (' + (names[s.channel] || s.channel) + '): ' + reasons));
      }
      if (p.skipped > p.skippedProducts.length)
        skippedList.appendChild(ocop.el('li', {}, 'và ' + (p.skipped - p.skippedProducts.length) + ' sản phẩm khác.'));
    }

    async function follow(url) {
      const result = await ocop.api('GET', url);
      if (!result.ok) { problem(result); buttons.forEach(function (b) { b.disabled = false; }); return; }
      show(result.data);
      if (result.data.state !== 'done') { setTimeout(function () { follow(url); }, 1000); return; }
      buttons.forEach(function (b) { b.disabled = false; });
      load();
    }

    async function start(button) {
      const body = { action: button.dataset.bulk };
      if (button.dataset.channel) body.channel = button.dataset.channel;
      buttons.forEach(function (b) { b.disabled = true; });
      const key = (self.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + Math.random();
      const result = await ocop.api('POST', '/api/producers/' + encodeURIComponent(producerId) + '/bulk-syndications',
        body, { 'Idempotency-Key': key });
      if (!result.ok) { problem(result); buttons.forEach(function (b) { b.disabled = false; }); return; }
      show(result.data);
      follow('/api/bulk-syndications/' + encodeURIComponent(result.data.id));
    }

    buttons.forEach(function (b) { b.addEventListener('click', function () { start(b); }); });
  }

  load();
  loadReadiness();
  loadTerms();
  loadOrders();
  bulkActions();
})();
