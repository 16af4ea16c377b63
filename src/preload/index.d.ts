/**
 * What the preload adds to the renderer's `window` (see bridge.ts). Optional: a plain browser
 * (the HTTP mode) has no bridge, and the renderer must pick its transport accordingly.
 * The property name is BRIDGE_GLOBAL from @shared/contract/bridge.
 */
import type { BridgeApi } from '@shared/contract/bridge'

declare global {
  interface Window {
    ocop?: BridgeApi
  }
}

export {}
