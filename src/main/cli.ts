/**
 * Command line: `serve` runs browser mode (the HTTP transport of the contract). It is the entry
 * `npm run serve` starts, and it never loads Electron.
 */
import { userInfo } from 'node:os'
import { join, resolve } from 'node:path'
import { createApp } from './app'
import { consoleLogger } from './logger'
import { dataPaths } from './paths'
import { startHttpServer } from './server/http-server'
import { browserUrl, parseServeOptions, UsageError } from './server/serve-options'
import { APP_VERSION } from './version'

async function serve(argv: readonly string[]): Promise<void> {
  const options = parseServeOptions(argv, process.env)
  const logger = consoleLogger('serve')
  const app = await createApp({
    paths: dataPaths(resolve(options.dataDir)),
    transport: 'http',
    appVersion: APP_VERSION,
    logger,
    mediaWorkerFile: join(__dirname, 'media.worker.js'),
  })
  const running = await startHttpServer({
    invoke: app.invoke,
    token: options.token,
    host: options.host,
    port: options.port,
    rendererDir: join(__dirname, '../renderer'),
    logger,
    actor: `${osUser()} (browser)`,
    media: app.media,
    vnpay: app.vnpayCallbacks,
    channels: app.channelCallbacks,
  })
  // VNPay sends the customer's browser back here. Listening on every address, the browser on
  // this machine still reaches it on the loopback one.
  const wildcard = options.host === '0.0.0.0' || options.host === '::'
  app.vnpayCallbacks.setBaseUrl(wildcard ? `http://127.0.0.1:${running.port}` : running.url)
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`${signal} received: closing`)
    void running
      .close()
      .then(() => app.close())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error('shutdown failed', error)
        process.exit(1)
      })
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
  // One write, so a process reading our output never sees the first line without the others.
  console.log(
    [`Listening on ${running.url}`, `Open in a browser: ${browserUrl(running.url, options.token)}`, `Data folder: ${resolve(options.dataDir)}`].join('\n'),
  )
}

function osUser(): string {
  try {
    return userInfo().username
  } catch {
    return 'unknown'
  }
}

async function main(argv: readonly string[]): Promise<void> {
  const [command, ...rest] = argv
  switch (command ?? 'serve') {
    case 'serve':
      return serve(command ? rest : [])
    default:
      if (command?.startsWith('--')) return serve(argv)
      throw new UsageError(`Unknown command "${command}". Commands: serve`)
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(error.message)
    process.exit(2)
  }
  console.error(error instanceof Error ? error.message : String(error))
  process.exit(1)
})
