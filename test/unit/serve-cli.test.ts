// Browser mode as a newcomer starts it: the built CLI, a real process, real signals.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../../src/main/test-support'

const CLI = join(__dirname, '../../out/main/cli.js')
const dirs: { remove(): void }[] = []
afterEach(() => dirs.splice(0).forEach((d) => d.remove()))

function startServe(args: string[]) {
  if (!existsSync(CLI)) throw new Error('out/main/cli.js is missing: run `npm run build` first (npm test builds before testing)')
  const child = spawn(process.execPath, [CLI, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr.on('data', (d: Buffer) => (output += d.toString()))
  const listening = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "Listening on" line within 15 s:\n${output}`)), 15_000)
    child.stdout.on('data', () => {
      const m = /Listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
      if (m) {
        clearTimeout(timer)
        resolve(m[1]!)
      }
    })
    child.on('exit', (code) => reject(new Error(`exited with ${code} before listening:\n${output}`)))
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, listening, exited, output: () => output }
}

describe('npm run serve', () => {
  it('prints where it listens and the URL to open, answers GET /api with the token, and stops cleanly on SIGTERM', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const serve = startServe(['--data-dir', dir.path, '--port', '0', '--token', 'cli-test-token-1'])
    const url = await serve.listening
    expect(serve.output()).toContain(`Open in a browser: ${url}/#token=cli-test-token-1`)
    expect((await fetch(`${url}/api`)).status).toBe(401)
    const api = await fetch(`${url}/api`, { headers: { Authorization: 'Bearer cli-test-token-1' } })
    expect(api.status).toBe(200)
    expect(existsSync(join(dir.path, 'ocop-storefront.sqlite'))).toBe(true)
    serve.child.kill('SIGTERM')
    expect(await serve.exited).toBe(0)
  })

  it('generates a token when none is given, and takes settings from the environment', async () => {
    const dir = tempDir()
    dirs.push(dir)
    if (!existsSync(CLI)) throw new Error('out/main/cli.js is missing: run `npm run build` first')
    const child = spawn(process.execPath, [CLI, 'serve'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, OCOP_DATA_DIR: dir.path, OCOP_PORT: '0' } })
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(output)), 15_000)
      child.stdout.on('data', () => {
        if (output.includes('#token=')) {
          clearTimeout(timer)
          resolve()
        }
      })
    })
    const token = /#token=([A-Za-z0-9_-]+)/.exec(output)![1]!
    expect(token.length).toBeGreaterThanOrEqual(32)
    expect(output).toContain(`Data folder: ${dir.path}`)
    const exited = new Promise((resolve) => child.on('exit', resolve))
    child.kill('SIGINT')
    expect(await exited).toBe(0)
  })

  it('refuses a bad flag with a usage message and exit code 2', async () => {
    const serve = startServe(['--port', 'abc'])
    await expect(serve.listening).rejects.toThrow(/--port must be a number/)
    expect(await serve.exited).toBe(2)
  })
})
