/**
 * The renderer's whole view of the main process: one function per contract operation, each
 * sending its input unchanged on the operation's channel and answering with the envelope main
 * returns. Nothing else is exposed — no ipcRenderer, no channel names, no events carrying a
 * sender (Electron security checklist item 20).
 */
import type { BridgeApi } from '@shared/contract/bridge'
import { ipcChannel, OPERATION_NAMES } from '@shared/contract/operations'

/** `ipcRenderer.invoke` in the preload; a recording fake in tests. */
export type ChannelInvoke = (channel: string, input: unknown) => Promise<unknown>

export function buildBridge(invoke: ChannelInvoke): BridgeApi {
  const entries = OPERATION_NAMES.map((name) => {
    const channel = ipcChannel(name)
    // Exactly one argument is forwarded, whatever the caller passes.
    return [name, (input: unknown) => invoke(channel, input)] as const
  })
  return Object.freeze(Object.fromEntries(entries)) as unknown as BridgeApi
}
