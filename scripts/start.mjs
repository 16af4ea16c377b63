#!/usr/bin/env node
// `npm start`: the desktop app. Electron (since v42) downloads its binary on first use; where
// that cannot happen (no internet, as on our CI machines) the app starts in browser mode instead.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { buildIfStale, root } from './build-if-stale.mjs'

const electronDir = join(root, 'node_modules/electron')

function electronBinary() {
  const pathFile = join(electronDir, 'path.txt')
  if (!existsSync(pathFile)) return undefined
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : undefined
}

buildIfStale()
let binary = electronBinary()
if (!binary && existsSync(join(root, 'node_modules/.bin/install-electron'))) {
  console.log('Fetching the Electron binary (first start only)…')
  spawnSync(join(root, 'node_modules/.bin/install-electron'), [], { cwd: root, stdio: 'ignore', timeout: 120_000 })
  binary = electronBinary()
}

if (binary) {
  const child = spawn(binary, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 0))
} else {
  console.log('Electron is not available on this machine (its binary could not be downloaded), so the app starts in browser mode: open the address printed below.')
  await import(pathToFileURL(join(root, 'out/main/cli.js')).href)
}
