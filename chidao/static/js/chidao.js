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
  // Task rows of the directive form (directives/_task_row.html): removed in
  // place (an absent row is an empty one to the server); one added by htmx
  // gets the focus where the officer types next.
  document.querySelectorAll("[data-remove-row]").forEach((b) => { b.hidden = false; });
  document.body.addEventListener("click", (event) => {
    const button = event.target.closest("[data-remove-row]");
    if (!button) return;
    const row = button.closest(".task-row");
    const next = row.nextElementSibling || row.previousElementSibling;
    row.remove();
    const target = next ? next.querySelector("textarea, input, select") : null;
    if (target) target.focus();
  });
  document.body.addEventListener("htmx:load", (event) => {
    const row = event.target;
    if (!row.matches || !row.matches(".task-row")) return;
    row.querySelectorAll("[data-remove-row]").forEach((b) => { b.hidden = false; });
    const first = row.querySelector("textarea, input:not([type=hidden]), select");
    row.scrollIntoView({ block: "center" });
    if (first) first.focus();
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
