/**
 * Runs in the sandboxed, context-isolated preload of the main window. Bundled into one CommonJS
 * file (a sandboxed preload cannot require anything but `electron`), it exposes the contract
 * bridge as `window.ocop` and nothing else.
 */
import { contextBridge, ipcRenderer } from 'electron'
import { BRIDGE_GLOBAL } from '@shared/contract/bridge'
import { buildBridge } from './bridge'

contextBridge.exposeInMainWorld(
  BRIDGE_GLOBAL,
  buildBridge((channel, input) => ipcRenderer.invoke(channel, input)),
)
