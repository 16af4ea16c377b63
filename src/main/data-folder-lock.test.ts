import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { acquireDataFolderLock, DataFolderInUseError, LOCK_FILE } from './data-folder-lock'
import { tempDir } from './test-support'

const dirs: { remove(): void }[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove()
})

function folder(): string {
  const dir = tempDir('ocop-lock-')
  dirs.push(dir)
  return dir.path
}

describe('the data folder lock', () => {
  it('lets one process have the folder, names it to the next, and frees the folder on release', () => {
    const dir = folder()
    const alive = new Set([100, 200])
    const first = acquireDataFolderLock(dir, 100, (pid) => alive.has(pid))
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe('100')
    let refused: unknown
    try {
      acquireDataFolderLock(dir, 200, (pid) => alive.has(pid))
    } catch (error) {
      refused = error
    }
    expect(refused).toBeInstanceOf(DataFolderInUseError)
    expect((refused as DataFolderInUseError).ownerPid).toBe(100)
    expect((refused as Error).message).toContain('process 100')
    first.release()
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false)
    const second = acquireDataFolderLock(dir, 200, (pid) => alive.has(pid))
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe('200')
    second.release()
  })

  it('makes the folder of a first start', () => {
    const dir = join(folder(), 'new', 'data')
    const lock = acquireDataFolderLock(dir, 400, () => false)
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe('400')
    lock.release()
  })

  it('takes over the lock of a process that is gone, or a file left half-written', () => {
    const dir = folder()
    writeFileSync(join(dir, LOCK_FILE), '4242')
    const lock = acquireDataFolderLock(dir, 300, () => false)
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe('300')
    lock.release()
    writeFileSync(join(dir, LOCK_FILE), '')
    acquireDataFolderLock(dir, 301, () => true).release()
  })

  it('refuses the same folder twice in one process, and never removes a later owner’s lock', () => {
    const dir = folder()
    const lock = acquireDataFolderLock(dir)
    expect(() => acquireDataFolderLock(dir)).toThrow(DataFolderInUseError)
    // Someone took over after us (we were judged dead): our release leaves their file alone.
    writeFileSync(join(dir, LOCK_FILE), '999999')
    lock.release()
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe('999999')
  })
})
