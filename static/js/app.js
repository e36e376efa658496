// Start GOV.UK Frontend and MoJ Frontend components on every page. No inline script anywhere.
import { initAll } from '../vendor/govuk/govuk-frontend.min.js'

initAll()

import('../vendor/moj/moj-frontend.min.js')
  .then((moj) => { if (moj && typeof moj.initAll === 'function') moj.initAll() })
  .catch(() => { /* pages without MoJ components work without it */ })
