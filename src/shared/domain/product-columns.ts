/**
 * The spreadsheet format of the catalogue: one row per variant; rows with the same product
 * name (and seller) form one product. Export writes exactly what import reads, so a file can
 * go out to Excel and come back. Headers are accepted in Vietnamese or English, with or
 * without diacritics, in any order.
 */
export const PRODUCT_COLUMNS = [
  { key: 'productName', vi: 'Tên sản phẩm', en: 'Product name', required: true, aliases: ['ten san pham', 'san pham', 'name', 'product'] },
  { key: 'sku', vi: 'Mã SKU', en: 'SKU', required: true, aliases: ['ma sku', 'sku', 'ma hang', 'ma san pham'] },
  { key: 'optionLabel', vi: 'Phân loại', en: 'Variant', required: false, aliases: ['phan loai', 'bien the', 'variant', 'option'] },
  { key: 'unit', vi: 'Đơn vị tính', en: 'Unit', required: true, aliases: ['don vi tinh', 'don vi', 'dvt', 'unit'] },
  { key: 'priceVnd', vi: 'Giá bán', en: 'Price', required: true, aliases: ['gia ban', 'gia', 'price', 'price (vnd)', 'gia ban (vnd)'] },
  { key: 'compareAtPriceVnd', vi: 'Giá so sánh', en: 'Compare-at price', required: false, aliases: ['gia so sanh', 'gia goc', 'compare at price', 'compare-at price'] },
  { key: 'barcode', vi: 'Mã vạch', en: 'Barcode', required: false, aliases: ['ma vach', 'barcode', 'gtin', 'ean'] },
  { key: 'weightGrams', vi: 'Khối lượng (g)', en: 'Weight (g)', required: false, aliases: ['khoi luong (g)', 'khoi luong', 'trong luong', 'weight (g)', 'weight'] },
  { key: 'category', vi: 'Nhóm sản phẩm', en: 'Category', required: false, aliases: ['nhom san pham', 'nhom', 'danh muc', 'category'] },
  { key: 'status', vi: 'Trạng thái', en: 'Status', required: false, aliases: ['trang thai', 'status'] },
  { key: 'description', vi: 'Mô tả', en: 'Description', required: false, aliases: ['mo ta', 'description'] },
  { key: 'seller', vi: 'Chủ thể', en: 'Seller', required: false, aliases: ['chu the', 'nguoi ban', 'seller', 'ma so thue chu the'] },
] as const

export type ProductColumnKey = (typeof PRODUCT_COLUMNS)[number]['key']

/** Status words accepted in a file, folded. */
export const STATUS_WORDS: Readonly<Record<string, 'active' | 'draft'>> = {
  'dang ban': 'active',
  'hoat dong': 'active',
  active: 'active',
  nhap: 'draft',
  'ban nhap': 'draft',
  draft: 'draft',
}

export const STATUS_LABELS = { active: { vi: 'Đang bán', en: 'Active' }, draft: { vi: 'Nháp', en: 'Draft' }, archived: { vi: 'Lưu trữ', en: 'Archived' } } as const
