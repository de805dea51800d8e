// Labels: pick a lot (or record a new one), see its sticker, and download the A4 sheet or one label.
'use strict';
(function () {
  const productId = document.body.dataset.productId;
  const base = '/api/products/' + productId + '/batches';
  const select = document.getElementById('batch-select');
  const view = document.getElementById('label-view');
  const form = document.getElementById('batch-form');
  let batches = [];
  let idempotencyKey = ocop.uuid();

  function show(batchId) {
    const batch = batches.find(function (b) { return b.id === batchId; });
    view.hidden = !batch;
    if (!batch) return;
    document.getElementById('label-preview').src = batch.labelUrl + '?format=svg';
    document.getElementById('label-pdf').href = batch.labelUrl + '?format=pdf';
    document.getElementById('label-svg').href = batch.labelUrl + '?format=svg';
    document.getElementById('label-png').href = batch.labelUrl + '?format=png&dpi=300';
    document.getElementById('label-code').textContent = batch.traceCode;
  }

  async function load(selected) {
    const result = await ocop.api('GET', base);
    if (!result.ok) { ocop.say(ocop.problemText(result), false); return; }
    batches = result.data;
    select.textContent = '';
    if (!batches.length) select.appendChild(ocop.el('option', { value: '' }, 'Chưa có lô hàng: tạo lô mới bên dưới'));
    for (const b of batches) {
      select.appendChild(ocop.el('option', { value: b.id }, 'Lô ' + b.lotNumber + ' · SX ' + b.productionDate.split('-').reverse().join('/') + ' · ' + b.quantity + ' đơn vị'));
    }
    if (selected) select.value = selected;
    show(select.value);
  }

  select.addEventListener('change', function () { show(select.value); });

  form.addEventListener('submit', async function (event) {
    event.preventDefault();
    ocop.clearErrors(form);
    const quantity = ocop.wholeNumber(ocop.value(form, 'quantity'));
    if (Number.isNaN(quantity)) { ocop.showErrors(form, { quantity: ['Số lượng là số nguyên, ví dụ 500.'] }); return; }
    const body = {
      lotNumber: ocop.value(form, 'lotNumber'), productionDate: ocop.value(form, 'productionDate'), bestBefore: ocop.value(form, 'bestBefore'),
      quantity: quantity, originArea: ocop.value(form, 'originArea'), originCommune: ocop.value(form, 'originCommune'),
    };
    for (const k of Object.keys(body)) if (body[k] === null) delete body[k];
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    const result = await ocop.api('POST', base, body, { 'Idempotency-Key': idempotencyKey });
    button.disabled = false;
    if (!result.ok) {
      const errors = result.data && result.data.errors;
      ocop.showErrors(form, errors || {}, errors ? null : ocop.problemText(result));
      return;
    }
    idempotencyKey = ocop.uuid();
    form.reset();
    ocop.say('Đã tạo lô ' + result.data.lotNumber + '. Mã truy xuất: ' + result.data.traceCode + '.');
    await load(result.data.id);
    select.focus();
  });

  load();
})();
