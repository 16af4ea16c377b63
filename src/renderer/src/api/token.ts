/**
 * Browser mode's access token. The server prints `http://127.0.0.1:PORT/#token=…`: a fragment is
 * never sent to a server, logged, or put in a Referer. At boot we move it into sessionStorage
 * (it survives a reload of this tab, not the closing of the browser) and wipe it from the URL,
 * so it does not linger in the address bar, history or a screenshot.
 */
const STORAGE_KEY = 'ocop.accessToken'
const TOKEN_IN_HASH = /^#token=([^&]+)(?:&|$)/

/** Must run before the router reads `location.hash`: the router owns the fragment afterwards. */
export function captureAccessToken(): boolean {
  const match = TOKEN_IN_HASH.exec(window.location.hash)
  if (!match) return false
  try {
    window.sessionStorage.setItem(STORAGE_KEY, decodeURIComponent(match[1]!))
  } catch {
    memoryToken = decodeURIComponent(match[1]!)
  }
  window.history.replaceState(window.history.state, '', `${window.location.pathname}${window.location.search}#/`)
  return true
}

/**
 * Someone pastes the token link into a tab that is already open (say, on the "no access"
 * screen): only the fragment changes, so there is no new page load. Take the token and start afresh.
 */
export function watchForAccessToken(): void {
  window.addEventListener('hashchange', () => {
    if (captureAccessToken()) window.location.reload()
  })
}

/** Used only when sessionStorage is refused (some locked-down browsers). */
let memoryToken: string | null = null

export function accessToken(): string | null {
  try {
    return window.sessionStorage.getItem(STORAGE_KEY) ?? memoryToken
  } catch {
    return memoryToken
  }
}
