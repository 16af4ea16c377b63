/**
 * One process owns a data folder at a time. The desktop shell has Electron's single-instance
 * lock for that; browser mode (`serve`) takes this lock file instead. Owning the folder is what
 * lets start-up treat every outbox job still marked "running" as interrupted by a crash and run
 * it again at once, instead of waiting for its lease to run out (no other process can be in the
 * middle of it).
 *
 * The file holds the owner's process id. A file whose process is gone (the app was killed, the
 * machine lost power) is stale and taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'

export const LOCK_FILE = 'app.lock'

export class DataFolderInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
  ) {
    super(
      `The data folder ${dataDir} is in use by another running copy of the app (process ${ownerPid}). ` +
        `Close it first, or start this one with another --data-dir.`,
    )
    this.name = 'DataFolderInUseError'
  }
}

export interface DataFolderLock {
  readonly file: string
  release(): void
}

/** Whether a process with this id is running (EPERM: it runs, under another user). */
export function processIsAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function readOwner(file: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10)
    return Number.isInteger(pid) ? pid : null
  } catch {
    return null
  }
}

/**
 * Takes the folder, or throws DataFolderInUseError naming the process that has it. Creation is
 * exclusive (`wx`), so of two copies starting together exactly one wins.
 */
export function acquireDataFolderLock(dataDir: string, pid = process.pid, isAlive: (pid: number) => boolean = processIsAlive): DataFolderLock {
  const file = join(dataDir, LOCK_FILE)
  // A first start names a folder that does not exist yet.
  mkdirSync(dataDir, { recursive: true })
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600)
      try {
        writeSync(fd, String(pid))
      } finally {
        closeSync(fd)
      }
      let released = false
      return {
        file,
        release() {
          if (released) return
          released = true
          // Only our own lock is removed: a later owner's file stays.
          if (readOwner(file) === pid) rmSync(file, { force: true })
        },
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const owner = readOwner(file)
      // A half-written file (the owner died between create and write) counts as stale. Our own
      // process id means this process already has the folder open: that is in use too.
      if (owner !== null && (owner === pid || isAlive(owner))) throw new DataFolderInUseError(dataDir, owner)
      rmSync(file, { force: true })
    }
  }
  throw new DataFolderInUseError(dataDir, readOwner(file) ?? 0)
}
