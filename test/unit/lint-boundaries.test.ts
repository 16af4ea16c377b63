/**
 * The import-boundary rule, driven through ESLint's Node API with the repository's own config:
 * virtual files at real paths, so each case is linted exactly as `npm run lint` would lint it.
 */
import { resolve } from 'node:path'
import { ESLint } from 'eslint'
import { beforeAll, describe, expect, it } from 'vitest'

const repoRoot = resolve(import.meta.dirname, '../..')
let eslint: ESLint

beforeAll(() => {
  eslint = new ESLint({ cwd: repoRoot })
})

/** The boundary messages for `code` saved at `file` (repo-relative); other rules are not this test's business. */
async function boundaryProblems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(repoRoot, file), warnIgnored: true })
  if (!result) throw new Error(`no lint result for ${file}`)
  const fatal = result.messages.filter((m) => m.fatal)
  if (fatal.length > 0) throw new Error(`could not lint ${file}: ${fatal.map((m) => m.message).join('; ')}`)
  return result.messages.filter((m) => m.ruleId === 'ocop/import-boundaries').map((m) => m.message)
}

async function expectRefused(file: string, code: string, because: RegExp | string): Promise<void> {
  const problems = await boundaryProblems(file, code)
  expect(problems, `${file}: ${code}`).toHaveLength(1)
  expect(problems[0]).toMatch(because)
}

async function expectAllowed(file: string, code: string): Promise<void> {
  expect(await boundaryProblems(file, code), `${file}: ${code}`).toEqual([])
}

describe('import boundaries: electron', () => {
  it('lets the Electron shell and the preload import electron', async () => {
    await expectAllowed('src/main/electron/probe.ts', "import { app } from 'electron'\nexport const a = app")
    await expectAllowed('src/preload/probe.ts', "import { contextBridge } from 'electron'\nexport const c = contextBridge")
  })

  it('refuses electron in every other layer, however it is imported', async () => {
    await expectRefused('src/main/catalog/probe.ts', "import { app } from 'electron'\nexport const a = app", /src\/main \(outside electron\/\) may not import electron/)
    await expectRefused('src/main/probe.ts', "export { shell } from 'electron'", /may not import electron/)
    await expectRefused('src/main/probe.ts', "export * from 'electron'", /may not import electron/)
    await expectRefused('src/main/probe.ts', "export async function f() { return import('electron') }", /may not import electron/)
    await expectRefused('src/main/probe.ts', "export const e = require('electron')", /may not import electron/)
    await expectRefused('src/main/probe.ts', 'export const e = require(`electron/main`)', /may not import electron/)
    await expectRefused('src/main/probe.ts', "import type { App } from 'electron'\nexport type A = App", /may not import electron/)
    await expectRefused('src/main/probe.ts', "export type W = import('electron').BrowserWindow", /may not import electron/)
    await expectRefused('src/renderer/src/probe.ts', "import { ipcRenderer } from 'electron'\nexport const i = ipcRenderer", /src\/renderer may not import electron/)
    await expectRefused('src/shared/probe.ts', "import 'electron'", /src\/shared may not import electron/)
  })

  it('refuses a runtime load of electron in tests and scripts, but not a type or a mock', async () => {
    await expectRefused('test/e2e/probe.spec.ts', "import { app } from 'electron'\nexport const a = app", /only src\/main\/electron and src\/preload may load electron/)
    await expectRefused('scripts/probe.mjs', "const electron = await import('electron')\nconsole.log(electron)", /may load electron/)
    await expectAllowed('test/electron/probe.spec.ts', "import type { BrowserWindow } from 'electron'\nexport type W = BrowserWindow")
    await expectAllowed('src/main/electron/probe.test.ts', "import { vi } from 'vitest'\nvi.mock('electron', () => ({}))")
  })
})

describe('import boundaries: src/shared', () => {
  it('imports other shared files and browser-safe packages', async () => {
    await expectAllowed('src/shared/contract/probe.ts', "import { z } from 'zod'\nimport { MAX_VND } from '../domain/money'\nimport { contract } from '@shared/contract/operations'\nexport const x = [z, MAX_VND, contract]")
  })

  it.each([
    ["import { readFileSync } from 'node:fs'", /may not import Node builtins/],
    ["import { join } from 'path'", /may not import Node builtins/],
    ["import { createHash } from 'crypto'", /may not import Node builtins/],
    ["import { readFile } from 'fs/promises'", /may not import Node builtins/],
    ["import { createApp } from '../../main/app'", /src\/shared may import only src\/shared, not src\/main \(outside electron\/\)/],
    ["import { rendererSource } from '../../main/electron/app-origin'", /not src\/main\/electron/],
    ["import { buildBridge } from '../../preload/bridge'", /not src\/preload/],
    ["import { App } from '../../renderer/src/App'", /not src\/renderer/],
    ["import pkg from '../../../package.json'", /not files outside src\//],
    ["import type { Kysely } from 'kysely'", /may not import kysely, which only runs in Node/],
  ])('refuses %s', async (line, because) => {
    await expectRefused('src/shared/contract/probe.ts', `${line}\nexport {}`, because)
  })

  it('lets a shared test use Node builtins, and nothing more', async () => {
    await expectAllowed('src/shared/domain/probe.test.ts', "import { readFileSync } from 'node:fs'\nexport const r = readFileSync")
    await expectRefused('src/shared/domain/probe.test.ts', "import { createApp } from '../../main/app'\nexport const c = createApp", /not src\/main/)
  })
})

describe('import boundaries: src/renderer', () => {
  it('imports shared code (alias or relative), its own files and npm packages', async () => {
    await expectAllowed(
      'src/renderer/src/features/catalog/probe.tsx',
      "import { Button } from 'antd'\nimport { useQuery } from '@tanstack/react-query'\nimport { contract } from '@shared/contract/operations'\nimport { formatVnd } from '../../../../shared/domain/money'\nimport { App } from '../../App'\nexport const x = [Button, useQuery, contract, formatVnd, App]",
    )
  })

  it.each([
    ["import { readFile } from 'node:fs/promises'", /src\/renderer may not import Node builtins/],
    ["import os from 'os'", /may not import Node builtins/],
    ["const fs = require('fs')", /may not import Node builtins/],
    ["import { createApp } from '../../../main/app'", /src\/renderer may import only src\/shared and packages, not src\/main/],
    ["import { APP_ORIGIN } from '../../../main/electron/app-origin'", /not src\/main\/electron/],
    ["import { buildBridge } from '../../../preload/bridge'", /not src\/preload/],
    ["import type { ChannelInvoke } from '../../../preload/bridge'", /not src\/preload/],
    ["import pkg from '../../../../package.json'", /not files outside src\//],
    ["import Database from 'better-sqlite3'", /may not import better-sqlite3, which only runs in Node/],
    ["const m = await import('../../../main/dispatch')", /not src\/main/],
  ])('refuses %s', async (line, because) => {
    await expectRefused('src/renderer/src/features/probe.ts', `${line}\nexport {}`, because)
  })
})

describe('import boundaries: src/preload', () => {
  it('imports electron and shared code', async () => {
    await expectAllowed('src/preload/probe.ts', "import { ipcRenderer } from 'electron'\nimport { ipcChannel } from '@shared/contract/operations'\nimport { buildBridge } from './bridge'\nexport const x = [ipcRenderer, ipcChannel, buildBridge]")
  })

  it.each([
    ["import { readFileSync } from 'node:fs'", /a sandboxed preload has none/],
    ["import { createApp } from '../main/app'", /src\/preload may import only src\/shared, not src\/main/],
    ["import { App } from '../renderer/src/App'", /not src\/renderer/],
  ])('refuses %s', async (line, because) => {
    await expectRefused('src/preload/probe.ts', `${line}\nexport {}`, because)
  })
})

describe('import boundaries: src/main', () => {
  it('imports Node builtins, shared code, its own files, packages and package.json', async () => {
    await expectAllowed(
      'src/main/catalog/probe.ts',
      "import { join } from 'node:path'\nimport Database from 'better-sqlite3'\nimport { contract } from '@shared/contract/operations'\nimport { createApp } from '../app'\nimport pkg from '../../../package.json'\nexport const x = [join, Database, contract, createApp, pkg]",
    )
  })

  it.each([
    ["import { App } from '../../renderer/src/App'", /src\/main \(outside electron\/\) may not import src\/renderer/],
    ["import { buildBridge } from '../../preload/bridge'", /may not import src\/preload/],
    ["export * from '../../preload/bridge'", /may not import src\/preload/],
    ["import { registerIpcBridge } from '../electron/ipc-bridge'", /only the Electron entry \(src\/main\/index.ts\) may/],
  ])('refuses %s', async (line, because) => {
    await expectRefused('src/main/catalog/probe.ts', `${line}\nexport {}`, because)
  })

  it('lets the Electron entry load the shell', async () => {
    await expectAllowed('src/main/index.ts', "import './electron/main'")
  })

  it('keeps the Electron shell away from the renderer and the preload too', async () => {
    await expectAllowed('src/main/electron/probe.ts', "import { createApp } from '../app'\nimport { readFile } from 'node:fs/promises'\nexport const x = [createApp, readFile]")
    await expectRefused('src/main/electron/probe.ts', "import { buildBridge } from '../../preload/bridge'\nexport const b = buildBridge", /src\/main\/electron may not import src\/preload/)
    await expectRefused('src/main/electron/probe.ts', "import { App } from '../../renderer/src/App'\nexport const a = App", /may not import src\/renderer/)
  })
})
