// The sales point's scanner: the camera reads the label's QR (BarcodeDetector where the browser has it, otherwise
// jsQR served by this app), the verdict fills the screen in a colour readable across the counter, and a sale is
// one more tap. Typing the printed code does the same when the camera can't. Without a network the page still
// opens (scan-sw.js), and a sale is kept on the phone, plainly marked not yet verified (scan-outbox.js).
'use strict';
(function () {
  const salesPointId = document.body.dataset.salesPointId;
  const verdict = document.getElementById('verdict');
  const video = document.getElementById('camera');
  const startButton = document.getElementById('camera-start');
  const stopButton = document.getElementById('camera-stop');
  const note = document.getElementById('camera-note');
  const saleBox = document.getElementById('sale');
  const saleForm = document.getElementById('sale-form');
  const saleDone = document.getElementById('sale-done');
  const manual = document.getElementById('manual-form');
  const base = '/api/sales-points/' + encodeURIComponent(salesPointId) + '/scans';
  let current = null; // { code, saleId, answer } (answer null: not verified, no network)
  let stream = null;
  let busy = false;
  let lastText = '';
  let lastAt = 0;

  // The QR holds /t/{code} or a GS1 Digital Link …/01/{gtin}/10/{lot}?c={code}; a typed code is the code itself.
  function codeFrom(text) {
    try {
      const url = new URL(text);
      const c = url.searchParams.get('c');
      if (c) return c;
      const m = url.pathname.match(/\/t\/([^/]+)\/?$/);
      if (m) return decodeURIComponent(m[1]);
    } catch (e) { /* not a URL: a typed code */ }
    return text.trim();
  }

  function show(kind, title, detail) {
    verdict.className = 'verdict ' + kind;
    verdict.dataset.verdict = kind;
    verdict.textContent = '';
    verdict.appendChild(ocop.el('strong', {}, title));
    if (detail) verdict.appendChild(ocop.el('span', {}, detail));
  }

  async function verify(code) {
    if (!code) return;
    saleBox.hidden = true;
    saleDone.hidden = true;
    show('idle', 'Đang kiểm tra…', code);
    const result = await ocop.api('POST', base, { id: ocop.uuid(), code: code, kind: 'verify' });
    if (result.status === 0) { unverified(code); return; }
    if (!result.ok) {
      const errors = result.data && result.data.errors;
      if (errors && errors.code) show('unknown', 'KHÔNG XÁC MINH ĐƯỢC', errors.code.map(ocop.vi).join(' '));
      else show('idle', 'Chưa kiểm tra được', ocop.problemText(result));
      return;
    }
    const a = result.data;
    current = { code: code, saleId: ocop.uuid(), answer: a };
    if (!a.genuine) { show('unknown', 'KHÔNG XÁC MINH ĐƯỢC', a.reason || 'Mã không có trong hệ thống. Không nên bán sản phẩm này.'); return; }
    const what = [a.productName, a.producerName, a.lotNumber ? 'Lô ' + a.lotNumber : null].filter(Boolean).join(' · ');
    if (a.certificateState === 'expired') show('expired', 'CHỨNG NHẬN HẾT HẠN', what + '. Sản phẩm thật nhưng giấy chứng nhận OCOP đã hết hạn.');
    else if (a.certificateState === 'revoked') show('unknown', 'CHỨNG NHẬN BỊ THU HỒI', what + '. Giấy chứng nhận OCOP đã bị thu hồi.');
    else show('genuine', 'CHÍNH HÃNG', what);
    saleBox.hidden = false;
    const price = localStorage.getItem('ocop-price:' + a.productName);
    if (price && !saleForm.elements.unitPrice.value) saleForm.elements.unitPrice.value = price;
    saleForm.elements.quantity.value = '1';
  }

  // No network: the code cannot be checked now. The staff may still sell; the sale waits in the outbox and the
  // server verifies the code when it arrives (a fake or recalled lot is refused then, and shown with the reason).
  function unverified(code) {
    current = { code: code, saleId: ocop.uuid(), answer: null };
    show('unverified', 'CHƯA XÁC MINH', 'Không có mạng: chưa kiểm tra được mã ' + code +
      '. Có thể ghi bán; đơn được giữ trên máy và mã được kiểm tra khi có mạng.');
    saleBox.hidden = false;
    saleForm.elements.quantity.value = '1';
  }

  async function keepOffline(quantity, unitPrice) {
    try {
      const sale = { id: current.saleId, code: current.code, quantity: quantity, unitPrice: unitPrice };
      await window.scanOutbox.keep(sale);
    } catch (e) {
      // A browser that keeps nothing (some private windows): say so rather than pretend the sale is safe.
      ocop.showErrors(saleForm, {},
        'Không có mạng và máy này không lưu được đơn. Ghi lại trên giấy rồi nhập khi có mạng.');
      return;
    }
    saleDone.textContent = 'Chưa xác minh — sẽ gửi khi có mạng: ' + quantity + ' × ' +
      new Intl.NumberFormat('vi-VN').format(unitPrice) + ' đ, mã ' + current.code + '.';
    saleDone.className = 'done unverified';
    saleDone.hidden = false;
    current.saleId = ocop.uuid();
  }

  manual.addEventListener('submit', function (event) {
    event.preventDefault();
    ocop.clearErrors(manual);
    const code = manual.elements.code.value.trim();
    if (!code) { ocop.showErrors(manual, { code: ['Nhập mã in dưới mã QR.'] }); return; }
    verify(codeFrom(code));
  });

  saleForm.addEventListener('submit', async function (event) {
    event.preventDefault();
    if (!current) return;
    ocop.clearErrors(saleForm);
    const quantity = ocop.wholeNumber(saleForm.elements.quantity.value);
    const unitPrice = ocop.wholeNumber(saleForm.elements.unitPrice.value);
    const local = {};
    if (!(quantity >= 1)) local.quantity = ['Số lượng từ 1 trở lên.'];
    if (!(unitPrice >= 1)) local.unitPrice = ['Nhập đơn giá (đồng).'];
    if (Object.keys(local).length) { ocop.showErrors(saleForm, local); return; }
    const button = saleForm.querySelector('button[type=submit]');
    button.disabled = true;
    if (!current.answer) { await keepOffline(quantity, unitPrice); button.disabled = false; return; }
    // The same id until it succeeds: a sale resent over a bad connection is recorded once.
    const result = await ocop.api('POST', base, { id: current.saleId, code: current.code, kind: 'sale', quantity: quantity, unitPrice: unitPrice });
    button.disabled = false;
    // Sent, but no answer came back: it may have been recorded. The outbox sends it again under the same id.
    if (result.status === 0) { await keepOffline(quantity, unitPrice); return; }
    if (!result.ok) {
      const errors = result.data && result.data.errors;
      ocop.showErrors(saleForm, errors || {}, errors ? null : ocop.problemText(result));
      return;
    }
    localStorage.setItem('ocop-price:' + current.answer.productName, String(unitPrice));
    saleDone.textContent = 'Đã ghi bán ' + quantity + ' × ' + new Intl.NumberFormat('vi-VN').format(unitPrice) + ' đ = ' +
      new Intl.NumberFormat('vi-VN').format(quantity * unitPrice) + ' đ.' +
      // A price far from the listing's waits for the department before it counts in revenue.
      (result.data.sale && result.data.sale.status === 'held' ? ' Giá khác xa giá niêm yết: chờ Sở Công Thương duyệt.' : '');
    saleDone.className = 'done';
    saleDone.hidden = false;
    current.saleId = ocop.uuid();
  });

  // ---- camera ----
  let detect = null;

  function loadJsQr() {
    return new Promise(function (resolve, reject) {
      if (window.jsQR) { resolve(); return; }
      if (!document.body.dataset.jsqr) { reject(new Error('no decoder')); return; }
      const s = document.createElement('script');
      s.src = document.body.dataset.jsqr;
      s.onload = resolve;
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }

  async function decoder() {
    if ('BarcodeDetector' in window) {
      try {
        const formats = await BarcodeDetector.getSupportedFormats();
        if (formats.indexOf('qr_code') >= 0) {
          const detector = new BarcodeDetector({ formats: ['qr_code'] });
          return async function () { const found = await detector.detect(video); return found.length ? found[0].rawValue : null; };
        }
      } catch (e) { /* fall through to jsQR */ }
    }
    await loadJsQr();
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d', { willReadFrequently: true });
    return async function () {
      const scale = Math.min(1, 640 / Math.max(video.videoWidth, video.videoHeight));
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      if (!canvas.width) return null;
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      const image = context.getImageData(0, 0, canvas.width, canvas.height);
      const found = window.jsQR(image.data, canvas.width, canvas.height, { inversionAttempts: 'attemptBoth' });
      return found ? found.data : null;
    };
  }

  async function tick() {
    if (!stream) return;
    if (!busy && video.readyState >= 2) {
      busy = true;
      try {
        const text = await detect();
        // The same label held in front of the camera is read once, not every frame.
        if (text && (text !== lastText || Date.now() - lastAt > 5000)) {
          lastText = text;
          lastAt = Date.now();
          if (navigator.vibrate) navigator.vibrate(80);
          await verify(codeFrom(text));
        }
      } catch (e) { /* a frame that could not be read */ }
      busy = false;
    }
    setTimeout(tick, 200);
  }

  startButton.addEventListener('click', async function () {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      note.textContent = 'Trình duyệt này không mở được camera; hãy nhập mã in trên nhãn.';
      return;
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false });
      detect = await decoder();
    } catch (e) {
      if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
      stream = null;
      note.textContent = 'Không mở được camera hoặc không đọc được mã QR trên trình duyệt này. Hãy nhập mã in trên nhãn.';
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    await video.play().catch(function () {});
    startButton.hidden = true;
    stopButton.hidden = false;
    note.textContent = 'Đưa mã QR vào giữa khung hình.';
    tick();
  });

  // ---- installed web app: the page and its assets kept on the phone ----
  if ('serviceWorker' in navigator && document.body.dataset.serviceWorker) {
    navigator.serviceWorker.register(document.body.dataset.serviceWorker, { scope: document.body.dataset.scope })
      .catch(function () { /* no offline copy (a private window, an old browser): the page works online */ });
  }

  // Signing out takes the kept page (it names this sales point) off the phone; unsent sales stay for the next sign-in.
  document.addEventListener('click', function (event) {
    if (!event.target.closest('[data-sign-out]') || !window.caches) return;
    caches.keys().then(function (names) {
      names.filter(function (n) { return n.indexOf('ocop-scan-') === 0; }).forEach(function (n) { caches.delete(n); });
    });
  }, true);

  stopButton.addEventListener('click', function () {
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null;
    video.hidden = true;
    startButton.hidden = false;
    stopButton.hidden = true;
    note.textContent = '';
  });
})();
