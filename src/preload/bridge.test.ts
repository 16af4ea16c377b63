import { describe, expect, it, vi } from 'vitest'
import { ipcChannel, OPERATION_NAMES, type OperationName } from '@shared/contract/operations'
import { buildBridge, type ChannelInvoke } from './bridge'

vi.mock('electron', () => {
  throw new Error('the bridge builder must not load electron at runtime')
})

describe('preload bridge', () => {
  it('has exactly one function per contract operation, and nothing else', () => {
    const bridge = buildBridge(async () => undefined)
    expect(Reflect.ownKeys(bridge).sort()).toEqual([...OPERATION_NAMES].sort())
    for (const name of OPERATION_NAMES) expect(typeof bridge[name]).toBe('function')
    expect(Object.getOwnPropertySymbols(bridge)).toEqual([])
  })

  it('cannot be changed by the page', () => {
    const bridge = buildBridge(async () => undefined) as unknown as Record<string, unknown>
    expect(Object.isFrozen(bridge)).toBe(true)
    expect(() => {
      bridge['send'] = () => undefined
    }).toThrow(TypeError)
  })

  it.each(OPERATION_NAMES.map((name) => [name]))('forwards %s to its own channel with the input unchanged', async (name: OperationName) => {
    const invoke = vi.fn<ChannelInvoke>(async (channel) => ({ ok: true, data: channel }))
    const bridge = buildBridge(invoke)
    const input = { probe: name, nested: { list: [1, 2] } }
    const call = bridge[name] as (input: unknown, ...rest: unknown[]) => Promise<unknown>
    await expect(call(input, 'extra argument')).resolves.toEqual({ ok: true, data: ipcChannel(name) })
    expect(invoke).toHaveBeenCalledTimes(1)
    expect(invoke.mock.calls[0]).toEqual([ipcChannel(name), input])
    expect(invoke.mock.calls[0]?.[1]).toBe(input)
  })
})
