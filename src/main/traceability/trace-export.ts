/**
 * Traceability records of lots as JSON or CSV files, for uploading to a provincial or national
 * traceability portal, or for an inspector's spreadsheet.
 *
 * Both formats use the same English snake_case field names, and the CSV columns are fixed and in
 * a fixed order (TRACE_CSV_COLUMNS): portals map columns once and expect them not to move. Add
 * new columns at the end only.
 *
 * Dates are ISO 'YYYY-MM-DD' (machine-readable; the page and labels show dd/mm/yyyy). OCOP stars
 * are exported only for a certificate in force on `asOf` (effectiveOcopCertificate), the same
 * rule the labels and the trace page follow: an export must not claim stars a label may not.
 */
import { stringify } from 'csv-stringify/sync'
import { isIsoDate, vietnamDateOf } from '@shared/domain/calendar'
import { certificateState, effectiveOcopCertificate } from '@shared/domain/ocop-certificate'

export interface TraceRecordCertification {
  /** 'vietgap', 'globalgap', 'organic', 'food_safety', 'other'. */
  kind: string
  number: string | null
  issuer?: string | null
  /** 'YYYY-MM-DD'. */
  issueDate?: string | null
  /** 'YYYY-MM-DD'; null when the certificate states none. */
  expiryDate: string | null
}

export interface TraceRecordOcopCertificate {
  stars: 3 | 4 | 5
  certificateNumber: string
  issuingLevel?: 'province' | 'central'
  issueDate?: string | null
  expiryDate: string
  revokedAt?: string | null
}

/** One lot as the export sees it. */
export interface TraceRecord {
  traceCode: string
  lotCode: string
  productName: string
  variantSku: string | null
  variantLabel?: string | null
  /** The unit `quantity` counts (hũ, kg…). */
  unit: string | null
  quantity: number | null
  /** Whether harvestDate is a harvest (default) or production date. */
  dateKind?: 'harvest' | 'production'
  harvestDate: string | null
  expiryDate: string | null
  growingAreaCodes: readonly string[]
  producerName: string | null
  sellerName: string
  /** All the product's OCOP certificates; the export keeps the one in force on `asOf`, if any. */
  ocopCertificates: readonly TraceRecordOcopCertificate[]
  certifications: readonly TraceRecordCertification[]
  /** The expanded trace URL template; null when none is set. */
  traceUrl: string | null
}

export interface TraceExportMeta {
  /** When the export was made: an ISO timestamp with a zone, e.g. `2026-11-28T03:00:00.000Z`. */
  generatedAt: string
  /** The Vietnam date certificates are judged on; default: the Vietnam date of `generatedAt`. */
  asOf?: string
  /** Who exports, usually the cooperative's name. */
  exporter?: string | null
  appVersion?: string | null
}

/** The CSV header, in order. Stable: portals map these names. */
export const TRACE_CSV_COLUMNS = [
  'trace_code',
  'lot_code',
  'product_name',
  'variant_sku',
  'unit',
  'quantity',
  'harvest_date',
  'expiry_date',
  'growing_area_codes',
  'producer_name',
  'seller_name',
  'ocop_stars',
  'ocop_certificate_number',
  'certifications',
  'trace_url',
] as const

export const TRACE_JSON_FORMAT = 'ocop-storefront.trace-records'
export const TRACE_JSON_VERSION = 1

/**
 * The records as a JSON document (UTF-8, no BOM as RFC 8259 asks):
 * `{ format, version, generated_at, as_of, exporter, app_version, record_count, records: [...] }`.
 */
export function traceRecordsToJson(records: readonly TraceRecord[], meta: TraceExportMeta): Buffer {
  const asOf = meta.asOf ?? vietnamDateOf(meta.generatedAt)
  assertDate(asOf)
  const document = {
    format: TRACE_JSON_FORMAT,
    version: TRACE_JSON_VERSION,
    generated_at: meta.generatedAt,
    as_of: asOf,
    exporter: meta.exporter ?? null,
    app_version: meta.appVersion ?? null,
    record_count: records.length,
    records: records.map((record) => {
      const ocop = effectiveOcopCertificate(record.ocopCertificates, asOf)
      return {
        trace_code: record.traceCode,
        lot_code: record.lotCode,
        product_name: nfc(record.productName),
        variant_sku: record.variantSku,
        variant_label: record.variantLabel == null ? null : nfc(record.variantLabel),
        unit: record.unit == null ? null : nfc(record.unit),
        quantity: record.quantity,
        date_kind: record.dateKind ?? 'harvest',
        harvest_date: record.harvestDate,
        expiry_date: record.expiryDate,
        growing_area_codes: [...record.growingAreaCodes],
        producer_name: record.producerName == null ? null : nfc(record.producerName),
        seller_name: nfc(record.sellerName),
        ocop: ocop && {
          stars: ocop.stars,
          certificate_number: ocop.certificateNumber,
          issuing_level: ocop.issuingLevel ?? (ocop.stars === 5 ? 'central' : 'province'),
          issue_date: ocop.issueDate ?? null,
          expiry_date: ocop.expiryDate,
        },
        certifications: record.certifications.map((cert) => ({
          type: cert.kind,
          number: cert.number,
          issuer: cert.issuer ?? null,
          issue_date: cert.issueDate ?? null,
          expiry_date: cert.expiryDate,
          expired: isExpired(cert.expiryDate, asOf),
        })),
        trace_url: record.traceUrl,
      }
    }),
  }
  return Buffer.from(`${JSON.stringify(document, null, 2)}\n`, 'utf8')
}

/**
 * The records as CSV for Excel and portals: UTF-8 with a BOM (without it Excel reads the file in
 * the Windows code page and garbles every Vietnamese letter), CRLF line ends, header row first.
 *
 * - growing_area_codes: joined with ';'.
 * - certifications: `type:number:expiry` items joined with ';' (expiry empty when none), e.g.
 *   `vietgap:VG-0001:2027-01-10;food_safety:123/2025/ATTP:`. Inside a part, `%`, `:` and `;` are
 *   percent-encoded so the list splits unambiguously; decodeURIComponent restores each part.
 * - ocop_stars and ocop_certificate_number: empty unless a certificate is in force on `asOf`.
 * - A text cell that Excel would run as a formula (= + @ …) gets a leading apostrophe, as the
 *   product export does.
 */
export function traceRecordsToCsv(records: readonly TraceRecord[], options: { asOf: string }): Buffer {
  assertDate(options.asOf)
  const rows = records.map((record) => {
    const ocop = effectiveOcopCertificate(record.ocopCertificates, options.asOf)
    const cells: Record<(typeof TRACE_CSV_COLUMNS)[number], string | number | null> = {
      trace_code: record.traceCode,
      lot_code: record.lotCode,
      product_name: nfc(record.productName),
      variant_sku: record.variantSku,
      unit: record.unit == null ? null : nfc(record.unit),
      quantity: record.quantity,
      harvest_date: record.harvestDate,
      expiry_date: record.expiryDate,
      growing_area_codes: record.growingAreaCodes.join(';'),
      producer_name: record.producerName == null ? null : nfc(record.producerName),
      seller_name: nfc(record.sellerName),
      ocop_stars: ocop?.stars ?? null,
      ocop_certificate_number: ocop?.certificateNumber ?? null,
      certifications: record.certifications.map((c) => [c.kind, c.number ?? '', c.expiryDate ?? ''].map(encodePart).join(':')).join(';'),
      trace_url: record.traceUrl,
    }
    return TRACE_CSV_COLUMNS.map((column) => {
      const value = cells[column]
      return typeof value === 'string' ? escapeFormula(value) : (value ?? '')
    })
  })
  const body = stringify([[...TRACE_CSV_COLUMNS], ...rows], { record_delimiter: 'windows' })
  return Buffer.from(`\uFEFF${body}`, 'utf8')
}

function nfc(text: string): string {
  return text.normalize('NFC')
}

function encodePart(text: string): string {
  return text.replace(/[%:;]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/**
 * A cell starting with = + @ (or a dash glued to text) is run as a formula when a CSV is opened
 * in Excel; the same rule as the product export (catalog/spreadsheet.ts).
 */
const FORMULA_START = /^(?:[=+@\t\r]|-(?=\S))/
function escapeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text
}

function isExpired(expiryDate: string | null, asOf: string): boolean {
  return expiryDate != null && isIsoDate(expiryDate) && certificateState(expiryDate, asOf).state === 'expired'
}

function assertDate(asOf: string): void {
  if (!isIsoDate(asOf)) throw new RangeError(`asOf is not a date in YYYY-MM-DD form: ${String(asOf)}`)
}
