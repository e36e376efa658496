// Start GOV.UK Frontend and MoJ Frontend components on every page, and warn before a signed-in
// session times out. No inline script anywhere (the CSP forbids it).
import { initAll } from '../vendor/govuk/govuk-frontend.min.js'

initAll()

import('../vendor/moj/moj-frontend.min.js')
  .then((moj) => { if (moj && typeof moj.initAll === 'function') moj.initAll() })
  .catch(() => { /* pages without MoJ components work without it */ })

// --- Session timeout -------------------------------------------------------------------------
// The server ends a session after IDLE_TIMEOUT without a request. Someone writing a long answer
// makes no request, so while they are busy on the page (typing, clicking) we tell the server, at
// most every few minutes; and if they have done nothing, we warn them two minutes before the end
// and offer "Stay signed in". The last contact is shared between tabs through localStorage.
function sessionTimeout () {
  const config = document.getElementById('app-session')
  const dialog = document.getElementById('app-timeout-dialog')
  if (!config || !dialog || typeof dialog.showModal !== 'function') return

  const idleMs = Number(config.dataset.idleSeconds) * 1000
  if (!(idleMs > 0)) return
  const warnMs = Math.min(2 * 60 * 1000, idleMs / 2)
  const pingEveryMs = Math.min(5 * 60 * 1000, idleMs / 3)
  const KEY = 'fossdash-last-contact'
  const loadedAt = Date.now()
  let pinging = false

  const store = {
    get () { try { return Number(window.localStorage.getItem(KEY)) || 0 } catch (e) { return 0 } },
    set (t) { try { window.localStorage.setItem(KEY, String(t)) } catch (e) { /* private mode */ } }
  }
  const lastContact = () => Math.max(store.get(), loadedAt)
  store.set(loadedAt)

  const token = () => {
    const input = document.querySelector('input[name="csrf_token"]')
    return input ? input.value : ''
  }

  async function ping () {
    if (pinging) return
    pinging = true
    try {
      const response = await fetch(config.dataset.keepAliveUrl, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'X-CSRFToken': token() },
        redirect: 'manual'
      })
      if (response.status === 204) store.set(Date.now())
    } catch (e) {
      // Offline for a moment: the next activity tries again.
    } finally {
      pinging = false
    }
  }

  function onActivity () {
    if (Date.now() - lastContact() > pingEveryMs && !dialog.open) ping()
  }
  for (const type of ['keydown', 'input', 'pointerdown']) {
    document.addEventListener(type, onActivity, { passive: true, capture: true })
  }

  async function stay () {
    await ping()
    if (dialog.open) dialog.close()
  }
  document.getElementById('app-timeout-stay').addEventListener('click', stay)
  dialog.addEventListener('cancel', (event) => { event.preventDefault(); stay() })

  window.setInterval(() => {
    const idle = Date.now() - lastContact()
    if (idle >= idleMs + 5000) {
      // The server has ended the session: reloading shows the sign-in page and says why.
      window.location.reload()
    } else if (idle >= idleMs - warnMs && !dialog.open) {
      dialog.showModal()
    } else if (idle < idleMs - warnMs && dialog.open) {
      dialog.close() // another tab kept the session going
    }
  }, 5000)
}

sessionTimeout()

// --- Wide tables -------------------------------------------------------------------------------
// A table in scroll_region (templates/macros/table.html) scrolls sideways inside its box. When it
// really is wider than the box, show the hint above it and a shadow on each edge that has more
// columns beyond it; when it fits (a wide screen, few columns), show neither.
function scrollRegions () {
  const wrappers = document.querySelectorAll('[data-app-scroll-region]')
  for (const wrapper of wrappers) {
    const region = wrapper.querySelector('.app-table-scroll')
    const hint = wrapper.querySelector('.app-scroll-region__hint')
    if (!region) continue

    const update = () => {
      const hidden = region.scrollWidth - region.clientWidth
      const overflows = hidden > 1
      const left = Math.abs(region.scrollLeft) // negative in right-to-left pages
      wrapper.classList.toggle('app-scroll-region--overflows', overflows)
      wrapper.classList.toggle('app-scroll-region--more-left', overflows && left > 1)
      wrapper.classList.toggle('app-scroll-region--more-right', overflows && left < hidden - 1)
      if (hint) hint.hidden = !overflows
    }

    region.addEventListener('scroll', update, { passive: true })
    if (typeof window.ResizeObserver === 'function') {
      // The box changes with the window; the table with its content (sorting, fonts loading).
      const observer = new window.ResizeObserver(update)
      observer.observe(region)
      if (region.firstElementChild) observer.observe(region.firstElementChild)
    } else {
      window.addEventListener('resize', update)
    }
    update()
  }
}

scrollRegions()
