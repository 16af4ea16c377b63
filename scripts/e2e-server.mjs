/**
 * The backend for the end-to-end tests: browser mode on a fresh, empty data folder, so every
 * run starts from first-run setup. It expects an existing build (electron-vite build) and
 * removes its data folder when Playwright stops it.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const PORT = '4173'
const TOKEN = 'e2e-token-0123456789'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const cli = join(root, 'out', 'main', 'cli.js')
if (!existsSync(cli) || !existsSync(join(root, 'out', 'renderer', 'index.html'))) {
  console.error(`e2e-server: no build found (${cli}). Build first: npx electron-vite build`)
  process.exit(1)
}

const PREFIX = 'ocop-e2e-'
const PID_FILE = 'e2e-server.pid'

/** A run that was killed outright (SIGKILL) could not clean up: remove folders whose server is gone. */
function removeAbandonedDataDirs() {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(PREFIX)) continue
    const dir = join(tmpdir(), name)
    let pid
    try {
      pid = Number(readFileSync(join(dir, PID_FILE), 'utf8'))
    } catch {
      continue
    }
    try {
      process.kill(pid, 0)
    } catch {
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

removeAbandonedDataDirs()
const dataDir = mkdtempSync(join(tmpdir(), PREFIX))
const server = spawn(process.execPath, [cli, 'serve', '--data-dir', dataDir, '--port', PORT, '--token', TOKEN], { cwd: root, stdio: 'inherit' })
writeFileSync(join(dataDir, PID_FILE), String(server.pid ?? process.pid))

let cleaned = false
function cleanUp() {
  if (cleaned) return
  cleaned = true
  rmSync(dataDir, { recursive: true, force: true })
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (server.exitCode === null) server.kill(signal)
  })
}
server.on('exit', (code, signal) => {
  cleanUp()
  process.exit(code ?? (signal ? 0 : 1))
})
server.on('error', (error) => {
  console.error(`e2e-server: could not start the backend: ${error.message}`)
  cleanUp()
  process.exit(1)
})
