/**
 * Payment secrets sealed by the operating system (Electron safeStorage: DPAPI on Windows, the
 * Keychain on macOS, libsecret on Linux). Where the OS offers no such store, the key file of
 * browser mode is used instead, and the settings screen says so.
 */
import type { SafeStorage } from 'electron'
import { keyFileSecretBox, type SecretBox } from '../payments/secret-box'

export function desktopSecretBox(safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'>, keyFile: string): SecretBox {
  if (!safeStorage.isEncryptionAvailable()) return keyFileSecretBox(keyFile)
  return {
    protection: 'os',
    seal: (plain) => safeStorage.encryptString(plain).toString('base64'),
    open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
  }
}
