import { describe, expect, it } from 'vitest'
import { isAllowedExternalUrl, judgeExternalUrl } from './url-policy'

describe('external URL policy', () => {
  it('opens a public https page, normalized by the URL parser', () => {
    expect(judgeExternalUrl('https://ocop.gov.vn/san-pham?id=12#mo-ta')).toEqual({ allowed: true, url: 'https://ocop.gov.vn/san-pham?id=12#mo-ta' })
    expect(judgeExternalUrl('HTTPS://Shopee.VN/shop')).toEqual({ allowed: true, url: 'https://shopee.vn/shop' })
  })

  it('opens an internationalized domain in its punycode form', () => {
    expect(judgeExternalUrl('https://hợptácxã.vn/')).toEqual({ allowed: true, url: 'https://xn--hptcx-zqaq8452d.vn/' })
  })

  it.each([
    ['javascript:alert(1)'],
    ['JaVaScRiPt:alert(document.cookie)'],
    ['vbscript:msgbox(1)'],
    ['data:text/html,<script>alert(1)</script>'],
    ['file:///etc/passwd'],
    ['FILE:///C:/Windows/System32/calc.exe'],
    ['file://server/share/payload.exe'],
    ['app://shop/index.html'],
    ['http://example.com/'],
    ['HTTP://EXAMPLE.COM/'],
    ['ftp://example.com/file'],
    ['smb://server/share'],
    ['ms-msdt:/id%20PCWDiagnostic'],
    ['blob:https://example.com/uuid'],
    ['about:blank'],
    ['chrome://settings'],
  ])('refuses the scheme of %s', (url) => {
    expect(judgeExternalUrl(url)).toEqual({ allowed: false, reason: 'scheme' })
  })

  it.each([['\\\\server\\share\\payload.exe'], ['https:\\\\evil.example.com'], ['https://example.com\\@evil.com'], ['\\\\?\\C:\\Windows']])(
    'refuses the backslashes of the UNC path or disguised URL %s',
    (url) => {
      expect(judgeExternalUrl(url)).toEqual({ allowed: false, reason: 'backslash' })
    },
  )

  it.each([[' https://example.com'], ['https://example.com '], ['java\nscript:alert(1)'], ['java\tscript:alert(1)'], ['https://exa\u0000mple.com'], ['\u2028https://example.com']])(
    'refuses control characters and spaces the parser would silently strip: %j',
    (url) => {
      expect(judgeExternalUrl(url)).toEqual({ allowed: false, reason: 'control-or-space' })
    },
  )

  it('refuses URLs that carry credentials, including the user@host disguise', () => {
    expect(judgeExternalUrl('https://user:pass@example.com/')).toEqual({ allowed: false, reason: 'credentials' })
    expect(judgeExternalUrl('https://example.com@evil.com/')).toEqual({ allowed: false, reason: 'credentials' })
    expect(judgeExternalUrl('https://shopee.vn:@evil.com/')).toEqual({ allowed: false, reason: 'credentials' })
  })

  it('refuses non-default ports, loopback, single-label and IP-literal hosts', () => {
    expect(judgeExternalUrl('https://example.com:8443/')).toEqual({ allowed: false, reason: 'port' })
    for (const url of [
      'https://localhost/',
      'https://app.localhost/',
      'https://intranet/',
      'https://127.0.0.1/',
      'https://2130706433/',
      'https://0x7f.0.0.1/',
      'https://192.168.1.1/admin',
      'https://[::1]/',
      'https://example.com./',
    ]) {
      expect(judgeExternalUrl(url), url).toEqual({ allowed: false, reason: 'host' })
    }
  })

  it('refuses what is not a URL at all', () => {
    expect(judgeExternalUrl('not a url')).toEqual({ allowed: false, reason: 'control-or-space' })
    expect(judgeExternalUrl('//example.com/')).toEqual({ allowed: false, reason: 'unparseable' })
    expect(judgeExternalUrl('')).toEqual({ allowed: false, reason: 'unparseable' })
    expect(judgeExternalUrl(undefined)).toEqual({ allowed: false, reason: 'not-a-string' })
    expect(judgeExternalUrl({ href: 'https://example.com' })).toEqual({ allowed: false, reason: 'not-a-string' })
    expect(judgeExternalUrl(`https://example.com/${'a'.repeat(3000)}`)).toEqual({ allowed: false, reason: 'too-long' })
  })

  describe('with a host allow-list', () => {
    const policy = { allowedHosts: ['ocop.gov.vn', '*.shopee.vn'] }

    it('opens exactly the listed hosts and subdomains of wildcard entries', () => {
      expect(isAllowedExternalUrl('https://ocop.gov.vn/', policy)).toBe(true)
      expect(isAllowedExternalUrl('https://OCOP.GOV.VN/tin-tuc', policy)).toBe(true)
      expect(isAllowedExternalUrl('https://banhang.shopee.vn/', policy)).toBe(true)
      expect(isAllowedExternalUrl('https://a.b.shopee.vn/', policy)).toBe(true)
    })

    it.each([
      ['https://ocop.gov.vn.attacker.com/'],
      ['https://evilocop.gov.vn/'],
      ['https://www.ocop.gov.vn/'],
      ['https://shopee.vn/'],
      ['https://shopee.vn.attacker.com/'],
      ['https://badshopee.vn/'],
      ['https://banhang.shopee.vn.attacker.com/'],
      ['https://ocop.gоv.vn/'],
    ])('refuses the look-alike host %s', (url) => {
      expect(judgeExternalUrl(url, policy)).toEqual({ allowed: false, reason: 'host-not-allowed' })
    })

    it('does not let an allow-list entry widen the scheme rules', () => {
      expect(judgeExternalUrl('http://ocop.gov.vn/', policy)).toEqual({ allowed: false, reason: 'scheme' })
      expect(judgeExternalUrl('https://user@ocop.gov.vn/', policy)).toEqual({ allowed: false, reason: 'credentials' })
    })

    it('never treats a bare top-level wildcard as matching everything', () => {
      expect(isAllowedExternalUrl('https://anything.vn/', { allowedHosts: ['*.vn'] })).toBe(false)
    })
  })

  describe('mailto: and tel:', () => {
    it('opens a plain e-mail address with a subject and body', () => {
      expect(judgeExternalUrl('mailto:htx.chethainguyen@gmail.com?subject=%C4%90%C6%A1n%20h%C3%A0ng&body=Xin%20ch%C3%A0o')).toEqual({
        allowed: true,
        url: 'mailto:htx.chethainguyen@gmail.com?subject=%C4%90%C6%A1n%20h%C3%A0ng&body=Xin%20ch%C3%A0o',
      })
      expect(isAllowedExternalUrl('MAILTO:a@b.vn,c@d.vn')).toBe(true)
    })

    it('refuses mail-client parameters that can attach local files, and malformed addresses', () => {
      expect(judgeExternalUrl('mailto:a@b.vn?attach=/etc/passwd')).toEqual({ allowed: false, reason: 'mail-parameter' })
      expect(judgeExternalUrl('mailto:a@b.vn?subject=x&Attachment=C:/secret.txt')).toEqual({ allowed: false, reason: 'mail-parameter' })
      expect(judgeExternalUrl('mailto:a@b.vn#x')).toEqual({ allowed: false, reason: 'mail-parameter' })
      expect(judgeExternalUrl('mailto:?subject=x')).toEqual({ allowed: false, reason: 'mail-address' })
      expect(judgeExternalUrl('mailto:a@b.vn%0Abcc:all@evil.com')).toEqual({ allowed: false, reason: 'mail-address' })
      expect(judgeExternalUrl('mailto:not-an-address')).toEqual({ allowed: false, reason: 'mail-address' })
      expect(judgeExternalUrl('mailto:a@b.vn%')).toEqual({ allowed: false, reason: 'mail-address' })
    })

    it('opens a phone number and refuses anything else after tel:', () => {
      expect(judgeExternalUrl('tel:+84912345678')).toEqual({ allowed: true, url: 'tel:+84912345678' })
      expect(isAllowedExternalUrl('tel:0912-345-678')).toBe(true)
      expect(judgeExternalUrl('tel:+84912345678?call=auto')).toEqual({ allowed: false, reason: 'phone-number' })
      expect(judgeExternalUrl('tel:*21*123#')).toEqual({ allowed: false, reason: 'phone-number' })
      expect(judgeExternalUrl('tel:javascript:alert(1)')).toEqual({ allowed: false, reason: 'phone-number' })
      expect(judgeExternalUrl('tel://evil.com/')).toEqual({ allowed: false, reason: 'phone-number' })
    })
  })
})
