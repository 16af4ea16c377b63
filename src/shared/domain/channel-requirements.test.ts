import { describe, expect, it } from 'vitest'
import { missingRequirements } from './channel-requirements'

describe('what a marketplace refuses an item without', () => {
  it('asks Shopee for every variant’s weight and a shipping channel', () => {
    expect(missingRequirements('shopee', { attributes: { logistics: '50011' }, variantWeightsGrams: [600, 300] })).toEqual([])
    expect(missingRequirements('shopee', { attributes: { logistics: '50011' }, variantWeightsGrams: [600, null] })).toEqual(['weight_required'])
    expect(missingRequirements('shopee', { attributes: { logistics: ' , ' }, variantWeightsGrams: [600] })).toEqual(['logistics_required'])
    expect(missingRequirements('shopee', { attributes: {}, variantWeightsGrams: [0] })).toEqual(['weight_required', 'logistics_required'])
  })

  it('asks Lazada and TikTok Shop for a package weight, from a variant or the listing', () => {
    for (const kind of ['lazada', 'tiktok'] as const) {
      expect(missingRequirements(kind, { attributes: {}, variantWeightsGrams: [null, 250] })).toEqual([])
      expect(missingRequirements(kind, { attributes: { package_weight: '0.5' }, variantWeightsGrams: [null] })).toEqual([])
      expect(missingRequirements(kind, { attributes: { package_weight: 'nửa cân' }, variantWeightsGrams: [null] })).toEqual(['weight_required'])
      expect(missingRequirements(kind, { attributes: {}, variantWeightsGrams: [] })).toEqual(['weight_required'])
    }
  })

  it('asks nothing more of the portal and a file export', () => {
    expect(missingRequirements('ntm_portal', { attributes: {}, variantWeightsGrams: [] })).toEqual([])
    expect(missingRequirements('file_export', { attributes: {}, variantWeightsGrams: [null] })).toEqual([])
  })
})
