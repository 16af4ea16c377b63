/**
 * The public traceability page of a lot: one self-contained HTML file, in Vietnamese, that a
 * cooperative can upload anywhere (its website, a provincial portal, a USB stick for an
 * inspector) and that opens the same everywhere, offline included.
 *
 * Self-contained means: CSS inline, photos as data: URIs, the QR code as inline SVG, no scripts,
 * no fonts, no external requests. A Content-Security-Policy meta tag enforces that, so even if an
 * escaping bug slipped through, a browser would refuse to run or load anything.
 *
 * Every string from the database goes through `escapeHtml`; the page never contains text that
 * was not escaped, apart from the fixed markup and numbers written here.
 */
import { create as createQr } from 'qrcode'
import { AppError } from '@shared/contract/errors'
import { formatDateVi, isIsoDate } from '@shared/domain/calendar'
import { certificateState, effectiveOcopCertificate } from '@shared/domain/ocop-certificate'
import { qrDarkRuns } from './qr-runs'

/** A person or organisation shown on the page. */
export interface TraceParty {
  name: string
  address?: string | null
  /** Shown as written; also offered as a tel: link when it looks like a phone number. */
  phone?: string | null
}

/** A certification of the lot or its growing area (VietGAP, organic…). */
export interface TraceCertification {
  kind: 'vietgap' | 'globalgap' | 'organic' | 'food_safety' | 'other'
  /** Shown instead of the kind's usual name; needed for 'other'. */
  name?: string | null
  number?: string | null
  issuer?: string | null
  /** 'YYYY-MM-DD'. */
  issueDate?: string | null
  /** 'YYYY-MM-DD'; valid through that day. Null: no expiry printed on the certificate. */
  expiryDate?: string | null
}

/** An OCOP certificate of the product. The page shows one only if it is in force on `asOf`. */
export interface TraceOcopCertificate {
  stars: 3 | 4 | 5
  certificateNumber: string
  issuingLevel: 'province' | 'central'
  issuingAuthority?: string | null
  /** 'YYYY-MM-DD'; a certificate issued after `asOf` does not count yet. */
  issueDate?: string | null
  /** 'YYYY-MM-DD'; valid through that day. */
  expiryDate: string
  /** Date or zoned timestamp of a revocation, if any. */
  revokedAt?: string | null
}

/** A photo, already encoded: the page embeds it as a data: URI. */
export interface TracePhoto {
  mime: 'image/jpeg' | 'image/png' | 'image/webp' | 'image/avif' | 'image/gif'
  /** The file's bytes in base64 (no data: prefix). */
  base64: string
  /** Describes the photo for screen readers and when it cannot be shown. */
  alt: string
}

/** Everything the page shows about one lot. Optional fields are left out of the page when empty. */
export interface TracePageData {
  /** The Vietnam date the page is written for: certificates are judged in force or expired on this day. */
  asOf: string
  traceCode: string
  lotCode: string
  product: { name: string; description?: string | null }
  variant?: { label?: string | null; sku?: string | null } | null
  /** Whether `harvestDate` is a harvest date (default) or a production date. */
  dateKind?: 'harvest' | 'production'
  /** 'YYYY-MM-DD'. */
  harvestDate?: string | null
  /** 'YYYY-MM-DD'. */
  expiryDate?: string | null
  /** Size of the lot, in `unit`s. */
  quantity?: number | null
  unit?: string | null
  /** Mã số vùng trồng: the registered growing areas the lot came from. */
  growingAreaCodes?: readonly string[]
  /** The cooperative or business selling the product (responsible for the information). */
  seller: TraceParty
  /** The household or member who grew or made it, when it is not the seller. */
  producer?: TraceParty | null
  certifications?: readonly TraceCertification[]
  /** All the product's OCOP certificates; the page picks the one in force, if any (effectiveOcopCertificate). */
  ocopCertificates?: readonly TraceOcopCertificate[]
  photos?: readonly TracePhoto[]
  /** What the QR code encodes; usually the same as the label's (traceQrPayload). */
  qrPayload: string
}

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!)
}
const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

const CERTIFICATION_NAMES: Readonly<Record<TraceCertification['kind'], string>> = {
  vietgap: 'VietGAP',
  globalgap: 'GlobalG.A.P.',
  organic: 'Chứng nhận hữu cơ',
  food_safety: 'Cơ sở đủ điều kiện an toàn thực phẩm',
  other: 'Chứng nhận khác',
}

const PHOTO_MIMES: readonly TracePhoto['mime'][] = ['image/jpeg', 'image/png', 'image/webp', 'image/avif', 'image/gif']
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/** The page, as a complete HTML document. Throws a VALIDATION AppError for malformed dates or photos. */
export function renderTracePage(data: TracePageData): string {
  validate(data)
  const t = (text: string | null | undefined) => escapeHtml((text ?? '').normalize('NFC').trim())
  const present = (text: string | null | undefined): text is string => text != null && text.trim() !== ''

  const productName = t(data.product.name)
  const variantParts = [data.variant?.label, data.variant?.sku ? `SKU ${data.variant.sku}` : null].filter(present)

  const lotRows: [string, string][] = [
    ['Mã truy xuất', `<span class="code">${t(data.traceCode)}</span>`],
    ['Mã lô', t(data.lotCode)],
  ]
  if (present(data.harvestDate)) lotRows.push([data.dateKind === 'production' ? 'Ngày sản xuất' : 'Ngày thu hoạch', formatDateVi(data.harvestDate)])
  if (present(data.expiryDate)) lotRows.push(['Hạn sử dụng', formatDateVi(data.expiryDate)])
  if (data.quantity != null) lotRows.push(['Số lượng lô', `${new Intl.NumberFormat('vi-VN').format(data.quantity)}${present(data.unit) ? ` ${t(data.unit)}` : ''}`])
  const areas = (data.growingAreaCodes ?? []).filter(present)
  if (areas.length > 0) lotRows.push(['Mã số vùng trồng', areas.map((code) => `<span class="code">${t(code)}</span>`).join(', ')])

  const ocop = effectiveOcopCertificate(data.ocopCertificates ?? [], data.asOf)
  const certifications = data.certifications ?? []

  const sections: string[] = []
  if ((data.photos ?? []).length > 0) {
    sections.push(
      `<section class="photos" aria-label="Hình ảnh">${(data.photos ?? [])
        .map((photo) => `<img src="data:${photo.mime};base64,${photo.base64.replace(/\s/g, '')}" alt="${t(photo.alt)}">`)
        .join('')}</section>`,
    )
  }
  sections.push(`<section><h2>Thông tin lô hàng</h2>${definitionList(lotRows)}</section>`)
  if (present(data.product.description)) sections.push(`<section><h2>Mô tả sản phẩm</h2><p class="description">${t(data.product.description)}</p></section>`)

  const parties: string[] = []
  if (data.producer && present(data.producer.name)) parties.push(party('Hộ/cơ sở sản xuất', data.producer, t))
  parties.push(party(data.producer ? 'Đơn vị chịu trách nhiệm' : 'Đơn vị sản xuất, chịu trách nhiệm', data.seller, t))
  sections.push(`<section><h2>Nguồn gốc</h2>${parties.join('')}</section>`)

  if (ocop || certifications.length > 0) {
    const items: string[] = []
    if (ocop) {
      const stars = '★'.repeat(ocop.stars)
      const rows: [string, string][] = [
        ['Số giấy chứng nhận', t(ocop.certificateNumber)],
        ['Cấp công nhận', ocop.issuingLevel === 'central' ? 'Trung ương' : 'Tỉnh'],
      ]
      if (present(ocop.issuingAuthority)) rows.push(['Cơ quan cấp', t(ocop.issuingAuthority)])
      if (present(ocop.issueDate)) rows.push(['Ngày cấp', formatDateVi(ocop.issueDate)])
      rows.push(['Hiệu lực đến', formatDateVi(ocop.expiryDate)])
      items.push(
        `<article class="cert ocop"><h3>Sản phẩm OCOP ${ocop.stars} sao <span class="stars" aria-hidden="true">${stars}</span></h3>${definitionList(rows)}</article>`,
      )
    }
    for (const cert of certifications) {
      const expired = present(cert.expiryDate) && certificateState(cert.expiryDate, data.asOf).state === 'expired'
      const rows: [string, string][] = []
      if (present(cert.number)) rows.push(['Số chứng nhận', t(cert.number)])
      if (present(cert.issuer)) rows.push(['Tổ chức chứng nhận', t(cert.issuer)])
      if (present(cert.issueDate)) rows.push(['Ngày cấp', formatDateVi(cert.issueDate)])
      if (present(cert.expiryDate)) rows.push(['Hiệu lực đến', formatDateVi(cert.expiryDate)])
      const name = present(cert.name) ? t(cert.name) : CERTIFICATION_NAMES[cert.kind]
      const badge = expired ? ' <span class="badge expired">Hết hiệu lực</span>' : ''
      items.push(`<article class="cert${expired ? ' is-expired' : ''}"><h3>${name}${badge}</h3>${definitionList(rows)}</article>`)
    }
    sections.push(`<section><h2>Chứng nhận</h2>${items.join('')}</section>`)
  }

  sections.push(
    `<section class="qr"><h2>Mã QR truy xuất</h2>${qrSvg(data.qrPayload, `Mã QR truy xuất lô ${data.traceCode}`)}<p class="code">${t(data.traceCode)}</p></section>`,
  )

  return `<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<title>${productName} — Truy xuất nguồn gốc</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header>
<p class="kicker">Truy xuất nguồn gốc</p>
<h1>${productName}</h1>
${variantParts.length > 0 ? `<p class="variant">${variantParts.map(t).join(' · ')}</p>\n` : ''}</header>
${sections.join('\n')}
<footer>Thông tin do ${t(data.seller.name)} cung cấp. Tình trạng chứng nhận tính đến ngày ${formatDateVi(data.asOf)}.</footer>
</main>
</body>
</html>
`
}

function definitionList(rows: readonly [string, string][]): string {
  return rows.length === 0 ? '' : `<dl>${rows.map(([term, value]) => `<dt>${term}</dt><dd>${value}</dd>`).join('')}</dl>`
}

function party(role: string, who: TraceParty, t: (text: string | null | undefined) => string): string {
  const rows: [string, string][] = [['Tên', t(who.name)]]
  if (who.address && who.address.trim() !== '') rows.push(['Địa chỉ', t(who.address)])
  if (who.phone && who.phone.trim() !== '') {
    // Only digits and a leading + go into the link, so the href cannot carry anything else.
    const dial = who.phone.replace(/[^\d+]/g, '').replace(/(?!^)\+/g, '')
    rows.push(['Điện thoại', dial.length >= 8 ? `<a href="tel:${dial}">${t(who.phone)}</a>` : t(who.phone)])
  }
  return `<article class="party"><h3>${role}</h3>${definitionList(rows)}</article>`
}

/**
 * The QR code as inline SVG, one path of unit squares on a white square with the standard
 * 4-module quiet zone. Built from `create()`'s module matrix rather than qrcode's `toString`,
 * which is asynchronous; the page stays a pure synchronous function and the markup is ours
 * (no XML declaration, no xmlns: an <svg> inside HTML needs neither).
 */
function qrSvg(payload: string, label: string): string {
  const qr = createQr(payload, { errorCorrectionLevel: 'M' })
  const size = qr.modules.size
  const quiet = 4
  const total = size + 2 * quiet
  const path = qrDarkRuns(qr)
    .map((run) => `M${run.col + quiet} ${run.row + quiet}h${run.length}v1h-${run.length}z`)
    .join('')
  return `<svg class="qr-code" viewBox="0 0 ${total} ${total}" width="${total * 6}" height="${total * 6}" role="img" aria-label="${escapeHtml(label)}" shape-rendering="crispEdges"><rect width="${total}" height="${total}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`
}

function validate(data: TracePageData): void {
  const fail = (message: string, details: Record<string, unknown>): never => {
    throw new AppError('VALIDATION', message, { reason: 'trace_page.invalid', ...details })
  }
  if (!isIsoDate(data.asOf)) fail('asOf is not a YYYY-MM-DD date', { field: 'asOf' })
  for (const field of ['harvestDate', 'expiryDate'] as const) {
    const value = data[field]
    if (value != null && value !== '' && !isIsoDate(value)) fail(`${field} is not a YYYY-MM-DD date`, { field })
  }
  ;(data.certifications ?? []).forEach((cert, index) => {
    for (const field of ['issueDate', 'expiryDate'] as const) {
      const value = cert[field]
      if (value != null && value !== '' && !isIsoDate(value)) fail(`Certification ${index + 1}: ${field} is not a YYYY-MM-DD date`, { field: `certifications.${index}.${field}` })
    }
  })
  ;(data.photos ?? []).forEach((photo, index) => {
    // SVG is refused on purpose: it is a document that can carry scripts and links.
    if (!PHOTO_MIMES.includes(photo.mime)) fail(`Photo ${index + 1}: ${String(photo.mime)} is not an allowed image type`, { field: `photos.${index}.mime` })
    if (!BASE64.test(photo.base64.replace(/\s/g, ''))) fail(`Photo ${index + 1} is not base64`, { field: `photos.${index}.base64` })
  })
  if (data.qrPayload.trim() === '') fail('The QR content is empty', { field: 'qrPayload' })
}

/**
 * Mobile first (most visits come from a phone camera), system fonts (nothing to download; every
 * current system font has the Vietnamese letters), and a print style so the page can be handed
 * to an inspector on paper.
 */
const CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#f4f6f1;color:#1d2a1a;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:720px;margin:0 auto;padding:16px}
header{background:#2f6b2a;color:#fff;border-radius:12px;padding:20px 16px;margin-bottom:16px}
.kicker{margin:0;text-transform:uppercase;letter-spacing:.06em;font-size:.8rem;opacity:.85}
h1{margin:4px 0 0;font-size:1.6rem;line-height:1.25;overflow-wrap:anywhere}
.variant{margin:6px 0 0;opacity:.9}
section{background:#fff;border-radius:12px;padding:16px;margin-bottom:16px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
h2{margin:0 0 12px;font-size:1.15rem;color:#2f6b2a}
h3{margin:0 0 8px;font-size:1rem}
article+article{margin-top:16px;padding-top:16px;border-top:1px solid #e3e8df}
dl{display:grid;grid-template-columns:minmax(120px,38%) 1fr;gap:6px 12px;margin:0}
dt{color:#5a6657}
dd{margin:0;overflow-wrap:anywhere}
.code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;letter-spacing:.04em}
.description{margin:0;white-space:pre-line}
.photos{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:8px;padding:8px}
.photos img{width:100%;height:auto;border-radius:8px;display:block}
.ocop h3{color:#7a5a00}
.stars{color:#e0a100;letter-spacing:.1em}
.badge{display:inline-block;font-size:.75rem;font-weight:600;border-radius:999px;padding:1px 8px;vertical-align:middle}
.badge.expired{background:#fde2e1;color:#a3211b}
.is-expired dd{color:#6b6b6b}
.qr{text-align:center}
.qr-code{width:180px;height:180px;max-width:100%}
.qr .code{margin:8px 0 0;font-size:1.1rem}
a{color:#2f6b2a}
footer{font-size:.85rem;color:#5a6657;text-align:center;padding:8px 0 24px}
@media print{body{background:#fff}section,header{box-shadow:none;border:1px solid #ccc}header{color:#000;background:#fff}}
`
