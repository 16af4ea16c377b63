import { describe, expect, it } from 'vitest'
import { secureWebPreferences } from './web-preferences'

describe('window webPreferences', () => {
  it('isolates and sandboxes the renderer, with no Node anywhere', () => {
    expect(secureWebPreferences({ preloadPath: '/app/out/preload/index.js', allowDevTools: false })).toStrictEqual({
      preload: '/app/out/preload/index.js',
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
      navigateOnDragDrop: false,
      safeDialogs: true,
      devTools: false,
    })
  })

  it('offers DevTools only when asked to (unpackaged builds), changing nothing else', () => {
    const packaged = secureWebPreferences({ preloadPath: '/p.js', allowDevTools: false })
    const development = secureWebPreferences({ preloadPath: '/p.js', allowDevTools: true })
    expect(development.devTools).toBe(true)
    expect({ ...development, devTools: false }).toStrictEqual(packaged)
  })

  it('never sets the options that would re-open the renderer to remote code or Node', () => {
    const preferences = secureWebPreferences({ preloadPath: '/p.js', allowDevTools: true })
    for (const key of ['enableBlinkFeatures', 'additionalArguments', 'partition', 'session', 'disableBlinkFeatures']) {
      expect(preferences).not.toHaveProperty(key)
    }
  })
})
