// Small progressive enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", () => {
  // Confirm before actions marked data-confirm.
  document.body.addEventListener("submit", (event) => {
    const message = event.target.dataset.confirm;
    if (message && !window.confirm(message)) event.preventDefault();
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
