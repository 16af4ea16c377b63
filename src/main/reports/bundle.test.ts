// The seller bundle as a coordinator meets it: files that went through USB sticks and chat apps,
// some re-indented on the way, some edited by hand, some not bundles at all.
import { createHash, createPrivateKey, generateKeyPairSync, sign, verify } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { AppError } from '@shared/contract/errors'
import { BUNDLE_FORMAT, type BundleBody, type BundleFile } from '@shared/contract/reports'
import {
  bundleFileName,
  canonicalJson,
  createInstallationIdentity,
  identityFromPrivateKey,
  keyFingerprint,
  readBundle,
  serializeBundle,
  signBundle,
  type BundleRefusalReason,
} from './bundle'
import { seededRandom } from '@shared/seeded-random'

/** A honey cooperative's last quarter of 2026; the sales total is the sum of its channels. */
function honeyCooperativeBody(installationId: string): BundleBody {
  return {
    format: BUNDLE_FORMAT,
    installationId,
    seller: {
      name: 'Hợp tác xã Mật ong Hòa Lộc',
      kind: 'cooperative',
      taxCode: '1402176593',
      address: 'Ấp Hòa Lộc, xã Tân Mỹ, tỉnh Đồng Tháp',
    },
    period: { from: '2026-10-01', to: '2026-12-31' },
    generatedAt: '2027-01-02T02:15:40.000Z',
    appVersion: '0.1.0',
    figures: {
      onlineSellers: { cooperatives: 1, households: 7, enterprises: 0, groups: 1 },
      ocop: {
        byStar: { '3': 3, '4': 2, '5': 0 },
        listedOn: { shopee: 3, lazada: 1, tiktok: 2, ntm_portal: 5, file_export: 5 },
      },
      products: { active: 12, withTraceability: 8, listedOnline: 9 },
      sales: {
        byChannel: [
          { channel: 'counter', orders: 41, netVnd: 18_650_000 },
          { channel: 'zalo', orders: 23, netVnd: 9_870_000 },
          { channel: 'facebook', orders: 12, netVnd: 5_340_000 },
          { channel: 'shopee', orders: 37, netVnd: 14_215_000 },
          { channel: 'tiktok', orders: 9, netVnd: 3_120_000 },
          { channel: 'ntm_portal', orders: 4, netVnd: 2_400_000 },
        ],
        total: { orders: 126, netVnd: 53_595_000 },
      },
      collections: [
        { method: 'cash', amountVnd: 21_460_000 },
        { method: 'cod', amountVnd: 6_720_000 },
        { method: 'vietqr', amountVnd: 11_980_000 },
        { method: 'vnpay', amountVnd: 1_200_000 },
        { method: 'marketplace', amountVnd: 16_185_000 },
      ],
    },
  }
}

function signedSample() {
  const identity = createInstallationIdentity()
  const body = honeyCooperativeBody(identity.installationId)
  const file = signBundle(body, identity.privateKeyPem)
  const text = serializeBundle(file)
  return { identity, body, file, text, bytes: Buffer.from(text, 'utf8') }
}

interface Refusal {
  readonly message: string
  readonly reason: BundleRefusalReason
  readonly details: Record<string, unknown>
}

/** The VALIDATION error readBundle throws, or a failed expectation if it accepted the file. */
function refusalOf(input: Uint8Array | string): Refusal {
  try {
    readBundle(input)
  } catch (error) {
    expect(error).toBeInstanceOf(AppError)
    const appError = error as AppError
    expect(appError.code).toBe('VALIDATION')
    const details = appError.details as Record<string, unknown>
    return { message: appError.message, reason: details['reason'] as BundleRefusalReason, details }
  }
  throw new Error('the file was accepted')
}

function withFile(text: string, change: (file: { body: Record<string, unknown>; publicKey: string; signature: string }) => void): string {
  const file = JSON.parse(text) as { body: Record<string, unknown>; publicKey: string; signature: string }
  change(file)
  return `${JSON.stringify(file, null, 2)}\n`
}

/** Same JSON, keys in reverse order at every level. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys)
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reverseKeys(v)]),
    )
  }
  return value
}

const isAsciiAlnum = (byte: number) => (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
const JSON_WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d])

/**
 * Byte offsets, in [from, to), of the letters and digits of JSON values (not keys): string
 * contents, numbers and literals. Bytes of multi-byte UTF-8 letters (the Vietnamese ones) count.
 */
function valueLetterOffsets(bytes: Uint8Array, from: number, to: number): number[] {
  const offsets: number[] = []
  let i = 0
  while (i < bytes.length) {
    if (bytes[i] === 0x22) {
      let end = i + 1
      while (bytes[end] !== 0x22) end += bytes[end] === 0x5c ? 2 : 1
      let next = end + 1
      while (JSON_WHITESPACE.has(bytes[next] ?? 0)) next++
      const isKey = bytes[next] === 0x3a
      if (!isKey) for (let p = i + 1; p < end; p++) if (isAsciiAlnum(bytes[p]!) || bytes[p]! >= 0x80) offsets.push(p)
      i = end + 1
    } else {
      if (isAsciiAlnum(bytes[i]!)) offsets.push(i)
      i++
    }
  }
  return offsets.filter((p) => p >= from && p < to)
}

describe('canonicalJson', () => {
  it('sorts keys, leaves arrays in order and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'é', 3], B: { z: 0, y: -0 } })).toBe('{"B":{"y":0,"z":0},"a":[true,null,"é",3],"b":1}')
  })

  it('sorts by UTF-16 code units, not by code points (RFC 8785 §3.2.3)', () => {
    // U+1F36F (honey pot) is the surrogate pair D83C DF6F, which sorts before U+FF21.
    expect(canonicalJson({ '\uFF21': 2, '\u{1F36F}': 1 })).toBe('{"\u{1F36F}":1,"\uFF21":2}')
  })

  it('gives the same text whatever the order of the keys', () => {
    const body = honeyCooperativeBody('vK3f9QeLr2xWmA7cT1yZbg')
    expect(canonicalJson(reverseKeys(body))).toBe(canonicalJson(body))
    expect(canonicalJson(JSON.parse(JSON.stringify(body, null, 4)))).toBe(canonicalJson(body))
  })

  it('writes strings the way JSON.stringify does', () => {
    const tricky = 'Mắm "ruốc"\n\t\\ \u2028 \u0001 \u{1F36F}'
    expect(canonicalJson(tricky)).toBe(JSON.stringify(tricky))
  })

  it('throws on what JSON would silently change or drop', () => {
    class Figures {
      orders = 1
    }
    // A sparse array: JSON.stringify would write its hole as null.
    const sparse: unknown[] = [1]
    sparse[2] = 3
    const cyclic: Record<string, unknown> = {}
    cyclic['self'] = cyclic
    const refused: unknown[] = [
      Number.NaN,
      { orders: Number.NaN },
      [Number.POSITIVE_INFINITY],
      -Infinity,
      undefined,
      [1, undefined, 3],
      { taxCode: undefined },
      sparse,
      new Date('2026-12-31T00:00:00Z'),
      new Map([['orders', 1]]),
      new Figures(),
      10n,
      () => 1,
      Symbol('orders'),
      { [Symbol('hidden')]: 1 },
      cyclic,
      'half a pair \uD83C',
      { ['\uDF6F']: 1 },
    ]
    for (const value of refused) expect(() => canonicalJson(value), String(typeof value)).toThrow(TypeError)
  })

  it('accepts a value that is reached twice without being inside itself', () => {
    const shared = { orders: 1 }
    expect(canonicalJson({ a: shared, b: [shared] })).toBe('{"a":{"orders":1},"b":[{"orders":1}]}')
  })
})

describe('installation identity', () => {
  it('makes an Ed25519 key pair and a random installation id', () => {
    const one = createInstallationIdentity()
    const two = createInstallationIdentity()
    expect(one.installationId).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(one.installationId).not.toBe(two.installationId)
    expect(one.publicKey).not.toBe(two.publicKey)
    // SPKI DER of an Ed25519 key: the fixed 12-byte header (OID 1.3.101.112) and 32 key bytes.
    expect(Buffer.from(one.publicKey, 'base64').subarray(0, 12).toString('hex')).toBe('302a300506032b6570032100')
    expect(one.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/)
  })

  it('rebuilds the public key and fingerprint from the stored private key', () => {
    const identity = createInstallationIdentity()
    const rebuilt = identityFromPrivateKey(identity.privateKeyPem)
    expect(rebuilt.publicKey).toBe(identity.publicKey)
    expect(rebuilt.fingerprint).toBe(keyFingerprint(identity.publicKey))
    expect(rebuilt.fingerprint).toMatch(/^[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}$/)
  })

  it('refuses a private key that is not Ed25519', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    expect(() => identityFromPrivateKey(pem)).toThrow(/not Ed25519/)
    expect(() => signBundle(honeyCooperativeBody('vK3f9QeLr2xWmA7cT1yZbg'), pem)).toThrow(/not Ed25519/)
  })
})

describe('signing a bundle', () => {
  it('signs exactly the UTF-8 bytes of the canonical body', () => {
    const { identity, body, file } = signedSample()
    expect(file.body).toEqual(body)
    expect(file.publicKey).toBe(identity.publicKey)
    const publicKey = { key: Buffer.from(file.publicKey, 'base64'), format: 'der', type: 'spki' } as const
    expect(verify(null, Buffer.from(canonicalJson(body), 'utf8'), publicKey, Buffer.from(file.signature, 'base64'))).toBe(true)
  })

  it('refuses figures the schema refuses, naming where', () => {
    const identity = createInstallationIdentity()
    const body = honeyCooperativeBody(identity.installationId)
    body.figures.sales.total.orders = -3
    let caught: unknown
    try {
      signBundle(body, identity.privateKeyPem)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(AppError)
    expect((caught as AppError).code).toBe('VALIDATION')
    const issues = ((caught as AppError).details as { issues: { path: unknown[] }[] }).issues
    expect(issues.map((issue) => issue.path)).toContainEqual(['figures', 'sales', 'total', 'orders'])
  })

  it('refuses a period that ends before it starts or names a day that does not exist', () => {
    const identity = createInstallationIdentity()
    const reversed = honeyCooperativeBody(identity.installationId)
    reversed.period = { from: '2026-12-31', to: '2026-10-01' }
    expect(() => signBundle(reversed, identity.privateKeyPem)).toThrow(/ends before it starts/)
    const noSuchDay = honeyCooperativeBody(identity.installationId)
    noSuchDay.period = { from: '2026-02-01', to: '2026-02-30' }
    expect(() => signBundle(noSuchDay, identity.privateKeyPem)).toThrow(/not a calendar day/)
  })

  it('refuses text that has no UTF-8 form instead of signing whatever the encoder makes of it', () => {
    const identity = createInstallationIdentity()
    const body = honeyCooperativeBody(identity.installationId)
    body.seller.name = 'Hợp tác xã \uD83C'
    expect(() => signBundle(body, identity.privateKeyPem)).toThrow(AppError)
  })

  it('names the file after the seller, in ASCII, and the period', () => {
    const body = honeyCooperativeBody('vK3f9QeLr2xWmA7cT1yZbg')
    expect(bundleFileName(body)).toBe('so-lieu-hop-tac-xa-mat-ong-hoa-loc-2026-10-01_2026-12-31.ocop.json')
    const household = { ...body, seller: { ...body.seller, name: '  Hộ kinh doanh Đặng Thị Ước / Bánh tráng  ' } }
    expect(bundleFileName(household)).toBe('so-lieu-ho-kinh-doanh-dang-thi-uoc-banh-trang-2026-10-01_2026-12-31.ocop.json')
    const noLetters = { ...body, seller: { ...body.seller, name: '—' } }
    expect(bundleFileName(noLetters)).toBe('so-lieu-nguoi-ban-2026-10-01_2026-12-31.ocop.json')
    const long = { ...body, seller: { ...body.seller, name: 'Hợp tác xã '.repeat(20) } }
    expect(bundleFileName(long)).toMatch(/^so-lieu-[a-z0-9]+(-[a-z0-9]+)*-2026-10-01_2026-12-31\.ocop\.json$/)
    expect(bundleFileName(long).length).toBeLessThanOrEqual('so-lieu--2026-10-01_2026-12-31.ocop.json'.length + 60)
  })

  it('writes the figures indented, body first, with a final newline', () => {
    const { text } = signedSample()
    expect(text.endsWith('}\n')).toBe(true)
    expect(text.startsWith('{\n  "body": {\n    "format": "ocop-seller-figures/1",')).toBe(true)
    expect(text).toContain('"name": "Hợp tác xã Mật ong Hòa Lộc"')
    expect(text).toContain('"netVnd": 53595000')
  })
})

describe('reading a bundle', () => {
  it('gives back the signed body, its hash and the key fingerprint', () => {
    const { identity, body, bytes, text } = signedSample()
    const read = readBundle(bytes)
    expect(read.file.body).toEqual(body)
    expect(read.file.publicKey).toBe(identity.publicKey)
    expect(read.bodyHash).toBe(createHash('sha256').update(canonicalJson(body), 'utf8').digest('hex'))
    expect(read.fingerprint).toBe(identityFromPrivateKey(identity.privateKeyPem).fingerprint)
    // The same file as text, read again: the same answers.
    expect(readBundle(text)).toEqual(read)
  })

  it('keeps the fingerprint of an installation from one bundle to the next', () => {
    const { identity, body, bytes } = signedSample()
    const first = readBundle(bytes)
    const nextQuarter = { ...body, period: { from: '2027-01-01', to: '2027-03-31' }, generatedAt: '2027-04-01T01:00:00.000Z' }
    const second = readBundle(serializeBundle(signBundle(nextQuarter, identity.privateKeyPem)))
    expect(second.fingerprint).toBe(first.fingerprint)
    expect(second.bodyHash).not.toBe(first.bodyHash)
    expect(readBundle(signedSample().bytes).fingerprint).not.toBe(first.fingerprint)
  })

  it('accepts the file after a chat app rewrote its line endings, indentation or key order', () => {
    const { body, text } = signedSample()
    const parsed: unknown = JSON.parse(text)
    const variants = {
      crlf: text.replace(/\n/g, '\r\n'),
      'old Mac line endings': text.replace(/\n/g, '\r'),
      'four spaces': JSON.stringify(parsed, null, 4),
      tabs: JSON.stringify(parsed, null, '\t'),
      minified: JSON.stringify(parsed),
      'keys reversed': JSON.stringify(reverseKeys(parsed), null, 2),
      'string with a BOM': `\uFEFF${text}`,
    }
    for (const [how, variant] of Object.entries(variants)) expect(readBundle(Buffer.from(variant, 'utf8')).file.body, how).toEqual(body)
    const withBomBytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.replace(/\n/g, '\r\n'), 'utf8')])
    expect(readBundle(withBomBytes).file.body).toEqual(body)
    expect(readBundle(variants['string with a BOM']).file.body).toEqual(body)
  })

  it('refuses a file where one digit of an amount was changed', () => {
    const { text } = signedSample()
    expect(text).toContain('"netVnd": 53595000')
    const refusal = refusalOf(text.replace('"netVnd": 53595000', '"netVnd": 53695000'))
    expect(refusal.reason).toBe('bundle_tampered')
    expect(refusal.message).toBe("The file was changed after the seller's app signed it")
  })

  it("refuses a file that carries another installation's public key", () => {
    const { text } = signedSample()
    const other = createInstallationIdentity()
    expect(refusalOf(withFile(text, (file) => { file.publicKey = other.publicKey })).reason).toBe('bundle_tampered')
  })

  it('refuses a file whose seller was renamed', () => {
    const { text } = signedSample()
    expect(refusalOf(text.replace('Mật ong Hòa Lộc', 'Mật ong Hòa Lợi')).reason).toBe('bundle_tampered')
    const renamed = withFile(text, (file) => {
      ;(file.body['seller'] as { name: string }).name = 'Hợp tác xã Mật ong Tân Mỹ'
    })
    expect(refusalOf(renamed).reason).toBe('bundle_tampered')
  })

  it("refuses a signature made over another body, even by the same installation", () => {
    const { identity, body, text } = signedSample()
    const otherSignature = signBundle({ ...body, appVersion: '0.1.1' }, identity.privateKeyPem).signature
    expect(refusalOf(withFile(text, (file) => { file.signature = otherSignature })).reason).toBe('bundle_tampered')
  })

  it('refuses a file that was cut short, random bytes and UTF-16 text as not JSON', () => {
    const { text, bytes } = signedSample()
    expect(refusalOf(bytes.subarray(0, Math.floor(bytes.length / 2))).reason).toBe('bundle_not_json')
    expect(refusalOf(text.slice(0, -3)).reason).toBe('bundle_not_json')
    const random = seededRandom(20261231)
    const noise = Uint8Array.from({ length: 600 }, () => Math.floor(random() * 256))
    expect(refusalOf(noise).reason).toBe('bundle_not_json')
    expect(refusalOf(new Uint8Array(0)).reason).toBe('bundle_not_json')
    // One byte of the "ậ" in the seller's name broken: refused as text, before any signature check.
    const brokenLetter = Buffer.from(bytes)
    brokenLetter[bytes.indexOf('ật ong')] = 0xff
    expect(refusalOf(brokenLetter)).toMatchObject({ reason: 'bundle_not_json', details: { encoding: 'unknown' } })
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
    expect(refusalOf(utf16)).toMatchObject({ reason: 'bundle_not_json', details: { encoding: 'utf-16' } })
  })

  it('refuses another format, saying which one it found', () => {
    const { text } = signedSample()
    const newer = refusalOf(withFile(text, (file) => { file.body['format'] = 'ocop-seller-figures/2' }))
    expect(newer).toMatchObject({ reason: 'bundle_format', details: { found: 'ocop-seller-figures/2', expected: BUNDLE_FORMAT } })
    expect(newer.message).toContain('ocop-seller-figures/2')
    expect(refusalOf('{"name":"ocop-storefront","version":"0.1.0"}')).toMatchObject({ reason: 'bundle_format', details: { found: null } })
    expect(refusalOf('[1,2,3]').reason).toBe('bundle_format')
    expect(refusalOf(withFile(text, (file) => { delete file.body['format'] })).reason).toBe('bundle_format')
  })

  it('refuses a file without figures, naming the missing field', () => {
    const { text } = signedSample()
    const refusal = refusalOf(withFile(text, (file) => { delete file.body['figures'] }))
    expect(refusal.reason).toBe('bundle_invalid')
    expect(refusal.details['paths']).toContain('body.figures')
    expect(refusal.message).toContain('body.figures')
  })

  it('refuses fields the format does not have, signed or not', () => {
    const { identity, body, text } = signedSample()
    const unsignedNote = withFile(text, (file) => {
      file.body['note'] = 'đã kiểm tra'
    })
    expect(refusalOf(unsignedNote)).toMatchObject({ reason: 'bundle_invalid', details: { paths: ['body.note'] } })
    const besideTheBody = withFile(text, (file) => { Object.assign(file, { comment: 'gửi qua Zalo' }) })
    expect(refusalOf(besideTheBody)).toMatchObject({ reason: 'bundle_invalid', details: { paths: ['comment'] } })
    // Signed by the real key: the signature is good, the extra field still is not part of the format.
    const extra = { ...body, figures: { ...body.figures, products: { ...body.figures.products, draft: 4 } } }
    const signature = sign(null, Buffer.from(canonicalJson(extra), 'utf8'), createPrivateKey(identity.privateKeyPem)).toString('base64')
    const signedExtra = serializeBundle({ body: extra, publicKey: identity.publicKey, signature } as BundleFile)
    expect(refusalOf(signedExtra)).toMatchObject({ reason: 'bundle_invalid', details: { paths: ['body.figures.products.draft'] } })
  })

  it('refuses text that no app could have signed: a lone surrogate spelled as a JSON escape', () => {
    const { text } = signedSample()
    const refusal = refusalOf(text.replace('"name": "Hợp tác xã', '"name": "\\ud83cHợp tác xã'))
    expect(refusal.reason).toBe('bundle_invalid')
    expect(refusal.message).toContain('lone surrogate')
  })

  it('refuses a period that ends before it starts, even when properly signed', () => {
    const { identity, body } = signedSample()
    const reversed = { ...body, period: { from: '2026-12-31', to: '2026-10-01' } }
    const signature = sign(null, Buffer.from(canonicalJson(reversed), 'utf8'), createPrivateKey(identity.privateKeyPem)).toString('base64')
    const refusal = refusalOf(serializeBundle({ body: reversed, publicKey: identity.publicKey, signature }))
    expect(refusal).toMatchObject({ reason: 'bundle_invalid', details: { paths: ['body.period.to'] } })
  })

  it('refuses a public key that is not an Ed25519 SPKI key', () => {
    const { text, identity } = signedSample()
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64')
    const x25519 = generateKeyPairSync('x25519').publicKey.export({ type: 'spki', format: 'der' }).toString('base64')
    const rawKeyBytes = Buffer.from(identity.publicKey, 'base64').subarray(12).toString('base64')
    const notAKey = Buffer.alloc(44, 7).toString('base64')
    for (const publicKey of [p256, x25519, rawKeyBytes, notAKey, `${identity.publicKey}\n`, 'đây không phải là khóa công khai của hợp tác xã']) {
      expect(refusalOf(withFile(text, (file) => { file.publicKey = publicKey })).reason, publicKey).toBe('bundle_key')
    }
  })

  it('refuses every change to one character of the key or the signature', () => {
    const { text, file } = signedSample()
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
    for (const field of ['publicKey', 'signature'] as const) {
      const original = file[field]
      for (let i = 0; i < original.length; i++) {
        // The next letter of the alphabet: at the last data character this flips only the spare
        // low bits, which Node's base64 decoder ignores; the reader must still refuse it.
        const current = alphabet.indexOf(original[i]!)
        const replacement = current < 0 ? 'A' : alphabet[(current + 1) % alphabet.length]!
        const changed = original.slice(0, i) + replacement + original.slice(i + 1)
        const refusal = refusalOf(withFile(text, (f) => { f[field] = changed }))
        expect(['bundle_key', 'bundle_tampered', 'bundle_invalid'], `${field}[${i}]`).toContain(refusal.reason)
      }
    }
  })

  it('never accepts a changed value: 200 random one-byte changes to the letters and digits of the body', () => {
    const { body, bytes } = signedSample()
    const original = readBundle(bytes)
    const bodyStart = bytes.indexOf('"body"')
    const bodyEnd = bytes.indexOf('"publicKey"')
    const offsets = valueLetterOffsets(bytes, bodyStart, bodyEnd)
    // Every value of the body has letters or digits, Vietnamese ones included.
    expect(offsets.length).toBeGreaterThan(300)
    expect(offsets.some((p) => bytes[p]! >= 0x80)).toBe(true)

    const seed = 0x0c0b2026
    const random = seededRandom(seed)
    const alphabet = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')
    const reasons = new Map<string, number>()
    for (let round = 0; round < 200; round++) {
      const offset = offsets[Math.floor(random() * offsets.length)]!
      let replacement = alphabet[Math.floor(random() * alphabet.length)]!
      if (replacement === bytes[offset]) replacement = replacement === 0x30 ? 0x31 : 0x30
      const changed = Buffer.from(bytes)
      changed[offset] = replacement
      const what = `seed ${seed}, round ${round}: byte ${offset} ${bytes[offset]} → ${replacement}`
      let accepted: ReturnType<typeof readBundle> | undefined
      try {
        accepted = readBundle(changed)
      } catch (error) {
        expect(error, what).toBeInstanceOf(AppError)
        const reason = ((error as AppError).details as { reason: string }).reason
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1)
      }
      if (accepted) {
        // Only a change that leaves every value as it was may pass.
        expect(accepted.file.body, what).toEqual(body)
        expect(accepted.bodyHash, what).toBe(original.bodyHash)
      }
    }
    // The signature, not just the parser or the schema, caught a good share of them.
    expect(reasons.get('bundle_tampered') ?? 0).toBeGreaterThan(25)
  })

  it('accepts any change to the whitespace between values', () => {
    const { body, bytes } = signedSample()
    const random = seededRandom(1_000_003)
    const spaces = [...bytes.keys()].filter((p) => bytes[p] === 0x20 && !isInsideString(bytes, p))
    expect(spaces.length).toBeGreaterThan(100)
    for (let round = 0; round < 50; round++) {
      const changed = Buffer.from(bytes)
      changed[spaces[Math.floor(random() * spaces.length)]!] = [0x09, 0x0a, 0x0d][round % 3]!
      expect(readBundle(changed).file.body, `round ${round}`).toEqual(body)
    }
  })
})

function isInsideString(bytes: Uint8Array, offset: number): boolean {
  let inside = false
  for (let i = 0; i < offset; i++) {
    if (inside && bytes[i] === 0x5c) i++
    else if (bytes[i] === 0x22) inside = !inside
  }
  return inside
}
