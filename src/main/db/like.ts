/**
 * LIKE with the text taken as typed: `_` and `%` are ordinary characters in lot codes, SKUs
 * and names, so they are escaped (ESCAPE '\') before the pattern is built.
 */
import { sql, type RawBuilder } from 'kysely'

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/** `column LIKE '%text%'`. */
export function likeContains(column: RawBuilder<unknown>, text: string): RawBuilder<boolean> {
  return sql<boolean>`${column} LIKE ${`%${escapeLike(text)}%`} ESCAPE '\\'`
}

/** A word of `column` (words separated by spaces) starts with `text`. */
export function likeWordStart(column: RawBuilder<unknown>, text: string): RawBuilder<boolean> {
  return sql<boolean>`' ' || ${column} LIKE ${`% ${escapeLike(text)}%`} ESCAPE '\\'`
}
