import { describe, expect, it } from 'vitest'
import { AppError } from '../contract/errors'
import {
  DEFAULT_TRACE_TEMPLATE,
  TRACE_ALPHABET,
  TRACE_CODE_PATTERN,
  expandTraceUrl,
  isValidTraceCode,
  newTraceCode,
  normalizeTraceCode,
  parseTraceCode,
  traceCodeFromQrText,
  traceQrPayload,
  validateTraceTemplate,
} from './trace'
import { seededRandom } from '../seeded-random'

describe('newTraceCode', () => {
  it('makes codes of five characters, a dash and five more, in the Crockford alphabet, that validate', () => {
    const random = seededRandom(42)
    for (let i = 0; i < 500; i++) {
      const code = newTraceCode(random)
      expect(code).toMatch(TRACE_CODE_PATTERN)
      expect(code).not.toMatch(/[ILOU]/)
      expect(isValidTraceCode(code)).toBe(true)
      expect(parseTraceCode(code)).toBe(code)
    }
  })

  it('is deterministic for a given source and accepts bytes', () => {
    expect(newTraceCode(seededRandom(7))).toBe(newTraceCode(seededRandom(7)))
    expect(newTraceCode(new Uint8Array(9))).toBe('00000-00000')
    const bytes = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(newTraceCode(bytes).slice(0, 10)).toBe('12345-6789')
    // Only the low five bits of a byte count: 33 and 1 give the same character.
    expect(newTraceCode(Uint8Array.from([33, 2, 3, 4, 5, 6, 7, 8, 9]))).toBe(newTraceCode(bytes))
  })

  it('uses crypto randomness by default', () => {
    const codes = new Set(Array.from({ length: 200 }, () => newTraceCode()))
    expect(codes.size).toBe(200)
    for (const code of codes) expect(isValidTraceCode(code)).toBe(true)
  })

  it('refuses a broken random source', () => {
    expect(() => newTraceCode(() => 1)).toThrow(RangeError)
    expect(() => newTraceCode(() => Number.NaN)).toThrow(RangeError)
    expect(() => newTraceCode(new Uint8Array(8))).toThrow(RangeError)
  })
})

describe('trace code check character', () => {
  const codes = Array.from({ length: 40 }, (_, i) => newTraceCode(seededRandom(1000 + i)).replace('-', ''))

  it('detects every single-character substitution', () => {
    for (const code of codes) {
      for (let position = 0; position < 10; position++) {
        for (const replacement of TRACE_ALPHABET) {
          if (replacement === code[position]) continue
          const typo = code.slice(0, position) + replacement + code.slice(position + 1)
          expect(isValidTraceCode(typo), `${code} → ${typo}`).toBe(false)
        }
      }
    }
  })

  it('detects every transposition of two different characters, adjacent or not', () => {
    for (const code of codes) {
      for (let i = 0; i < 10; i++) {
        for (let j = i + 1; j < 10; j++) {
          if (code[i] === code[j]) continue
          const chars = [...code]
          ;[chars[i], chars[j]] = [chars[j]!, chars[i]!]
          expect(isValidTraceCode(chars.join('')), `${code} swap ${i},${j}`).toBe(false)
        }
      }
    }
  })

  it('refuses wrong lengths and letters outside the alphabet', () => {
    expect(isValidTraceCode('')).toBe(false)
    expect(isValidTraceCode('12345-678')).toBe(false)
    expect(isValidTraceCode('12345-67890A')).toBe(false)
    expect(isValidTraceCode('UUUUU-UUUUU')).toBe(false)
    expect(isValidTraceCode('#####-#####')).toBe(false)
  })
})

describe('normalizeTraceCode', () => {
  it('reads what people type: case, spaces, dashes and the letters mistaken for digits', () => {
    const code = newTraceCode(seededRandom(3))
    expect(normalizeTraceCode(code.toLowerCase())).toBe(code)
    expect(normalizeTraceCode(` ${code.replace('-', ' ')} `)).toBe(code)
    expect(normalizeTraceCode(code.replace('-', ''))).toBe(code)
    expect(normalizeTraceCode('1o2i3-l4567')).toBe('10213-14567')
    expect(normalizeTraceCode('ab–cd')).toBe('ABCD')
  })

  it('accepts a code typed with O for 0 and l for 1', () => {
    const code = newTraceCode(Uint8Array.from([0, 1, 0, 1, 0, 1, 0, 1, 0]))
    const typed = code.slice(0, 9).replace(/0/g, 'o').replace(/1/g, 'l') + code.slice(9)
    expect(parseTraceCode(typed)).toBe(code)
  })
})

describe('trace URL templates', () => {
  const vars = { code: '7KQ2M-9XC4R', lot: 'MOHN 09/2026 #1', sku: 'MO-500', gtin: '8931234567890', product: 'p1' }

  it('expands every placeholder, encoding the values', () => {
    expect(expandTraceUrl('https://truyxuat.hanoi.gov.vn/lo/{lot}?c={code}&s={sku}&g={gtin}&p={product}', vars)).toBe(
      'https://truyxuat.hanoi.gov.vn/lo/MOHN%2009%2F2026%20%231?c=7KQ2M-9XC4R&s=MO-500&g=8931234567890&p=p1',
    )
    expect(expandTraceUrl('https://x.vn/{lot}', { lot: 'Lô hè' })).toBe('https://x.vn/L%C3%B4%20h%C3%A8')
  })

  it('refuses a missing value or an unknown placeholder', () => {
    const missing = (() => {
      try {
        expandTraceUrl('https://x.vn/{gtin}', { code: 'A' })
      } catch (e) {
        return e
      }
    })()
    expect(missing).toBeInstanceOf(AppError)
    expect(missing).toMatchObject({ code: 'VALIDATION', details: { reason: 'trace_template.missing_value', placeholder: 'gtin' } })
    expect(() => expandTraceUrl('https://x.vn/{lot_code}', vars)).toThrow(/Unknown placeholder/)
  })

  it('accepts good templates', () => {
    expect(validateTraceTemplate('https://truyxuat.hanoi.gov.vn/{code}')).toEqual([])
    expect(validateTraceTemplate('http://htx-duongxa.vn/truy-xuat?lo={lot}&sku={sku}')).toEqual([])
  })

  it.each([
    ['ftp://x.vn/{code}', ['trace_template.not_http_url']],
    ['/trace/{code}', ['trace_template.not_http_url']],
    ['truyxuat.vn/{code}', ['trace_template.not_http_url']],
    ['javascript:alert({code})', ['trace_template.not_http_url']],
    ['https://x.vn/trace', ['trace_template.missing_code']],
    ['https://x.vn/{code}/{batch}', ['trace_template.unknown_placeholder']],
    ['https://x.vn/{code', ['trace_template.malformed_placeholder', 'trace_template.missing_code']],
    ['https://{code}.x.vn/', ['trace_template.placeholder_in_host']],
    ['https://x.vn/a b/{code}', ['trace_template.whitespace']],
    [`https://x.vn/${'a'.repeat(300)}/{code}`, ['trace_template.too_long']],
  ])('%s → %j', (template, codes) => {
    const issues = validateTraceTemplate(template)
    expect(issues.map((i) => i.code).sort()).toEqual([...codes].sort())
    for (const issue of issues) expect(issue.path).toEqual(['traceUrlTemplate'])
  })

  it('names the unknown placeholder', () => {
    expect(validateTraceTemplate('https://x.vn/{code}/{batch}')[0]).toMatchObject({ params: { placeholder: 'batch' } })
  })
})

describe('QR payload', () => {
  it('is the expanded template when one is set, else TXNG <code>', () => {
    expect(DEFAULT_TRACE_TEMPLATE).toBeNull()
    expect(traceQrPayload(null, { code: '7KQ2M-9XC4R' })).toBe('TXNG 7KQ2M-9XC4R')
    expect(traceQrPayload('  ', { code: '7KQ2M-9XC4R' })).toBe('TXNG 7KQ2M-9XC4R')
    expect(traceQrPayload('https://x.vn/t/{code}', { code: '7KQ2M-9XC4R' })).toBe('https://x.vn/t/7KQ2M-9XC4R')
  })

  it('reads the code back from the text form', () => {
    const code = newTraceCode(seededRandom(9))
    expect(traceCodeFromQrText(traceQrPayload(null, { code }))).toBe(code)
    expect(traceCodeFromQrText(`txng: ${code.toLowerCase()}`)).toBe(code)
    expect(traceCodeFromQrText('https://x.vn/t/abc')).toBeNull()
    expect(traceCodeFromQrText('TXNG 00000-00001')).toBeNull()
  })
})
