// File fields in the page's language: the browser's own button says "Choose
// File" / "No file chosen" in its language, not the page's (issue 16). The
// real input stays (keyboard and screen readers use it), drawn under a
// button and the chosen file's name; the words come from <body data-file-*>.
(() => {
  function enhance(input) {
    if (input.dataset.fileField) return;
    input.dataset.fileField = "on";
    const words = document.body.dataset;
    const wrap = document.createElement("span");
    wrap.className = "file-field";
    input.parentNode.insertBefore(wrap, input);
    const button = document.createElement("span");
    button.className = "btn file-field-btn";
    button.setAttribute("aria-hidden", "true");
    button.textContent = input.multiple ? words.fileChooseMany : words.fileChoose;
    const name = document.createElement("span");
    name.className = "file-field-name";
    name.setAttribute("aria-hidden", "true");
    wrap.append(input, button, name);
    const show = () => {
      const files = Array.from(input.files || []).map((f) => f.name);
      name.textContent = files.length ? files.join(", ") : words.fileNone;
    };
    input.addEventListener("change", show);
    input.form && input.form.addEventListener("reset", () => window.setTimeout(show, 0));
    show();
    // Cleared from script (uploads.js "remove the chosen file"): redraw.
    input.addEventListener("chidao:cleared", show);
  }
  function enhanceAll(root) {
    root.querySelectorAll("input[type=file]").forEach(enhance);
  }
  document.addEventListener("DOMContentLoaded", () => {
    enhanceAll(document);
    document.body.addEventListener("htmx:load", (event) => enhanceAll(event.target));
  });
})();
