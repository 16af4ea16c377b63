/**
 * The one way the UI talks to the backend: `call(name, input)`, typed by the contract.
 * Inside Electron the preload exposes `window.ocop` (one function per operation, answering
 * envelopes over IPC); in a plain browser the same envelopes come from `POST /api/<name>`.
 * Which one answers is decided once, here; no screen knows or cares.
 */
import { BRIDGE_GLOBAL, type BridgeApi } from '@shared/contract/bridge'
import type { Envelope } from '@shared/contract/errors'
import type { OperationInput, OperationName, OperationOutput } from '@shared/contract/operations'
import { ApiError, toClientErrorCode } from './errors'
import { accessToken } from './token'

type Transport = <K extends OperationName>(name: K, input: OperationInput<K> | undefined) => Promise<Envelope<OperationOutput<K>>>

export type TransportKind = 'bridge' | 'http'

/** The preload declares `window.ocop` as optional (src/preload/index.d.ts): absent in a plain browser. */
function findBridge(): BridgeApi | undefined {
  const candidate: unknown = window[BRIDGE_GLOBAL]
  return typeof candidate === 'object' && candidate !== null ? (candidate as BridgeApi) : undefined
}

function bridgeTransport(bridge: BridgeApi): Transport {
  return (name, input) => {
    const operation = bridge[name] as unknown as (input: unknown) => Promise<Envelope<OperationOutput<typeof name>>>
    return operation(input ?? {})
  }
}

function isEnvelope(value: unknown): value is Envelope<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false
  const v = value as { ok: unknown; error?: unknown }
  return v.ok === true || (v.ok === false && typeof v.error === 'object' && v.error !== null)
}

interface FilePart {
  name: string
  bytes: Uint8Array
}

function filesOf(input: unknown): FilePart[] | undefined {
  if (typeof input !== 'object' || input === null || !('files' in input)) return undefined
  const files = (input as { files: unknown }).files
  return Array.isArray(files) && files.every((f) => typeof f === 'object' && f !== null && (f as FilePart).bytes instanceof Uint8Array) ? (files as FilePart[]) : undefined
}

/**
 * Upload operations go as multipart/form-data: the bytes as they are (JSON would grow them by a
 * third as base64) and the rest of the input as the JSON field `input`.
 */
function requestBody(input: unknown): { body: BodyInit; contentType?: string } {
  const files = filesOf(input)
  if (!files) return { body: JSON.stringify(input ?? {}), contentType: 'application/json' }
  const { files: _files, ...rest } = input as { files: unknown }
  const form = new FormData()
  form.append('input', JSON.stringify(rest))
  for (const file of files) form.append('files', new Blob([file.bytes as Uint8Array<ArrayBuffer>]), file.name)
  return { body: form }
}

function httpTransport(): Transport {
  return async (name, input) => {
    const token = accessToken()
    const request = requestBody(input)
    let response: Response
    try {
      response = await fetch(`/api/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: {
          ...(request.contentType && { 'Content-Type': request.contentType }),
          ...(token !== null && { Authorization: `Bearer ${token}` }),
        },
        body: request.body,
        credentials: 'omit',
        cache: 'no-store',
      })
    } catch (error) {
      throw new ApiError('NETWORK', error instanceof Error ? error.message : 'fetch failed')
    }
    let body: unknown
    try {
      body = await response.json()
    } catch {
      throw new ApiError(response.ok ? 'INTERNAL' : 'NETWORK', `HTTP ${response.status} without a JSON envelope`)
    }
    if (!isEnvelope(body)) throw new ApiError('INTERNAL', `HTTP ${response.status} with an unexpected body`)
    return body as Envelope<OperationOutput<typeof name>>
  }
}

let chosen: { kind: TransportKind; send: Transport } | undefined

function transport(): { kind: TransportKind; send: Transport } {
  if (!chosen) {
    const bridge = findBridge()
    chosen = bridge ? { kind: 'bridge', send: bridgeTransport(bridge) } : { kind: 'http', send: httpTransport() }
  }
  return chosen
}

export function transportKind(): TransportKind {
  return transport().kind
}

/** Operations whose input may be omitted (`{}`) take it as an optional argument. */
type InputArgs<K extends OperationName> = undefined extends OperationInput<K> ? [input?: OperationInput<K>] : [input: OperationInput<K>]

export async function call<K extends OperationName>(name: K, ...args: InputArgs<K>): Promise<OperationOutput<K>> {
  let envelope: Envelope<OperationOutput<K>>
  try {
    envelope = await transport().send(name, args[0])
  } catch (error) {
    if (error instanceof ApiError) throw error
    // Electron rejects an invoke whose handler is missing or crashed; treat it as "no answer".
    throw new ApiError('NETWORK', error instanceof Error ? error.message : String(error))
  }
  if (!envelope.ok) throw new ApiError(toClientErrorCode(envelope.error.code), envelope.error.message, envelope.error.details)
  return envelope.data
}

let mediaAccess: Promise<string> | undefined

/**
 * Browser mode: an <img> cannot send the Bearer token, so media URLs carry a read-only key the
 * server derives from it (GET /api/media-access), fetched once per page.
 */
async function mediaAccessKey(): Promise<string> {
  mediaAccess ??= (async () => {
    const token = accessToken()
    const response = await fetch('/api/media-access', {
      headers: token !== null ? { Authorization: `Bearer ${token}` } : {},
      credentials: 'omit',
      cache: 'no-store',
    })
    if (!response.ok) throw new ApiError('NETWORK', `HTTP ${response.status} for the media key`)
    return ((await response.json()) as { mediaAccess: string }).mediaAccess
  })().catch((error: unknown) => {
    mediaAccess = undefined
    throw error
  })
  return mediaAccess
}

/** Where the UI loads a stored image or document from: the app protocol in Electron, /media in a browser. */
export async function mediaBaseUrl(): Promise<{ prefix: string; suffix: string }> {
  if (transport().kind === 'bridge') return { prefix: 'app://shop/media/', suffix: '' }
  return { prefix: '/media/', suffix: `?access=${encodeURIComponent(await mediaAccessKey())}` }
}
