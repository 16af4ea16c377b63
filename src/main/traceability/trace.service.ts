/**
 * Traceability output: a self-contained HTML page per lot (to publish on the cooperative's own
 * site, or open from the QR when there is no portal yet) and trace records as JSON or CSV for
 * upload to a traceability portal. OCOP claims follow the certificate registry: only a
 * certificate in force on the day of the export appears.
 */
import type { z } from 'zod'
import type { ExportFileDto } from '@shared/contract/dto'
import type { exportTraceRecordsInput, LotDto } from '@shared/contract/lots'
import { todayInVietnam } from '@shared/domain/calendar'
import type { ServiceDeps } from '../context'
import type { LotsService } from '../lots/lots.service'
import type { MediaService } from '../media/media.service'
import { renderTracePage, type TracePhoto } from './trace-page'
import { traceRecordsToCsv, traceRecordsToJson, type TraceRecord } from './trace-export'

type ExportRecords = z.output<typeof exportTraceRecordsInput>

/** The page stays small enough to e-mail or upload: card-size photos, at most this many. */
const MAX_PAGE_PHOTOS = 6

const PAGE_PHOTO_MIMES = new Set<TracePhoto['mime']>(['image/jpeg', 'image/png', 'image/webp', 'image/avif', 'image/gif'])

export function createTraceService(deps: ServiceDeps, lots: LotsService, media: MediaService) {
  const { db, clock } = deps
  const today = () => todayInVietnam(clock.now())

  async function certificatesOf(productIds: readonly string[]) {
    const rows =
      productIds.length === 0
        ? []
        : await db
            .selectFrom('ocop_certificate')
            .select(['product_id', 'stars', 'certificate_number', 'issuing_level', 'issuing_authority', 'issue_date', 'expiry_date'])
            .where('product_id', 'in', [...productIds])
            .execute()
    const out = new Map<string, typeof rows>()
    for (const r of rows) out.set(r.product_id, [...(out.get(r.product_id) ?? []), r])
    return out
  }

  async function extrasOf(lot: LotDto) {
    const product = await db.selectFrom('product').select(['description']).where('id', '=', lot.productId).executeTakeFirstOrThrow()
    const parties = await db
      .selectFrom('seller')
      .select(['id', 'name', 'address', 'phone'])
      .where('id', 'in', [lot.seller.id, ...(lot.producer ? [lot.producer.id] : [])])
      .execute()
    return { description: product.description, party: new Map(parties.map((p) => [p.id, p])) }
  }

  return {
    async exportLotPage(lotId: string): Promise<ExportFileDto> {
      const lot = await lots.get(lotId)
      const { description, party } = await extrasOf(lot)
      const certs = (await certificatesOf([lot.productId])).get(lot.productId) ?? []
      const photos: TracePhoto[] = []
      for (const photo of lot.photos.slice(0, MAX_PAGE_PHOTOS)) {
        const file = await media.read(photo.mediaKey, 'card')
        if (file && PAGE_PHOTO_MIMES.has(file.mime as TracePhoto['mime'])) {
          photos.push({ mime: file.mime as TracePhoto['mime'], base64: file.bytes.toString('base64'), alt: photo.altText ?? lot.productName })
        }
      }
      const seller = party.get(lot.seller.id)!
      const producer = lot.producer ? party.get(lot.producer.id) : undefined
      const html = renderTracePage({
        asOf: today(),
        traceCode: lot.traceCode,
        lotCode: lot.lotCode,
        product: { name: lot.productName, description },
        variant: { label: lot.variantLabel, sku: lot.sku },
        dateKind: lot.dateKind,
        harvestDate: lot.harvestDate,
        expiryDate: lot.expiryDate,
        quantity: lot.quantity,
        unit: lot.unit,
        growingAreaCodes: lot.growingAreaCodes,
        seller: { name: seller.name, address: seller.address, phone: seller.phone },
        producer: producer ? { name: producer.name, address: producer.address, phone: producer.phone } : null,
        certifications: lot.certifications.map((c) => ({ kind: c.kind, number: c.number, issuer: c.issuer, issueDate: c.issueDate, expiryDate: c.expiryDate })),
        ocopCertificates: certs.map((c) => ({
          stars: c.stars,
          certificateNumber: c.certificate_number,
          issuingLevel: c.issuing_level,
          issuingAuthority: c.issuing_authority,
          issueDate: c.issue_date,
          expiryDate: c.expiry_date,
        })),
        photos,
        qrPayload: lot.qrPayload,
      })
      return {
        fileName: `truy-xuat-${lot.traceCode}.html`,
        mimeType: 'text/html; charset=utf-8',
        contentBase64: Buffer.from(html, 'utf8').toString('base64'),
        rowCount: 1,
      }
    },

    async exportRecords(input: ExportRecords): Promise<ExportFileDto> {
      const found = await lots.many(input)
      const t = today()
      const certs = await certificatesOf([...new Set(found.map((l) => l.productId))])
      const records: TraceRecord[] = found.map((lot) => {
        return {
          traceCode: lot.traceCode,
          lotCode: lot.lotCode,
          productName: lot.productName,
          variantSku: lot.sku,
          variantLabel: lot.variantLabel,
          unit: lot.unit,
          quantity: lot.quantity,
          dateKind: lot.dateKind,
          harvestDate: lot.harvestDate,
          expiryDate: lot.expiryDate,
          growingAreaCodes: lot.growingAreaCodes,
          producerName: lot.producer?.name ?? null,
          sellerName: lot.seller.name,
          // The export keeps only a certificate in force on asOf (an expired one claims nothing).
          ocopCertificates: (certs.get(lot.productId) ?? []).map((c) => ({
            stars: c.stars,
            certificateNumber: c.certificate_number,
            issuingLevel: c.issuing_level,
            issueDate: c.issue_date,
            expiryDate: c.expiry_date,
          })),
          certifications: lot.certifications.map((c) => ({ kind: c.kind, number: c.number, issuer: c.issuer, issueDate: c.issueDate, expiryDate: c.expiryDate })),
          traceUrl: lot.traceUrl,
        }
      })
      const stamp = new Date(clock.now()).toISOString().slice(0, 10)
      if (input.format === 'json') {
        const json = traceRecordsToJson(records, { generatedAt: clock.isoNow(), asOf: t })
        return { fileName: `truy-xuat-${stamp}.json`, mimeType: 'application/json', contentBase64: json.toString('base64'), rowCount: records.length }
      }
      const csv = traceRecordsToCsv(records, { asOf: t })
      return { fileName: `truy-xuat-${stamp}.csv`, mimeType: 'text/csv; charset=utf-8', contentBase64: csv.toString('base64'), rowCount: records.length }
    },
  }
}
