/**
 * Vietnamese text folding for search and sorting.
 *
 * Why not just FTS5's `remove_diacritics`: it strips combining marks after NFD
 * decomposition, but `đ`/`Đ` (U+0111/U+0110) are letters of their own, not `d` plus a
 * mark, so "Đậu phộng" would never match "dau phong". We fold here, once, in one place,
 * and store the folded text next to the original.
 */
const COMBINING_MARKS = /[\u0300-\u036f]/g

/** "Nước Mắm Phú Quốc" → "nuoc mam phu quoc"; accepts NFC or NFD input. */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
}

/** Folded words of a text: letters and digits only, the way the search index sees them. */
export function searchTokens(text: string): string[] {
  return foldVietnamese(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token.length > 0)
}
