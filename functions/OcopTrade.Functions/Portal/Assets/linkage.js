// Supply–demand connection, for producers and buyers: answer an enquiry, send one, record a deal, confirm or
// dispute one. Every change goes to the API; answers and decisions carry the ETag the page was rendered with, so
// a change made meanwhile (on another phone) is reported instead of overwritten. After a change the page reloads.
'use strict';
(function () {
  // The API's messages for these forms, in Vietnamese; the rest are translated by ocop.vi.
  const messages = [
    [/^Choose one: answered, declined\.$/, 'Vui lòng chọn nhận lời hoặc từ chối.'],
    [/^Choose one: confirmed, disputed\.$/, 'Vui lòng chọn xác nhận hoặc khiếu nại.'],
    [/^Choose one: sample, quote, trialOrder\.$/, 'Vui lòng chọn yêu cầu.'],
    [/^Choose one: contract, purchaseOrder\.$/, 'Vui lòng chọn loại hợp đồng.'],
    [/^Between 1 and [\d,]+ units\.$/, 'Số lượng từ 1 trở lên.'],
    [/^Say what is wrong with the deal\.$/, 'Vui lòng nêu lý do khiếu nại.'],
    [/^A value in whole đồng/, 'Giá trị là số đồng nguyên, lớn hơn 0.'],
    [/^The period must end on or after/, 'Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.'],
    [/^A deal's period is at most ten years\.$/, 'Thời hạn hợp đồng tối đa 10 năm.'],
    [/^No published, certified product has this id\.$/, 'Không có sản phẩm OCOP đang bán nào có mã này.'],
    [/^No verified buyer has this id\.$/, 'Bên mua chưa được xác minh.'],
    [/^An event id is letters/, 'Mã sự kiện chỉ gồm chữ, số, "-" hoặc "_".'],
  ];

  function vi(errors) {
    const out = {};
    for (const key of Object.keys(errors || {})) {
      out[key] = errors[key].map(function (m) {
        for (const [pattern, text] of messages) if (pattern.test(m)) return text;
        return m;
      });
    }
    return out;
  }

  function refused(form, result) {
    const errors = result.data && result.data.errors;
    let fallback = errors ? null : ocop.problemText(result);
    if (result.status === 412) fallback = 'Mục này vừa được thay đổi ở nơi khác. Tải lại trang để xem bản mới.';
    else if (result.status === 409 || result.status === 403) fallback = (result.data && result.data.title
        || 'Không thực hiện được') + '.';
    ocop.showErrors(form, vi(errors), fallback);
  }

  async function send(form, method, url, body, headers, done) {
    ocop.clearErrors(form);
    const buttons = form.querySelectorAll('button');
    buttons.forEach(function (b) { b.disabled = true; });
    const result = await ocop.api(method, url, body, headers);
    buttons.forEach(function (b) { b.disabled = false; });
    if (!result.ok) { refused(form, result); return; }
    ocop.say(done);
    location.reload();
  }

  document.querySelectorAll('.answer-form').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      send(form, 'POST', '/api/enquiries/' + form.dataset.enquiryId + '/answer',
        { status: ocop.value(form, 'status'), text: ocop.value(form, 'text') }, { 'If-Match': form.dataset.etag },
        'Đã gửi trả lời.');
    });
  });

  document.querySelectorAll('.deal-decision').forEach(function (form) {
    const url = '/api/deals/' + form.dataset.dealId + '/decision';
    const headers = { 'If-Match': form.dataset.etag };
    form.querySelector('[data-confirm]').addEventListener('click', function () {
      send(form, 'POST', url, { status: 'confirmed' }, headers, 'Đã xác nhận hợp đồng.');
    });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      send(form, 'POST', url, { status: 'disputed', reason: ocop.value(form, 'reason') }, headers, 'Đã gửi khiếu nại.');
    });
  });

  // One key per form as loaded: a retried send records the enquiry or the deal once.
  function creating(id, url, read, done) {
    const form = document.getElementById(id);
    if (!form) return;
    const key = ocop.uuid();
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      const body = read(form);
      if (!body) return;
      for (const k of Object.keys(body)) if (body[k] === null) delete body[k];
      send(form, 'POST', url, body, { 'Idempotency-Key': key }, done);
    });
  }

  function number(form, name, message) {
    const n = ocop.wholeNumber(ocop.value(form, name));
    if (Number.isNaN(n)) { ocop.showErrors(form, { [name]: [message] }); return undefined; }
    return n;
  }

  creating('enquiry-form', '/api/enquiries', function (form) {
    const quantity = number(form, 'quantity', 'Số lượng là số nguyên, ví dụ 100.');
    if (quantity === undefined) return null;
    return { productId: ocop.value(form, 'productId'), kind: ocop.value(form, 'kind'), quantity: quantity,
      message: ocop.value(form, 'message') };
  }, 'Đã gửi lời hỏi hàng.');

  creating('deal-form', '/api/deals', function (form) {
    const value = number(form, 'valueVnd', 'Giá trị là số đồng nguyên, ví dụ 50.000.000.');
    if (value === undefined) return null;
    return { buyerId: ocop.value(form, 'buyerId'), producerId: ocop.value(form, 'producerId'),
      enquiryId: ocop.value(form, 'enquiryId'), kind: ocop.value(form, 'kind'), reference: ocop.value(form,
          'reference'),
      valueVnd: value, periodFrom: ocop.value(form, 'periodFrom'), periodTo: ocop.value(form, 'periodTo'),
      eventId: ocop.value(form, 'eventId') };
  }, 'Đã ghi hợp đồng; bên kia sẽ được mời xác nhận.');
})();
