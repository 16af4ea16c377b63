/** The text inside one sticker of a label sheet, as pdftotext extracts it from that rectangle. */
import { pdftotext } from '../pdf/poppler.test-support'
import { labelSlotRectMm, type LabelLayoutId } from './label-pdf'

const PT_PER_MM = 72 / 25.4

/** `slot` is 0-based within its page; at -r 72 one pixel is one point. */
export function slotText(file: string, layout: LabelLayoutId, page: number, slot: number): string {
  const rect = labelSlotRectMm(layout, slot)
  const px = (value: number) => String(Math.round(value * PT_PER_MM))
  const text = pdftotext(['-layout', '-f', String(page), '-l', String(page), '-r', '72', '-x', px(rect.x), '-y', px(rect.y), '-W', px(rect.width), '-H', px(rect.height), file, '-'])
  return text.replace(/\f/g, '')
}
