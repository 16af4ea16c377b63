// Specification of Shopee v2 request signing (section 1.3 of shared/reference/marketplaces-ocop.md).
//
// The reference and Shopee's "API calls" guide give worked BASE STRINGS (partner_id 2001887,
// timestamp 1655714431, the access tokens and ids below) but not the partner key behind the guide's
// example sign 56f31d01…, so that sign cannot be reproduced. The expected HMACs here were computed
// independently of this code, with Python's hmac module and cross-checked with
// `openssl dgst -sha256 -hmac`, e.g.:
//   python3 -c "import hmac,hashlib;print(hmac.new(b'<key>', b'<base string>', hashlib.sha256).hexdigest())"
// The key is the sandbox partner key printed in the guide's Go demo of auth_partner
// (Authorization-and-Authentication.md), used as its UTF-8 string like every official sample.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  isShopeeTimestampFresh,
  SHOPEE_TIMESTAMP_WINDOW_SECONDS,
  shopeeBaseString,
  shopeeCommonParams,
  shopeeSign,
  shopeeSignedQuery,
  shopeeTimestamp,
  type ShopeeSignInput,
  type ShopeeSignSubject,
} from './signing'

const GUIDE_KEY = '1391fd986fe8ec7569bebed75b0c33ee35eb5a305bed7038657a5cd5f75b1c88'

const SHOP_EXAMPLE: ShopeeSignInput = {
  partnerId: '2001887',
  path: '/api/v2/shop/get_shop_info',
  timestamp: 1655714431,
  subject: { kind: 'shop', accessToken: '59777174636562737266615546704c6d', shopId: '14701711' },
}
const MERCHANT_EXAMPLE: ShopeeSignInput = {
  partnerId: '2001887',
  path: '/api/v2/global_product/get_category',
  timestamp: 1655714431,
  subject: { kind: 'merchant', accessToken: '09777174636962737266615546704c6d', merchantId: '1000000' },
}
const PUBLIC_EXAMPLE: ShopeeSignInput = {
  partnerId: '2001887',
  path: '/api/v2/public/get_shops_by_partner',
  timestamp: 1655714431,
  subject: { kind: 'public' },
}

describe('Shopee base string (1.3)', () => {
  it('concatenates partner_id, path, timestamp, access_token and shop_id for a Shop API call, as in the guide', () => {
    expect(shopeeBaseString(SHOP_EXAMPLE)).toBe('2001887/api/v2/shop/get_shop_info165571443159777174636562737266615546704c6d14701711')
  })

  it('uses merchant_id in place of shop_id for a Merchant API call, as in the guide', () => {
    expect(shopeeBaseString(MERCHANT_EXAMPLE)).toBe('2001887/api/v2/global_product/get_category165571443109777174636962737266615546704c6d1000000')
  })

  it('stops after the timestamp for a Public API call, as in the guide', () => {
    expect(shopeeBaseString(PUBLIC_EXAMPLE)).toBe('2001887/api/v2/public/get_shops_by_partner1655714431')
  })

  it('refuses inputs that would sign something other than what is sent', () => {
    expect(() => shopeeBaseString({ ...PUBLIC_EXAMPLE, path: 'https://partner.shopeemobile.com/api/v2/shop/auth_partner' })).toThrow(RangeError)
    expect(() => shopeeBaseString({ ...PUBLIC_EXAMPLE, path: '/api/v2/shop/auth_partner?redirect=x' })).toThrow(RangeError)
    expect(() => shopeeBaseString({ ...PUBLIC_EXAMPLE, path: '/api/v1/shop/auth_partner' })).toThrow(RangeError)
    expect(() => shopeeBaseString({ ...PUBLIC_EXAMPLE, partnerId: ' 2001887' })).toThrow(RangeError)
    expect(() => shopeeBaseString({ ...SHOP_EXAMPLE, subject: { kind: 'shop', accessToken: '', shopId: '1' } })).toThrow(RangeError)
    expect(() => shopeeBaseString({ ...SHOP_EXAMPLE, subject: { kind: 'shop', accessToken: 'abc', shopId: 'shop-1' } })).toThrow(RangeError)
  })

  it('refuses a millisecond timestamp, the most common way to be outside the 5-minute window', () => {
    expect(() => shopeeBaseString({ ...PUBLIC_EXAMPLE, timestamp: 1655714431000 })).toThrow(/Unix seconds/)
    expect(() => shopeeBaseString({ ...PUBLIC_EXAMPLE, timestamp: 1655714431.5 })).toThrow(RangeError)
  })
})

describe('Shopee sign (1.3)', () => {
  it('signs the guide\'s Shop API example (HMAC computed independently with Python and openssl)', () => {
    expect(shopeeSign(GUIDE_KEY, SHOP_EXAMPLE)).toBe('87407e32ecf3a44d7b7262be1fe2a80a3ac0f71b11ceddc74c984d308afb5aa6')
  })

  it('signs the guide\'s Merchant API example (HMAC computed independently with Python)', () => {
    expect(shopeeSign(GUIDE_KEY, MERCHANT_EXAMPLE)).toBe('db0ff209754b0d1b0c7dc9f497d2aa7366eea172c1cec4c9fd94f891e8f2c149')
  })

  it('signs the guide\'s Public API example (HMAC computed independently with Python)', () => {
    expect(shopeeSign(GUIDE_KEY, PUBLIC_EXAMPLE)).toBe('1c35e367d9270ebea7f4aba889457b2e9f2ab8ab7b7b422bc9afa7c794612b12')
  })

  it('signs auth_partner as a Public API call (HMAC computed independently with Python)', () => {
    const input: ShopeeSignInput = { partnerId: '2001887', path: '/api/v2/shop/auth_partner', timestamp: 1655714431, subject: { kind: 'public' } }
    expect(shopeeSign(GUIDE_KEY, input)).toBe('05c24f4195f95412a791412560c56620df4274d92b04b1e73675b292c1c724ad')
  })

  it('uses the partner key as a UTF-8 string, not hex-decoded (that would give 557d82be…)', () => {
    const sign = shopeeSign(GUIDE_KEY, SHOP_EXAMPLE)
    expect(sign).not.toBe('557d82be9a5e76a0d8b9878bcae7cd1a3db9279ad56b7be096c1d02d6bf10e5d')
    expect(sign).toMatch(/^[0-9a-f]{64}$/)
  })

  it('documents a platform property: with no separators, a digit moved from the token to the shop id signs the same', () => {
    // Harmless in practice (Shopee checks the token and the shop separately) but worth knowing
    // when reading "Wrong sign" reports: the signature alone does not pin each parameter.
    const a: ShopeeSignInput = { ...SHOP_EXAMPLE, subject: { kind: 'shop', accessToken: 'abc1', shopId: '23' } }
    const b: ShopeeSignInput = { ...SHOP_EXAMPLE, subject: { kind: 'shop', accessToken: 'abc', shopId: '123' } }
    expect(shopeeSign(GUIDE_KEY, a)).toBe(shopeeSign(GUIDE_KEY, b))
  })
})

describe('Shopee timestamps (1.2)', () => {
  it('are whole Unix seconds rounded down from epoch milliseconds', () => {
    expect(shopeeTimestamp(1655714431999)).toBe(1655714431)
    expect(shopeeTimestamp(1655714431000)).toBe(1655714431)
    expect(() => shopeeTimestamp(Number.NaN)).toThrow(RangeError)
  })

  it('stay fresh for exactly 5 minutes either side of the clock', () => {
    const now = 1655714431_000
    expect(SHOPEE_TIMESTAMP_WINDOW_SECONDS).toBe(300)
    expect(isShopeeTimestampFresh(1655714431 - 300, now)).toBe(true)
    expect(isShopeeTimestampFresh(1655714431 - 301, now)).toBe(false)
    expect(isShopeeTimestampFresh(1655714431 + 300, now)).toBe(true)
    expect(isShopeeTimestampFresh(1655714431 + 301, now)).toBe(false)
  })
})

describe('Shopee common parameters (1.2)', () => {
  const app = { partnerId: '2001887', partnerKey: GUIDE_KEY }

  it('carry partner_id, timestamp, access_token, shop_id and the sign for a Shop API call', () => {
    const params = shopeeCommonParams(app, '/api/v2/shop/get_shop_info', 1655714431_250, SHOP_EXAMPLE.subject)
    expect(params).toEqual({
      partner_id: '2001887',
      timestamp: '1655714431',
      access_token: '59777174636562737266615546704c6d',
      shop_id: '14701711',
      sign: '87407e32ecf3a44d7b7262be1fe2a80a3ac0f71b11ceddc74c984d308afb5aa6',
    })
  })

  it('carry only partner_id, timestamp and sign for a Public API call', () => {
    expect(Object.keys(shopeeCommonParams(app, '/api/v2/auth/token/get', 1655714431_000, { kind: 'public' })).sort()).toEqual(['partner_id', 'sign', 'timestamp'])
  })

  it('repeat a key for an array business parameter and refuse to overwrite a common one', () => {
    const query = shopeeSignedQuery(app, '/api/v2/product/search_item', 1655714431_000, SHOP_EXAMPLE.subject, {
      item_status: ['NORMAL', 'UNLIST'],
      page_size: 10,
      offset: undefined,
    })
    expect(query.getAll('item_status')).toEqual(['NORMAL', 'UNLIST'])
    expect(query.has('offset')).toBe(false)
    expect(() => shopeeSignedQuery(app, '/api/v2/product/search_item', 1655714431_000, SHOP_EXAMPLE.subject, { shop_id: '1' })).toThrow(/common parameter/)
  })
})

// ---- properties ----

const digits = fc.stringMatching(/^[1-9][0-9]{0,11}$/)
const token = fc.stringMatching(/^[0-9a-f]{32}$/)
const apiPath = fc.stringMatching(/^\/api\/v2\/[a-z_]{1,20}\/[a-z_]{1,30}$/)
const seconds = fc.integer({ min: 1_500_000_000, max: 2_500_000_000 })
const key = fc.string({ minLength: 1, maxLength: 80 })
const shopInput = fc.record({
  partnerId: digits,
  path: apiPath,
  timestamp: seconds,
  subject: fc.record({ kind: fc.constant('shop' as const), accessToken: token, shopId: digits }),
})

function withSubject(input: ShopeeSignInput, subject: ShopeeSignSubject): ShopeeSignInput {
  return { ...input, subject }
}

describe('Shopee sign properties', () => {
  it('changes when any one signed component changes', () => {
    fc.assert(
      fc.property(shopInput, key, fc.integer({ min: 0, max: 4 }), digits, token, apiPath, seconds, (input, partnerKey, which, otherDigits, otherToken, otherPath, otherSeconds) => {
        const subject = input.subject
        const changed: ShopeeSignInput[] = [
          { ...input, partnerId: otherDigits },
          { ...input, path: otherPath },
          { ...input, timestamp: otherSeconds },
          withSubject(input, { ...subject, accessToken: otherToken }),
          withSubject(input, { ...subject, shopId: otherDigits }),
        ]
        const other = changed[which]!
        fc.pre(shopeeBaseString(other) !== shopeeBaseString(input))
        expect(shopeeSign(partnerKey, other)).not.toBe(shopeeSign(partnerKey, input))
      }),
    )
  })

  it('never equals the unchanged input\'s base string when a single component differs', () => {
    // The precondition above is not hiding anything: with the other components fixed, a change of
    // one component always changes the concatenation.
    fc.assert(
      fc.property(shopInput, digits, (input, otherShop) => {
        fc.pre(otherShop !== input.subject.shopId)
        expect(shopeeBaseString(withSubject(input, { ...input.subject, shopId: otherShop }))).not.toBe(shopeeBaseString(input))
      }),
    )
  })

  it('changes with the partner key', () => {
    fc.assert(
      fc.property(shopInput, key, key, (input, a, b) => {
        fc.pre(a !== b)
        expect(shopeeSign(a, input)).not.toBe(shopeeSign(b, input))
      }),
    )
  })

  it('does not depend on the business parameters, their order, or the body, which Shopee does not sign', () => {
    const businessEntries = fc.uniqueArray(fc.tuple(fc.stringMatching(/^[a-z]{1,8}$/), fc.string({ maxLength: 20 })), {
      selector: ([name]) => name,
      maxLength: 8,
    })
    fc.assert(
      fc.property(shopInput, key, businessEntries, (input, partnerKey, entries) => {
        const app = { partnerId: input.partnerId, partnerKey }
        const nowMs = input.timestamp * 1000
        const forward = shopeeSignedQuery(app, input.path, nowMs, input.subject, Object.fromEntries(entries))
        const backward = shopeeSignedQuery(app, input.path, nowMs, input.subject, Object.fromEntries([...entries].reverse()))
        const bare = shopeeSignedQuery(app, input.path, nowMs, input.subject)
        expect(forward.get('sign')).toBe(bare.get('sign'))
        expect(backward.get('sign')).toBe(bare.get('sign'))
        for (const [name, value] of entries) expect(forward.get(name)).toBe(value)
      }),
    )
  })

  it('does not depend on the order in which the signer receives its inputs', () => {
    fc.assert(
      fc.property(shopInput, key, (input, partnerKey) => {
        const reordered: ShopeeSignInput = {
          subject: { shopId: input.subject.shopId, accessToken: input.subject.accessToken, kind: 'shop' },
          timestamp: input.timestamp,
          path: input.path,
          partnerId: input.partnerId,
        }
        expect(shopeeSign(partnerKey, reordered)).toBe(shopeeSign(partnerKey, input))
      }),
    )
  })

  it('is always 64 lower-case hex characters', () => {
    fc.assert(
      fc.property(shopInput, key, (input, partnerKey) => {
        expect(shopeeSign(partnerKey, input)).toMatch(/^[0-9a-f]{64}$/)
      }),
    )
  })
})
