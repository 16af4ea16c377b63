/**
 * Fitting text into a width in a pdfkit document: measuring, wrapping (paragraphs kept, a word
 * wider than the line broken between letters), cutting with "…", shrinking to a minimum size.
 * Shared by the label sheets and the receipts.
 */
import type { PdfFontName } from './fonts'

export const ELLIPSIS = '…'

export type Measure = (text: string, font: PdfFontName, size: number) => number

export function measurer(doc: PDFKit.PDFDocument): Measure {
  return (text, font, size) => doc.font(font).fontSize(size).widthOfString(text)
}

/** Greedy word wrap of each paragraph (line breaks are kept); a word wider than the line is broken between letters. */
export function wrap(measure: Measure, text: string, font: PdfFontName, size: number, width: number): string[] {
  const lines: string[] = []
  for (const paragraph of text.split(/\r?\n/)) {
    let current = ''
    for (const word of paragraph.split(/[ \t]+/u).filter(Boolean)) {
      const candidate = current === '' ? word : `${current} ${word}`
      if (measure(candidate, font, size) <= width) {
        current = candidate
        continue
      }
      if (current !== '') lines.push(current)
      current = word
      while (measure(current, font, size) > width && [...current].length > 1) {
        const chars = [...current]
        let n = chars.length - 1
        while (n > 1 && measure(chars.slice(0, n).join(''), font, size) > width) n--
        lines.push(chars.slice(0, n).join(''))
        current = chars.slice(n).join('')
      }
    }
    if (current !== '') lines.push(current)
  }
  return lines
}

/** The text, or its longest prefix that fits with "…" after it. `force` adds "…" even when the text fits. */
export function truncate(measure: Measure, text: string, font: PdfFontName, size: number, width: number, force = false): string {
  if (!force && measure(text, font, size) <= width) return text
  const chars = [...text]
  // Binary search on the prefix length (code points: NFC Vietnamese has one per letter).
  let low = 0
  let high = chars.length
  while (low < high) {
    const mid = Math.ceil((low + high) / 2)
    if (measure(`${chars.slice(0, mid).join('').trimEnd()}${ELLIPSIS}`, font, size) <= width) low = mid
    else high = mid - 1
  }
  return `${chars.slice(0, low).join('').trimEnd()}${ELLIPSIS}`
}

/** The largest size from `size` down to `min` (0.5 pt steps) at which the text fits the width. */
export function fitSize(measure: Measure, text: string, font: PdfFontName, size: number, min: number, width: number): number {
  let s = size
  while (s > min && measure(text, font, s) > width) s = Math.max(min, s - 0.5)
  return s
}
