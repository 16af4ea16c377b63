import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../test-support'
import { desktopSecretBox } from './secrets'

const dirs: { remove(): void }[] = []
afterEach(() => dirs.splice(0).forEach((d) => d.remove()))

/** Stands in for Electron's safeStorage: reversible, but never the plain text. */
function fakeSafeStorage(available: boolean) {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (plain: string) => Buffer.from([...Buffer.from(plain, 'utf8')].map((b) => b ^ 0x5a)),
    decryptString: (sealed: Buffer) => Buffer.from([...sealed].map((b) => b ^ 0x5a)).toString('utf8'),
  }
}

describe('the desktop secret box', () => {
  it('seals with the operating system when it can', () => {
    const box = desktopSecretBox(fakeSafeStorage(true), '/nonexistent/secret.key')
    expect(box.protection).toBe('os')
    const sealed = box.seal('OCOPFAKEVNPAYSANDBOXSECRET000001')
    expect(sealed).not.toContain('OCOPFAKE')
    expect(box.open(sealed)).toBe('OCOPFAKEVNPAYSANDBOXSECRET000001')
  })

  it('falls back to the key file (and says so) where the OS offers no store', () => {
    const dir = tempDir('ocop-desktop-secret-')
    dirs.push(dir)
    const box = desktopSecretBox(fakeSafeStorage(false), join(dir.path, 'secret.key'))
    expect(box.protection).toBe('key_file')
    expect(box.open(box.seal('x'))).toBe('x')
  })
})
