/**
 * Who may call the contract over IPC (Electron security checklist item 17; VS Code's
 * validatedIpcMain): the sending frame must still exist, be the top frame of its page, and be
 * showing our own renderer. Iframes, pages navigated elsewhere and anything else are refused,
 * whatever the message says about itself.
 */
import { isTrustedOrigin } from './app-origin'

/** The parts of Electron's `WebFrameMain` this decision needs, so it stays testable on Node. */
export interface SenderFrame {
  readonly url: string
  /** True when the frame has no parent. */
  readonly isMainFrame: boolean
}

export type SenderVerdict =
  | { readonly trusted: true }
  | { readonly trusted: false; readonly reason: 'no-frame' | 'subframe' | 'untrusted-origin' }

export function judgeSender(frame: SenderFrame | null | undefined, trustedOrigins: readonly string[]): SenderVerdict {
  if (frame === null || frame === undefined) return { trusted: false, reason: 'no-frame' }
  if (frame.isMainFrame !== true) return { trusted: false, reason: 'subframe' }
  if (!isTrustedOrigin(frame.url, trustedOrigins)) return { trusted: false, reason: 'untrusted-origin' }
  return { trusted: true }
}
