import { describe, expect, it, vi } from 'vitest'
import { ipcChannel, IPC_PREFIX, OPERATION_NAMES } from '@shared/contract/operations'
import type { Envelope } from '@shared/contract/errors'
import type { Invoke } from '../dispatch'
import { memoryLogger } from '../logger'
import { APP_ORIGIN } from './app-origin'
import { registerIpcBridge, type InvokeEventLike, type IpcRegistry } from './ipc-bridge'

vi.mock('electron', () => {
  throw new Error('the IPC bridge must not load electron at runtime')
})

type Listener = Parameters<IpcRegistry['handle']>[1]

function setUp() {
  const listeners = new Map<string, Listener>()
  const ipcMain: IpcRegistry = {
    handle: (channel, listener) => {
      if (listeners.has(channel)) throw new Error(`second handler for ${channel}`)
      listeners.set(channel, listener)
    },
  }
  const invoke = vi.fn<Invoke>(async (name) => ({ ok: true, data: { answeredBy: name } }))
  const logger = memoryLogger()
  const channels = registerIpcBridge({ ipcMain, invoke, trustedOrigins: [APP_ORIGIN], actor: 'ba.lan', logger })
  const call = (channel: string, event: InvokeEventLike, input: unknown): Promise<Envelope<unknown>> => {
    const listener = listeners.get(channel)
    if (!listener) throw new Error(`no handler for ${channel}`)
    return listener(event, input)
  }
  return { listeners, invoke, logger, channels, call }
}

const fromApp = (url = 'app://shop/index.html'): InvokeEventLike => ({ senderFrame: { url, parent: null } })

describe('IPC bridge (main side)', () => {
  it('registers exactly one prefixed channel per contract operation', () => {
    const { listeners, channels } = setUp()
    expect([...listeners.keys()].sort()).toEqual(OPERATION_NAMES.map(ipcChannel).sort())
    expect(channels).toHaveLength(OPERATION_NAMES.length)
    for (const channel of channels) expect(channel.startsWith(IPC_PREFIX)).toBe(true)
  })

  it('passes a trusted call to the app with its operation name, the input untouched and the desktop actor', async () => {
    const { invoke, call } = setUp()
    const input = { name: 'Trà Shan tuyết', variants: [{ sku: 'TRA-01' }] }
    const answer = await call(ipcChannel('catalog.createProduct'), fromApp('app://shop/products/new'), input)
    expect(answer).toEqual({ ok: true, data: { answeredBy: 'catalog.createProduct' } })
    expect(invoke).toHaveBeenCalledTimes(1)
    expect(invoke).toHaveBeenCalledWith('catalog.createProduct', input, { actor: 'ba.lan' })
    expect(invoke.mock.calls[0]?.[1]).toBe(input)
  })

  it('returns whatever envelope the app answers, errors included', async () => {
    const { invoke, call } = setUp()
    invoke.mockResolvedValueOnce({ ok: false, error: { code: 'VALIDATION', message: 'bad input' } })
    expect(await call(ipcChannel('sellers.createSeller'), fromApp(), {})).toEqual({ ok: false, error: { code: 'VALIDATION', message: 'bad input' } })
  })

  it.each([
    ['a subframe of our own page', { senderFrame: { url: 'app://shop/index.html', parent: {} } }, 'subframe'],
    ['a frame that is gone', { senderFrame: null }, 'no-frame'],
    ['a look-alike app host', fromApp('app://shop.evil/index.html'), 'untrusted-origin'],
    ['another app host', fromApp('app://evil/index.html'), 'untrusted-origin'],
    ['a web page', fromApp('https://example.com/'), 'untrusted-origin'],
    ['a dev server in production', fromApp('http://localhost:5173/'), 'untrusted-origin'],
    ['a file page', fromApp('file:///tmp/evil.html'), 'untrusted-origin'],
    ['a garbage URL', fromApp('%%%'), 'untrusted-origin'],
  ])('answers FORBIDDEN to %s, logs it, and never reaches the app', async (_what, event, reason) => {
    const { invoke, call, logger } = setUp()
    const answer = await call(ipcChannel('system.createBackup'), event as InvokeEventLike, {})
    expect(answer).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } })
    expect(invoke).not.toHaveBeenCalled()
    expect(logger.lines).toEqual([expect.stringMatching(new RegExp(`^warn IPC ocop:system\\.createBackup refused \\(${reason}\\)`))])
  })

  it('answers FORBIDDEN when reading the sender frame throws', async () => {
    const { invoke, call } = setUp()
    const event = {
      get senderFrame(): never {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed')
      },
    }
    expect((await call(ipcChannel('system.getInfo'), event, {})).ok).toBe(false)
    expect(invoke).not.toHaveBeenCalled()
  })
})
