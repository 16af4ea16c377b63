/**
 * Builds the real service graph for tests: a real SQLite database (in memory unless a folder
 * is given), every migration applied, a clock that moves only when told. Never a mock of the DB.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Envelope } from '@shared/contract/errors'
import type { OperationInput, OperationName, OperationOutput } from '@shared/contract/operations'
import { createApp, type App, type Desktop } from './app'
import { fixedClock } from './clock'
import { memoryLogger } from './logger'
import { dataPaths, type DataPaths } from './paths'

export interface TestApp extends App {
  readonly clock: ReturnType<typeof fixedClock>
  readonly logger: ReturnType<typeof memoryLogger>
  readonly paths: DataPaths
  /** Calls an operation through the real dispatcher and returns the envelope. */
  call<K extends OperationName>(name: K, input: OperationInput<K>): Promise<Envelope<OperationOutput<K>>>
  /** Like `call`, but returns the data and fails the test on an error envelope. */
  ok<K extends OperationName>(name: K, input: OperationInput<K>): Promise<OperationOutput<K>>
}

export function tempDir(prefix = 'ocop-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix))
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) }
}

export async function createTestApp(options: { onDisk?: string; transport?: 'ipc' | 'http'; desktop?: Desktop; paymentPolling?: boolean; clockStart?: string } = {}): Promise<TestApp> {
  const clock = fixedClock(options.clockStart)
  const logger = memoryLogger()
  const dir = options.onDisk ?? tempDir().path
  const paths = options.onDisk ? dataPaths(dir) : { ...dataPaths(dir), databaseFile: ':memory:' }
  // Advancing the test clock ages the files the test wrote by as much (their timestamps are real).
  const started = clock.now()
  const fileSystemNow = () => Date.now() + (clock.now() - started)
  const app = await createApp({ paths, transport: options.transport ?? 'http', appVersion: '0.0.0-test', clock, logger, fileSystemNow,
    // Tests poll VNPay by hand (vnpayCallbacks.pollDue), with the test clock.
    paymentPolling: options.paymentPolling ?? false,
    outboxWorker: false,
    reportRollups: false,
    ...(options.desktop && { desktop: options.desktop }),
  })
  const call = <K extends OperationName>(name: K, input: OperationInput<K>) =>
    app.invoke(name, input, { actor: 'tester' }) as Promise<Envelope<OperationOutput<K>>>
  return {
    ...app,
    clock,
    logger,
    paths,
    call,
    async ok(name, input) {
      const envelope = await call(name, input)
      if (!envelope.ok) throw new Error(`${name} failed: ${JSON.stringify(envelope.error)}\n${logger.lines.join('\n')}`)
      return envelope.data
    },
  }
}

export const COOP = { name: 'HTX Nông nghiệp Dương Xá', kind: 'cooperative', taxCode: '0101234567' } as const
