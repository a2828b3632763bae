// Outcomes app: his domain scores across time points on his case file, and the
// charts of the managers' programme outcomes page.
// Loaded as a file (the CSP forbids inline scripts); data comes from json_script.
"use strict";

(() => {
  const COLOURS = ["#0d6efd", "#b02a37", "#198754", "#6f42c1", "#fd7e14", "#20c997", "#6c757d", "#d63384", "#0dcaf0", "#664d03", "#495057", "#052c65"];

  // The programme outcomes page: each canvas names its figures by a path into
  // the page's json_script ("status.man", "changes.0", "her_safety"). A null is
  // a cell the table suppresses; the chart leaves it out.
  const STATUS_COLOURS = { pending: "#0d6efd", completed: "#198754", declined: "#6c757d", missed: "#b02a37" };
  const programmeCharts = () => {
    const node = document.getElementById("outcomes-programme-charts");
    if (!node || typeof window.Chart === "undefined") return;
    const all = JSON.parse(node.textContent);
    document.querySelectorAll("canvas[data-outcomes-chart]").forEach((canvas) => {
      const data = canvas.dataset.outcomesChart.split(".").reduce((value, key) => (value == null ? value : value[key]), all);
      if (!data || !data.labels.length) return;
      const kind = canvas.dataset.chartType;
      const datasets = data.series.map((series, i) => {
        const colour = STATUS_COLOURS[series.key] || COLOURS[i % COLOURS.length];
        return { label: series.label, data: series.data, backgroundColor: colour, borderColor: colour, spanGaps: true };
      });
      const options = { responsive: true, maintainAspectRatio: false, animation: false };
      if (kind === "stacked") {
        options.scales = { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } };
      } else if (kind === "horizontal") {
        options.indexAxis = "y";
      } else {
        options.scales = { y: { beginAtZero: true } };
      }
      new window.Chart(canvas, { type: kind === "line" ? "line" : "bar", data: { labels: data.labels, datasets }, options });
    });
  };

  document.addEventListener("DOMContentLoaded", programmeCharts);

  document.addEventListener("DOMContentLoaded", () => {
    const node = document.getElementById("outcomes-his-scores");
    const canvas = document.getElementById("chart-his-outcomes");
    if (!node || !canvas || typeof window.Chart === "undefined") return;
    const data = JSON.parse(node.textContent);
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: data.series.map((series, i) => ({
          label: series.label,
          data: series.data,
          borderColor: COLOURS[i % COLOURS.length],
          spanGaps: true,
        })),
      },
      options: { responsive: true, maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true } } },
    });
  });
})();
