// Revenue: a month's sales in one channel, or a whole CSV with its per-row report.
'use strict';
(function () {
  const producerId = document.body.dataset.producerId;
  const form = document.getElementById('revenue-form');
  const channelNames = {};
  for (const o of form.elements.channel.options) channelNames[o.value] = o.textContent;
  let entryId = ocop.uuid(); // one per entry: a retried post records it once
  const vnd = new Intl.NumberFormat('vi-VN');

  const marketplaceField = form.querySelector('[data-field=marketplace]');
  function toggleMarketplace() { marketplaceField.hidden = form.elements.channel.value !== 'ecommerce'; }
  form.elements.channel.addEventListener('change', toggleMarketplace);
  toggleMarketplace();

  async function loadList() {
    const box = document.getElementById('revenue-list');
    const result = await ocop.api('GET', '/api/revenue?producerId=' + encodeURIComponent(producerId));
    box.textContent = '';
    if (!result.ok) { box.appendChild(ocop.el('p', {}, ocop.problemText(result))); return; }
    const items = (Array.isArray(result.data) ? result.data : result.data.items || []).filter(function (e) { return !e.replacedBy; });
    if (!items.length) { box.appendChild(ocop.el('p', {}, 'Chưa có doanh thu nào.')); return; }
    items.sort(function (a, b) { return a.month < b.month ? 1 : -1; });
    const wrap = ocop.el('div', { class: 'table' });
    const table = ocop.el('table');
    const head = ocop.el('tr');
    for (const h of ['Tháng', 'Kênh', 'Doanh thu (đ)', 'Số lượng']) head.appendChild(ocop.el('th', { scope: 'col' }, h));
    table.appendChild(head);
    for (const e of items.slice(0, 50)) {
      const tr = ocop.el('tr');
      tr.appendChild(ocop.el('td', {}, e.month.split('-').reverse().join('/')));
      tr.appendChild(ocop.el('td', {}, (channelNames[e.channel] || e.channel) + (e.marketplace ? ' · ' + e.marketplace : '')));
      tr.appendChild(ocop.el('td', {}, vnd.format(e.amountVnd)));
      tr.appendChild(ocop.el('td', {}, vnd.format(e.quantity)));
      table.appendChild(tr);
    }
    wrap.appendChild(table);
    box.appendChild(wrap);
  }

  form.addEventListener('submit', async function (event) {
    event.preventDefault();
    ocop.clearErrors(form);
    const local = {};
    const amount = ocop.wholeNumber(ocop.value(form, 'amountVnd'));
    const quantity = ocop.wholeNumber(ocop.value(form, 'quantity'));
    if (Number.isNaN(amount)) local.amountVnd = ['Doanh thu là số đồng nguyên, ví dụ 12500000.'];
    if (Number.isNaN(quantity)) local.quantity = ['Số lượng là số nguyên.'];
    if (Object.keys(local).length) { ocop.showErrors(form, local); return; }
    const body = {
      id: entryId, producerId: producerId, productId: ocop.value(form, 'productId'), channel: ocop.value(form, 'channel'),
      marketplace: form.elements.channel.value === 'ecommerce' ? ocop.value(form, 'marketplace') : null,
      month: ocop.value(form, 'month'), amountVnd: amount, quantity: quantity, note: ocop.value(form, 'note'),
    };
    for (const k of Object.keys(body)) if (body[k] === null) delete body[k];
    const result = await ocop.api('POST', '/api/revenue', body);
    if (!result.ok) {
      const errors = result.data && result.data.errors;
      ocop.showErrors(form, errors || {}, errors ? null : ocop.problemText(result));
      return;
    }
    entryId = ocop.uuid();
    form.elements.amountVnd.value = '';
    form.elements.quantity.value = '';
    form.elements.note.value = '';
    ocop.say('Đã ghi doanh thu tháng ' + body.month.split('-').reverse().join('/') + '.');
    loadList();
  });

  const importForm = document.getElementById('import-form');
  const report = document.getElementById('import-report');
  importForm.addEventListener('submit', async function (event) {
    event.preventDefault();
    ocop.clearErrors(importForm);
    const file = importForm.elements.file.files[0];
    if (!file) { ocop.showErrors(importForm, { file: ['Chọn tệp CSV.'] }); return; }
    const text = (await file.text()).normalize('NFC');
    let response;
    try {
      response = await fetch('/api/revenue/imports', { method: 'POST', credentials: 'same-origin', body: text,
        headers: Object.assign({ 'Content-Type': 'text/csv; charset=utf-8', Accept: 'application/json' }, ocop.csrf) });
    } catch (e) { ocop.showErrors(importForm, {}, ocop.problemText({ status: 0 })); return; }
    const data = await response.json().catch(function () { return null; });
    if (!response.ok) {
      ocop.showErrors(importForm, { file: data && data.errors ? Object.values(data.errors).flat() : [ocop.problemText({ status: response.status, data: data })] });
      return;
    }
    poll(data.id);
  });

  async function poll(id) {
    const result = await ocop.api('GET', '/api/revenue/imports/' + id);
    if (!result.ok) { report.textContent = ocop.problemText(result); return; }
    const s = result.data;
    report.textContent = '';
    report.appendChild(ocop.el('p', {}, 'Đã xử lý ' + s.processedRows + '/' + s.totalRows + ' dòng: ghi ' + s.recordedRows + ', lỗi ' + s.rejectedRows + '.'));
    if (s.problems && s.problems.length) {
      const wrap = ocop.el('div', { class: 'table' });
      const table = ocop.el('table');
      const head = ocop.el('tr');
      for (const h of ['Dòng', 'Cột', 'Lỗi']) head.appendChild(ocop.el('th', { scope: 'col' }, h));
      table.appendChild(head);
      for (const p of s.problems) {
        const tr = ocop.el('tr');
        tr.appendChild(ocop.el('td', {}, String(p.row)));
        tr.appendChild(ocop.el('td', {}, p.field));
        tr.appendChild(ocop.el('td', {}, ocop.vi(p.reason)));
        table.appendChild(tr);
      }
      wrap.appendChild(table);
      report.appendChild(wrap);
    }
    if (s.status === 'queued' || s.status === 'running') setTimeout(function () { poll(id); }, 1500);
    else loadList();
  }

  loadList();
})();
