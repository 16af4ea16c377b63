/**
 * Keeps every web contents on our own renderer (Electron security checklist items 11–14):
 * navigations and redirects to another origin are cancelled, new windows are never created,
 * `<webview>` is never attached. A link the user meant for the browser is handed to the OS only
 * when url-policy.ts allows it — and then it opens there, never inside the app.
 */
import type { WebContents } from 'electron'
import type { Logger } from '../logger'
import { isTrustedOrigin } from './app-origin'
import { judgeExternalUrl, type ExternalUrlPolicy } from './url-policy'

export interface NavigationGuardOptions {
  readonly trustedOrigins: readonly string[]
  readonly externalUrlPolicy: ExternalUrlPolicy
  /** `shell.openExternal` in the app. */
  readonly openExternal: (url: string) => Promise<void>
  readonly logger: Logger
}

/** The subset of `WebContents` the guard touches, so tests can pass a small fake. */
export type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>

export function guardWebContents(contents: GuardedContents, options: NavigationGuardOptions): void {
  const openOutside = (url: string, why: string): void => {
    const verdict = judgeExternalUrl(url, options.externalUrlPolicy)
    if (!verdict.allowed) {
      options.logger.warn(`${why}: not opened externally (${verdict.reason}): ${describe(url)}`)
      return
    }
    options.openExternal(verdict.url).catch((error: unknown) => options.logger.error(`could not open ${describe(verdict.url)}`, error))
  }

  contents.on('will-navigate', (event) => {
    if (isTrustedOrigin(event.url, options.trustedOrigins)) return
    event.preventDefault()
    openOutside(event.url, 'navigation refused')
  })
  // Electron emits will-frame-navigate first and skips will-navigate when it is cancelled, so
  // main-frame navigations are left to the handler above (the only one that may open a link
  // outside). Subframes, and redirects of any frame, never leave the app either; nothing opens
  // outside for them because no user asked for it.
  contents.on('will-frame-navigate', (event) => {
    if (event.isMainFrame || isTrustedOrigin(event.url, options.trustedOrigins)) return
    event.preventDefault()
    options.logger.warn(`frame navigation refused: ${describe(event.url)}`)
  })
  contents.on('will-redirect', (event) => {
    if (isTrustedOrigin(event.url, options.trustedOrigins)) return
    event.preventDefault()
    options.logger.warn(`redirect refused: ${describe(event.url)}`)
  })
  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
    options.logger.warn('<webview> refused')
  })
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url, 'new window refused')
    return { action: 'deny' }
  })
}

function describe(url: string): string {
  return JSON.stringify(url.length > 200 ? `${url.slice(0, 200)}…` : url)
}
