/**
 * A QR symbol as horizontal runs of dark modules: both the label PDF and the trace page draw it
 * as one filled path of rectangles (one per run), which leaves no hairline seams between modules.
 */
import type { QRCode } from 'qrcode'

export interface QrRun {
  readonly row: number
  readonly col: number
  readonly length: number
}

export function qrDarkRuns(qr: QRCode): QrRun[] {
  const size = qr.modules.size
  const runs: QrRun[] = []
  for (let row = 0; row < size; row++) {
    let col = 0
    while (col < size) {
      if (!qr.modules.get(row, col)) {
        col++
        continue
      }
      const start = col
      while (col < size && qr.modules.get(row, col)) col++
      runs.push({ row, col: start, length: col - start })
    }
  }
  return runs
}
