// Reader pages: show that reading or saving is under way, and do not submit twice.
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form[data-busy-text]")) {
    form.addEventListener("submit", (event) => {
      if (form.dataset.busy === "1") {
        event.preventDefault();
        return;
      }
      form.dataset.busy = "1";
      form.setAttribute("aria-busy", "true");
      const busy = form.querySelector(".busy");
      if (busy) busy.textContent = form.dataset.busyText;
      // Let the browser send the pressed button's name before disabling it.
      window.setTimeout(() => {
        for (const button of form.querySelectorAll("button[type=submit]")) button.disabled = true;
      }, 0);
    });
  }
  // Back/forward cache: a page restored after submitting is usable again.
  window.addEventListener("pageshow", () => {
    for (const form of document.querySelectorAll("form[data-busy-text]")) {
      form.dataset.busy = "";
      form.removeAttribute("aria-busy");
      const busy = form.querySelector(".busy");
      if (busy) busy.textContent = "";
      for (const button of form.querySelectorAll("button[type=submit]")) button.disabled = false;
    }
  });
});
