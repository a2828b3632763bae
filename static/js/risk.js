// Risk app: dashboard and case-file charts, and in-place alert actions.
// Loaded as a file (the CSP forbids inline scripts); data comes from json_script.
// gettext and interpolate come from Django's JavaScript catalogue (/jsi18n/),
// loaded before this file by base.html.
"use strict";

(() => {
  const LEVEL_COLOURS = ["#b02a37", "#ffc107", "#adb5bd", "#e9ecef"];

  function readJson(id) {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function chart(id, config) {
    const canvas = document.getElementById(id);
    if (!canvas || typeof window.Chart === "undefined") return;
    config.options = Object.assign(
      { responsive: true, maintainAspectRatio: false, animation: false },
      config.options || {}
    );
    new window.Chart(canvas, config);
  }

  function dashboardCharts() {
    const data = readJson("risk-dashboard-data");
    if (!data) return;
    chart("chart-levels", {
      type: "bar",
      data: {
        labels: data.levels.labels,
        datasets: [{ label: gettext("Men"), data: data.levels.values, backgroundColor: LEVEL_COLOURS }],
      },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
    chart("chart-alerts", {
      type: "bar",
      data: {
        labels: data.alerts.labels,
        datasets: [
          { label: gettext("Not acknowledged"), data: data.alerts.open, backgroundColor: "#b02a37" },
          { label: gettext("Acknowledged"), data: data.alerts.acknowledged, backgroundColor: "#6c757d" },
        ],
      },
      options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
    });
    chart("chart-attendance", {
      type: "line",
      data: {
        labels: data.attendance.labels,
        datasets: [
          { label: gettext("Attended"), data: data.attendance.attended, borderColor: "#198754" },
          { label: gettext("Excused"), data: data.attendance.excused, borderColor: "#0d6efd" },
          { label: gettext("Missed"), data: data.attendance.missed, borderColor: "#b02a37" },
        ],
      },
      options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
    chart("chart-caseload", {
      type: "bar",
      data: {
        labels: data.caseload.labels,
        datasets: [
          { label: gettext("High"), data: data.caseload.high, backgroundColor: LEVEL_COLOURS[0] },
          { label: gettext("Medium"), data: data.caseload.medium, backgroundColor: LEVEL_COLOURS[1] },
          { label: gettext("Standard"), data: data.caseload.standard, backgroundColor: LEVEL_COLOURS[2] },
          { label: gettext("Not assessed"), data: data.caseload.not_assessed, backgroundColor: LEVEL_COLOURS[3] },
        ],
      },
      options: { indexAxis: "y", scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } } },
    });
  }

  function timelineChart() {
    const data = readJson("risk-timeline-data");
    if (!data) return;
    // Other signals sit on a band below "standard" so they never hide a level.
    const signals = data.signals.map((list) => (list.length ? 0.5 : null));
    chart("chart-risk-timeline", {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [
          {
            label: gettext("Assessed level"),
            data: data.level,
            borderColor: "#b02a37",
            backgroundColor: "#b02a37",
            stepped: true,
            spanGaps: true,
          },
          {
            label: gettext("Events, notes and missed sessions"),
            data: signals,
            showLine: false,
            pointStyle: "triangle",
            pointRadius: 7,
            borderColor: "#0d6efd",
            backgroundColor: "#0d6efd",
          },
        ],
      },
      options: {
        scales: {
          y: {
            min: 0,
            max: 3.5,
            ticks: { stepSize: 1, callback: (value) => data.level_names[value] || "" },
          },
        },
        plugins: {
          tooltip: {
            callbacks: {
              label: (item) => {
                if (item.datasetIndex === 0) {
                  const score = data.score[item.dataIndex];
                  const name = data.level_names[item.raw];
                  return score === null ? name : interpolate(gettext("%(level)s (score %(score)s)"), { level: name, score }, true);
                }
                return data.signals[item.dataIndex];
              },
            },
          },
        },
      },
    });
  }

  // HTMX does not swap 4xx answers by default; ours carry a message to show.
  document.addEventListener("htmx:beforeSwap", (event) => {
    const status = event.detail.xhr.status;
    if ([400, 403, 409].includes(status)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("DOMContentLoaded", () => {
    dashboardCharts();
    timelineChart();
  });
})();
