import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { TRACE_CSV_COLUMNS, traceRecordsToCsv, traceRecordsToJson, type TraceRecord } from './trace-export'

const HONEY: TraceRecord = {
  traceCode: '7M1EV-8N2F7',
  lotCode: 'MOHN-260915-01',
  productName: 'Mật ong hoa nhãn Đông Anh',
  variantSku: 'MOHN-500',
  variantLabel: 'Hũ 500 g',
  unit: 'hũ',
  quantity: 1200,
  harvestDate: '2026-09-15',
  expiryDate: '2028-09-15',
  growingAreaCodes: ['VN-HN-GL-001', 'VN-HN-GL-002'],
  producerName: 'Hộ ông Nguyễn Văn Bình',
  sellerName: 'HTX Nông nghiệp Dương Xá',
  ocopCertificates: [
    { stars: 3, certificateNumber: 'OCOP-HN-2021-0007', issueDate: '2021-03-01', expiryDate: '2024-03-01' },
    { stars: 4, certificateNumber: 'OCOP-HN-2025-0042', issuingLevel: 'province', issueDate: '2025-03-01', expiryDate: '2028-03-01' },
  ],
  certifications: [
    { kind: 'vietgap', number: 'VG:01;02', issuer: 'Trung tâm Chứng nhận Phù Hợp', expiryDate: '2026-01-10' },
    { kind: 'food_safety', number: '123/2025/ATTP-CNĐK', expiryDate: null },
  ],
  traceUrl: 'https://truyxuat.hanoi.gov.vn/lo/MOHN-260915-01?c=7M1EV-8N2F7',
}
const RICE: TraceRecord = {
  traceCode: 'EV8N2-FW9PK',
  lotCode: 'GNCHV-261102-02',
  // Decomposed (NFD) on purpose: the export writes NFC.
  productName: 'Gạo nếp cái hoa vàng'.normalize('NFD'),
  variantSku: null,
  unit: 'kg',
  quantity: 500,
  dateKind: 'production',
  harvestDate: '2026-11-02',
  expiryDate: null,
  growingAreaCodes: [],
  producerName: null,
  sellerName: '=HYPERLINK("http://evil")',
  ocopCertificates: [{ stars: 5, certificateNumber: 'OCOP-TW-2022-01', issuingLevel: 'central', expiryDate: '2025-06-30' }],
  certifications: [],
  traceUrl: null,
}

describe('traceRecordsToCsv', () => {
  const csv = traceRecordsToCsv([HONEY, RICE], { asOf: '2026-11-28' })
  const text = csv.toString('utf8')
  const rows = parse(text, { bom: true, columns: true }) as Record<string, string>[]

  it('starts with a BOM and the stable English header, CRLF line ends', () => {
    expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    expect(text.slice(1).split('\r\n')[0]).toBe(
      'trace_code,lot_code,product_name,variant_sku,unit,quantity,harvest_date,expiry_date,growing_area_codes,producer_name,seller_name,ocop_stars,ocop_certificate_number,certifications,trace_url',
    )
    expect(Object.keys(rows[0]!)).toEqual([...TRACE_CSV_COLUMNS])
    expect(text.endsWith('\r\n')).toBe(true)
  })

  it('writes one row per record, Vietnamese intact in NFC', () => {
    expect(rows).toHaveLength(2)
    expect(rows[0]).toEqual({
      trace_code: '7M1EV-8N2F7',
      lot_code: 'MOHN-260915-01',
      product_name: 'Mật ong hoa nhãn Đông Anh',
      variant_sku: 'MOHN-500',
      unit: 'hũ',
      quantity: '1200',
      harvest_date: '2026-09-15',
      expiry_date: '2028-09-15',
      growing_area_codes: 'VN-HN-GL-001;VN-HN-GL-002',
      producer_name: 'Hộ ông Nguyễn Văn Bình',
      seller_name: 'HTX Nông nghiệp Dương Xá',
      ocop_stars: '4',
      ocop_certificate_number: 'OCOP-HN-2025-0042',
      certifications: 'vietgap:VG%3A01%3B02:2026-01-10;food_safety:123/2025/ATTP-CNĐK:',
      trace_url: 'https://truyxuat.hanoi.gov.vn/lo/MOHN-260915-01?c=7M1EV-8N2F7',
    })
    expect(rows[1]!.product_name).toBe('Gạo nếp cái hoa vàng'.normalize('NFC'))
    expect(text).toBe(text.normalize('NFC'))
  })

  it('leaves the OCOP columns empty when no certificate is in force', () => {
    expect(rows[1]).toMatchObject({ ocop_stars: '', ocop_certificate_number: '', variant_sku: '', producer_name: '', expiry_date: '', trace_url: '' })
    const later = parse(traceRecordsToCsv([HONEY], { asOf: '2028-03-02' }).toString('utf8'), { bom: true, columns: true }) as Record<string, string>[]
    expect(later[0]).toMatchObject({ ocop_stars: '', ocop_certificate_number: '' })
    // Valid through its expiry date.
    const lastDay = parse(traceRecordsToCsv([HONEY], { asOf: '2028-03-01' }).toString('utf8'), { bom: true, columns: true }) as Record<string, string>[]
    expect(lastDay[0]).toMatchObject({ ocop_stars: '4' })
  })

  it('splits certifications back unambiguously', () => {
    const items = rows[0]!.certifications!.split(';').map((item) => item.split(':').map(decodeURIComponent))
    expect(items).toEqual([
      ['vietgap', 'VG:01;02', '2026-01-10'],
      ['food_safety', '123/2025/ATTP-CNĐK', ''],
    ])
  })

  it('defuses cells Excel would run as formulas', () => {
    expect(rows[1]!.seller_name).toBe(`'=HYPERLINK("http://evil")`)
  })

  it('writes just the header for no records and refuses a bad date', () => {
    expect(traceRecordsToCsv([], { asOf: '2026-11-28' }).toString('utf8')).toBe(`\uFEFF${TRACE_CSV_COLUMNS.join(',')}\r\n`)
    expect(() => traceRecordsToCsv([HONEY], { asOf: '28/11/2026' })).toThrow(RangeError)
  })
})

describe('traceRecordsToJson', () => {
  const json = JSON.parse(traceRecordsToJson([HONEY, RICE], { generatedAt: '2026-11-27T18:30:00.000Z', exporter: 'HTX Nông nghiệp Dương Xá', appVersion: '0.1.0' }).toString('utf8'))

  it('describes itself and dates certificates in Vietnam time', () => {
    expect(json).toMatchObject({
      format: 'ocop-storefront.trace-records',
      version: 1,
      generated_at: '2026-11-27T18:30:00.000Z',
      // 18:30 UTC is already the next day in Vietnam.
      as_of: '2026-11-28',
      exporter: 'HTX Nông nghiệp Dương Xá',
      app_version: '0.1.0',
      record_count: 2,
    })
  })

  it('writes the same fields as the CSV, with lists and objects kept structured', () => {
    expect(json.records[0]).toEqual({
      trace_code: '7M1EV-8N2F7',
      lot_code: 'MOHN-260915-01',
      product_name: 'Mật ong hoa nhãn Đông Anh',
      variant_sku: 'MOHN-500',
      variant_label: 'Hũ 500 g',
      unit: 'hũ',
      quantity: 1200,
      date_kind: 'harvest',
      harvest_date: '2026-09-15',
      expiry_date: '2028-09-15',
      growing_area_codes: ['VN-HN-GL-001', 'VN-HN-GL-002'],
      producer_name: 'Hộ ông Nguyễn Văn Bình',
      seller_name: 'HTX Nông nghiệp Dương Xá',
      ocop: { stars: 4, certificate_number: 'OCOP-HN-2025-0042', issuing_level: 'province', issue_date: '2025-03-01', expiry_date: '2028-03-01' },
      certifications: [
        { type: 'vietgap', number: 'VG:01;02', issuer: 'Trung tâm Chứng nhận Phù Hợp', issue_date: null, expiry_date: '2026-01-10', expired: true },
        { type: 'food_safety', number: '123/2025/ATTP-CNĐK', issuer: null, issue_date: null, expiry_date: null, expired: false },
      ],
      trace_url: 'https://truyxuat.hanoi.gov.vn/lo/MOHN-260915-01?c=7M1EV-8N2F7',
    })
    expect(json.records[1]).toMatchObject({ ocop: null, date_kind: 'production', product_name: 'Gạo nếp cái hoa vàng'.normalize('NFC'), seller_name: '=HYPERLINK("http://evil")' })
  })

  it('takes an explicit as-of date, and has no BOM', () => {
    const buffer = traceRecordsToJson([HONEY], { generatedAt: '2026-11-28T03:00:00.000Z', asOf: '2028-03-02' })
    expect(buffer[0]).toBe(0x7b)
    expect(JSON.parse(buffer.toString('utf8')).records[0].ocop).toBeNull()
  })
})
