/**
 * The shape the preload exposes to the renderer: exactly one function per contract operation,
 * each answering with an envelope — and nothing else (no raw ipcRenderer, no events with senders).
 */
import type { Envelope } from './errors'
import type { OperationInput, OperationName, OperationOutput } from './operations'

/** `window.ocop` inside Electron; absent in a plain browser (browser mode uses HTTP). */
export const BRIDGE_GLOBAL = 'ocop'

export type BridgeApi = {
  readonly [K in OperationName]: (input: OperationInput<K>) => Promise<Envelope<OperationOutput<K>>>
}
