// The product form: sends exactly what the API takes (NFC text, whole-đồng numbers), shows the API's answer
// field by field, and never clears what was typed when a save fails. Publishing shows every reason it can't.
'use strict';
(function () {
  const form = document.getElementById('product-form');
  const productId = form.dataset.productId;
  const idempotencyKey = ocop.uuid(); // one per form: a create retried after a lost answer is the same product

  function numberField(name, errors, message) {
    const raw = ocop.value(form, name);
    const n = ocop.wholeNumber(raw);
    if (Number.isNaN(n)) errors[name] = [message];
    return Number.isNaN(n) ? null : n;
  }

  function collect(errors) {
    const body = {
      name: ocop.value(form, 'name'),
      group: ocop.value(form, 'group'),
      description: ocop.value(form, 'description'),
      stars: ocop.value(form, 'stars') === null ? null : Number(ocop.value(form, 'stars')),
      priceVnd: numberField('priceVnd', errors, 'Giá là số đồng nguyên, ví dụ 350000.'),
      unit: ocop.value(form, 'unit'),
      netQuantity: ocop.value(form, 'netQuantity'),
      shelfLifeDays: numberField('shelfLifeDays', errors, 'Hạn sử dụng là số ngày, ví dụ 540.'),
      stock: numberField('stock', errors, 'Số lượng là số nguyên, ví dụ 120.'),
      ingredients: ocop.value(form, 'ingredients'),
      rawMaterialArea: ocop.value(form, 'rawMaterialArea'),
      standards: Array.from(form.querySelectorAll('input[name=standards]:checked'), function (c) { return c.value; }),
      gtin: ocop.value(form, 'gtin'),
    };
    const certificate = {
      number: ocop.value(form, 'certificate.number'),
      issueDate: ocop.value(form, 'certificate.issueDate'),
      issuingLevel: ocop.value(form, 'certificate.issuingLevel'),
    };
    if (certificate.number || certificate.issueDate || certificate.issuingLevel) body.certificate = certificate;
    const capacity = {
      quantity: numberField('monthlyCapacity.quantity', errors, 'Số lượng là số nguyên, ví dụ 2000.'),
      unit: ocop.value(form, 'monthlyCapacity.unit'),
    };
    if (capacity.quantity !== null || capacity.unit) body.monthlyCapacity = capacity;
    for (const k of Object.keys(body)) if (body[k] === null) delete body[k];
    return body;
  }

  const submit = form.querySelector('button[type=submit]');
  form.addEventListener('submit', async function (event) {
    event.preventDefault();
    ocop.clearErrors(form);
    const local = {};
    const body = collect(local);
    if (Object.keys(local).length) { ocop.showErrors(form, local); return; }
    submit.disabled = true;
    const result = productId
      ? await ocop.api('PUT', '/api/products/' + productId, body, { 'If-Match': form.dataset.etag })
      : await ocop.api('POST', '/api/products', body, { 'Idempotency-Key': idempotencyKey });
    submit.disabled = false;
    if (result.ok) {
      if (!productId) { location.href = '/portal/products/' + result.data.id + '?saved=1'; return; }
      form.dataset.etag = result.etag || form.dataset.etag;
      ocop.say('Đã lưu thay đổi.');
      return;
    }
    const errors = result.data && result.data.errors;
    ocop.showErrors(form, errors || {}, errors ? null : ocop.problemText(result));
    ocop.say(errors ? 'Chưa lưu: vui lòng sửa các mục được đánh dấu.' : ocop.problemText(result), false);
  });

  if (new URLSearchParams(location.search).has('saved')) ocop.say('Đã tạo sản phẩm (bản nháp).');
  if (!productId) return;

  const reasons = document.getElementById('publish-reasons');
  const status = document.getElementById('product-status');
  const labels = { published: ['valid', 'Đang bán'], draft: ['draft', 'Nháp'], suspended: ['expired', 'Tạm ngừng'] };

  async function change(action) {
    reasons.hidden = true;
    reasons.textContent = '';
    const result = await ocop.api('POST', '/api/products/' + productId + '/' + action);
    if (result.ok) {
      form.dataset.etag = result.etag || form.dataset.etag;
      const s = labels[result.data.status] || labels.draft;
      status.innerHTML = '';
      status.appendChild(ocop.el('span', { class: 'badge ' + s[0], 'data-status': result.data.status }, s[1]));
      ocop.say(action === 'publish' ? 'Sản phẩm đã được đăng bán.' : 'Sản phẩm đã ngừng bán (về bản nháp).');
      return;
    }
    const errors = (result.data && result.data.errors) || {};
    for (const key of Object.keys(errors)) for (const m of errors[key]) reasons.appendChild(ocop.el('li', {}, ocop.vi(m)));
    if (!reasons.children.length) reasons.appendChild(ocop.el('li', {}, ocop.problemText(result)));
    reasons.hidden = false;
    ocop.clearErrors(form);
    ocop.showErrors(form, errors); // each reason also beside its field, focus on the first one to fix
    ocop.say('Chưa thể đăng bán: xem lý do ở các mục được đánh dấu.', false);
  }
  document.getElementById('publish').addEventListener('click', function () { change('publish'); });
  document.getElementById('unpublish').addEventListener('click', function () { change('unpublish'); });
})();
