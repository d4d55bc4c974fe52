/* Draws the dashboards' charts with the Chart.js served by Sportello. Every chart repeats a table shown
   right below it, so the numbers stay readable without JavaScript or a screen. */
(function () {
    "use strict";
    document.addEventListener("DOMContentLoaded", function () {
        var data = document.getElementById("insights-charts");
        if (!data || !window.Chart) { return; }
        JSON.parse(data.textContent).forEach(function (chart) {
            var canvas = document.getElementById(chart.id);
            if (!canvas) { return; }
            new window.Chart(canvas, {
                type: chart.type,
                data: {labels: chart.labels, datasets: [{label: chart.label, data: chart.values, backgroundColor: "#0b5cad", borderColor: "#0b5cad"}]},
                options: {responsive: true, maintainAspectRatio: false, animation: false, plugins: {legend: {display: false}},
                          indexAxis: chart.type === "bar" ? "y" : "x"}
            });
        });
    });
})();
