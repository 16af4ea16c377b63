/**
 * The fonts every PDF the app makes is set in: Be Vietnam Pro, a Vietnamese-designed family with
 * every precomposed Vietnamese letter (and ₫, …, ·, ×, −). pdfkit embeds only the glyphs a
 * document uses (a subset), so a receipt or a label sheet carries a few kilobytes of font.
 *
 * The TTF files are resolved through the package (createRequire), not through a path relative to
 * this file, so they are found the same way in the sources, the tests and the packaged app; they
 * are read once per process and shared by every document.
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'

/** Names the fonts are registered under in a pdfkit document (`doc.font(FONT_REGULAR)`). */
export const FONT_REGULAR = 'BeVietnamPro-Regular'
export const FONT_BOLD = 'BeVietnamPro-Bold'
export type PdfFontName = typeof FONT_REGULAR | typeof FONT_BOLD

export interface PdfFonts {
  readonly regular: Buffer
  readonly bold: Buffer
}

let fontsPromise: Promise<PdfFonts> | undefined

/** The regular and bold TTF files, read once; a failed read is retried on the next call. */
export function loadFonts(): Promise<PdfFonts> {
  if (!fontsPromise) {
    const requireFromHere = createRequire(import.meta.url)
    const file = (weight: string) => requireFromHere.resolve(`@expo-google-fonts/be-vietnam-pro/${weight}/BeVietnamPro_${weight}.ttf`)
    fontsPromise = Promise.all([readFile(file('400Regular')), readFile(file('700Bold'))]).then(([regular, bold]) => ({ regular, bold }))
    fontsPromise.catch(() => (fontsPromise = undefined))
  }
  return fontsPromise
}

/** Loads the fonts (once) and registers them in `doc` under FONT_REGULAR and FONT_BOLD. */
export async function registerFonts(doc: PDFKit.PDFDocument): Promise<void> {
  const fonts = await loadFonts()
  doc.registerFont(FONT_REGULAR, fonts.regular)
  doc.registerFont(FONT_BOLD, fonts.bold)
}
