/**
 * What each marketplace refuses an item without, beyond what every channel needs (a category,
 * a variant on sale, a photo), so publishing can say so before anything is queued instead of a
 * listing failing minutes later (reference §1.6, §2, §3):
 * - Shopee: the item's weight, and at least one shipping channel (`logistic_info`).
 * - Lazada and TikTok Shop: a package weight, from the variants' weights or the listing's
 *   `package_weight` attribute (kilograms).
 * The UI's listing editor shows the same fields as required.
 */
export type ChannelKindForRules = 'shopee' | 'lazada' | 'tiktok' | 'ntm_portal' | 'file_export'

/** The attribute that carries Shopee's shipping channel ids, comma-separated. */
export const LOGISTICS_ATTRIBUTE = 'logistics'
/** Lazada's package fields kept as listing attributes (centimetres, kilograms, free text). */
export const PACKAGE_ATTRIBUTES = ['package_weight', 'package_length', 'package_width', 'package_height', 'package_content'] as const

export type ListingRequirement = 'weight_required' | 'logistics_required'

export interface ListingFacts {
  readonly attributes: Readonly<Record<string, string>>
  /** The weights of the variants on the listing, in grams (null where unknown). */
  readonly variantWeightsGrams: readonly (number | null)[]
}

const hasWeight = (grams: number | null) => grams !== null && grams > 0

export function missingRequirements(kind: ChannelKindForRules, facts: ListingFacts): ListingRequirement[] {
  const missing: ListingRequirement[] = []
  switch (kind) {
    case 'shopee': {
      if (facts.variantWeightsGrams.length === 0 || !facts.variantWeightsGrams.every(hasWeight)) missing.push('weight_required')
      const logistics = (facts.attributes[LOGISTICS_ATTRIBUTE] ?? '').split(',').filter((id) => id.trim() !== '')
      if (logistics.length === 0) missing.push('logistics_required')
      break
    }
    case 'lazada':
    case 'tiktok': {
      const packageWeight = Number(facts.attributes['package_weight'] ?? '')
      if (!facts.variantWeightsGrams.some(hasWeight) && !(Number.isFinite(packageWeight) && packageWeight > 0)) missing.push('weight_required')
      break
    }
    case 'ntm_portal':
    case 'file_export':
      break
  }
  return missing
}
