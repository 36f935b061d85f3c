// The calendar picker beside every dd/mm/yyyy field (chidao/lib/dates.py).
// The text field stays the field: the picker only writes dd/mm/yyyy into it,
// what the user typed is never rewritten or cleared here, and the server
// reads and judges the text. Without JavaScript the field is typed by hand.
(() => {
  // Same reading as chidao/lib/dates.parse_day: day first, never swapped.
  function parseDay(text) {
    const value = (text || "").trim();
    let m = value.match(/^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$/) ||
      value.match(/^(\d{2})(\d{2})(\d{4})$/);
    let day, month, year;
    if (m) {
      [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
    } else if ((m = value.match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/))) {
      [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    } else {
      return null;
    }
    const d = new Date(year, month - 1, day);
    return d.getFullYear() === year && d.getMonth() === month - 1 && d.getDate() === day ? d : null;
  }

  function enhance(input) {
    const fp = window.flatpickr;
    if (!fp || input.dataset.dayPicker) return;
    input.dataset.dayPicker = "on";
    const vietnamese = document.documentElement.lang === "vi" && fp.l10ns && fp.l10ns.vn;
    const wrap = document.createElement("span");
    wrap.className = "day-field";
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    const button = document.createElement("button");
    button.type = "button";
    button.className = "day-picker-btn";
    button.setAttribute("aria-label", input.dataset.pickerLabel || "Calendar");
    button.title = button.getAttribute("aria-label");
    button.setAttribute("aria-haspopup", "dialog");
    wrap.appendChild(button);
    // flatpickr sits on a hidden helper so that it never reads or clears the
    // text field on blur (its allowInput mode empties what it cannot parse).
    const anchor = document.createElement("input");
    anchor.type = "hidden";
    wrap.appendChild(anchor);
    const picker = fp(anchor, {
      locale: vietnamese ? fp.l10ns.vn : { firstDayOfWeek: 1 },
      dateFormat: "d/m/Y",
      disableMobile: true,
      clickOpens: false,
      static: true,
      ignoredFocusElements: [button],
      onChange(dates, text) {
        if (!dates.length) return;
        input.value = text;
        input.dispatchEvent(new Event("change", { bubbles: true }));
        picker.close();
        input.focus();
      },
      onOpen() {
        // The chosen day, else today, else the month's first: one selector
        // list would take whichever comes first in the page instead.
        const box = picker.calendarContainer;
        const day = box.querySelector(".flatpickr-day.selected") ||
          box.querySelector(".flatpickr-day.today") ||
          box.querySelector(".flatpickr-day:not(.prevMonthDay)");
        if (day) window.setTimeout(() => day.focus(), 0);
      },
    });
    picker.calendarContainer.setAttribute("role", "dialog");
    picker.calendarContainer.setAttribute("aria-label", button.getAttribute("aria-label"));
    button.addEventListener("click", () => {
      if (picker.isOpen) {
        picker.close();
        return;
      }
      const typed = parseDay(input.value);
      if (typed) picker.setDate(typed, false);
      else picker.clear(false);
      picker.jumpToDate(typed || new Date());
      picker.open();
    });
    picker.calendarContainer.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        picker.close();
        input.focus();
      }
    });
  }

  function enhanceAll(root) {
    root.querySelectorAll("input[data-day-input]").forEach(enhance);
  }
  document.addEventListener("DOMContentLoaded", () => {
    enhanceAll(document);
    // Rows htmx swaps in get their pickers too.
    document.body.addEventListener("htmx:load", (event) => enhanceAll(event.target));
  });
})();
