/**
 * Browser mode (`node out/main/cli.js serve`) on a data folder holding the 100k-product
 * database: time from spawn to the first successful GET /api, with and without the automatic
 * start-up copy, and the server's memory after a burst of searches.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { flushReport, median, percentile, record, scratchDir } from './report'
import { REPO_ROOT, seededDatabase, type SeededDatabase } from './seed'
import { TYPED_QUERIES } from './vocabulary'

const CLI = join(REPO_ROOT, 'out/main/cli.js')
const TOKEN = 'bench-token-5f0c2a9e'
const STARTS = 5
const BACKUP_STARTS = 3
const BURST = 200

let seeded: SeededDatabase
let scratch: ReturnType<typeof scratchDir>
let dataDir: string
const running = new Set<ChildProcess>()

interface Started {
  readonly child: ChildProcess
  readonly port: number
  /** Spawn → first successful GET /api. */
  readonly readyMs: number
  /** Spawn → the "Listening on" line. */
  readonly listeningMs: number
  readonly output: string[]
}

function httpCall(port: number, method: 'GET' | 'POST', path: string, body?: unknown, agent?: Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body)
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent: agent ?? false,
        headers: {
          Authorization: `Bearer ${TOKEN}`,
          ...(payload !== undefined && { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    if (payload !== undefined) req.write(payload)
    req.end()
  })
}

function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env }
  for (const key of Object.keys(env)) if (key === 'NODE_OPTIONS' || key.startsWith('OCOP_') || key.startsWith('VITEST')) delete env[key]
  return env
}

async function startServer(): Promise<Started> {
  const t0 = performance.now()
  const child = spawn(process.execPath, [CLI, 'serve', '--data-dir', dataDir, '--port', '0', '--token', TOKEN], {
    cwd: REPO_ROOT,
    env: childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.add(child)
  child.once('exit', () => running.delete(child))
  const output: string[] = []
  const port = await new Promise<number>((resolve, reject) => {
    let pending = ''
    const timer = setTimeout(() => reject(new Error(`no "Listening on" line within 120 s:\n${output.join('\n')}`)), 120_000)
    child.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8')
      for (let i = pending.indexOf('\n'); i >= 0; i = pending.indexOf('\n')) {
        const line = pending.slice(0, i)
        pending = pending.slice(i + 1)
        output.push(line)
        const m = /Listening on http:\/\/[^\s]+:(\d+)/.exec(line)
        if (m) {
          clearTimeout(timer)
          resolve(Number(m[1]))
        }
      }
    })
    child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8').trimEnd()))
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code}:\n${output.join('\n')}`))
    })
  })
  const listeningMs = performance.now() - t0
  for (;;) {
    const r = await httpCall(port, 'GET', '/api')
    if (r.status === 200) break
    if (performance.now() - t0 > 120_000) throw new Error(`GET /api answered ${r.status}: ${r.body.slice(0, 200)}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  return { child, port, readyMs: performance.now() - t0, listeningMs, output }
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
  await exited
  clearTimeout(timer)
}

function memoryOf(pid: number): { rssMb: number; hwmMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN)
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 }
}

const backupsDir = () => join(dataDir, 'backups')
const backupCount = () => (existsSync(backupsDir()) ? readdirSync(backupsDir()).filter((f) => f.endsWith('.sqlite')).length : 0)

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run the bench with \`node scripts/bench.mjs\` (it builds first)`)
  seeded = await seededDatabase(100_000)
  scratch = scratchDir('serve')
  dataDir = join(scratch.path, 'data')
  mkdirSync(dataDir, { recursive: true })
  copyFileSync(seeded.file, join(dataDir, 'ocop-storefront.sqlite'))
})

afterAll(async () => {
  for (const child of running) await stopServer(child)
  scratch?.remove()
  flushReport()
})

describe('browser mode server, 100,000 products', () => {
  it('starts with the automatic start-up copy (no copy yet, or the newest older than 20 hours)', async () => {
    const samples: number[] = []
    const listening: number[] = []
    let copies = 0
    for (let i = 0; i < BACKUP_STARTS; i++) {
      rmSync(backupsDir(), { recursive: true, force: true })
      const s = await startServer()
      samples.push(s.readyMs)
      listening.push(s.listeningMs)
      await stopServer(s.child)
      copies += backupCount()
    }
    const copyBytes = statSync(join(backupsDir(), readdirSync(backupsDir()).find((f) => f.endsWith('.sqlite'))!)).size
    record({
      name: 'serve.cold_start_with_backup_ms@100k',
      value: median(samples),
      unit: 'ms',
      samples,
      listeningMs: median(listening),
      detail:
        `Median of ${BACKUP_STARTS} starts, each with an empty backups folder, so the server first copies the ${(seeded.bytes / 1048576).toFixed(0)} MB database ` +
        `(VACUUM INTO, ${(copyBytes / 1048576).toFixed(0)} MB copy; ${copies} copies made). Spawn → first 200 from GET /api; "Listening on" after ${median(listening).toFixed(0)} ms. ` +
        `The database file was just written, so it is in the OS file cache (warm cache).`,
    })
  })

  it('starts without a copy (the daily copy exists), then serves a burst of searches', async () => {
    if (backupCount() === 0) throw new Error('the previous test should have left a fresh automatic copy')
    const before = backupCount()
    const samples: number[] = []
    const listening: number[] = []
    let last: Started | undefined
    for (let i = 0; i < STARTS; i++) {
      const s = await startServer()
      samples.push(s.readyMs)
      listening.push(s.listeningMs)
      if (i < STARTS - 1) await stopServer(s.child)
      else last = s
    }
    const copiesMade = backupCount() - before
    record({
      name: 'serve.cold_start_ms',
      value: median(samples),
      unit: 'ms',
      target: 1500,
      samples,
      listeningMs: median(listening),
      detail:
        `Median of ${STARTS} spawns of \`node out/main/cli.js serve --data-dir … --port 0 --token …\` on the ${(seeded.bytes / 1048576).toFixed(0)} MB / 100k-product database ` +
        `whose daily copy exists (${copiesMade} copies made during these starts). Spawn → first 200 from GET /api; "Listening on" after ${median(listening).toFixed(0)} ms. Warm OS file cache.`,
    })

    // The burst, on the last server.
    const server = last!
    const afterStart = memoryOf(server.child.pid!)
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    const latencies: number[] = []
    for (let i = 0; i < BURST; i++) {
      const query = TYPED_QUERIES[i % TYPED_QUERIES.length]!
      const t = performance.now()
      const r = await httpCall(server.port, 'POST', '/api/catalog.searchProducts', { query }, agent)
      latencies.push(performance.now() - t)
      if (r.status !== 200) throw new Error(`search "${query}" answered ${r.status}: ${r.body.slice(0, 300)}`)
    }
    agent.destroy()
    const after = memoryOf(server.child.pid!)
    await stopServer(server.child)
    record({
      name: 'serve.rss_mb@100k',
      value: after.rssMb,
      unit: 'MB',
      target: 250,
      rssAfterStartMb: afterStart.rssMb,
      peakRssMb: after.hwmMb,
      detail:
        `VmRSS of the server process after start-up and ${BURST} sequential POST /api/catalog.searchProducts (${TYPED_QUERIES.length} typed queries, cycled). ` +
        `After start-up alone: ${afterStart.rssMb.toFixed(0)} MB; peak (VmHWM): ${after.hwmMb.toFixed(0)} MB.`,
    })
    record({
      name: 'serve.search_http_p95_ms@100k',
      value: percentile(latencies, 95),
      unit: 'ms',
      p50: median(latencies),
      detail: `For the record: round trip of the ${BURST} POST /api/catalog.searchProducts above (keep-alive, one at a time); p50 ${median(latencies).toFixed(1)} ms.`,
    })
  })
})
