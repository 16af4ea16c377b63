/**
 * The seller bundle: one seller's figures for a period, signed by the seller's installation so a
 * commune coordinator can add up many of them and know that none was edited on the way.
 *
 * Files travel on USB sticks and through messaging apps (Zalo, Messenger) that rename them and
 * may rewrite line endings or indentation, so the signature covers the canonical JSON of the body
 * (see `canonicalJson`), never the file's bytes: the reader ignores the name, the whitespace, the
 * key order and a byte-order mark, and refuses every change to a value.
 *
 * What a valid signature proves: the body is exactly what the installation holding that private
 * key signed. It does not prove who the seller is: the coordinator compares the fingerprint with
 * the one the seller's app shows (read aloud on the phone, say) the first time, and afterwards the
 * same installation must keep the same key.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto'
import { AppError, type ValidationIssue } from '@shared/contract/errors'
import { BUNDLE_FORMAT, bundleBodySchema, bundleFileSchema, type BundleBody, type BundleFile } from '@shared/contract/reports'
import { toValidationIssues } from '@shared/contract/validation'
import { isIsoDate } from '@shared/domain/calendar'
import { foldVietnamese } from '@shared/domain/vietnamese'

// ----------------------------------------------------------------------------------------------
// Canonical JSON

/**
 * Deterministic JSON text of a value; the bundle signature covers exactly the UTF-8 bytes of
 * `canonicalJson(body)`.
 *
 * - object keys sorted by UTF-16 code units (what `Array.prototype.sort` does with no comparator),
 *   no whitespace anywhere, array elements in their order;
 * - strings written the way `JSON.stringify` writes them;
 * - numbers finite, written the way `JSON.stringify` writes them (a bundle only holds integers,
 *   which come out as plain digits; -0 comes out as 0).
 *
 * For the values a bundle holds this is RFC 8785 (JSON Canonicalization Scheme), so a tool in
 * another language can check a bundle with an off-the-shelf JCS library.
 *
 * Anything JSON cannot carry unambiguously throws a TypeError instead of being dropped or
 * coerced the way `JSON.stringify` would: NaN and ±Infinity (which it writes as null), undefined
 * (which it drops from objects and turns into null in arrays), bigint, functions, symbols,
 * objects that are not plain (Date, Map, class instances: their JSON form depends on `toJSON`),
 * cycles, and strings with a lone surrogate (they have no UTF-8 form, so the signed bytes would
 * depend on how the encoder replaces them).
 */
export function canonicalJson(value: unknown): string {
  return canonical(value, [], new Set())
}

// In a /u regex this class matches a surrogate only when it is not half of a pair.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u

function canonical(value: unknown, path: readonly (string | number)[], ancestors: Set<object>): string {
  const where = () => (path.length > 0 ? ` at ${path.join('.')}` : '')
  if (value === null) return 'null'
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false'
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} is not a finite number${where()}`)
      return JSON.stringify(value)
    case 'string':
      if (LONE_SURROGATE.test(value)) throw new TypeError(`canonicalJson: a string with a lone surrogate has no UTF-8 form${where()}`)
      return JSON.stringify(value)
    case 'object':
      break
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} has no JSON form${where()}`)
  }
  if (ancestors.has(value)) throw new TypeError(`canonicalJson: the value contains itself${where()}`)
  ancestors.add(value)
  try {
    if (Array.isArray(value)) {
      const items: string[] = []
      // An index loop, not map(): map skips the holes of a sparse array, which must throw too.
      for (let i = 0; i < value.length; i++) items.push(canonical(value[i], [...path, i], ancestors))
      return `[${items.join(',')}]`
    }
    const proto: unknown = Object.getPrototypeOf(value)
    if (proto !== Object.prototype && proto !== null) throw new TypeError(`canonicalJson: only plain objects have a canonical form${where()}`)
    if (Object.getOwnPropertySymbols(value).length > 0) throw new TypeError(`canonicalJson: symbol keys have no JSON form${where()}`)
    const record = value as Record<string, unknown>
    const members = Object.keys(record)
      .sort()
      .map((key) => `${canonical(key, path, ancestors)}:${canonical(record[key], [...path, key], ancestors)}`)
    return `{${members.join(',')}}`
  } finally {
    ancestors.delete(value)
  }
}

// ----------------------------------------------------------------------------------------------
// Installation identity

export interface InstallationIdentity {
  /** Random, made once per installation; it says which app a bundle came from. */
  readonly installationId: string
  /** PKCS#8 PEM. The caller seals it with the app's SecretBox before it touches the database. */
  readonly privateKeyPem: string
  /** SPKI DER, base64: what goes into every bundle. */
  readonly publicKey: string
}

/** A new Ed25519 key pair and installation id, made once when the app first signs a bundle. */
export function createInstallationIdentity(): InstallationIdentity {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  return {
    // 128 random bits: two installations never collide, and it is short enough to show in a list.
    installationId: randomBytes(16).toString('base64url'),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: spkiBase64(publicKey),
  }
}

/** The public half of a stored private key, and the fingerprint the seller reads to the coordinator. */
export function identityFromPrivateKey(privateKeyPem: string): { publicKey: string; fingerprint: string } {
  const publicKey = spkiBase64(createPublicKey(ed25519PrivateKey(privateKeyPem)))
  return { publicKey, fingerprint: keyFingerprint(publicKey) }
}

/**
 * SHA-256 of the public key's SPKI DER, first 64 bits in hex, grouped by four ('a1b2-c3d4-e5f6-a7b8'):
 * short enough to read aloud and compare, long enough that nobody can make a key to match one.
 */
export function keyFingerprint(publicKey: string): string {
  const der = decodeCanonicalBase64(publicKey)
  if (!der) throw new TypeError('keyFingerprint: the public key is not base64')
  return fingerprintOfDer(der)
}

function fingerprintOfDer(der: Buffer): string {
  const hex = createHash('sha256').update(der).digest('hex')
  return [0, 4, 8, 12].map((start) => hex.slice(start, start + 4)).join('-')
}

function spkiDer(key: KeyObject): Buffer {
  return key.export({ type: 'spki', format: 'der' })
}

function spkiBase64(key: KeyObject): string {
  return spkiDer(key).toString('base64')
}

function ed25519PrivateKey(pem: string): KeyObject {
  const key = createPrivateKey(pem)
  // A key of another type would sign happily and every reader would then refuse the bundle.
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`The installation key is ${key.asymmetricKeyType ?? 'of no known type'}, not Ed25519`)
  return key
}

// ----------------------------------------------------------------------------------------------
// Writing a bundle

/**
 * Signs a body with the installation's private key. The body is checked first, with the period
 * rule the contract schema leaves out, so no app ever hands out a file the coordinator would refuse.
 */
export function signBundle(body: BundleBody, privateKeyPem: string): BundleFile {
  const parsed = bundleBodySchema.safeParse(body)
  if (!parsed.success) throw invalidBody(toValidationIssues(parsed.error))
  const periodIssues = checkPeriod(parsed.data.period, [])
  if (periodIssues.length > 0) throw invalidBody(periodIssues)
  let text: string
  try {
    text = canonicalJson(parsed.data)
  } catch (error) {
    throw invalidBody([{ path: [], code: 'not_canonical', message: error instanceof Error ? error.message : String(error) }])
  }
  const key = ed25519PrivateKey(privateKeyPem)
  // Ed25519 hashes the message itself, so the digest argument is null (RFC 8032, PureEdDSA).
  const signature = sign(null, Buffer.from(text, 'utf8'), key)
  return { body: parsed.data, publicKey: spkiBase64(createPublicKey(key)), signature: signature.toString('base64') }
}

function invalidBody(issues: ValidationIssue[]): AppError {
  const first = issues[0]
  const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : ''
  return new AppError('VALIDATION', `The figures cannot be signed${where}: ${first?.message ?? 'unknown problem'}`, { issues })
}

/** `so-lieu-hop-tac-xa-mat-ong-hoa-loc-2026-10-01_2026-12-31.ocop.json`: ASCII only, safe on every file system and in a chat. */
export function bundleFileName(body: Pick<BundleBody, 'seller' | 'period'>): string {
  const slug =
    foldVietnamese(body.seller.name)
      .replace(/[^a-z0-9]+/g, '-')
      .slice(0, 60)
      .replace(/^-+|-+$/g, '') || 'nguoi-ban'
  return `so-lieu-${slug}-${body.period.from}_${body.period.to}.ocop.json`
}

/**
 * The file's text: indented so a person who opens it sees the figures, body first. Whitespace is
 * outside the signature, so a chat app that re-indents or changes line endings does no harm.
 */
export function serializeBundle(file: BundleFile): string {
  return `${JSON.stringify({ body: file.body, publicKey: file.publicKey, signature: file.signature }, null, 2)}\n`
}

// ----------------------------------------------------------------------------------------------
// Reading a bundle

/** Why a file was refused, in `details.reason` of the VALIDATION error; the renderer words it. */
export type BundleRefusalReason = 'bundle_not_json' | 'bundle_format' | 'bundle_invalid' | 'bundle_key' | 'bundle_tampered'

export interface VerifiedBundle {
  readonly file: BundleFile
  /** Of the signing key; see `keyFingerprint`. */
  readonly fingerprint: string
  /** SHA-256 hex of the canonical body: the same figures re-sent under another name hash the same. */
  readonly bodyHash: string
}

function refuse(reason: BundleRefusalReason, message: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('VALIDATION', message, { reason, ...extra })
}

const UTF8_BOM = [0xef, 0xbb, 0xbf]

/**
 * Reads and verifies a bundle file. The checks run from the outside in — text, JSON, format,
 * schema, key, signature — so the reason given is the first thing that is wrong.
 */
export function readBundle(input: Uint8Array | string): VerifiedBundle {
  const raw = parseJson(decodeText(input))

  const rawBody = isPlainRecord(raw) ? raw['body'] : undefined
  const found = isPlainRecord(rawBody) ? rawBody['format'] : undefined
  if (found !== BUNDLE_FORMAT) {
    const shown = typeof found === 'string' ? found : null
    const message =
      shown === null
        ? 'This is not a figures file from the OCOP app'
        : shown.startsWith('ocop-seller-figures/')
          ? `The file is in format ${shown}, which this version of the app cannot read (it reads ${BUNDLE_FORMAT}); update the app`
          : `The file is in format ${shown}, not ${BUNDLE_FORMAT}`
    throw refuse('bundle_format', message, { found: shown, expected: BUNDLE_FORMAT })
  }

  const parsed = bundleFileSchema.safeParse(raw)
  if (!parsed.success) throw invalidFile(toValidationIssues(parsed.error))
  const file = parsed.data
  // zod drops keys it does not know; refuse them instead, so nothing in a verified file is
  // either unsigned or signed but never shown.
  const unknownKeys: (string | number)[][] = []
  collectUnknownKeys(raw, file, [], unknownKeys)
  if (unknownKeys.length > 0) {
    throw invalidFile(unknownKeys.map((path) => ({ path, code: 'unrecognized_keys', message: `unexpected field ${String(path[path.length - 1])}` })))
  }
  const periodIssues = checkPeriod(file.body.period, ['body'])
  if (periodIssues.length > 0) throw invalidFile(periodIssues)

  const der = decodeCanonicalBase64(file.publicKey)
  const key = der ? ed25519PublicKey(der) : null
  if (!der || !key) throw refuse('bundle_key', 'The file does not carry an Ed25519 public key, so it cannot be checked')

  // With no unknown keys left, the validated body and the one in the file have the same
  // canonical JSON: these are exactly the bytes the seller's app signed.
  let canonicalBody: string
  try {
    canonicalBody = canonicalJson(file.body)
  } catch (error) {
    // JSON escapes can spell a lone surrogate ("\ud800"), which no app could have signed.
    throw invalidFile([{ path: ['body'], code: 'not_canonical', message: error instanceof Error ? error.message : String(error) }])
  }
  const signed = Buffer.from(canonicalBody, 'utf8')
  const signature = decodeCanonicalBase64(file.signature)
  if (!signature || signature.length !== 64 || !verify(null, signed, key, signature)) {
    throw refuse('bundle_tampered', "The file was changed after the seller's app signed it")
  }
  return { file, fingerprint: fingerprintOfDer(der), bodyHash: createHash('sha256').update(signed).digest('hex') }
}

function decodeText(input: Uint8Array | string): string {
  if (typeof input === 'string') return input.startsWith('\uFEFF') ? input.slice(1) : input
  // Notepad's "Unicode" is UTF-16: name it, since the person can fix it by saving as UTF-8.
  if ((input[0] === 0xff && input[1] === 0xfe) || (input[0] === 0xfe && input[1] === 0xff)) {
    throw refuse('bundle_not_json', 'The file was saved as UTF-16; a figures file is UTF-8 text', { encoding: 'utf-16' })
  }
  const bytes = UTF8_BOM.every((b, i) => input[i] === b) ? input.subarray(UTF8_BOM.length) : input
  try {
    // fatal: a byte sequence that is not UTF-8 is refused, not turned into U+FFFD (which would
    // only be caught later, as a signature failure with a misleading message).
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
  } catch {
    throw refuse('bundle_not_json', 'The file is not UTF-8 text; it may be damaged or not a figures file', { encoding: 'unknown' })
  }
}

function parseJson(text: string): unknown {
  try {
    // -0 and 0 have the same canonical form, so the signature cannot tell them apart: keep 0.
    return JSON.parse(text, (_key, value: unknown) => (Object.is(value, -0) ? 0 : value))
  } catch {
    throw refuse('bundle_not_json', 'The file is not complete JSON; it may have been cut short or damaged')
  }
}

function invalidFile(issues: ValidationIssue[]): AppError {
  const first = issues[0]
  const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : ''
  return refuse('bundle_invalid', `The figures file does not hold valid figures${where}: ${first?.message ?? 'unknown problem'}`, {
    issues,
    paths: issues.map((issue) => issue.path.join('.')),
  })
}

/** The contract's period is two well-formed strings; a bundle also needs real days in order. */
function checkPeriod(period: { from: string; to: string }, prefix: readonly (string | number)[]): ValidationIssue[] {
  const issues: ValidationIssue[] = []
  for (const end of ['from', 'to'] as const) {
    if (!isIsoDate(period[end])) issues.push({ path: [...prefix, 'period', end], code: 'invalid_date', message: `${period[end]} is not a calendar day` })
  }
  if (issues.length === 0 && period.from > period.to) {
    issues.push({ path: [...prefix, 'period', 'to'], code: 'period_reversed', message: 'the period ends before it starts' })
  }
  return issues
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function collectUnknownKeys(raw: unknown, known: unknown, path: (string | number)[], out: (string | number)[][]): void {
  if (Array.isArray(raw) && Array.isArray(known)) {
    raw.forEach((item, i) => collectUnknownKeys(item, known[i], [...path, i], out))
  } else if (isPlainRecord(raw) && isPlainRecord(known)) {
    for (const key of Object.keys(raw)) {
      if (Object.hasOwn(known, key)) collectUnknownKeys(raw[key], known[key], [...path, key], out)
      else out.push([...path, key])
    }
  }
}

/**
 * Base64 that decodes and re-encodes to the same text. Node's decoder skips stray characters and
 * ignores the spare low bits of the last character, so without this check several different
 * texts would carry the same key or signature, and a changed file could still verify.
 */
function decodeCanonicalBase64(text: string): Buffer | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return null
  const bytes = Buffer.from(text, 'base64')
  return bytes.toString('base64') === text ? bytes : null
}

function ed25519PublicKey(der: Buffer): KeyObject | null {
  try {
    const key = createPublicKey({ key: der, format: 'der', type: 'spki' })
    // Re-encoding must give the same bytes, so the fingerprint is of the one encoding of the key.
    if (key.asymmetricKeyType !== 'ed25519' || !spkiDer(key).equals(der)) return null
    return key
  } catch {
    return null
  }
}
