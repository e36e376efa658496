// Draws every chart on the page: each [data-chart] element names the <script type="application/json">
// block that holds its plotly figure (see templates/macros/chart.html). plotly.js is loaded before
// this module as a classic script (window.Plotly). No inline script and no eval: CSP-safe.

const CONFIG = { displaylogo: false, responsive: true, displayModeBar: false }

function draw (el) {
  const source = document.getElementById(el.dataset.chart)
  if (!source || !window.Plotly) return
  let figure
  try {
    figure = JSON.parse(source.textContent)
  } catch (err) {
    console.error('fossdash: chart data could not be read for #' + el.id, err)
    return
  }
  window.Plotly.newPlot(el, figure.data || [], figure.layout || {}, CONFIG).then(() => {
    // The chart is one image to assistive technology (role="img" on the container); the table
    // below has the same figures. Keep plotly's own SVG text out of the accessibility tree.
    for (const svg of el.querySelectorAll('svg')) {
      svg.setAttribute('aria-hidden', 'true')
      svg.setAttribute('focusable', 'false')
    }
    el.classList.add('app-chart--drawn')
  })
}

for (const el of document.querySelectorAll('[data-chart]')) draw(el)
