// Reports app: the period report's charts, by quarter or by month.
// Loaded as a file (the CSP forbids inline scripts); data comes from json_script.
"use strict";

(() => {
  const COLOURS = { referrals: "#0d6efd", starts: "#198754", completions: "#6f42c1", offered: "#fd7e14", engaged: "#b02a37" };
  const charts = [];

  const draw = (data, by) => {
    charts.splice(0).forEach((chart) => chart.destroy());
    document.querySelectorAll("canvas[data-report-chart]").forEach((canvas) => {
      const partner = canvas.dataset.reportChart === "partners";
      const series = data.series.filter((s) => s.partner === partner);
      if (!series.length) return;
      const datasets = series.map((s) => ({ label: s.label, data: s[by], backgroundColor: COLOURS[s.key], borderColor: COLOURS[s.key] }));
      charts.push(new window.Chart(canvas, {
        type: partner ? "line" : "bar",
        data: { labels: data[by], datasets },
        options: { responsive: true, maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
      }));
    });
  };

  document.addEventListener("DOMContentLoaded", () => {
    const node = document.getElementById("report-charts");
    if (!node || typeof window.Chart === "undefined") return;
    const data = JSON.parse(node.textContent);
    draw(data, "quarters");
    document.querySelectorAll("[data-report-by]").forEach((button) => {
      button.addEventListener("click", () => {
        document.querySelectorAll("[data-report-by]").forEach((b) => b.setAttribute("aria-pressed", String(b === button)));
        draw(data, button.dataset.reportBy);
      });
    });
  });
})();
