// Small progressive enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", () => {
  // Confirm before actions marked data-confirm.
  document.body.addEventListener("submit", (event) => {
    const message = event.target.dataset.confirm;
    if (message && !window.confirm(message)) event.preventDefault();
  });
  // The error summary (templates/_error_summary.html) takes the focus, so a
  // screen reader reads it and Tab goes through its links; a link moves the
  // focus to its field, not only the scroll.
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
  document.body.addEventListener("click", (event) => {
    const link = event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) return;
    const field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    event.preventDefault();
    field.scrollIntoView({ block: "center" });
    field.focus();
  });
  // Print buttons (templates/_print_button.html): CSP allows no inline onclick.
  document.body.addEventListener("click", (event) => {
    if (event.target.closest("[data-print]")) window.print();
  });
  // On a phone the menu scrolls sideways: keep the current page's link in view.
  const current = document.querySelector(".mainnav [aria-current]");
  if (current) current.scrollIntoView({ block: "nearest", inline: "center" });
  // htmx sends the CSRF token taken from the page.
  document.body.addEventListener("htmx:configRequest", (event) => {
    const token = document.querySelector("[name=csrfmiddlewaretoken]");
    if (token) event.detail.headers["X-CSRFToken"] = token.value;
  });
});
