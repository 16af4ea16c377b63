import { describe, expect, it } from 'vitest'
import { memoryLogger } from './logger'
import { startCallbackServer, startCallbackServerPreferring } from './loopback-callbacks'

describe('the desktop loopback server', () => {
  it('answers its routes and nothing else', async () => {
    const server = await startCallbackServer(
      [
        async (_req, res, url) => {
          if (url.pathname !== '/hello') return false
          res.end('xin chào')
          return true
        },
      ],
      memoryLogger(),
    )
    expect(await (await fetch(`${server.url}/hello`)).text()).toBe('xin chào')
    expect((await fetch(`${server.url}/other`)).status).toBe(404)
    await server.close()
  })

  it('keeps its fixed port from one start to the next, and falls back to a free one when another program holds it', async () => {
    const logger = memoryLogger()
    const taken = await startCallbackServer([], logger)
    const port = Number(new URL(taken.url).port)
    const fallback = await startCallbackServerPreferring([], logger, port)
    expect(fallback.url).not.toBe(taken.url)
    expect(logger.lines.some((l) => l.startsWith(`warn loopback: port ${port} is taken`))).toBe(true)
    await taken.close()
    await fallback.close()
    const again = await startCallbackServerPreferring([], logger, port)
    expect(again.url).toBe(`http://127.0.0.1:${port}`)
    await again.close()
  })
})
