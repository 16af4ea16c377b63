/**
 * The Electron shell: the only code that touches Electron's main-process APIs. It opens the
 * database (through the composition root) before any window exists, serves the renderer from
 * `app://shop`, wires the contract onto IPC, and applies the security policies of the
 * neighbouring modules to every web contents. Decisions live in those pure, tested modules;
 * this file only connects them to Electron.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, session, shell } from 'electron'
import { readFile } from 'node:fs/promises'
import { userInfo } from 'node:os'
import { join } from 'node:path'
import { createApp, type App } from '../app'
import { consoleLogger } from '../logger'
import { dataPaths } from '../paths'
import { RENDERER_CSP } from '../security-headers'
import { APP_VERSION } from '../version'
import { applicationMenuTemplate } from './app-menu'
import { APP_SCHEME, rendererSource } from './app-origin'
import { createAppProtocolHandler } from './app-protocol'
import { registerIpcBridge } from './ipc-bridge'
import { desktopActor, desktopUserDataDir, startupFailureDialog } from './launch-options'
import { guardWebContents } from './navigation-guard'
import { denyAllPermissions } from './permissions'
import type { ExternalUrlPolicy } from './url-policy'
import { secureWebPreferences } from './web-preferences'
import { startCallbackServerPreferring, type CallbackServer } from '../loopback-callbacks'
import { serveVnpayCallback } from '../payments/vnpay-callback-route'
import { serveChannelCallback } from '../publishing/channel-callback-route'
import { guardPaymentContents, paymentWindowPreferences, PAYMENT_PARTITION } from './payment-window'
import { desktopSecretBox } from './secrets'

const logger = consoleLogger('desktop')

/**
 * Any public https page may open in the user's browser (marketplace listings, payment pages,
 * government OCOP pages — an open set), plus plain mailto:/tel: links. A host allow-list can be
 * set here once the set of destinations is known.
 */
const EXTERNAL_URL_POLICY: ExternalUrlPolicy = {}

// Both must happen before `ready`: privileges cannot be granted to a scheme later, and the
// sandbox switch applies to renderers created from then on. `corsEnabled` stays off on
// purpose: it would let other origins read app:// responses.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }])
app.enableSandbox()

// Before the single-instance lock, which lives in this folder: a test or development instance
// with its own OCOP_DATA_DIR must not collide with the user's running app.
app.setPath('userData', desktopUserDataDir({ isPackaged: app.isPackaged, env: process.env, appDataDir: app.getPath('appData') }))

if (app.requestSingleInstanceLock()) {
  runShell()
} else {
  app.quit()
}

function runShell(): void {
  const source = rendererSource({ isPackaged: app.isPackaged, devServerUrl: process.env['ELECTRON_RENDERER_URL'] })
  const allowDevTools = !app.isPackaged
  let core: App | undefined
  let callbacks: CallbackServer | undefined
  let mainWindow: BrowserWindow | null = null
  let shutdown: 'running' | 'closing' | 'closed' = 'running'

  const createMainWindow = (): BrowserWindow => {
    const win = new BrowserWindow({
      width: 1280,
      height: 820,
      minWidth: 960,
      minHeight: 600,
      show: false,
      title: app.getName(),
      backgroundColor: '#ffffff',
      autoHideMenuBar: true,
      webPreferences: secureWebPreferences({ preloadPath: join(__dirname, '../preload/index.js'), allowDevTools }),
    })
    win.once('ready-to-show', () => win.show())
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = null
    })
    win.webContents.on('render-process-gone', (_event, details) => logger.error(`renderer process gone: ${details.reason}`))
    win.loadURL(source.entryUrl).catch((error: unknown) => {
      logger.error(`could not load ${source.entryUrl}`, error)
      win.show()
    })
    mainWindow = win
    return win
  }

  // VNPay's page, in a window of its own (reference section 6): it returns to our loopback route.
  const openPaymentWindow = async (url: string): Promise<void> => {
    const win = new BrowserWindow({
      width: 1024,
      height: 780,
      title: 'VNPay',
      autoHideMenuBar: true,
      backgroundColor: '#ffffff',
      ...(mainWindow && { parent: mainWindow }),
      webPreferences: paymentWindowPreferences(),
    })
    await win.loadURL(url)
  }

  app.on('web-contents-created', (_event, contents) => {
    if (contents.session === session.fromPartition(PAYMENT_PARTITION)) {
      guardPaymentContents(contents, () => callbacks?.url ?? null, (m) => logger.warn(m))
      return
    }
    guardWebContents(contents, {
      trustedOrigins: source.trustedOrigins,
      externalUrlPolicy: EXTERNAL_URL_POLICY,
      openExternal: (url) => shell.openExternal(url),
      logger,
    })
  })

  app.on('second-instance', () => {
    if (mainWindow === null) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })

  app.on('activate', () => {
    if (core !== undefined && BrowserWindow.getAllWindows().length === 0) createMainWindow()
  })

  // Closing the database is asynchronous: hold the quit until it is done, then quit again.
  app.on('will-quit', (event) => {
    if (core === undefined || shutdown === 'closed') return
    event.preventDefault()
    if (shutdown === 'closing') return
    shutdown = 'closing'
    const running = core
    ;(callbacks ? callbacks.close() : Promise.resolve())
      .then(() => running.close())
      .catch((error: unknown) => logger.error('closing the database failed', error))
      .finally(() => {
        shutdown = 'closed'
        app.quit()
      })
  })

  const onReady = async (): Promise<void> => {
    denyAllPermissions(session.defaultSession, logger)
    denyAllPermissions(session.fromPartition(PAYMENT_PARTITION), logger)
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(applicationMenuTemplate({ isMac: process.platform === 'darwin', allowDevTools, productName: app.getName() })),
    )

    const paths = dataPaths(app.getPath('userData'))
    try {
      core = await createApp({
        paths,
        transport: 'ipc',
        appVersion: APP_VERSION,
        logger,
        // requestSingleInstanceLock above: no other copy has this folder open.
        ownsDataFolder: true,
        mediaWorkerFile: join(__dirname, 'media.worker.js'),
        secrets: desktopSecretBox(safeStorage, join(paths.dataDir, 'secret.key')),
        desktop: {
          openPaymentPage: openPaymentWindow,
          // The system PDF viewer prints at the label's real size (no browser margins).
          openFile: async (file) => {
            const problem = await shell.openPath(file)
            if (problem) throw new Error(`could not open ${file}: ${problem}`)
          },
        },
      })
    } catch (error) {
      logger.error('start-up failed: the database could not be opened', error)
      const failure = startupFailureDialog(error, paths.dataDir)
      dialog.showErrorBox(failure.title, failure.body)
      app.exit(1)
      return
    }

    try {
      const running = core
      // A fixed port: Lazada and TikTok Shop return only to the address registered with them.
      callbacks = await startCallbackServerPreferring(
        [
          (req, res, url) => serveVnpayCallback(req, res, url, running.vnpayCallbacks, (error) => logger.error('VNPay callback failed', error)),
          (req, res, url) => serveChannelCallback(req, res, url, running.channelCallbacks, (error) => logger.error('channel callback failed', error)),
        ],
        logger,
      )
      core.vnpayCallbacks.setBaseUrl(callbacks.url)
    } catch (error) {
      // Payments by VNPay then refuse to start (no return address); everything else works.
      logger.error('the loopback address for VNPay could not be opened', error)
    }

    protocol.handle(
      APP_SCHEME,
      createAppProtocolHandler({
        rootDir: join(__dirname, '../renderer'),
        csp: RENDERER_CSP,
        readFile: (file) => readFile(file),
        media: core.media,
        onRefused: (url, reason) => logger.warn(`${APP_SCHEME}: request refused (${reason}): ${JSON.stringify(url.slice(0, 200))}`),
      }),
    )
    registerIpcBridge({
      ipcMain,
      invoke: core.invoke,
      trustedOrigins: source.trustedOrigins,
      actor: desktopActor(userInfo),
      logger,
    })
    createMainWindow()
  }

  app
    .whenReady()
    .then(onReady)
    .catch((error: unknown) => {
      logger.error('the desktop shell failed to start', error)
      app.exit(1)
    })
}
