import { describe, expect, it } from 'vitest'
import { MAX_BUNDLE_BYTES } from '@shared/contract/reports'
import { batches, importInBatches, otherPeriods, type ImportResult } from './bundle-import'

interface TestFile {
  name: string
  size: number
}

const accepted = (name: string): ImportResult => ({ fileName: name, outcome: 'imported', reason: null, message: null, sellerName: name, period: null, fingerprint: null })
const failed = (file: TestFile): ImportResult => ({ fileName: file.name, outcome: 'refused', reason: 'network', message: null, sellerName: null, period: null, fingerprint: null })

describe('importing figures files', () => {
  it('sends at most twenty files a call', () => {
    expect(batches(Array.from({ length: 45 }, (_, i) => i)).map((b) => b.length)).toEqual([20, 20, 5])
  })

  it('answers empty and oversized files itself, sends the rest, and keeps the order the files were chosen in', async () => {
    const files: TestFile[] = [
      { name: 'a.json', size: 10 },
      { name: 'empty.json', size: 0 },
      { name: 'big.json', size: MAX_BUNDLE_BYTES + 1 },
      { name: 'b.json', size: 10 },
    ]
    const sent: string[][] = []
    const progress: number[] = []
    const results = await importInBatches(
      files,
      async () => new Uint8Array([123]),
      async (batch) => {
        sent.push(batch.map((f) => f.name))
        return batch.map((f) => accepted(f.name))
      },
      { onProgress: (done) => progress.push(done), onBatchError: failed },
    )
    expect(sent).toEqual([['a.json', 'b.json']])
    expect(results.map((r) => [r.fileName, r.outcome, r.reason])).toEqual([
      ['a.json', 'imported', null],
      ['empty.json', 'refused', 'empty'],
      ['big.json', 'refused', 'too_large'],
      ['b.json', 'imported', null],
    ])
    expect(progress).toEqual([2, 4])
  })

  it('marks the files of a batch that could not be sent, and still sends the next batch', async () => {
    const files = Array.from({ length: 25 }, (_, i) => ({ name: `f${i}.json`, size: 10 }))
    let calls = 0
    const results = await importInBatches(
      files,
      async () => new Uint8Array([123]),
      async (batch) => {
        calls++
        if (calls === 1) throw new Error('offline')
        return batch.map((f) => accepted(f.name))
      },
      { onBatchError: failed },
    )
    expect(results.filter((r) => r.reason === 'network')).toHaveLength(20)
    expect(results.slice(20).every((r) => r.outcome === 'imported')).toBe(true)
  })
})

describe('bundles of other periods', () => {
  it('are grouped by period, latest first, leaving out the period on screen', () => {
    const bundle = (from: string, to: string) => ({ period: { from, to } })
    const groups = otherPeriods(
      [bundle('2026-01-01', '2026-01-31'), bundle('2026-04-01', '2026-06-30'), bundle('2026-01-01', '2026-01-31'), bundle('2026-05-01', '2026-05-31')],
      { from: '2026-05-01', to: '2026-05-31' },
    )
    expect(groups).toEqual([
      { from: '2026-04-01', to: '2026-06-30', count: 1 },
      { from: '2026-01-01', to: '2026-01-31', count: 2 },
    ])
  })
})
