"""Plain data to plotly figures (JSON for the page) and the data tables beside them. No database and
no request here. Every chart goes through `charts.base` for its look, and is drawn on the page by
templates/macros/chart.html with static/js/charts.js."""
