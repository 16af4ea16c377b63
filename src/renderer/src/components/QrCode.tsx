/**
 * A QR code drawn as one SVG path, straight from the symbol's modules: crisp at any size, no
 * image to wait for, and nothing injected as HTML. Dark modules of a row are merged into runs,
 * which leaves no hairline seams between neighbouring modules.
 */
import { create } from 'qrcode'
import { useMemo, type HTMLAttributes } from 'react'

/** Four modules of light margin all round: the quiet zone ISO/IEC 18004 asks scanners to get. */
const QUIET_ZONE = 4

function darkPath(text: string): { path: string; size: number } {
  // Level M, as the bank apps' own VietQR images use: a phone photo of a screen still reads it.
  const modules = create(text, { errorCorrectionLevel: 'M' }).modules
  const parts: string[] = []
  for (let row = 0; row < modules.size; row++) {
    let col = 0
    while (col < modules.size) {
      if (!modules.get(row, col)) {
        col++
        continue
      }
      const start = col
      while (col < modules.size && modules.get(row, col)) col++
      parts.push(`M${start + QUIET_ZONE} ${row + QUIET_ZONE}h${col - start}v1h-${col - start}z`)
    }
  }
  return { path: parts.join(''), size: modules.size + QUIET_ZONE * 2 }
}

export function QrCode({ text, size, label, ...rest }: { text: string; size: number; label: string } & Omit<HTMLAttributes<HTMLDivElement>, 'children'>) {
  const drawn = useMemo(() => darkPath(text), [text])
  return (
    <div {...rest} style={{ width: size, height: size, lineHeight: 0, ...rest.style }}>
      <svg role="img" aria-label={label} viewBox={`0 0 ${drawn.size} ${drawn.size}`} width={size} height={size} shapeRendering="crispEdges">
        <rect width={drawn.size} height={drawn.size} fill="#fff" />
        <path d={drawn.path} fill="#000" />
      </svg>
    </div>
  )
}
