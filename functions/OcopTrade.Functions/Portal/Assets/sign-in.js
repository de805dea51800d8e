// Sign-in: the key goes once, in a form body, to the portal, which answers with a session cookie (http-only, so
// no script, ours included, can read it back).
'use strict';
(function () {
  const form = document.getElementById('sign-in');
  form.addEventListener('submit', async function (event) {
    event.preventDefault();
    ocop.clearErrors(form);
    const key = form.elements.key.value.trim();
    if (!key) { ocop.showErrors(form, { key: ['Nhập khóa truy cập.'] }); return; }
    const body = new URLSearchParams({ key: key, next: document.body.dataset.next || '' });
    let response;
    try {
      response = await fetch('/portal/sign-in', { method: 'POST', credentials: 'same-origin', headers: ocop.csrf, body: body });
    } catch (e) {
      ocop.showErrors(form, { key: ['Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.'] });
      return;
    }
    const data = await response.json().catch(function () { return null; });
    if (response.ok && data && data.next) { form.elements.key.value = ''; location.href = data.next; return; }
    ocop.showErrors(form, data && data.errors ? data.errors : { key: [data && data.title ? data.title + '.' : 'Không đăng nhập được.'] });
  });
})();
