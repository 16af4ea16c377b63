import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../test-support'
import { keyFileSecretBox } from './secret-box'

const dirs: { remove(): void }[] = []
afterEach(() => dirs.splice(0).forEach((d) => d.remove()))
function folder() {
  const d = tempDir('ocop-secret-')
  dirs.push(d)
  return d.path
}

describe('the key-file secret box (browser mode)', () => {
  it('seals and opens a secret, and the sealed text never contains it', () => {
    const box = keyFileSecretBox(join(folder(), 'secret.key'))
    const sealed = box.seal('OCOPFAKEVNPAYSANDBOXSECRET000001')
    expect(sealed).toMatch(/^v1:/)
    expect(sealed).not.toContain('OCOPFAKE')
    expect(box.seal('same')).not.toBe(box.seal('same'))
    expect(box.open(sealed)).toBe('OCOPFAKEVNPAYSANDBOXSECRET000001')
    expect(box.protection).toBe('key_file')
  })

  it('creates the key file readable by its owner only', () => {
    const file = join(folder(), 'secret.key')
    keyFileSecretBox(file).seal('x')
    expect(readFileSync(file)).toHaveLength(32)
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it('refuses a tampered text, and a text sealed under another key', () => {
    const dir = folder()
    const box = keyFileSecretBox(join(dir, 'a.key'))
    const sealed = box.seal('hash-secret-value')
    const raw = Buffer.from(sealed.slice(3), 'base64')
    raw[raw.length - 1] = raw[raw.length - 1]! ^ 1
    expect(() => box.open(`v1:${raw.toString('base64')}`)).toThrow()
    expect(() => keyFileSecretBox(join(dir, 'b.key')).open(sealed)).toThrow()
    expect(() => box.open('plain text')).toThrow(/not sealed/)
  })

  it('keeps using the key it finds, and refuses a damaged key file', () => {
    const dir = folder()
    const file = join(dir, 'secret.key')
    const sealed = keyFileSecretBox(file).seal('kept')
    expect(keyFileSecretBox(file).open(sealed)).toBe('kept')
    writeFileSync(join(dir, 'short.key'), Buffer.alloc(7))
    expect(() => keyFileSecretBox(join(dir, 'short.key')).seal('x')).toThrow(/32-byte key/)
  })
})
