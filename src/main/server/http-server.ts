/**
 * Browser mode: the same contract over HTTP, plus the built renderer.
 *   GET  /api              → the operations with their JSON Schemas
 *   POST /api/<operation>  → 200 { ok: true, data } | 4xx/5xx { ok: false, error }
 *                            (upload operations also take multipart/form-data, see multipart.ts)
 *   GET  /api/media-access → { mediaAccess }: a read-only key for image URLs
 *   GET  /media/<key>/<variant>?access=<mediaAccess> → a stored image or document
 *   GET  /vnpay/return, /vnpay/ipn → VNPay's answers (signed by VNPay; no token, see vnpay-callback-route.ts)
 *   GET  /channels/callback → a marketplace's OAuth redirect (a single-use state; no token)
 * Every /api call needs `Authorization: Bearer <token>`. An <img> cannot send that header, so
 * media URLs carry a key derived from the token that can only read media. The server binds to 127.0.0.1 unless
 * told otherwise, so other machines on the co-op's network cannot reach it by default.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createHmac, timingSafeEqual } from 'node:crypto'
import { createReadStream, existsSync, statSync } from 'node:fs'
import sirv from 'sirv'
import { z } from 'zod'
import { AppError, HTTP_STATUS, type Envelope, type ErrorBody } from '@shared/contract/errors'
import { contract, OPERATION_NAMES } from '@shared/contract/operations'
import { MAX_IMPORT_BYTES } from '@shared/contract/inputs'
import { MEDIA_VARIANTS, type MediaVariant } from '@shared/contract/media'
import type { Invoke } from '../dispatch'
import { isMultipart, readMultipartInput } from './multipart'
import type { Logger } from '../logger'
import { RENDERER_CSP } from '../security-headers'
import { isVnpayCallbackPath, serveVnpayCallback, type VnpayCallbackHandler } from '../payments/vnpay-callback-route'
import { CHANNEL_CALLBACK_PATH } from '../publishing/channel-auth'
import { serveChannelCallback, type ChannelCallbackHandler } from '../publishing/channel-callback-route'

export interface HttpServerOptions {
  readonly invoke: Invoke
  readonly token: string
  readonly host: string
  readonly port: number
  /** The built renderer (out/renderer); omitted, only /api is served. */
  readonly rendererDir?: string
  readonly logger: Logger
  readonly actor?: string
  /** Where stored media files are; omitted, /media answers 404. */
  readonly media?: MediaFiles
  /** VNPay's return and IPN (GET /vnpay/return, /vnpay/ipn); omitted, they answer 404. */
  readonly vnpay?: VnpayCallbackHandler
  /** A marketplace's OAuth redirect (GET /channels/callback); omitted, it answers 404. */
  readonly channels?: ChannelCallbackHandler
}

export interface MediaFiles {
  resolve(key: string, variant: MediaVariant): { path: string; mime: string } | undefined
}

export interface RunningServer {
  readonly server: Server
  readonly url: string
  readonly port: number
  close(): Promise<void>
}

/** Base64 grows a file by 4/3; leave room for the JSON around it. */
const MAX_BODY_BYTES = Math.ceil((MAX_IMPORT_BYTES * 4) / 3) + 64 * 1024

export function describeContract(): { operations: unknown[] } {
  return {
    operations: OPERATION_NAMES.map((name) => {
      const def = contract[name]
      return {
        name,
        summary: def.summary,
        input: z.toJSONSchema(def.input, { io: 'input', unrepresentable: 'any' }),
        output: z.toJSONSchema(def.output, { io: 'output', unrepresentable: 'any' }),
        errors: def.errors,
        // Upload operations also take multipart/form-data: part `input` (JSON) plus `files` parts.
        ...(def.upload && { upload: true }),
      }
    }),
  }
}

export function tokenMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer (.+)$/.exec(header ?? '')
  if (!match) return false
  const given = Buffer.from(match[1]!)
  const expected = Buffer.from(token)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/** The read-only key media URLs carry: derived from the token, useless for calling operations. */
export function mediaAccessKey(token: string): string {
  return createHmac('sha256', token).update('ocop-media-read-v1').digest('hex').slice(0, 40)
}

function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  })
  res.end(text)
}

function sendError(res: ServerResponse, error: ErrorBody): void {
  sendJson(res, HTTP_STATUS[error.code], { ok: false, error } satisfies Envelope<never>)
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) throw new Error('too_large')
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

export function createHttpHandler(options: HttpServerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { invoke, token, logger } = options
  const mediaAccess = mediaAccessKey(token)
  const actor = options.actor ?? 'browser'
  const staticFiles =
    options.rendererDir && existsSync(options.rendererDir)
      ? sirv(options.rendererDir, {
          single: true,
          dev: false,
          etag: true,
          setHeaders: (res, pathname) => {
            res.setHeader('X-Content-Type-Options', 'nosniff')
            res.setHeader('Referrer-Policy', 'no-referrer')
            if (pathname.endsWith('.html') || pathname === '/') res.setHeader('Content-Security-Policy', RENDERER_CSP)
          },
        })
      : undefined

  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const path = url.pathname
    if (path.startsWith('/media/') && (req.method === 'GET' || req.method === 'HEAD')) {
      serveMedia(req, res, url)
      return
    }
    if (options.vnpay && isVnpayCallbackPath(path)) {
      const vnpay = options.vnpay
      void serveVnpayCallback(req, res, url, vnpay, (error) => logger.error('VNPay callback failed', error)).catch((error: unknown) => {
        logger.error('VNPay callback failed', error)
        if (!res.headersSent) sendError(res, { code: 'INTERNAL', message: 'Something went wrong inside the app; the details are in its log' })
      })
      return
    }
    if (options.channels && path === CHANNEL_CALLBACK_PATH) {
      void serveChannelCallback(req, res, url, options.channels, (error) => logger.error('channel callback failed', error)).catch((error: unknown) => {
        logger.error('channel callback failed', error)
        if (!res.headersSent) sendError(res, { code: 'INTERNAL', message: 'Something went wrong inside the app; the details are in its log' })
      })
      return
    }
    if (path === '/api' || path.startsWith('/api/')) {
      void handleApi(req, res, path).catch((error: unknown) => {
        logger.error('HTTP handler failed', error)
        if (!res.headersSent) sendError(res, { code: 'INTERNAL', message: 'Something went wrong inside the app; the details are in its log' })
      })
      return
    }
    if (staticFiles && (req.method === 'GET' || req.method === 'HEAD')) {
      staticFiles(req, res, () => sendError(res, { code: 'NOT_FOUND', message: `No page at ${path}` }))
      return
    }
    sendError(res, { code: 'NOT_FOUND', message: `Nothing at ${req.method} ${path}` })
  }

  function serveMedia(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (!sameText(url.searchParams.get('access') ?? '', mediaAccess)) {
      return sendError(res, { code: 'UNAUTHORIZED', message: 'Missing or wrong media access key' })
    }
    const [, , key = '', variant = ''] = url.pathname.split('/')
    const found = (MEDIA_VARIANTS as readonly string[]).includes(variant) ? options.media?.resolve(key, variant as MediaVariant) : undefined
    if (!found) return sendError(res, { code: 'NOT_FOUND', message: `No media ${key}/${variant}` })
    // Content-addressed: the bytes under a key never change, so the browser may keep them for good.
    const etag = `"${key}-${variant}"`
    const headers = {
      'Cache-Control': 'private, max-age=31536000, immutable',
      ETag: etag,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
      'Cross-Origin-Resource-Policy': 'same-origin',
    }
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers)
      res.end()
      return
    }
    let size: number
    try {
      size = statSync(found.path).size
    } catch {
      return sendError(res, { code: 'NOT_FOUND', message: `No media ${key}/${variant}` })
    }
    res.writeHead(200, { ...headers, 'Content-Type': found.mime, 'Content-Length': size })
    if (req.method === 'HEAD') {
      res.end()
      return
    }
    createReadStream(found.path)
      .on('error', (error) => {
        logger.error('media read failed', error)
        res.destroy()
      })
      .pipe(res)
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (!tokenMatches(req.headers.authorization, token)) {
      res.setHeader('WWW-Authenticate', 'Bearer')
      sendError(res, { code: 'UNAUTHORIZED', message: 'Missing or wrong access token (Authorization: Bearer <token>)' })
      return
    }
    if (path === '/api') {
      if (req.method !== 'GET') return sendError(res, { code: 'NOT_FOUND', message: 'Use GET /api' })
      return sendJson(res, 200, describeContract())
    }
    if (path === '/api/media-access') {
      if (req.method !== 'GET') return sendError(res, { code: 'NOT_FOUND', message: 'Use GET /api/media-access' })
      return sendJson(res, 200, { mediaAccess })
    }
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST')
      return sendError(res, { code: 'VALIDATION', message: 'Operations are called with POST' })
    }
    const contentType = req.headers['content-type'] ?? ''
    const name = decodeURIComponent(path.slice('/api/'.length))
    if (isMultipart(contentType)) {
      if (!(OPERATION_NAMES as readonly string[]).includes(name) || !contract[name as keyof typeof contract].upload) {
        return sendError(res, { code: 'VALIDATION', message: `${name} does not take files; send JSON` })
      }
      let input: Record<string, unknown>
      try {
        input = await readMultipartInput(req)
      } catch (error) {
        if (error instanceof AppError) return sendError(res, error.toBody())
        throw error
      }
      const envelope = await invoke(name, input, { actor })
      return envelope.ok ? sendJson(res, 200, envelope) : sendError(res, envelope.error)
    }
    let raw: string
    try {
      raw = await readBody(req)
    } catch {
      return sendError(res, { code: 'VALIDATION', message: `The request is larger than ${MAX_BODY_BYTES} bytes` })
    }
    let input: unknown = {}
    if (raw.trim() !== '') {
      if (!/^application\/json\b/i.test(contentType)) {
        return sendError(res, { code: 'VALIDATION', message: 'Send the input as JSON (Content-Type: application/json)' })
      }
      try {
        input = JSON.parse(raw) as unknown
      } catch {
        return sendError(res, { code: 'VALIDATION', message: 'The request body is not valid JSON' })
      }
    }
    const envelope = await invoke(name, input, { actor })
    if (envelope.ok) sendJson(res, 200, envelope)
    else sendError(res, envelope.error)
  }
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningServer> {
  const server = createServer(createHttpHandler(options))
  server.keepAliveTimeout = 5_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host
  return {
    server,
    port,
    url: `http://${hostForUrl}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
