// Uploads (attachments/_panel.html): a chosen file can be taken off the form,
// and while htmx sends it the form shows the sending, then the scan the server
// runs before it answers. Without JavaScript the form posts and reloads.
(() => {
  function sync(form) {
    const input = form.querySelector("input[type=file]");
    const clear = form.querySelector("[data-file-clear]");
    if (input && clear) clear.hidden = !input.value;
  }
  function progress(form) {
    return form.querySelector(".upload-progress");
  }
  document.addEventListener("change", (event) => {
    const form = event.target.closest && event.target.closest("form.upload-form");
    if (form) sync(form);
  });
  document.addEventListener("click", (event) => {
    const clear = event.target.closest && event.target.closest("[data-file-clear]");
    if (!clear) return;
    const form = clear.closest("form");
    const input = form.querySelector("input[type=file]");
    input.value = "";
    input.dispatchEvent(new Event("chidao:cleared"));
    sync(form);
    input.focus();
  });
  document.addEventListener("htmx:beforeRequest", (event) => {
    const form = event.target.closest && event.target.closest("form.upload-form");
    const box = form && progress(form);
    if (!box) return;
    box.hidden = false;
    box.querySelector("progress").value = 0;
    box.querySelector("span").textContent = box.dataset.uploading;
    form.querySelectorAll("button").forEach((b) => { b.disabled = true; });
  });
  document.addEventListener("htmx:xhr:progress", (event) => {
    const form = event.target.closest && event.target.closest("form.upload-form");
    const box = form && progress(form);
    if (!box || !event.detail.lengthComputable) return;
    const percent = Math.round((event.detail.loaded / event.detail.total) * 100);
    box.querySelector("progress").value = percent;
    if (percent >= 100) {
      // Sent: the server is scanning now; no number to show for that.
      box.querySelector("progress").removeAttribute("value");
      box.querySelector("span").textContent = box.dataset.scanning;
    }
  });
  document.addEventListener("htmx:afterRequest", (event) => {
    const form = event.target.closest && event.target.closest("form.upload-form");
    if (!form || !document.body.contains(form)) return;
    const box = progress(form);
    if (box) box.hidden = true;
    form.querySelectorAll("button").forEach((b) => { b.disabled = false; });
  });
})();
