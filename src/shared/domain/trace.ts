/**
 * Public traceability codes of lots, and what the QR code on a label says.
 *
 * Pure and browser-safe: the renderer validates codes and templates as the user types, the main
 * process generates codes and QR payloads, and both must agree.
 *
 * A trace code looks like `7KQ2M-9XC4R`: ten characters of Crockford's base32 alphabet
 * (0-9 and A-Z without I, L, O and U, so nothing is read as 1 or 0 and no word is spelled by
 * accident), grouped in two fives so a person can read it aloud or type it from a label. The
 * first nine characters are random (45 bits); the tenth is a check character, so a mistyped
 * code is refused instead of silently showing another lot (see `checkCharacter`).
 */
import { AppError, type ValidationIssue } from '../contract/errors'

/** Crockford's base32 alphabet; the index of a character is its value. */
export const TRACE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const RANDOM_LENGTH = 9
const CODE_LENGTH = RANDOM_LENGTH + 1

/** The canonical printed form, for schemas and routes: five characters, a dash, five more (`MM1R8-5PM4Z`). */
export const TRACE_CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/

/**
 * Where randomness comes from: either bytes (e.g. `crypto.getRandomValues(new Uint8Array(9))`,
 * at least 9 of them) or a `Math.random`-like function returning numbers in [0, 1). Tests pass a
 * seeded function; production should use the default, which is cryptographically random so
 * codes cannot be guessed from one another.
 */
export type TraceRandom = Uint8Array | (() => number)

/** A new random trace code in canonical form, e.g. `7KQ2M-9XC4R`. Uniqueness is the database's job. */
export function newTraceCode(random: TraceRandom = secureRandomBytes()): string {
  const values: number[] = []
  if (random instanceof Uint8Array) {
    if (random.length < RANDOM_LENGTH) throw new RangeError(`A trace code needs ${RANDOM_LENGTH} random bytes, got ${random.length}`)
    // 256 is a multiple of 32, so the low five bits of a uniform byte are uniform.
    for (let i = 0; i < RANDOM_LENGTH; i++) values.push(random[i]! & 31)
  } else {
    for (let i = 0; i < RANDOM_LENGTH; i++) {
      const r = random()
      if (!(r >= 0 && r < 1)) throw new RangeError(`The random source returned ${r}, expected a number in [0, 1)`)
      values.push(Math.floor(r * 32))
    }
  }
  values.push(checkCharacter(values))
  return group(values.map((v) => TRACE_ALPHABET[v]).join(''))
}

/**
 * What a person typed or a scanner read, cleaned up: upper case, spaces and dashes removed, and
 * the letters Crockford's alphabet leaves out mapped to the digits they are mistaken for
 * (O → 0, I and L → 1). A result of ten characters is regrouped as five, a dash and five; anything else
 * is returned without dashes, so it still shows what was typed but cannot pass `isValidTraceCode`.
 */
export function normalizeTraceCode(input: string): string {
  const compact = input
    .toUpperCase()
    .replace(/[\s\-‐‑‒–—]/gu, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1')
  return compact.length === CODE_LENGTH ? group(compact) : compact
}

/** True when the input, once normalized, is a well-formed code whose check character matches. */
export function isValidTraceCode(input: string): boolean {
  return parseTraceCode(input) !== null
}

/** The canonical form of a valid code (for lookups), or null for anything else. */
export function parseTraceCode(input: string): string | null {
  const normalized = normalizeTraceCode(input)
  if (!TRACE_CODE_PATTERN.test(normalized)) return null
  const values = [...normalized.replace('-', '')].map((c) => TRACE_ALPHABET.indexOf(c))
  return checkCharacter(values.slice(0, RANDOM_LENGTH)) === values[RANDOM_LENGTH] ? normalized : null
}

/**
 * The check character of nine values (0–31).
 *
 * Why not Luhn mod N or ISO 7064 MOD 37: Luhn mod 32 misses some transpositions, and MOD 37
 * needs a 37th symbol that is not in the alphabet (Crockford's own check symbols are * ~ $ = U,
 * awkward to print and to type). Instead the code is treated as a polynomial over the field
 * GF(32): the check c makes Σ αᵏ·xₖ = 0 where α generates GF(32)* (order 31, a prime). Then any
 * single wrong character changes the sum by αᵏ·e ≠ 0, and swapping ANY two different characters
 * (adjacent or not) changes it by (αʲ − αᵏ)(x − y) ≠ 0 because αʲ ≠ αᵏ for j ≠ k < 31: every
 * single substitution and every transposition is detected, and a random string passes with
 * probability 1/32. It is the same idea as a Reed–Solomon parity symbol.
 */
function checkCharacter(values: readonly number[]): number {
  // Position k (0-based, the check character being position 9) has weight α^(9-k); the check's
  // weight is α⁰ = 1, and in characteristic 2 subtraction is addition, so c = Σ α^(9-k)·xₖ.
  let sum = 0
  values.forEach((value, k) => {
    sum ^= gfMultiply(gfPower(ALPHA, CODE_LENGTH - 1 - k), value)
  })
  return sum
}

/** x⁵ + x² + 1, a primitive polynomial of degree 5: the field GF(32) is built modulo it. */
const GF32_MODULUS = 0b100101
/** The element x, a generator of the multiplicative group. */
const ALPHA = 0b00010

function gfMultiply(a: number, b: number): number {
  let product = 0
  let x = a
  let y = b
  while (y > 0) {
    if (y & 1) product ^= x
    y >>= 1
    x <<= 1
    if (x & 0b100000) x ^= GF32_MODULUS
  }
  return product
}

function gfPower(a: number, exponent: number): number {
  let result = 1
  for (let i = 0; i < exponent; i++) result = gfMultiply(result, a)
  return result
}

function group(compact: string): string {
  return `${compact.slice(0, 5)}-${compact.slice(5)}`
}

function secureRandomBytes(): Uint8Array {
  // Web Crypto exists as a global in browsers, Electron and Node ≥ 19, so no import is needed.
  return globalThis.crypto.getRandomValues(new Uint8Array(RANDOM_LENGTH))
}

// ---------------------------------------------------------------------------------------------
// Trace URL templates and QR payloads

/**
 * The placeholders a trace URL template may use. Values are URI-component encoded when expanded.
 * - `{code}`    the lot's public trace code (`7KQ2M-9XC4R`)
 * - `{lot}`     the lot code the cooperative uses (`MOHN-260915-01`)
 * - `{sku}`     the variant's SKU
 * - `{gtin}`    the variant's GTIN/EAN barcode, for portals keyed on GS1 numbers
 * - `{product}` the app's product id
 */
export const TRACE_PLACEHOLDERS = ['code', 'lot', 'sku', 'gtin', 'product'] as const
export type TracePlaceholder = (typeof TRACE_PLACEHOLDERS)[number]
export type TraceUrlVars = Readonly<Partial<Record<TracePlaceholder, string | null>>>

export const MAX_TRACE_TEMPLATE_LENGTH = 300

/**
 * There is no default template, on purpose: any URL we made up would point at a domain the
 * cooperative does not control. Until one is set in the settings, the QR code encodes the text
 * `TXNG <code>` (see `traceQrPayload`).
 */
export const DEFAULT_TRACE_TEMPLATE: string | null = null

/**
 * "TXNG" is the common Vietnamese abbreviation of truy xuất nguồn gốc (traceability), so a
 * shopper who scans the code sees what it is; a portal or this app can read the code back with
 * `traceCodeFromQrText`.
 */
export const TRACE_TEXT_PREFIX = 'TXNG'

/**
 * What the QR code on a label encodes: the expanded template when the cooperative has set one,
 * otherwise `TXNG 7KQ2M-9XC4R`. That text uses only QR "alphanumeric mode" characters (upper
 * case, digits, space, dash), so it fits a version-1 symbol (21×21 modules), whose modules are
 * large enough to scan from the smallest sticker.
 */
export function traceQrPayload(template: string | null | undefined, vars: TraceUrlVars & { readonly code: string }): string {
  if (template == null || template.trim() === '') return `${TRACE_TEXT_PREFIX} ${vars.code}`
  return expandTraceUrl(template, vars)
}

/** The trace code in a `TXNG <code>` text read from a QR code, or null when it is not one. */
export function traceCodeFromQrText(text: string): string | null {
  const match = /^\s*TXNG[\s:]+(\S.*)$/iu.exec(text)
  return match ? parseTraceCode(match[1]!) : null
}

const PLACEHOLDER = /\{([^{}]*)\}/g

function isPlaceholder(name: string): name is TracePlaceholder {
  return (TRACE_PLACEHOLDERS as readonly string[]).includes(name)
}

/**
 * Fills a template: `https://portal.example/lo/{lot}?c={code}` → `https://portal.example/lo/MOHN-01?c=7KQ2M-9XC4R`.
 * Each value is encoded with encodeURIComponent, so a lot code with `/`, `&` or Vietnamese
 * letters cannot change the URL's structure. Throws a VALIDATION AppError for an unknown
 * placeholder (`trace_template.unknown_placeholder`) or one whose value is missing or empty
 * (`trace_template.missing_value`): a QR code pointing at a half-built URL is worse than none.
 */
export function expandTraceUrl(template: string, vars: TraceUrlVars): string {
  return template.replace(PLACEHOLDER, (_whole, name: string) => {
    if (!isPlaceholder(name)) {
      throw new AppError('VALIDATION', `Unknown placeholder {${name}} in the trace URL template`, {
        reason: 'trace_template.unknown_placeholder',
        placeholder: name,
      })
    }
    const value = vars[name]
    if (value == null || value === '') {
      throw new AppError('VALIDATION', `No value for {${name}} in the trace URL template`, {
        reason: 'trace_template.missing_value',
        placeholder: name,
      })
    }
    return encodeURIComponent(value)
  })
}

/** Every issue code `validateTraceTemplate` may return, for the translation catalogue. */
export const TRACE_TEMPLATE_ISSUES = [
  'trace_template.too_long',
  'trace_template.whitespace',
  'trace_template.malformed_placeholder',
  'trace_template.unknown_placeholder',
  'trace_template.placeholder_in_host',
  'trace_template.missing_code',
  'trace_template.not_http_url',
] as const

/** Sample values used to check that an expanded template is a URL; shaped like real ones. */
const SAMPLE_VARS: Readonly<Record<TracePlaceholder, string>> = {
  code: '7KQ2M-9XC4R',
  lot: 'MOHN-260915-01',
  sku: 'MOHN-500',
  gtin: '8931234567890',
  product: '01JB8ZJ0K4Q3V6S4W2T8Y5N7XM',
}

/**
 * Problems with a trace URL template, for the settings form (empty when it is usable).
 * Issues use the path `['traceUrlTemplate']`, the settings field.
 */
export function validateTraceTemplate(template: string): ValidationIssue[] {
  const issues: ValidationIssue[] = []
  const add = (code: (typeof TRACE_TEMPLATE_ISSUES)[number], message: string, params?: Record<string, string | number>) =>
    issues.push({ path: ['traceUrlTemplate'], code, message, ...(params && { params }) })

  if (template.length > MAX_TRACE_TEMPLATE_LENGTH) {
    add('trace_template.too_long', `The template is longer than ${MAX_TRACE_TEMPLATE_LENGTH} characters`, {
      max: MAX_TRACE_TEMPLATE_LENGTH,
      length: template.length,
    })
  }
  // Spaces would go into the QR code as they are; a real URL writes them %20.
  if (/\s/u.test(template)) add('trace_template.whitespace', 'The template contains spaces or line breaks')

  const names = [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!)
  if (/[{}]/.test(template.replace(PLACEHOLDER, ''))) {
    add('trace_template.malformed_placeholder', 'A { or } does not belong to a {placeholder}')
  }
  for (const name of new Set(names)) {
    if (!isPlaceholder(name)) {
      add('trace_template.unknown_placeholder', `Unknown placeholder {${name}}`, { placeholder: name, allowed: TRACE_PLACEHOLDERS.join(', ') })
    }
  }
  if (!names.includes('code') && !names.includes('lot')) {
    add('trace_template.missing_code', 'The template must contain {code} or {lot}, or every lot gets the same QR code')
  }

  // The host must be fixed: a placeholder there would send each lot to a different site.
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(template)?.[1] ?? ''
  if (/[{}]/.test(authority)) add('trace_template.placeholder_in_host', 'Placeholders may only appear after the host name')

  const expanded = template.replace(PLACEHOLDER, (whole, name: string) => (isPlaceholder(name) ? encodeURIComponent(SAMPLE_VARS[name]) : whole))
  if (!isHttpUrl(expanded)) add('trace_template.not_http_url', 'The template must be a full http:// or https:// address')
  return issues
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text)
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '' && /^https?:\/\//i.test(text)
  } catch {
    return false
  }
}
