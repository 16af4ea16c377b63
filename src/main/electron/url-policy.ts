/**
 * Which URLs the app may hand to the operating system (`shell.openExternal`). Electron security
 * checklist items 14–15: a URL given to the OS runs whatever program owns its scheme, so only
 * schemes with a harmless handler pass — web pages over https, and plainly written `mailto:` and
 * `tel:` links (a co-op contacts buyers by phone and e-mail).
 *
 * Everything is decided on the parsed URL (`new URL`), never by `startsWith`/`includes` on the
 * raw text, and the normalized `href` is what gets opened, not the text we were given.
 */

export interface ExternalUrlPolicy {
  /**
   * When set, an https URL must be on one of these hosts. `example.vn` means exactly that host;
   * `*.example.vn` means any subdomain of it (not the bare domain, and label by label, so
   * `example.vn.attacker.com` and `badexample.vn` never match).
   */
  readonly allowedHosts?: readonly string[]
}

export type ExternalUrlVerdict =
  | { readonly allowed: true; readonly url: string }
  | { readonly allowed: false; readonly reason: ExternalUrlRefusal }

export type ExternalUrlRefusal =
  | 'not-a-string'
  | 'too-long'
  | 'control-or-space'
  | 'backslash'
  | 'unparseable'
  | 'scheme'
  | 'credentials'
  | 'port'
  | 'host'
  | 'host-not-allowed'
  | 'mail-address'
  | 'mail-parameter'
  | 'phone-number'

const MAX_URL_LENGTH = 2048

/** An address without the exotic parts (quoted local parts, IP literals) nobody links to. */
const MAIL_ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/
/** Only the prefill fields; `attach`, `file` and friends have let links read local files in some mail clients. */
const MAIL_PARAMETERS: ReadonlySet<string> = new Set(['subject', 'body', 'cc', 'bcc'])
/** E.164-ish: optional +, digits and the visual separators of RFC 3966 §3 (no extensions or parameters). */
const PHONE_NUMBER = /^\+?[0-9](?:[0-9.\-()]|%20){2,30}$/
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/

export function judgeExternalUrl(raw: unknown, policy: ExternalUrlPolicy = {}): ExternalUrlVerdict {
  if (typeof raw !== 'string') return refuse('not-a-string')
  if (raw.length > MAX_URL_LENGTH) return refuse('too-long')
  // The URL parser silently strips tabs/newlines and leading/trailing C0 and spaces
  // (`java\nscript:` parses as `javascript:`): refuse them instead of letting it "repair" the text.
  if (hasControlOrSpace(raw)) return refuse('control-or-space')
  // `\` is read as `/` in special URLs, and `\\server\share` is a Windows UNC path.
  if (raw.includes('\\')) return refuse('backslash')

  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return refuse('unparseable')
  }
  if (url.username !== '' || url.password !== '') return refuse('credentials')

  switch (url.protocol) {
    case 'https:':
      return judgeWebUrl(url, policy)
    case 'mailto:':
      return judgeMailUrl(url)
    case 'tel:':
      return judgeTelUrl(url)
    default:
      return refuse('scheme')
  }
}

export function isAllowedExternalUrl(raw: unknown, policy?: ExternalUrlPolicy): boolean {
  return judgeExternalUrl(raw, policy).allowed
}

function judgeWebUrl(url: URL, policy: ExternalUrlPolicy): ExternalUrlVerdict {
  if (url.port !== '') return refuse('port')
  const host = url.hostname
  // Single-label names, loopback and IP literals point into the user's own machine or network
  // (routers, admin panels); no shop, marketplace or government page lives there.
  if (host === '' || !host.includes('.') || host.endsWith('.') || host.startsWith('[') || IPV4.test(host)) return refuse('host')
  if (host === 'localhost' || host.endsWith('.localhost')) return refuse('host')
  if (policy.allowedHosts !== undefined && !policy.allowedHosts.some((entry) => hostMatches(host, entry))) {
    return refuse('host-not-allowed')
  }
  return { allowed: true, url: url.href }
}

function hostMatches(host: string, entry: string): boolean {
  const pattern = entry.toLowerCase()
  if (pattern.startsWith('*.')) {
    const parent = pattern.slice(2)
    return parent.includes('.') && host.length > parent.length + 1 && host.endsWith(`.${parent}`)
  }
  return host === pattern
}

function judgeMailUrl(url: URL): ExternalUrlVerdict {
  const addresses = url.pathname.split(',')
  for (const encoded of addresses) {
    const address = safeDecode(encoded)
    if (address === null || !MAIL_ADDRESS.test(address)) return refuse('mail-address')
  }
  for (const name of url.searchParams.keys()) {
    if (!MAIL_PARAMETERS.has(name.toLowerCase())) return refuse('mail-parameter')
  }
  if (url.hash !== '') return refuse('mail-parameter')
  return { allowed: true, url: url.href }
}

function judgeTelUrl(url: URL): ExternalUrlVerdict {
  if (url.search !== '' || url.hash !== '' || !PHONE_NUMBER.test(url.pathname)) return refuse('phone-number')
  return { allowed: true, url: url.href }
}

function hasControlOrSpace(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code <= 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) return true
  }
  return false
}

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text)
  } catch {
    return null
  }
}

function refuse(reason: ExternalUrlRefusal): ExternalUrlVerdict {
  return { allowed: false, reason }
}
