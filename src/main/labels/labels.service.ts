/**
 * Label sheets for lots: gathers what each sticker shows (the lot, its variant's price and net
 * quantity, the seller, the QR payload) and renders the PDF. OCOP stars are printed only while
 * the product's certificate is in force today; the answer lists the lots that lost them, so the
 * UI can say why.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { z } from 'zod'
import { AppError } from '@shared/contract/errors'
import type { LabelsPdfDto, PrintedLabelsDto, renderLabelsInput } from '@shared/contract/lots'
import type { Clock } from '../clock'
import type { Desktop } from '../context'
import type { Db } from '../db/connection'
import type { LotsService } from '../lots/lots.service'
import { labelPageCount, MAX_LABELS, renderLabelsPdf, type LabelData } from './label-pdf'

type RenderLabels = z.output<typeof renderLabelsInput>

/** 500 → "500 g", 1500 → "1,5 kg": how Vietnamese packaging writes net weight. */
export function formatNetWeight(grams: number): string {
  if (grams < 1000) return `${grams} g`
  const kg = grams / 1000
  return `${Number.isInteger(kg) ? kg : kg.toFixed(kg * 10 === Math.round(kg * 10) ? 1 : 2).replace('.', ',')} kg`
}

export function createLabelsService(deps: { db: Db; clock: Clock }, lots: LotsService) {
  const { db, clock } = deps
  return {
    async render(input: RenderLabels): Promise<LabelsPdfDto> {
      const total = input.items.reduce((n, i) => n + i.copies, 0)
      if (total > MAX_LABELS) {
        throw new AppError('VALIDATION', `At most ${MAX_LABELS} labels at once (asked for ${total})`, { reason: 'labels.too_many', max: MAX_LABELS, asked: total })
      }
      const found = await lots.many({ lotIds: [...new Set(input.items.map((i) => i.lotId))] })
      const lotById = new Map(found.map((l) => [l.id, l]))
      const variants = await db
        .selectFrom('product_variant')
        .select(['id', 'price_vnd', 'weight_grams', 'option_label', 'unit'])
        .where('id', 'in', [...new Set(found.map((l) => l.variantId))])
        .execute()
      const variantById = new Map(variants.map((v) => [v.id, v]))
      const withheld = new Map<string, { lotCode: string; productName: string }>()
      const standingRows = await db.selectFrom('ocop_certificate').select('product_id').where('product_id', 'in', [...new Set(found.map((l) => l.productId))]).execute()
      const everCertified = new Set(standingRows.map((r) => r.product_id))

      const labels: LabelData[] = input.items.map((item) => {
        const lot = lotById.get(item.lotId)!
        const variant = variantById.get(lot.variantId)!
        if (lot.ocopStars === null && everCertified.has(lot.productId)) withheld.set(lot.id, { lotCode: lot.lotCode, productName: lot.productName })
        const weight = variant.weight_grams ? formatNetWeight(variant.weight_grams) : null
        // "Hũ 500 g" already says the weight: do not print "Hũ 500 g · 500 g".
        const said = weight !== null && variant.option_label !== null && variant.option_label.replace(/\s+/g, '').toLowerCase().includes(weight.replace(/\s+/g, '').toLowerCase())
        const net = [variant.option_label, said ? null : weight].filter((p): p is string => !!p)
        return {
          productName: lot.productName,
          variantLabel: null,
          netQuantity: net.length > 0 ? net.join(' · ') : variant.unit,
          priceVnd: input.showPrice ? variant.price_vnd : null,
          lotCode: lot.lotCode,
          traceCode: lot.traceCode,
          harvestDate: lot.harvestDate,
          dateKind: lot.dateKind,
          expiryDate: lot.expiryDate,
          ocopStars: lot.ocopStars,
          sellerName: lot.seller.name,
          growingAreaCode: lot.growingAreaCodes[0] ?? null,
          qrPayload: lot.qrPayload,
          copies: item.copies,
        }
      })
      const now = new Date(clock.now())
      const pdf = await renderLabelsPdf(labels, input.layout, {
        startPosition: input.startPosition,
        locale: input.locale,
        title: input.locale === 'en' ? 'Traceability labels' : 'Tem truy xuất nguồn gốc',
        creationDate: now,
      })
      const stamp = now.toISOString().slice(0, 16).replace(/[-:T]/g, '')
      return {
        fileName: `tem-truy-xuat-${input.layout}-${stamp}.pdf`,
        mimeType: 'application/pdf',
        contentBase64: pdf.toString('base64'),
        labelCount: total,
        pageCount: labelPageCount(input.layout, total, input.startPosition),
        starsWithheld: [...withheld.values()],
      }
    },

    /**
     * Desktop only: the same sheet written under `dir` and opened in the system PDF viewer, which
     * prints at the labels' real size (a browser download is the way in browser mode).
     */
    async print(input: RenderLabels, desktop: Desktop | undefined, dir: string): Promise<PrintedLabelsDto> {
      if (!desktop) throw new AppError('FORBIDDEN', 'Printing straight away needs the desktop app; download the PDF instead', { reason: 'desktop_only' })
      const { contentBase64, ...pdf } = await this.render(input)
      const file = join(dir, pdf.fileName)
      await mkdir(dir, { recursive: true })
      await writeFile(file, Buffer.from(contentBase64, 'base64'))
      await desktop.openFile(file)
      return { ...pdf, file }
    },
  }
}
