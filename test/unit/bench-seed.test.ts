import { describe, expect, it } from 'vitest'
import { compareSeederWithService } from '../bench/seed-check'

describe('bench seeder', () => {
  it('writes the same rows, search index and audit entries as the catalogue service', async () => {
    const result = await compareSeederWithService(200)
    expect(result.differences.slice(0, 10)).toEqual([])
    expect(result.products).toBe(200)
    expect(result.indexTerms).toBeGreaterThan(1000)
  }, 60_000)
})
