/**
 * `ocop/import-boundaries`: which runtime may import what, checked on every import the way
 * VS Code's layer rules and Signal's file-suffix rule do. The layer of an import is decided from
 * the file it resolves to — relative specifiers are resolved against the importing file, and
 * `@shared/…` is the alias of src/shared — so `../../main/db` is caught like `src/main/db` would
 * be, which `no-restricted-imports` patterns cannot do.
 *
 *   src/main/electron/  the Electron shell: anything except the renderer and the preload
 *   src/main/           Node: never electron, the renderer or the preload; only src/main/index.ts
 *                       (the Electron entry) may reach into src/main/electron/
 *   src/preload/        electron, src/shared and bundle-safe packages; no Node builtins (the
 *                       sandbox has none), no src/main, no src/renderer
 *   src/renderer/       src/shared and browser-safe packages only
 *   src/shared/         other src/shared files and browser-safe packages only
 *   everything else     (tests, scripts, configs) may not load electron at runtime: on machines
 *                       without the binary, `require('electron')` starts a download and fails
 *
 * Tests next to the code (`*.test.ts`) run on Node, so they may use Node builtins; every other
 * boundary holds for them too. Type-only imports are checked like value imports inside src/ (a
 * type from the wrong layer is still a dependency on it); outside src/ only a runtime load of
 * electron is refused.
 */
import { builtinModules } from 'node:module'
import path from 'node:path'

const REPO_ROOT = path.resolve(import.meta.dirname, '..')
const NODE_BUILTINS = new Set(builtinModules)
/** Packages that only work in Node (native addons, server code): never in the renderer, shared or preload bundles. */
const NODE_ONLY_PACKAGES = new Set(['better-sqlite3', 'better-sqlite3-node20', 'sharp', 'kysely', 'sirv'])
const TEST_FILE = /\.test\.[cm]?[jt]sx?$/

/** @typedef {'electron-main' | 'main' | 'preload' | 'renderer' | 'shared'} Layer */

/** @type {ReadonlyArray<readonly [string, Layer]>} most specific first */
const LAYER_FOLDERS = [
  ['src/main/electron/', 'electron-main'],
  ['src/main/', 'main'],
  ['src/preload/', 'preload'],
  ['src/renderer/', 'renderer'],
  ['src/shared/', 'shared'],
]

const LAYER_NAMES = {
  'electron-main': 'src/main/electron',
  main: 'src/main (outside electron/)',
  preload: 'src/preload',
  renderer: 'src/renderer',
  shared: 'src/shared',
}

/** @returns {Layer | null} */
function layerOfPath(absolutePath) {
  const relativePath = path.relative(REPO_ROOT, absolutePath).split(path.sep).join('/')
  if (relativePath.startsWith('../') || path.isAbsolute(relativePath)) return null
  for (const [folder, layer] of LAYER_FOLDERS) {
    if (relativePath.startsWith(folder) || `${relativePath}/` === folder) return layer
  }
  return null
}

/**
 * What an import specifier points at.
 * @returns {{ kind: 'electron' } | { kind: 'builtin' } | { kind: 'package', name: string } | { kind: 'file', layer: Layer | null, file: string }}
 */
function classify(specifier, importingFile) {
  if (specifier === 'electron' || specifier.startsWith('electron/')) return { kind: 'electron' }
  if (specifier.startsWith('node:') || NODE_BUILTINS.has(specifier) || NODE_BUILTINS.has(specifier.split('/')[0])) return { kind: 'builtin' }
  if (specifier === '@shared' || specifier.startsWith('@shared/')) {
    const file = path.join(REPO_ROOT, 'src/shared', specifier.slice('@shared'.length))
    return { kind: 'file', layer: 'shared', file }
  }
  if (specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../') || path.isAbsolute(specifier)) {
    const file = path.resolve(path.dirname(importingFile), specifier)
    return { kind: 'file', layer: layerOfPath(file), file }
  }
  const parts = specifier.split('/')
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
  return { kind: 'package', name }
}

/**
 * Why `importer` may not import `target`, or null when it may.
 * @param {Layer | null} importer
 */
function violation(importer, importingFile, target, typeOnly) {
  const isTest = TEST_FILE.test(importingFile)
  if (importer === null) {
    return target.kind === 'electron' && !typeOnly ? 'only src/main/electron and src/preload may load electron; use `import type` or vi.mock' : null
  }
  const here = LAYER_NAMES[importer]
  switch (target.kind) {
    case 'electron':
      return importer === 'electron-main' || importer === 'preload' ? null : `${here} may not import electron: only src/main/electron (and src/preload) may`
    case 'builtin':
      if (importer === 'electron-main' || importer === 'main' || isTest) return null
      return `${here} may not import Node builtins: ${importer === 'preload' ? 'a sandboxed preload has none' : 'it also runs in the browser'}`
    case 'package':
      if ((importer === 'renderer' || importer === 'shared' || importer === 'preload') && NODE_ONLY_PACKAGES.has(target.name)) {
        return `${here} may not import ${target.name}, which only runs in Node (src/main)`
      }
      return null
    case 'file':
      return fileViolation(importer, importingFile, target)
    default:
      return null
  }
}

function fileViolation(importer, importingFile, target) {
  const here = LAYER_NAMES[importer]
  const there = target.layer === null ? 'files outside src/' : LAYER_NAMES[target.layer]
  switch (importer) {
    case 'shared':
      return target.layer === 'shared' ? null : `src/shared may import only src/shared, not ${there}`
    case 'renderer':
      return target.layer === 'renderer' || target.layer === 'shared' ? null : `src/renderer may import only src/shared and packages, not ${there}`
    case 'preload':
      return target.layer === 'preload' || target.layer === 'shared' ? null : `src/preload may import only src/shared, not ${there}`
    case 'main':
      if (target.layer === 'renderer' || target.layer === 'preload') return `${here} may not import ${there}`
      if (target.layer === 'electron-main' && path.relative(REPO_ROOT, importingFile).split(path.sep).join('/') !== 'src/main/index.ts') {
        return `${here} may not import src/main/electron: only the Electron entry (src/main/index.ts) may; services stay testable on plain Node`
      }
      return null
    case 'electron-main':
      return target.layer === 'renderer' || target.layer === 'preload' ? `${here} may not import ${there}` : null
    default:
      return null
  }
}

function staticString(node) {
  if (!node) return null
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? null
  return null
}

/** @type {import('eslint').Rule.RuleModule} */
const importBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep each runtime (Electron main, Node main, preload, renderer, shared) to the imports it can run.' },
    schema: [],
    messages: { forbidden: "'{{specifier}}': {{reason}}." },
  },
  create(context) {
    const importingFile = context.filename
    const importer = layerOfPath(importingFile)

    const check = (sourceNode, typeOnly) => {
      const specifier = staticString(sourceNode)
      if (specifier === null) return
      const reason = violation(importer, importingFile, classify(specifier, importingFile), typeOnly)
      if (reason !== null) context.report({ node: sourceNode, messageId: 'forbidden', data: { specifier, reason } })
    }
    const allTypeSpecifiers = (node) => node.specifiers.length > 0 && node.specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type')

    return {
      ImportDeclaration: (node) => check(node.source, node.importKind === 'type' || allTypeSpecifiers(node)),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.exportKind === 'type' || allTypeSpecifiers(node)),
      ExportAllDeclaration: (node) => check(node.source, node.exportKind === 'type'),
      ImportExpression: (node) => check(node.source, false),
      TSImportType: (node) => check(node.source ?? node.argument?.literal, true),
      TSExternalModuleReference: (node) => check(node.expression, node.parent?.importKind === 'type'),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length >= 1) check(node.arguments[0], false)
      },
    }
  },
}

export default {
  meta: { name: 'ocop' },
  rules: { 'import-boundaries': importBoundaries },
}
