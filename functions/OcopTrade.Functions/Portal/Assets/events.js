// Events: apply to an open event with a checklist of published products, or withdraw an application not yet decided.
'use strict';
(function () {
  for (const form of document.querySelectorAll('form[data-apply]')) {
    const key = ocop.uuid(); // one per form: a retried post records the application once
    form.addEventListener('submit', async function (event) {
      event.preventDefault();
      ocop.clearErrors(form);
      const checked = form.querySelectorAll('input[name=productIds]:checked');
      const productIds = Array.from(checked, function (c) { return c.value; });
      if (!productIds.length) { ocop.showErrors(form, { productIds: ['Chọn ít nhất một sản phẩm.'] }); return; }
      const result = await ocop.api('POST', '/api/events/' + encodeURIComponent(form.dataset.apply) + '/applications',
        { productIds: productIds }, { 'Idempotency-Key': key });
      if (!result.ok) {
        const errors = result.data && result.data.errors;
        ocop.showErrors(form, errors || {}, errors ? null : ocop.problemText(result));
        return;
      }
      location.reload();
    });
  }

  document.addEventListener('click', async function (event) {
    const button = event.target.closest('[data-withdraw]');
    if (!button) return;
    const result = await ocop.api('POST', button.dataset.withdraw);
    if (result.ok) location.reload(); else ocop.say(ocop.problemText(result), false);
  });
})();
