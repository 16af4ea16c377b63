/**
 * The media worker (built to out/main/media.worker.js): runs the image pipeline for the pool in
 * worker-pool.ts. Long-lived: sharp is loaded once, jobs arrive as messages, results go back with
 * their buffers transferred. Never throws out of a job: every failure becomes an error response.
 */
import { parentPort } from 'node:worker_threads'
import { processImage } from './pipeline'
import { errorToBody, imageForTransfer, type MediaJobRequest, type MediaJobResponse } from './worker-pool'

const port = parentPort
if (!port) throw new Error('media.worker must run in a worker thread')

port.on('message', (request: MediaJobRequest) => {
  processImage(request.input, request.limits).then(
    (result) => {
      const { image, transfer } = imageForTransfer(result)
      const response: MediaJobResponse = { id: request.id, ok: true, image }
      port.postMessage(response, transfer)
    },
    (e: unknown) => {
      const response: MediaJobResponse = { id: request.id, ok: false, error: errorToBody(e) }
      port.postMessage(response)
    },
  )
})
