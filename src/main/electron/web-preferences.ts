/**
 * The `webPreferences` of every window, built in one pure function so a test pins each value
 * (Electron security checklist items 2–4, 6, 8–10). Most are Electron's defaults today; they are
 * spelled out so a future default change, or a copied snippet, cannot loosen them silently.
 */
import type { WebPreferences } from 'electron'

export interface WindowSecurityOptions {
  /** Absolute path of the bundled, sandbox-compatible preload (out/preload/index.js). */
  readonly preloadPath: string
  /** DevTools only outside packaged builds. */
  readonly allowDevTools: boolean
}

export function secureWebPreferences(options: WindowSecurityOptions): WebPreferences {
  return {
    preload: options.preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
    // A file dropped on the window would otherwise replace the app with `file://…`.
    navigateOnDragDrop: false,
    safeDialogs: true,
    devTools: options.allowDevTools,
  }
}
