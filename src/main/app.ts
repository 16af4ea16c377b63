/**
 * The composition root: builds the whole service graph from its dependencies and maps every
 * contract operation onto it. The Electron shell, the HTTP server and the tests all start here.
 */
import { listAudit } from './audit/audit.repo'
import { exportProducts, importTemplate } from './catalog/catalog.export'
import { createImportProgressBoard, importProducts } from './catalog/catalog.import'
import { searchProducts } from './catalog/catalog.search'
import { createCatalogService } from './catalog/catalog.service'
import { systemClock, type Clock } from './clock'
import type { ServiceDeps } from './context'
import { backupDatabase, schemaVersion } from './db/migrate'
import { openAppDatabase, type StartupReport } from './db/startup'
import { createDispatcher, type Handlers, type Invoke } from './dispatch'
import { createIdFactory } from './ids'
import { consoleLogger, type Logger } from './logger'
import type { DataPaths } from './paths'
import { createSellersService } from './sellers/sellers.service'
import { AppError } from '@shared/contract/errors'
import type { OpenedDatabase } from './db/connection'

export interface AppOptions {
  readonly paths: DataPaths
  readonly transport: 'ipc' | 'http'
  readonly appVersion: string
  readonly clock?: Clock
  readonly logger?: Logger
}

export interface App {
  readonly handlers: Handlers
  readonly invoke: Invoke
  readonly startup: StartupReport
  readonly database: OpenedDatabase
  close(): Promise<void>
}

export async function createApp(options: AppOptions): Promise<App> {
  const clock = options.clock ?? systemClock
  const logger = options.logger ?? consoleLogger()
  const { opened, report } = await openAppDatabase(options.paths, clock)
  if (report.backupFile) logger.info(`database copied to ${report.backupFile} before start-up`)
  if (report.applied.length > 0) logger.info(`migrations applied: ${report.applied.join(', ')}`)
  const handlers = buildHandlers({ db: opened.db, clock, newId: createIdFactory(clock.now) }, opened, options)
  return {
    handlers,
    invoke: createDispatcher(handlers, logger),
    startup: report,
    database: opened,
    close: () => opened.close(),
  }
}

export function buildHandlers(deps: ServiceDeps, opened: OpenedDatabase, options: AppOptions): Handlers {
  const sellers = createSellersService(deps)
  const catalog = createCatalogService(deps, sellers)
  const progress = createImportProgressBoard(deps.clock.now)
  const { paths } = options

  return {
    'system.getInfo': async () => ({
      appVersion: options.appVersion,
      transport: options.transport,
      dataDir: paths.dataDir,
      databaseFile: paths.databaseFile,
      backupsDir: paths.backupsDir,
      schemaVersion: await schemaVersion(deps.db),
      sqliteVersion: String((opened.sqlite.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v),
    }),
    'system.createBackup': async () => {
      const createdAt = deps.clock.isoNow()
      const { file, bytes } = backupDatabase({ sqlite: opened.sqlite, backupsDir: paths.backupsDir, nowIso: createdAt, kind: 'manual' })
      return { file, bytes, createdAt }
    },
    'sellers.createSeller': (input, ctx) => sellers.create(input, ctx),
    'sellers.updateSeller': (input, ctx) => sellers.update(input, ctx),
    'sellers.listSellers': () => sellers.list(),
    'sellers.setDefaultSeller': (input, ctx) => sellers.setDefault(input.id, ctx),
    'catalog.createProduct': (input, ctx) => catalog.create(input, ctx),
    'catalog.updateProduct': (input, ctx) => catalog.update(input, ctx),
    'catalog.getProduct': (input) => catalog.get(input.id),
    'catalog.archiveProduct': (input, ctx) => catalog.archive(input.id, ctx),
    'catalog.restoreProduct': (input, ctx) => catalog.restore(input.id, ctx),
    'catalog.searchProducts': (input) => searchProducts(deps.db, input),
    'catalog.importProducts': (input, ctx) => importProducts({ ...deps, catalog, progress }, input, ctx),
    'catalog.importProgress': async (input) => {
      const found = progress.get(input.jobId)
      if (!found) throw new AppError('NOT_FOUND', `No import job ${input.jobId}`, { entity: 'importJob', id: input.jobId })
      return found
    },
    'catalog.exportProducts': (input) => exportProducts(deps.db, deps.clock, input),
    'catalog.getImportTemplate': (input) => importTemplate(input),
    'audit.listEntries': (input) => listAudit(deps.db, input.entityId, input.limit),
  }
}
