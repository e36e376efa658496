// Draws every chart on the page: each [data-chart] element names the <script type="application/json">
// block that holds its plotly figure (see templates/macros/chart.html). plotly.js is loaded before
// this module as a classic script (window.Plotly). No inline script and no eval: CSP-safe.

const CONFIG = { displaylogo: false, responsive: true, displayModeBar: false }
// A label of a month or a quarter ("Oct–Dec" over "2026") needs about this much room: narrower,
// plotly would turn the labels and they would run into each other.
const LABEL_PX = 56

// A chart whose x-axis names each of its bars (tickmode "array") keeps every tick, but on a narrow
// screen labels only every second, third... one, so those shown can be read. Redone when the chart
// is redrawn at another width (responsive); the table below the chart has every figure.
function thinLabels (el, all) {
  const size = el._fullLayout && el._fullLayout._size
  if (!size || !all.length) return
  const step = Math.max(1, Math.ceil(all.length * LABEL_PX / Math.max(size.w, 1)))
  const text = all.map((t, i) => (i % step === 0 ? t : ''))
  if (text.join('\n') !== (el.layout.xaxis.ticktext || []).join('\n')) {
    window.Plotly.relayout(el, { 'xaxis.ticktext': text })
  }
}

// Labels along the top of a chart (the milestones' numbers, "This week") that would run into each
// other at this width are moved apart sideways, each run of them kept centred on its lines. Redone
// at each width; where they do not touch, nothing moves.
const LABEL_GAP = 3
function spreadLabels (el) {
  const notes = el.layout.annotations || []
  const top = []
  for (const g of el.querySelectorAll('.annotation')) {
    const i = Number(g.getAttribute('data-index'))
    const note = notes[i]
    if (!note || note.yref !== 'paper' || note.y !== 1) continue
    const box = g.getBoundingClientRect()
    if (!box.width) return // not laid out (a hidden chart): left as it is
    const shift = note.xshift || 0
    top.push({ i, left: box.left - shift, width: box.width, shift })
  }
  top.sort((a, b) => (a.left + a.width / 2) - (b.left + b.width / 2)) // by where each is centred
  const want = {}
  let run = []
  let right = -Infinity
  const place = () => {
    const mean = run.reduce((sum, r) => sum + r.push, 0) / (run.length || 1)
    for (const r of run) want[r.i] = r.push - mean
  }
  for (const label of top) {
    const at = Math.max(label.left, right + LABEL_GAP)
    if (at === label.left && run.length) { place(); run = [] }
    run.push({ i: label.i, push: at - label.left })
    right = at + label.width
  }
  place()
  const changes = {}
  for (const label of top) {
    const shift = Math.round(want[label.i] || 0)
    if (Math.abs(shift - label.shift) >= 1) changes['annotations[' + label.i + '].xshift'] = shift
  }
  if (Object.keys(changes).length) window.Plotly.relayout(el, changes)
}

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
    const axis = figure.layout && figure.layout.xaxis
    const all = axis && axis.tickmode === 'array' && Array.isArray(axis.ticktext) ? axis.ticktext.slice() : null
    const tidy = () => {
      if (all) thinLabels(el, all)
      spreadLabels(el)
    }
    tidy()
    el.on('plotly_afterplot', tidy)
  })
}

for (const el of document.querySelectorAll('[data-chart]')) draw(el)
