// Fields that follow the kind of task (Art. 4): a deadline for the kinds that
// have one, a reporting period for periodic reports. A field that already
// holds a value stays in view, so the server's message about it can be read.
(() => {
  function toggle(field, wanted) {
    if (!field) return;
    const box = field.closest(".field");
    if (box) box.hidden = !wanted && !field.value;
  }
  function follow(select) {
    const prefix = select.name.slice(0, -"kind".length);
    const form = select.form;
    if (!form) return;
    const deadlineKinds = (select.dataset.deadlineKinds || "").split(" ");
    toggle(form.elements[`${prefix}deadline`], deadlineKinds.includes(select.value));
    toggle(form.elements[`${prefix}period`], select.value === select.dataset.periodKinds);
  }
  function followAll(root) {
    root.querySelectorAll("select[data-task-kind]").forEach(follow);
  }
  document.addEventListener("DOMContentLoaded", () => {
    followAll(document);
    document.body.addEventListener("change", (event) => {
      if (event.target.matches("select[data-task-kind]")) follow(event.target);
    });
    document.body.addEventListener("htmx:load", (event) => followAll(event.target));
  });
})();
