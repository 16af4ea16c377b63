/**
 * Whether the Electron binary is on this machine — found the way node_modules/electron/index.js
 * finds it, but without requiring that file: since Electron 42 requiring it downloads the
 * binary when it is missing, which cannot work offline and must never happen in a test run.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export const ELECTRON_UNAVAILABLE = 'Electron binary not available on this machine'

export type ElectronBinary = { readonly available: true; readonly executablePath: string } | { readonly available: false; readonly detail: string }

export function findElectronBinary(repoRoot: string, env: NodeJS.ProcessEnv = process.env): ElectronBinary {
  const packageDir = join(repoRoot, 'node_modules', 'electron')
  const pathFile = join(packageDir, 'path.txt')
  const named = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : ''
  const overrideDir = env['ELECTRON_OVERRIDE_DIST_PATH']
  if (overrideDir) {
    const executablePath = join(overrideDir, named || 'electron')
    return existsSync(executablePath) ? { available: true, executablePath } : { available: false, detail: `${executablePath} does not exist` }
  }
  if (named === '') return { available: false, detail: `${pathFile} does not exist (the binary was never downloaded)` }
  const executablePath = join(packageDir, 'dist', named)
  return existsSync(executablePath) ? { available: true, executablePath } : { available: false, detail: `${executablePath} does not exist` }
}
