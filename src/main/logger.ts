export interface Logger {
  info(message: string): void
  warn(message: string): void
  error(message: string, error?: unknown): void
}

export function consoleLogger(prefix = 'ocop'): Logger {
  const stamp = () => new Date().toISOString()
  return {
    info: (m) => console.log(`${stamp()} [${prefix}] ${m}`),
    warn: (m) => console.warn(`${stamp()} [${prefix}] WARN ${m}`),
    error: (m, e) => console.error(`${stamp()} [${prefix}] ERROR ${m}`, e instanceof Error ? (e.stack ?? e.message) : (e ?? '')),
  }
}

/** Collects lines instead of printing them: for tests that check what was logged. */
export function memoryLogger(): Logger & { readonly lines: string[] } {
  const lines: string[] = []
  return {
    lines,
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m, e) => lines.push(`error ${m} ${e instanceof Error ? (e.stack ?? e.message) : String(e ?? '')}`),
  }
}
