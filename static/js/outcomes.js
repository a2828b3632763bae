// Outcomes app: his domain scores across time points on his case file.
// Loaded as a file (the CSP forbids inline scripts); data comes from json_script.
"use strict";

(() => {
  const COLOURS = ["#0d6efd", "#b02a37", "#198754", "#6f42c1", "#fd7e14", "#20c997", "#6c757d", "#d63384", "#0dcaf0", "#664d03", "#495057", "#052c65"];

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
