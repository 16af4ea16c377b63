/**
 * The PDF tests read what they printed back with poppler (pdftotext, pdftoppm), the way a
 * person's PDF viewer would. Without poppler they fail and say what to install, rather than
 * skip: a skipped check proves nothing. `.ci/run` installs poppler-utils.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const PDFTOTEXT = '/usr/bin/pdftotext'
export const PDFTOPPM = '/usr/bin/pdftoppm'
export const PDFINFO = '/usr/bin/pdfinfo'

function need(tool: string): string {
  if (!existsSync(tool)) {
    throw new Error(`${tool} is missing: the PDF checks read the PDFs back with poppler. Install it (apt-get install poppler-utils); .ci/run does.`)
  }
  return tool
}

export function pdftotext(args: readonly string[]): string {
  return execFileSync(need(PDFTOTEXT), [...args], { encoding: 'utf8' })
}

export function pdftoppm(args: readonly string[]): void {
  execFileSync(need(PDFTOPPM), [...args])
}

export function pdfinfo(args: readonly string[]): string {
  return execFileSync(need(PDFINFO), [...args], { encoding: 'utf8' })
}

/** A folder for the PDFs a test writes out to read back; `remove()` it in afterAll. */
export function pdfScratch(name: string): { saved(pdf: Buffer): string; path(base: string): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `ocop-${name}-`))
  let n = 0
  return {
    saved(pdf) {
      const file = join(dir, `${name}-${++n}.pdf`)
      writeFileSync(file, pdf)
      return file
    },
    path: (base) => join(dir, `${base}-${++n}`),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}

/** Page count from the page objects: pdfkit writes them uncompressed, outside object streams. */
export function pdfPageCount(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0
}

/** Whitespace collapsed, the no-break space read as a space. */
export const flatText = (text: string) => text.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim()

export interface PdfWordBox {
  page: number
  pageWidth: number
  pageHeight: number
  text: string
  xMin: number
  yMin: number
  xMax: number
  yMax: number
}

/** Every word with its box in points and its page's size, from `pdftotext -bbox`. */
export function pdfWordBoxes(file: string): PdfWordBox[] {
  const html = pdftotext(['-bbox', file, '-'])
  const words: PdfWordBox[] = []
  let page = 0
  let pageWidth = 0
  let pageHeight = 0
  for (const line of html.split('\n')) {
    const p = /<page width="([\d.]+)" height="([\d.]+)">/.exec(line)
    if (p) {
      page++
      pageWidth = Number(p[1])
      pageHeight = Number(p[2])
    }
    const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)<\/word>/.exec(line)
    if (m) words.push({ page, pageWidth, pageHeight, xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]), text: m[5]! })
  }
  return words
}
