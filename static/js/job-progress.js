// The progress page of a background job: ask for its status every 1.5 seconds and show it;
// when it has finished, load the page again to show the result. Without JavaScript the page
// has a plain refresh link instead.
const box = document.getElementById('job-progress')
if (box && box.dataset.finished === 'no') {
  const words = document.getElementById('job-words')
  const bar = document.getElementById('job-bar')
  const refresh = document.getElementById('job-refresh')
  if (refresh) refresh.hidden = true
  const poll = async () => {
    try {
      const response = await fetch(box.dataset.statusUrl, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      if (!response.ok) throw new Error(String(response.status))
      const state = await response.json()
      if (state.finished) {
        window.location.assign(state.page)
        return
      }
      if (words && words.textContent !== state.words) words.textContent = state.words
      if (bar && state.total) { bar.max = state.total; bar.value = state.done }
    } catch (e) {
      if (refresh) refresh.hidden = false
    }
    window.setTimeout(poll, 1500)
  }
  window.setTimeout(poll, 1000)
}
