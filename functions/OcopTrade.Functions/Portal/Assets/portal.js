// Shared by every portal page: calls to the API with the portal's session (and its anti-forgery header),
// Vietnamese text normalised to NFC before it leaves the phone, and the API's field errors shown in Vietnamese
// next to the field they are about.
'use strict';
window.ocop = (function () {
  const CSRF = { 'X-Ocop-Portal': '1' };

  // Some Vietnamese keyboards type decomposed marks (e + combining circumflex + dot); the API accepts NFC only.
  function nfc(value) {
    if (typeof value === 'string') return value.normalize('NFC');
    if (Array.isArray(value)) return value.map(nfc);
    if (value && typeof value === 'object') {
      const out = {};
      for (const k of Object.keys(value)) out[k] = nfc(value[k]);
      return out;
    }
    return value;
  }

  async function api(method, url, body, headers) {
    const init = { method: method, credentials: 'same-origin', headers: Object.assign({ Accept: 'application/json' }, CSRF, headers || {}) };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(nfc(body));
    }
    let response;
    try { response = await fetch(url, init); } catch (e) { return { ok: false, status: 0, data: null }; }
    let data = null;
    if ((response.headers.get('content-type') || '').indexOf('json') >= 0) {
      try { data = await response.json(); } catch (e) { data = null; }
    }
    if (response.status === 401) {
      location.href = '/portal/sign-in?next=' + encodeURIComponent(location.pathname);
    }
    return { ok: response.ok, status: response.status, data: data, etag: response.headers.get('ETag') };
  }

  // The API's messages are English (for integrators); people read these.
  const messages = [
    [/^This field is required\.$/, 'Vui lòng điền mục này.'],
    [/^This field is required \(yyyy-MM-dd\)\.$/, 'Vui lòng chọn ngày.'],
    [/^At most (\d+) characters\.$/, 'Tối đa $1 ký tự.'],
    [/^Text must be Unicode NFC/, 'Chữ phải ở dạng Unicode dựng sẵn (NFC).'],
    [/^Text contains control characters\.$/, 'Có ký tự không hợp lệ.'],
    [/^Choose one: food/, 'Vui lòng chọn nhóm sản phẩm.'],
    [/^OCOP ratings are 3, 4 or 5 stars\.$/, 'Hạng OCOP là 3, 4 hoặc 5 sao.'],
    [/^The certificate date cannot be in the future\.$/, 'Ngày công nhận không thể ở tương lai.'],
    [/^OCOP certificates date from 2018 onwards\.$/, 'Giấy chứng nhận OCOP chỉ có từ năm 2018 trở đi; hãy kiểm tra lại năm.'],
    [/^Choose one: district, province, national\.$/, 'Vui lòng chọn cấp công nhận.'],
    [/^Price is whole đồng between 1 and/, 'Giá là số đồng nguyên, từ 1 đến 10.000.000.000.'],
    [/^Between 1 and 3650 days\.$/, 'Từ 1 đến 3650 ngày.'],
    [/^At most 10 standards\.$/, 'Tối đa 10 tiêu chuẩn.'],
    [/^Not a valid GTIN/, 'Mã GTIN không hợp lệ: 8, 12, 13 hoặc 14 chữ số với số kiểm tra đúng.'],
    [/^Use letters, digits, '-', '\.' or '\/'/, "Chỉ dùng chữ, số, '-', '.' hoặc '/' (tối đa 20 ký tự)."],
    [/^The production date cannot be in the future\.$/, 'Ngày sản xuất không thể ở tương lai.'],
    [/^Best-before must come after the production date\.$/, 'Hạn sử dụng phải sau ngày sản xuất.'],
    [/^Best-before is more than 10 years/, 'Hạn sử dụng không quá 10 năm sau ngày sản xuất.'],
    [/^Between 1 and ([\d,]+) units\.$/, 'Từ 1 đến $1 đơn vị.'],
    [/^Use YYYY-MM/, 'Tháng có dạng năm-tháng, ví dụ 2025-06.'],
    [/^Say which marketplace/, 'Vui lòng chọn sàn thương mại điện tử.'],
    [/^Only e-commerce entries name a marketplace\.$/, 'Chỉ chọn sàn khi kênh là thương mại điện tử.'],
    [/^Revenue cannot be negative/, 'Doanh thu không thể âm.'],
    [/^Quantity cannot be negative\.$/, 'Số lượng không thể âm.'],
    [/^This field has the wrong type or format\.$/, 'Giá trị không đúng định dạng.'],
    [/^A sale needs a quantity/, 'Số lượng từ 1 trở lên.'],
    [/^A sale needs a unit price/, 'Nhập đơn giá (đồng).'],
    [/^At most ([\d,]+) \(what is left of this lot\)\.$/, 'Lô này chỉ còn $1 đơn vị chưa bán.'],
    [/^No producer with this id is yours/, 'Chủ thể không thuộc quyền của bạn.'],
  ];

  // Publishing reasons come as "Vietnamese. English."; keep the Vietnamese sentence(s).
  function vi(message) {
    for (const [pattern, text] of messages) {
      const m = message.match(pattern);
      if (m) return text.replace('$1', m[1] || '');
    }
    const split = message.match(/^(.*?[.!?])\s+([\x20-\x7E]+)$/s);
    return split && /[^\x00-\x7F]/.test(split[1]) ? split[1] : message;
  }

  function clearErrors(form) {
    form.querySelectorAll('.error').forEach(function (p) { p.hidden = true; p.textContent = ''; });
    form.querySelectorAll('[aria-invalid]').forEach(function (el) { el.removeAttribute('aria-invalid'); });
    const general = form.querySelector('.form-error');
    if (general) { general.hidden = true; general.textContent = ''; }
  }

  // Shows each field's messages beside it and moves focus to the first; nothing the person typed is touched.
  function showErrors(form, errors, fallback) {
    let first = null;
    const general = [];
    for (const key of Object.keys(errors || {})) {
      const text = errors[key].map(vi).join(' ');
      const box = form.querySelector('[data-field="' + key + '"]') || form.querySelector('[data-field="' + key.split('.')[0] + '"]');
      if (!box) { general.push(text); continue; }
      const p = box.querySelector('.error');
      p.textContent = text;
      p.hidden = false;
      const input = box.querySelector('input,select,textarea');
      if (input) { input.setAttribute('aria-invalid', 'true'); first = first || input; }
    }
    const banner = form.querySelector('.form-error');
    if (banner && (general.length || fallback)) {
      banner.textContent = general.length ? general.join(' ') : fallback;
      banner.hidden = false;
    }
    if (first) first.focus(); else if (banner && !banner.hidden) banner.scrollIntoView({ block: 'center' });
  }

  function problemText(result) {
    if (result.status === 0) return 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại; những gì bạn đã nhập vẫn còn.';
    if (result.status === 404 || result.status === 405) return 'Chức năng này chưa có trên máy chủ.';
    if (result.status === 412) return 'Sản phẩm vừa được sửa ở nơi khác. Tải lại trang để xem bản mới rồi sửa tiếp.';
    if (result.status === 429) return 'Bạn thao tác quá nhanh; vui lòng đợi một chút rồi thử lại.';
    if (result.status === 503) return 'Máy chủ đang bận; vui lòng thử lại sau ít phút.';
    if (result.data && result.data.title) return result.data.title + '.';
    return 'Có lỗi (' + result.status + '). Vui lòng thử lại.';
  }

  function say(text, ok) {
    const status = document.getElementById('page-status');
    if (!status) return;
    status.textContent = text;
    status.className = 'status ' + (ok === false ? 'bad' : 'ok');
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(b, function (x) { return x.toString(16).padStart(2, '0'); }).join('');
  }

  // "350.000", "350 000" and "350,000" all mean 350000 đồng; anything else is not a number.
  function wholeNumber(text) {
    const t = (text || '').trim().replace(/[\s.,]/g, '');
    if (t === '') return null;
    return /^\d{1,16}$/.test(t) ? Number(t) : NaN;
  }

  function value(form, name) {
    const el = form.elements[name];
    if (!el) return null;
    const v = (el.value || '').trim();
    return v === '' ? null : v;
  }

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const k of Object.keys(attrs || {})) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  document.addEventListener('click', async function (event) {
    const button = event.target.closest('[data-sign-out]');
    if (!button) return;
    const result = await api('POST', '/portal/sign-out');
    location.href = result.data && result.data.next ? result.data.next : '/portal/sign-in';
  });

  return { api: api, nfc: nfc, vi: vi, clearErrors: clearErrors, showErrors: showErrors, problemText: problemText, say: say,
    uuid: uuid, wholeNumber: wholeNumber, value: value, el: el, csrf: CSRF };
})();
