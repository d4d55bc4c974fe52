/* Draws the dashboards' charts with the Chart.js served by Sportello. Every chart repeats a table shown
   right below it, so the numbers stay readable without JavaScript or a screen. */
(function () {
    "use strict";
    document.addEventListener("DOMContentLoaded", function () {
        var data = document.getElementById("insights-charts");
        if (!data || !window.Chart) { return; }
        /* Numbers on the axis in the page's language (26,8 in Italian), counts without fractions (no 0.5 ticks),
           shares with a percent sign: the same formats as the tables (core/formatting.py). */
        var locale = document.documentElement.lang || "it";
        var percent = new Intl.NumberFormat(locale, {style: "percent", maximumFractionDigits: 1});
        JSON.parse(data.textContent).forEach(function (chart) {
            var canvas = document.getElementById(chart.id);
            if (!canvas) { return; }
            var valueAxis = {beginAtZero: true, ticks: {}};
            if (chart.integer) { valueAxis.ticks.precision = 0; }
            if (chart.percent) {
                valueAxis.suggestedMax = 100;
                valueAxis.ticks.callback = function (value) { return percent.format(value / 100); };
            }
            var scales = chart.type === "bar" ? {x: valueAxis} : {y: valueAxis};
            new window.Chart(canvas, {
                type: chart.type,
                data: {labels: chart.labels, datasets: [{label: chart.label, data: chart.values, backgroundColor: "#0b5cad", borderColor: "#0b5cad"}]},
                options: {responsive: true, maintainAspectRatio: false, animation: false, locale: locale, plugins: {legend: {display: false}},
                          indexAxis: chart.type === "bar" ? "y" : "x", scales: scales}
            });
        });
    });
})();
