// Photos from the phone: each is shrunk on the phone (upright, long edge ~2000 px, JPEG) before it travels, sent
// with a progress bar of its own, and can be retried alone. The list then shows processing, order, the primary
// photo and alt text, each change sent to the API as it is made.
'use strict';
(function () {
  const productId = document.body.dataset.productId;
  const base = '/api/products/' + productId + '/images';
  const uploads = document.getElementById('uploads');
  const list = document.getElementById('photos');
  const listError = document.getElementById('photos-error');
  const LONG_EDGE = 2000;
  let images = [];
  let polling = null;

  async function shrink(file) {
    try {
      // from-image: the photo is drawn upright whatever EXIF says, so the orientation is baked in.
      const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
      const scale = Math.min(1, LONG_EDGE / Math.max(bitmap.width, bitmap.height));
      const canvas = document.createElement('canvas');
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      if (bitmap.close) bitmap.close();
      const blob = await new Promise(function (resolve) { canvas.toBlob(resolve, 'image/jpeg', 0.85); });
      if (!blob || (scale === 1 && blob.size >= file.size && file.type === 'image/jpeg')) return file;
      return blob;
    } catch (e) {
      return file; // a format this browser cannot draw (HEIC on most phones): the server converts it
    }
  }

  function send(item) {
    item.progress.value = 0;
    item.state.textContent = 'Đang gửi…';
    item.retry.hidden = true;
    const data = new FormData();
    data.append('file', item.blob, item.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', base);
    xhr.setRequestHeader('X-Ocop-Portal', '1');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = function (e) { if (e.lengthComputable) item.progress.value = Math.round(100 * e.loaded / e.total); };
    xhr.onload = function () {
      if (xhr.status === 202 || xhr.status === 200 || xhr.status === 201) {
        item.progress.value = 100;
        item.state.textContent = 'Đã gửi; máy chủ đang xử lý ảnh.';
        item.li.dataset.state = 'sent';
        load();
        return;
      }
      let title = '';
      try { const p = JSON.parse(xhr.responseText); title = p.errors && p.errors.file ? ocop.vi(p.errors.file[0]) : p.title || ''; } catch (e) { title = ''; }
      fail(item, 'Gửi không thành công' + (title ? ': ' + title : ' (' + xhr.status + ').'));
    };
    xhr.onerror = function () { fail(item, 'Mất kết nối khi gửi.'); };
    xhr.send(data);
  }

  function fail(item, text) {
    item.state.textContent = text;
    item.li.dataset.state = 'failed';
    item.retry.hidden = false;
    item.retry.focus();
  }

  async function add(files) {
    for (const file of Array.from(files)) {
      const li = ocop.el('li', { 'data-state': 'preparing' });
      const label = ocop.el('p', {}, file.name);
      const progress = ocop.el('progress', { max: '100', value: '0', 'aria-label': 'Tiến độ gửi ' + file.name });
      const state = ocop.el('p', { role: 'status' }, 'Đang thu nhỏ ảnh…');
      const retry = ocop.el('button', { type: 'button', class: 'secondary' }, 'Thử lại');
      retry.hidden = true;
      li.append(label, progress, state, retry);
      uploads.appendChild(li);
      const blob = await shrink(file);
      const item = { li: li, blob: blob, name: file.name.replace(/\.[^.]+$/, '') + (blob.type === 'image/jpeg' ? '.jpg' : ''), progress: progress, state: state, retry: retry };
      retry.addEventListener('click', function () { send(item); });
      send(item);
    }
  }

  for (const id of ['photo-camera', 'photo-pick']) {
    const input = document.getElementById(id);
    input.addEventListener('change', function () { add(input.files); input.value = ''; });
  }

  function showError(result) {
    listError.textContent = ocop.problemText(result);
    listError.hidden = false;
  }

  async function load() {
    const result = await ocop.api('GET', base);
    if (!result.ok) { showError(result); return; }
    images = result.data.slice().sort(function (a, b) { return (a.position ?? 0) - (b.position ?? 0); });
    render();
    clearTimeout(polling);
    if (images.some(function (i) { return i.status === 'pending'; })) polling = setTimeout(load, 2000);
  }

  const statusText = { pending: 'Đang xử lý…', ready: 'Sẵn sàng', failed: 'Lỗi' };

  function render() {
    list.textContent = '';
    if (!images.length) { list.appendChild(ocop.el('li', {}, 'Chưa có ảnh nào.')); return; }
    images.forEach(function (image, index) {
      const li = ocop.el('li', { 'data-image-id': image.id, 'data-status': image.status });
      const small = (image.renditions || []).filter(function (r) { return r.format === 'jpeg' && r.name.charAt(0) === 'w'; })
        .sort(function (a, b) { return a.width - b.width; })[0];
      const alt = image.altText || '';
      if (small) li.appendChild(ocop.el('img', { src: small.url, alt: alt || 'Ảnh ' + (index + 1), width: String(small.width), height: String(small.height), loading: 'lazy' }));
      li.appendChild(ocop.el('p', {}, 'Ảnh ' + (index + 1) + ' · ' + statusText[image.status] +
        (image.failureReason ? ': ' + image.failureReason : '') + (image.primary ? ' · Ảnh chính' : '') +
        (image.width ? ' · ' + image.width + '×' + image.height : '')));
      const altId = 'alt-' + image.id;
      li.appendChild(ocop.el('label', { for: altId }, 'Mô tả ảnh cho người khiếm thị'));
      const altInput = ocop.el('input', { id: altId, type: 'text', maxlength: '250', value: alt });
      li.appendChild(altInput);
      const tools = ocop.el('div', { class: 'tools' });
      const button = function (text, cls, action, disabled) {
        const b = ocop.el('button', { type: 'button', class: cls }, text);
        b.disabled = !!disabled;
        b.addEventListener('click', action);
        tools.appendChild(b);
      };
      button('Lưu mô tả', 'secondary', function () { patch(image.id, { altText: altInput.value.trim() }, 'Đã lưu mô tả ảnh.'); });
      button('Đặt làm ảnh chính', 'secondary', function () { patch(image.id, { primary: true }, 'Đã chọn ảnh chính.'); }, image.primary);
      button('↑ Lên', 'secondary', function () { move(index, -1); }, index === 0);
      button('↓ Xuống', 'secondary', function () { move(index, 1); }, index === images.length - 1);
      button('Xóa', 'danger', function () { remove(image.id); });
      li.appendChild(tools);
      list.appendChild(li);
    });
  }

  async function patch(imageId, body, done) {
    const result = await ocop.api('PATCH', base + '/' + imageId, body);
    if (!result.ok) { showError(result); return; }
    ocop.say(done);
    load();
  }

  async function move(index, by) {
    const order = images.map(function (i) { return i.id; });
    const [moved] = order.splice(index, 1);
    order.splice(index + by, 0, moved);
    const result = await ocop.api('PUT', base + '/order', { imageIds: order });
    if (!result.ok) { showError(result); return; }
    ocop.say('Đã đổi thứ tự ảnh.');
    load();
  }

  async function remove(imageId) {
    if (!confirm('Xóa ảnh này?')) return;
    const result = await ocop.api('DELETE', base + '/' + imageId);
    if (!result.ok) { showError(result); return; }
    ocop.say('Đã xóa ảnh.');
    load();
  }

  load();
})();
