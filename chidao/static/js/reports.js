// Report pages: charts from JSON embedded by the server (no inline script, CSP),
// and the period picker showing only the fields its choice needs.
(() => {
  "use strict";

  const STATUS_VARS = {
    done_on_time: "--done-on-time",
    done_late: "--done-late",
    awaiting_confirmation: "--awaiting",
    awaiting_confirmation_late: "--awaiting-late",
    on_track: "--on-track",
    overdue: "--overdue",
    not_started: "--not-started",
    not_started_overdue: "--not-started-overdue",
    done_no_deadline: "--no-deadline",
    ongoing_no_deadline: "--cancelled",
    no_deadline: "--no-deadline",
  };

  function colour(status) {
    const value = getComputedStyle(document.documentElement)
      .getPropertyValue(STATUS_VARS[status] || "--no-deadline");
    return value.trim() || "#6b7280";
  }

  function periodPicker() {
    const form = document.querySelector(".period-form");
    if (!form) return;
    document.documentElement.classList.add("js");
    const select = form.querySelector("select[name=period]");
    if (!select) return;
    const toggle = () => {
      const range = select.value === "range";
      for (const name of ["from", "to"]) {
        const field = form.querySelector(`[data-field="${name}"]`);
        if (field) field.classList.toggle("is-hidden", !range);
      }
      const year = form.querySelector('[data-field="year"]');
      if (year) year.classList.toggle("is-hidden", range);
    };
    select.addEventListener("change", toggle);
    toggle();
  }

  function charts() {
    const source = document.getElementById("report-chart-data");
    if (!source || typeof window.Chart === "undefined") return;
    const data = JSON.parse(source.textContent);
    const Chart = window.Chart;
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.animation = false;

    const statuses = document.getElementById("chart-statuses");
    if (statuses) {
      new Chart(statuses, {
        type: "doughnut",
        data: {
          labels: data.statuses.map((s) => s.label),
          datasets: [{
            data: data.statuses.map((s) => s.count),
            backgroundColor: data.statuses.map((s) => colour(s.key)),
          }],
        },
        options: { maintainAspectRatio: false, plugins: { legend: { position: "bottom" } } },
      });
    }

    // Every agency's split by status, its rate in the label (never colour alone).
    const agencies = document.getElementById("chart-agencies");
    if (agencies) {
      const percent = (rate) => (rate === null ? "—" : `${rate.toLocaleString("vi-VN")} %`);
      new Chart(agencies, {
        type: "bar",
        data: {
          labels: data.agencies.map((a) => `${a.name} (${percent(a.rate)})`),
          datasets: data.bands.map((band, index) => ({
            label: band.label,
            data: data.agencies.map((a) => a.split[index]),
            backgroundColor: colour(band.key),
          })),
        },
        options: {
          indexAxis: "y",
          maintainAspectRatio: false,
          scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } },
          plugins: { legend: { position: "bottom" } },
        },
      });
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    periodPicker();
    charts();
  });
})();
