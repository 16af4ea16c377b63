/**
 * The PDF tests read what they printed back with poppler (pdftotext, pdftoppm), the way a
 * person's PDF viewer would. Without poppler they fail and say what to install, rather than
 * skip: a skipped check proves nothing. `.ci/run` installs poppler-utils.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

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
