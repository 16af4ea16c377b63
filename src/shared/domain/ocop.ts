/**
 * The six OCOP product groups of Decision 148/QĐ-TTg (2023). A product's category is
 * either one of these codes or a free category typed by the seller.
 */
export const OCOP_GROUPS = [
  'ocop.food',
  'ocop.beverage',
  'ocop.herbal',
  'ocop.handicraft',
  'ocop.ornamental',
  'ocop.tourism',
] as const

export type OcopGroup = (typeof OCOP_GROUPS)[number]

export function isOcopGroup(value: string): value is OcopGroup {
  return (OCOP_GROUPS as readonly string[]).includes(value)
}

/** Names people write in spreadsheets, folded, mapped to the group code. */
export const OCOP_GROUP_NAMES: Readonly<Record<OcopGroup, { vi: string; en: string; aliases: readonly string[] }>> = {
  'ocop.food': { vi: 'Thực phẩm', en: 'Food', aliases: ['thuc pham', 'food', 'nhom thuc pham'] },
  'ocop.beverage': { vi: 'Đồ uống', en: 'Beverages', aliases: ['do uong', 'beverage', 'beverages', 'nhom do uong'] },
  'ocop.herbal': {
    vi: 'Thảo dược',
    en: 'Herbal products',
    aliases: ['thao duoc', 'duoc lieu', 'san pham tu duoc lieu', 'herbal', 'herbal products'],
  },
  'ocop.handicraft': {
    vi: 'Thủ công mỹ nghệ',
    en: 'Handicrafts',
    aliases: ['thu cong my nghe', 'thu cong', 'handicraft', 'handicrafts'],
  },
  'ocop.ornamental': {
    vi: 'Sinh vật cảnh',
    en: 'Ornamental plants and animals',
    aliases: ['sinh vat canh', 'hoa cay canh', 'ornamental'],
  },
  'ocop.tourism': {
    vi: 'Dịch vụ du lịch cộng đồng',
    en: 'Community tourism',
    aliases: ['du lich', 'dich vu du lich cong dong', 'du lich cong dong', 'tourism', 'community tourism'],
  },
}
