/**
 * multipart/form-data for upload operations in browser mode: part `input` holds the JSON of
 * every field but the files, and each `files` part is one file. The result is the same input
 * object the IPC bridge would deliver (`files: [{ name, bytes }]`), so the contract's zod
 * schema parses both the same way. Limits are enforced while streaming: a request over them
 * is refused before it is held in memory.
 */
import type { IncomingMessage } from 'node:http'
import busboy from 'busboy'
import { AppError } from '@shared/contract/errors'
import { MAX_UPLOAD_FILE_BYTES, MAX_UPLOAD_FILES } from '@shared/contract/media'

export interface MultipartLimits {
  readonly maxFileBytes: number
  readonly maxFiles: number
  readonly maxInputBytes: number
}

export const DEFAULT_MULTIPART_LIMITS: MultipartLimits = {
  maxFileBytes: MAX_UPLOAD_FILE_BYTES,
  maxFiles: MAX_UPLOAD_FILES,
  maxInputBytes: 256 * 1024,
}

export function isMultipart(contentType: string | undefined): boolean {
  return /^multipart\/form-data\b/i.test(contentType ?? '')
}

export function readMultipartInput(req: IncomingMessage, limits: MultipartLimits = DEFAULT_MULTIPART_LIMITS): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy
    try {
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        // busboy stops a file or field when its size *reaches* the limit: give it one byte more, so
        // exactly the contract's maximum passes. The files limit counts past the last allowed one;
        // parts has room for them all, so one file too many gets the translatable reason.
        limits: { fileSize: limits.maxFileBytes + 1, files: limits.maxFiles, fields: 1, fieldSize: limits.maxInputBytes + 1, parts: limits.maxFiles + 3 },
      })
    } catch (error) {
      reject(new AppError('VALIDATION', `Malformed multipart request: ${error instanceof Error ? error.message : String(error)}`))
      return
    }
    let inputJson: string | undefined
    const files: { name: string; bytes: Buffer }[] = []
    let failure: AppError | undefined
    const fail = (error: AppError) => {
      failure ??= error
    }

    parser.on('field', (name, value, info) => {
      if (name !== 'input') return fail(new AppError('VALIDATION', `Unexpected form field "${name}"; send the input as the field "input"`))
      if (info.valueTruncated) return fail(new AppError('VALIDATION', `The input field is larger than ${limits.maxInputBytes} bytes`))
      inputJson = value
    })
    parser.on('file', (name, stream, info) => {
      if (name !== 'files') {
        stream.resume()
        return fail(new AppError('VALIDATION', `Unexpected file field "${name}"; send files as "files"`))
      }
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('limit', () =>
        fail(
          new AppError('VALIDATION', `${info.filename} is larger than ${limits.maxFileBytes} bytes`, {
            reason: 'media.too_large',
            maxBytes: limits.maxFileBytes,
            file: info.filename,
          }),
        ),
      )
      stream.on('close', () => {
        if (!(stream as unknown as { truncated?: boolean }).truncated) files.push({ name: info.filename || 'file', bytes: Buffer.concat(chunks) })
      })
    })
    parser.on('filesLimit', () => fail(new AppError('VALIDATION', `At most ${limits.maxFiles} files per request`, { reason: 'media.too_many_files', maxFiles: limits.maxFiles })))
    parser.on('partsLimit', () => fail(new AppError('VALIDATION', 'Too many parts in the request')))
    parser.on('error', (error: unknown) => reject(new AppError('VALIDATION', `Malformed multipart request: ${error instanceof Error ? error.message : String(error)}`)))
    parser.on('close', () => {
      if (failure) return reject(failure)
      let input: unknown = {}
      if (inputJson !== undefined && inputJson.trim() !== '') {
        try {
          input = JSON.parse(inputJson)
        } catch {
          return reject(new AppError('VALIDATION', 'The "input" field is not valid JSON'))
        }
      }
      if (typeof input !== 'object' || input === null || Array.isArray(input)) return reject(new AppError('VALIDATION', 'The "input" field must be a JSON object'))
      resolve({ ...(input as Record<string, unknown>), files })
    })
    req.pipe(parser)
  })
}
