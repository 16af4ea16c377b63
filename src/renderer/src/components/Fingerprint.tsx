import type { CSSProperties } from 'react'

/**
 * A key fingerprint ('a1b2-c3d4-e5f6-a7b8'), in a monospaced face so that two people reading it
 * over the phone see the same groups and nobody mistakes 0 for o or 1 for l.
 */
export function Fingerprint({ value, style }: { value: string; style?: CSSProperties }) {
  return <span style={{ fontFamily: 'ui-monospace, SFMono-Regular, Consolas, "Liberation Mono", monospace', whiteSpace: 'nowrap', ...style }}>{value}</span>
}
