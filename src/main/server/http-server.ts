/**
 * Browser mode: the same contract over HTTP, plus the built renderer.
 *   GET  /api              → the operations with their JSON Schemas
 *   POST /api/<operation>  → 200 { ok: true, data } | 4xx/5xx { ok: false, error }
 * Every /api call needs `Authorization: Bearer <token>`. The server binds to 127.0.0.1 unless
 * told otherwise, so other machines on the co-op's network cannot reach it by default.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { timingSafeEqual } from 'node:crypto'
import { existsSync } from 'node:fs'
import sirv from 'sirv'
import { z } from 'zod'
import { HTTP_STATUS, type Envelope, type ErrorBody } from '@shared/contract/errors'
import { contract, OPERATION_NAMES } from '@shared/contract/operations'
import { MAX_IMPORT_BYTES } from '@shared/contract/inputs'
import type { Invoke } from '../dispatch'
import type { Logger } from '../logger'
import { RENDERER_CSP } from '../security-headers'

export interface HttpServerOptions {
  readonly invoke: Invoke
  readonly token: string
  readonly host: string
  readonly port: number
  /** The built renderer (out/renderer); omitted, only /api is served. */
  readonly rendererDir?: string
  readonly logger: Logger
  readonly actor?: string
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
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST')
      return sendError(res, { code: 'VALIDATION', message: 'Operations are called with POST' })
    }
    const contentType = req.headers['content-type'] ?? ''
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
    const name = decodeURIComponent(path.slice('/api/'.length))
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
