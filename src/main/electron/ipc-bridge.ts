/**
 * The main-process half of the IPC transport: one `ipcMain.handle` per contract operation,
 * derived from OPERATION_NAMES so no channel is hand-listed. Every call passes the sender check
 * (sender-policy.ts) before it reaches the app; input parsing and error envelopes are the
 * dispatcher's job, so a handler only ever returns what `invoke` answers.
 */
import type { Envelope } from '@shared/contract/errors'
import { ipcChannel, OPERATION_NAMES } from '@shared/contract/operations'
import type { Invoke } from '../dispatch'
import type { Logger } from '../logger'
import { judgeSender, type SenderFrame } from './sender-policy'

/** The parts of `IpcMainInvokeEvent` the bridge reads. */
export interface InvokeEventLike {
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null
}

/** The part of `ipcMain` the bridge uses; Electron's `ipcMain` satisfies it. */
export interface IpcRegistry {
  handle(channel: string, listener: (event: InvokeEventLike, input: unknown) => Promise<Envelope<unknown>>): void
}

export interface IpcBridgeOptions {
  readonly ipcMain: IpcRegistry
  readonly invoke: Invoke
  readonly trustedOrigins: readonly string[]
  /** Recorded in the audit log as the author of every change made through this window. */
  readonly actor: string
  readonly logger: Logger
}

const FORBIDDEN: Envelope<never> = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'This caller may not use the app’s operations' },
}

/** Registers every channel and returns their names (for the record, and for tests). */
export function registerIpcBridge(options: IpcBridgeOptions): string[] {
  const channels: string[] = []
  for (const name of OPERATION_NAMES) {
    const channel = ipcChannel(name)
    options.ipcMain.handle(channel, async (event, input) => {
      const frame = describeSender(event)
      const verdict = judgeSender(frame, options.trustedOrigins)
      if (!verdict.trusted) {
        options.logger.warn(`IPC ${channel} refused (${verdict.reason}) from ${JSON.stringify(frame?.url.slice(0, 200) ?? null)}`)
        return FORBIDDEN
      }
      return options.invoke(name, input, { actor: options.actor })
    })
    channels.push(channel)
  }
  return channels
}

/** `senderFrame` is null once the frame navigated away or was destroyed; reading it must not throw the call. */
function describeSender(event: InvokeEventLike): SenderFrame | null {
  try {
    const frame = event.senderFrame
    if (frame === null || typeof frame.url !== 'string') return null
    return { url: frame.url, isMainFrame: frame.parent === null }
  } catch {
    return null
  }
}
