import jsQR from 'jsqr'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { AppError } from '@shared/contract/errors'
import { escapeHtml, renderTracePage, type TracePageData } from './trace-page'

// A 1×1 transparent PNG.
const PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='

const HONEY: TracePageData = {
  asOf: '2026-11-28',
  traceCode: '7M1EV-8N2F7',
  lotCode: 'MOHN-260915-01',
  product: { name: 'Mật ong hoa nhãn Đông Anh', description: 'Mật ong nguyên chất.\nThu hoạch vụ nhãn tháng 8.' },
  variant: { label: 'Hũ thủy tinh 500 g', sku: 'MOHN-500' },
  harvestDate: '2026-09-15',
  expiryDate: '2028-09-15',
  quantity: 1200,
  unit: 'hũ',
  growingAreaCodes: ['VN-HN-GL-001', 'VN-HN-GL-002'],
  seller: { name: 'HTX Nông nghiệp Dương Xá', address: 'Xã Dương Xá, huyện Gia Lâm, Hà Nội', phone: '0912 345 678' },
  producer: { name: 'Hộ ông Nguyễn Văn Bình', address: 'Thôn Thuận Tốn, Đa Tốn' },
  certifications: [
    { kind: 'vietgap', number: 'VietGAP-TT-13-01-01-0001', issuer: 'Trung tâm Chứng nhận Phù Hợp', issueDate: '2023-01-10', expiryDate: '2026-01-10' },
    { kind: 'organic', number: 'ORG-2025-118', issuer: 'Control Union', expiryDate: '2027-06-30' },
    { kind: 'food_safety', number: '123/2025/ATTP-CNĐK', issuer: 'Chi cục ATTP Hà Nội', expiryDate: null },
  ],
  ocopCertificates: [
    { stars: 4, certificateNumber: 'OCOP-HN-2025-0042', issuingLevel: 'province', issuingAuthority: 'UBND thành phố Hà Nội', issueDate: '2025-03-01', expiryDate: '2028-03-01' },
  ],
  photos: [{ mime: 'image/png', base64: PIXEL_PNG, alt: 'Hũ mật ong "Đông Anh" trên kệ' }],
  qrPayload: 'https://truyxuat.hanoi.gov.vn/lo/MOHN-260915-01?c=7M1EV-8N2F7',
}

/** The <article> of the certificate whose heading contains `name`. */
function certificateBlock(html: string, name: string): string {
  const block = html.split('<article').find((part) => part.includes(name))
  expect(block, name).toBeDefined()
  return block!
}

const OWN_TAGS = new Set('html head meta title style body main header p h1 h2 h3 section img dl dt dd article span a footer svg rect path'.split(' '))
const OWN_ATTRIBUTES = new Set('lang charset name content http-equiv class src alt href aria-label aria-hidden role viewBox width height fill d shape-rendering'.split(' '))

/** Every tag and attribute in the page is one the renderer writes; no other `<` is left. */
function expectOnlyOwnMarkup(page: string): void {
  const body = page.replace(/^<!DOCTYPE html>/, '').replace(/<style>[^<]*<\/style>/, '')
  const tag = /<\/?([a-zA-Z][\w-]*)((?:\s+[\w:-]+(?:="[^"<>]*")?)*)\s*\/?>/g
  for (const [, name, attributes] of body.matchAll(tag)) {
    expect(OWN_TAGS, name).toContain(name)
    for (const [, attribute] of attributes!.matchAll(/\s+([\w:-]+)(?:="[^"]*")?/g)) expect(OWN_ATTRIBUTES, attribute).toContain(attribute)
  }
  expect(body.replace(tag, '')).not.toContain('<')
}

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;')
  })
})

describe('renderTracePage', () => {
  const html = renderTracePage(HONEY)

  it('is a complete Vietnamese HTML5 document', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="vi">')).toBe(true)
    expect(html).toContain('<meta charset="utf-8">')
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">')
    expect(html).toContain('<title>Mật ong hoa nhãn Đông Anh — Truy xuất nguồn gốc</title>')
    expect(html.trimEnd().endsWith('</html>')).toBe(true)
    expect(html).toBe(html.normalize('NFC'))
  })

  it('shows the lot, product, seller and producer', () => {
    for (const text of [
      '<h1>Mật ong hoa nhãn Đông Anh</h1>',
      'Hũ thủy tinh 500 g · SKU MOHN-500',
      '<dt>Mã lô</dt><dd>MOHN-260915-01</dd>',
      '<dt>Ngày thu hoạch</dt><dd>15/09/2026</dd>',
      '<dt>Hạn sử dụng</dt><dd>15/09/2028</dd>',
      '<dt>Số lượng lô</dt><dd>1.200 hũ</dd>',
      'VN-HN-GL-001</span>, <span class="code">VN-HN-GL-002',
      'HTX Nông nghiệp Dương Xá',
      'Xã Dương Xá, huyện Gia Lâm, Hà Nội',
      '<a href="tel:0912345678">0912 345 678</a>',
      'Hộ ông Nguyễn Văn Bình',
      'Mật ong nguyên chất.\nThu hoạch vụ nhãn tháng 8.',
      '<p class="code">7M1EV-8N2F7</p>',
    ]) {
      expect(html).toContain(text)
    }
  })

  it('loads nothing from outside and runs no script', () => {
    expect(html).not.toMatch(/<script|<link|<iframe|<object|<embed|@import|url\(/i)
    expect(html).not.toMatch(/(src|href)="(?!data:image\/|tel:)/i)
    expect(html).not.toMatch(/\son\w+=/i)
    expect(html).toContain(`default-src 'none'; img-src data:`)
  })

  it('embeds photos as data: URIs with their alt text escaped', () => {
    expect(html).toContain(`<img src="data:image/png;base64,${PIXEL_PNG}" alt="Hũ mật ong &quot;Đông Anh&quot; trên kệ">`)
  })

  it('escapes every string it is given', () => {
    const evil = renderTracePage({
      ...HONEY,
      product: { name: '<script>alert("x")</script>', description: '<img src=x onerror=alert(1)>' },
      lotCode: '"><b>lot</b>',
      seller: { name: "O'Brien & <Sons>", phone: '"><script>' },
      photos: [{ mime: 'image/png', base64: PIXEL_PNG, alt: '" onload="alert(1)' }],
      certifications: [{ kind: 'other', name: '<i>GAP</i>', number: '</dd><script>' }],
    })
    expectOnlyOwnMarkup(evil)
    expectOnlyOwnMarkup(html)
    expect(evil).toContain('<h1>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</h1>')
    expect(evil).toContain('O&#39;Brien &amp; &lt;Sons&gt;')
    expect(evil).toContain('&lt;i&gt;GAP&lt;/i&gt;')
  })

  it('marks expired certifications and only those', () => {
    expect(certificateBlock(html, 'VietGAP')).toContain('Hết hiệu lực')
    expect(certificateBlock(html, 'VietGAP')).toContain('<dt>Hiệu lực đến</dt><dd>10/01/2026</dd>')
    expect(certificateBlock(html, 'Chứng nhận hữu cơ')).not.toContain('Hết hiệu lực')
    expect(certificateBlock(html, 'an toàn thực phẩm')).not.toContain('Hết hiệu lực')
    expect(certificateBlock(html, 'an toàn thực phẩm')).toContain('123/2025/ATTP-CNĐK')
    // Valid through the expiry day itself, expired the day after.
    const lastDay = renderTracePage({ ...HONEY, asOf: '2026-01-10' })
    expect(certificateBlock(lastDay, 'VietGAP')).not.toContain('Hết hiệu lực')
  })

  it('shows the OCOP certificate while it is in force', () => {
    const block = certificateBlock(html, 'OCOP')
    expect(block).toContain('Sản phẩm OCOP 4 sao')
    expect(block).toContain('★★★★<')
    expect(block).toContain('OCOP-HN-2025-0042')
    expect(block).toContain('<dt>Cấp công nhận</dt><dd>Tỉnh</dd>')
    expect(block).toContain('<dt>Hiệu lực đến</dt><dd>01/03/2028</dd>')
  })

  it('says nothing about OCOP when the certificate has expired, is revoked or is not issued yet', () => {
    const cert = HONEY.ocopCertificates![0]!
    for (const page of [
      renderTracePage({ ...HONEY, asOf: '2028-03-02' }),
      renderTracePage({ ...HONEY, ocopCertificates: [{ ...cert, revokedAt: '2026-06-01' }] }),
      renderTracePage({ ...HONEY, ocopCertificates: [{ ...cert, issueDate: '2026-12-01' }] }),
      renderTracePage({ ...HONEY, ocopCertificates: [] }),
    ]) {
      expect(page).not.toMatch(/OCOP|★|sao/)
      expect(page).toContain('VietGAP')
    }
  })

  it('leaves out what it does not know', () => {
    const bare = renderTracePage({ asOf: '2026-11-28', traceCode: '7M1EV-8N2F7', lotCode: 'L1', product: { name: 'Gạo nếp cái hoa vàng' }, seller: { name: 'HTX Dương Xá' }, qrPayload: 'TXNG 7M1EV-8N2F7' })
    expect(bare).not.toMatch(/Chứng nhận|Hình ảnh|Mô tả|Hạn sử dụng|vùng trồng|Số lượng|Điện thoại|<img/)
    expect(bare).toContain('<h1>Gạo nếp cái hoa vàng</h1>')
    expect(renderTracePage({ ...HONEY, dateKind: 'production' })).toContain('<dt>Ngày sản xuất</dt><dd>15/09/2026</dd>')
  })

  it('draws a QR code that decodes to the payload', async () => {
    const svg = /<svg[\s\S]*?<\/svg>/.exec(html)![0]
    // librsvg (inside sharp) wants the namespace that HTML supplies implicitly.
    const standalone = svg.replace('<svg ', '<svg xmlns="http://www.w3.org/2000/svg" ')
    const { data, info } = await sharp(Buffer.from(standalone)).resize(400, 400, { kernel: 'nearest' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
    const decoded = jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), info.width, info.height)
    expect(decoded?.data).toBe(HONEY.qrPayload)
  })

  it('refuses malformed dates and photos that are not plain images', () => {
    const reason = (data: TracePageData) => {
      try {
        renderTracePage(data)
      } catch (e) {
        expect(e).toBeInstanceOf(AppError)
        return (e as AppError).details
      }
      return null
    }
    expect(reason({ ...HONEY, asOf: '28/11/2026' })).toMatchObject({ reason: 'trace_page.invalid', field: 'asOf' })
    expect(reason({ ...HONEY, harvestDate: '2026-02-30' })).toMatchObject({ field: 'harvestDate' })
    expect(reason({ ...HONEY, certifications: [{ kind: 'vietgap', expiryDate: 'soon' }] })).toMatchObject({ field: 'certifications.0.expiryDate' })
    expect(reason({ ...HONEY, photos: [{ mime: 'image/svg+xml' as 'image/png', base64: PIXEL_PNG, alt: '' }] })).toMatchObject({ field: 'photos.0.mime' })
    expect(reason({ ...HONEY, photos: [{ mime: 'image/png', base64: '"><script>', alt: '' }] })).toMatchObject({ field: 'photos.0.base64' })
  })
})
