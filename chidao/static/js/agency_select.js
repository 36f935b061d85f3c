// Searchable multi-selects (Tom Select, vendored): the agencies of a task,
// grouped as the server sends them; typing finds an agency without accents.
// Without JavaScript the plain list stays (Ctrl-click).
(() => {
  const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  function enhance(select) {
    if (!window.TomSelect || select.tomselect) return;
    const help = select.closest(".field") && select.closest(".field").querySelector(".help");
    if (help && /Ctrl/.test(help.textContent)) help.hidden = true;
    // Tom Select points the <label> at its own input; the hidden select it
    // still fills keeps the label's words as its name (axe "select-name").
    const label = select.id && document.querySelector(`label[for="${select.id}"]`);
    if (label) select.setAttribute("aria-label", label.textContent.replace("*", "").trim());
    new window.TomSelect(select, {
      plugins: ["remove_button"],
      maxOptions: null,
      hidePlaceholder: true,
      placeholder: select.dataset.placeholder || "",
      // Search on the folded text: "so tai chinh" finds "Sở Tài chính".
      score(search) {
        const wanted = fold(search);
        return (item) => (fold(item.text).includes(wanted) ? 1 : 0);
      },
    });
  }
  function enhanceAll(root) {
    root.querySelectorAll("select[multiple][data-searchable]").forEach(enhance);
  }
  document.addEventListener("DOMContentLoaded", () => {
    enhanceAll(document);
    document.body.addEventListener("htmx:load", (event) => enhanceAll(event.target));
  });
})();
