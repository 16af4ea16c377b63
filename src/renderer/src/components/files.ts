import type { ExportFileDto } from '@shared/contract/dto'

/** The file goes over JSON/IPC as base64; read it in chunks so a 20 MB sheet does not blow the stack. */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  let binary = ''
  const chunk = 0x8000
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk))
  return btoa(binary)
}

/** Saves a file the backend produced, the way a browser download does (Electron shows its save dialog). */
export function saveFile(file: Pick<ExportFileDto, 'fileName' | 'mimeType' | 'contentBase64'>): void {
  const binary = atob(file.contentBase64)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mimeType }))
  const link = document.createElement('a')
  link.href = url
  link.download = file.fileName
  link.rel = 'noopener'
  document.body.appendChild(link)
  link.click()
  link.remove()
  // Revoking at once can cancel the download in Chromium; a minute is plenty.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
