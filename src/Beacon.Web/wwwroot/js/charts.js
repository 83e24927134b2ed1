// Draws each <figure class="chart"> from the table inside it: the table is the chart's data (first column the
// categories, one column per series) and stays beside the chart for screen readers and readers without scripts.
// data-chart: bar | stacked | line; data-unit: the values' unit; data-colors: one CSS colour per series.
(function () {
  'use strict';
  if (typeof Chart === 'undefined') return;
  var palette = ['#0b5cab', '#c2571a', '#1f6f3a', '#7b3fa0', '#8a6d00', '#a3231f', '#4b6b8a'];
  var print = document.body.classList.contains('document');

  function number(text) {
    var t = (text || '').replace(/,/g, '').trim();
    if (t === '' || isNaN(Number(t))) return null;
    return Number(t);
  }

  function draw(figure) {
    var table = figure.querySelector('table');
    if (!table || figure.querySelector('canvas')) return;
    var heads = Array.prototype.map.call(table.querySelectorAll('thead th'), function (th) { return th.textContent.trim(); });
    var rows = Array.prototype.slice.call(table.querySelectorAll('tbody tr'));
    var kind = figure.getAttribute('data-chart') || 'bar';
    var colours = (figure.getAttribute('data-colors') || '').split(',');
    var labels = rows.map(function (tr) { return tr.cells[0].textContent.trim(); });
    var datasets = heads.slice(1).map(function (name, i) {
      var colour = colours[i] || palette[i % palette.length];
      return {
        label: name,
        data: rows.map(function (tr) { return number(tr.cells[i + 1] && tr.cells[i + 1].textContent); }),
        backgroundColor: colour,
        borderColor: colour,
        spanGaps: true,
        tension: 0
      };
    });
    var box = document.createElement('div');
    box.className = 'chart-canvas';
    var canvas = document.createElement('canvas');
    // The table beside it carries the data; the canvas is a picture of it.
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', (figure.querySelector('figcaption') || {}).textContent || '');
    box.appendChild(canvas);
    figure.insertBefore(box, table);
    var unit = figure.getAttribute('data-unit');
    new Chart(canvas, {
      type: kind === 'line' ? 'line' : 'bar',
      data: { labels: labels, datasets: datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        devicePixelRatio: print ? 2 : undefined,
        plugins: { legend: { position: 'bottom' } },
        scales: {
          x: { stacked: kind === 'stacked' },
          y: { stacked: kind === 'stacked', beginAtZero: kind !== 'line', title: { display: !!unit, text: unit || '' } }
        }
      }
    });
  }

  var fontFamily = getComputedStyle(document.body).fontFamily;
  if (fontFamily) Chart.defaults.font.family = fontFamily;
  Array.prototype.forEach.call(document.querySelectorAll('figure.chart'), draw);
})();
