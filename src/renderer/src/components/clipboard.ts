/**
 * Copies text for pasting into Zalo or a bank app. The Clipboard API exists only in secure
 * contexts, and browser mode may be opened over plain HTTP from another PC of the co-op, so a
 * hidden text area and the older copy command stand in when it is missing or refused.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text)
      return true
    }
  } catch {
    // Refused (no focus, no permission): fall through to the older way.
  }
  const area = document.createElement('textarea')
  area.value = text
  area.setAttribute('readonly', '')
  area.style.position = 'fixed'
  area.style.opacity = '0'
  document.body.appendChild(area)
  area.select()
  try {
    return document.execCommand('copy')
  } catch {
    return false
  } finally {
    area.remove()
  }
}
