import { describe, expect, it } from 'vitest'
import { BUNDLE_IMPORT_OUTCOMES, REPORT_KINDS } from '@shared/contract/reports'
import { UNDATED_REPORTS } from '../features/reports/report-kinds'
import { en } from './en'
import { vi } from './vi'

/** Why commune.importBundles refuses a file (src/main/reports/bundle.ts, commune.ts), and the two refusals made before sending. */
const REFUSALS = ['bundle_not_json', 'bundle_format', 'bundle_invalid', 'bundle_key', 'bundle_tampered', 'bundle_other_key', 'empty', 'too_large', 'unknown'] as const

describe('the report words', () => {
  it('name every report, and say what the undated ones show instead of a period', () => {
    for (const catalogue of [vi, en]) {
      for (const kind of REPORT_KINDS) expect(catalogue.reports.kinds[kind], kind).toBeTruthy()
      for (const kind of UNDATED_REPORTS) {
        expect(catalogue.reports.noPeriod[kind], kind).toBeTruthy()
        expect(catalogue.reports.empty[kind], kind).toBeTruthy()
      }
    }
  })

  it('word every import outcome, and every refusal with what to ask the seller for', () => {
    for (const catalogue of [vi, en]) {
      for (const outcome of BUNDLE_IMPORT_OUTCOMES) expect(catalogue.reports.commune.outcomes[outcome], outcome).toBeTruthy()
      for (const reason of REFUSALS) expect(catalogue.reports.commune.refusals[reason], reason).toBeTruthy()
    }
  })

  it('use the coordinator’s words for what happened to a file', () => {
    expect(vi.reports.commune.outcomes).toEqual({ imported: 'Đã nhập', replaced: 'Đã thay bản cũ', unchanged: 'Đã có, không đổi', refused: 'Bị từ chối' })
    expect(vi.reports.commune.refusals.bundle_tampered).toBe('Tệp đã bị sửa sau khi ứng dụng của người bán ký: không dùng được. Hãy xin người bán gửi lại.')
  })
})
