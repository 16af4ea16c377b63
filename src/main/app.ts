/**
 * The composition root: builds the whole service graph from its dependencies and maps every
 * contract operation onto it. The Electron shell, the HTTP server and the tests all start here.
 */
import { join } from 'node:path'
import { listAudit } from './audit/audit.repo'
import { exportProducts, importTemplate } from './catalog/catalog.export'
import { createImportProgressBoard, importProducts } from './catalog/catalog.import'
import { searchProducts } from './catalog/catalog.search'
import { createCatalogService } from './catalog/catalog.service'
import { systemClock, type Clock } from './clock'
import type { Desktop, ServiceDeps } from './context'
import { backupDatabase, schemaVersion } from './db/migrate'
import { openAppDatabase, type StartupReport } from './db/startup'
import { createDispatcher, type Handlers, type Invoke } from './dispatch'
import { createIdFactory } from './ids'
import { consoleLogger, type Logger } from './logger'
import type { DataPaths } from './paths'
import { createSellersService } from './sellers/sellers.service'
import { AppError } from '@shared/contract/errors'
import { todayInVietnam } from '@shared/domain/calendar'
import type { OpenedDatabase } from './db/connection'
import { createProductImagesService } from './catalog/product-images'
import { createLabelsService } from './labels/labels.service'
import { createLotsService } from './lots/lots.service'
import { mediaKeysInBackups } from './media/backup-references'
import { createMediaStore } from './media/media-store'
import { createMediaService, type MediaService } from './media/media.service'
import { createInlineRunner, createMediaWorkerPool } from './media/worker-pool'
import { createCertificatesService } from './ocop/certificates.service'
import { createSettingsService } from './settings/settings.service'
import { createTraceService } from './traceability/trace.service'
import { addressBook } from './customers/address-book'
import { createCustomersService } from './customers/customers.service'
import { createInventoryService } from './inventory/inventory.service'
import { createOrderDocuments } from './orders/order-documents'
import { createOrdersService } from './orders/orders.service'
import axios, { type AxiosInstance } from 'axios'
import { createPaymentsService, type CallbackResult, type PaymentsService } from './payments/payments.service'
import { startPaymentPoller } from './payments/payment-poller'
import { keyFileSecretBox, type SecretBox } from './payments/secret-box'
import { createStatementsService } from './payments/statements.service'
import { exportMassUpload } from './publishing/mass-upload'
import { createPortalListings } from './publishing/portal-listing'
import { marketplaceConnectors } from './publishing/connectors'
import { createListingsService } from './publishing/listings.service'
import { changeJob, createOutbox, listJobs, startOutboxWorker, type Outbox } from './publishing/outbox'
import { createPublishingHandlers } from './publishing/publishing.handlers'
import { createChannelAuth, type ChannelAuth } from './publishing/channel-auth'
import type { ChannelCallbackHandler } from './publishing/channel-callback-route'
import { refreshExpiringTokens, scheduleOrderPulls } from './publishing/order-import'
import { queueOcopClaimUpdates } from './publishing/ocop-claims'
import { acquireDataFolderLock } from './data-folder-lock'
import { startBackgroundLoop } from './background-loop'
import { dashboard } from './reports/dashboard'
import { buildReport, exportReport } from './reports/report-catalog'
import { createCommuneService } from './reports/commune'
import { exportSellerBundle, installationIdentity } from './reports/seller-figures'
import { refreshRollups } from './reports/rollups'

export interface AppOptions {
  readonly paths: DataPaths
  readonly transport: 'ipc' | 'http'
  readonly appVersion: string
  readonly clock?: Clock
  readonly logger?: Logger
  /**
   * The built media worker (out/main/media.worker.js). Given, image processing runs on a worker
   * thread; omitted (unit tests, which run the TypeScript sources), it runs inline.
   */
  readonly mediaWorkerFile?: string
  /** What only the desktop shell can do (open a file in the system's viewer); absent in browser mode. */
  readonly desktop?: Desktop
  /** The real clock, against which stored files' ages are judged (tests make it move with `clock`). */
  readonly fileSystemNow?: () => number
  /**
   * Seals payment secrets: the desktop shell passes the OS keychain (safeStorage); otherwise a
   * key file in the data folder, readable only by the user.
   */
  readonly secrets?: SecretBox
  /** The HTTP client for payment providers (tests point it at fakes). */
  readonly http?: AxiosInstance
  /** Poll VNPay for open payments in the background (off in unit tests, which poll by hand). */
  readonly paymentPolling?: boolean
  /** Drain the publishing outbox in the background (off in unit tests, which drain by hand). */
  readonly outboxWorker?: boolean
  /**
   * The caller already guarantees that no other process uses this data folder (the desktop
   * shell holds Electron's single-instance lock). Otherwise createApp takes the folder's lock
   * file (data-folder-lock.ts) and refuses to start while another live process has it.
   */
  readonly ownsDataFolder?: boolean
  /** Bring the reports' day sums up to date in the background (off in unit tests; reports refresh on read anyway). */
  readonly reportRollups?: boolean
}

export type { Desktop } from './context'

export interface App {
  readonly handlers: Handlers
  readonly invoke: Invoke
  readonly startup: StartupReport
  readonly database: OpenedDatabase
  /** Stored files, for the transports that serve them (the app protocol, /media). */
  readonly media: Pick<MediaService, 'resolve'>
  /** VNPay's return and IPN, for the transport that receives them (a loopback HTTP route). */
  readonly vnpayCallbacks: VnpayCallbacks
  /** The publishing outbox (tests drain it by hand). */
  readonly outbox: Outbox
  /** A marketplace's OAuth redirect (GET /channels/callback), on the same loopback address. */
  readonly channelCallbacks: ChannelCallbackHandler
  close(): Promise<void>
}

export interface VnpayCallbacks {
  /** The base URL VNPay returns the customer to, once the loopback server listens. */
  setBaseUrl(url: string): void
  handle(kind: 'return' | 'ipn', query: URLSearchParams): Promise<CallbackResult>
  /** Poll due payments now (the return handler and tests use it). */
  pollDue(): Promise<number>
}

export async function createApp(options: AppOptions): Promise<App> {
  const clock = options.clock ?? systemClock
  const logger = options.logger ?? consoleLogger()
  const folderLock = options.ownsDataFolder ? null : acquireDataFolderLock(options.paths.dataDir)
  let opening: Awaited<ReturnType<typeof openAppDatabase>>
  try {
    opening = await openAppDatabase(options.paths, clock)
  } catch (error) {
    folderLock?.release()
    throw error
  }
  const { opened, report } = opening
  if (report.backupFile) logger.info(`database copied to ${report.backupFile} before start-up`)
  if (report.applied.length > 0) logger.info(`migrations applied: ${report.applied.join(', ')}`)
  const deps: ServiceDeps = { db: opened.db, clock, newId: createIdFactory(clock.now) }
  const media = createMediaService({
    db: opened.db,
    clock,
    store: createMediaStore(options.paths.mediaDir),
    runner: options.mediaWorkerFile ? createMediaWorkerPool({ workerFile: options.mediaWorkerFile }) : createInlineRunner(),
    ...(options.fileSystemNow && { fileSystemNow: options.fileSystemNow }),
    keptElsewhere: () => {
      const { keys, unreadable } = mediaKeysInBackups(options.paths.backupsDir)
      if (unreadable.length > 0) logger.warn(`media: could not read backups ${unreadable.join(', ')}; their photos may be collected`)
      return keys
    },
  })
  let callbackBase: string | null = null
  const secretsBox = options.secrets ?? keyFileSecretBox(join(options.paths.dataDir, 'secret.key'))
  const httpClient = options.http ?? axios.create({ timeout: 20_000 })
  const payments = createPaymentsService({
    ...deps,
    secrets: secretsBox,
    http: httpClient,
    logger,
    callbackBaseUrl: () => callbackBase,
  })
  // Marketplace orders land in the orders module; the portal gets the listing documents of the export.
  const ordersForImport = createOrdersService(deps, createCustomersService(deps, addressBook()), addressBook(), payments)
  const portalListings = createPortalListings(deps, createCertificatesService(deps, media), createLotsService(deps, media))
  const publishingHandlers = createPublishingHandlers({
    ...deps,
    secrets: secretsBox,
    media,
    connectorFor: marketplaceConnectors(httpClient),
    orders: ordersForImport,
    portal: { listings: portalListings, http: httpClient },
  })
  const outbox = createOutbox({ db: opened.db, clock, logger }, publishingHandlers)
  // This process owns the folder, so a job still marked running was cut off when the app last stopped.
  const interrupted = await outbox.reclaimInterrupted()
  if (interrupted > 0) logger.warn(`outbox: ${interrupted} job(s) were interrupted when the app last stopped; queued again, checked before repeating`)
  const channelAuth = createChannelAuth({ ...deps, secrets: secretsBox, connectorFor: marketplaceConnectors(httpClient), callbackBaseUrl: () => callbackBase })
  const handlers = buildHandlers(deps, opened, media, payments, outbox, secretsBox, options, channelAuth)
  const poller = options.paymentPolling === false ? null : startPaymentPoller(payments, logger)
  // Before each round: order pulls that are due, and (every 10 minutes) listings whose OCOP standing changed.
  let claimsCheckedAt = 0
  const beforeRound = async () => {
    await refreshExpiringTokens(opened.db, (id) => publishingHandlers.refresh(id), clock.now())
    await scheduleOrderPulls(opened.db, deps.newId, clock.now())
    if (clock.now() - claimsCheckedAt < 10 * 60_000) return
    claimsCheckedAt = clock.now()
    await queueOcopClaimUpdates(opened.db, deps.newId, clock.now())
  }
  const outboxWorker = options.outboxWorker === false ? null : startOutboxWorker(outbox, logger, 3_000, beforeRound)
  // After an upgrade the whole order book is summed once, two weeks per tick (a few hundred ms of
  // database time at a million orders), so the dashboard rarely has to wait for it.
  const rollups = options.reportRollups === false ? null : startBackgroundLoop('reports: day sums', () => refreshRollups(opened.db, { maxDays: 15 }), logger, 2_000)
  // Files left by deleted photos or interrupted saves; never blocks start-up.
  const startupGc = media
    .collectGarbage()
    .then((r) => r.removed > 0 && logger.info(`media: removed ${r.removed} unused file sets`))
    .catch((error: unknown) => logger.error('media garbage collection failed', error))
  return {
    handlers,
    invoke: createDispatcher(handlers, logger),
    startup: report,
    database: opened,
    media,
    vnpayCallbacks: {
      setBaseUrl: (url) => {
        callbackBase = url.replace(/\/+$/, '')
      },
      handle: (kind, query) => payments.handleVnpayCallback(kind, query),
      pollDue: () => payments.pollDue(),
    },
    outbox,
    channelCallbacks: channelAuth,
    close: async () => {
      await poller?.stop()
      await outboxWorker?.stop()
      await rollups?.stop()
      await startupGc
      await media.close()
      await opened.close()
      folderLock?.release()
    },
  }
}

export function buildHandlers(
  deps: ServiceDeps,
  opened: OpenedDatabase,
  media: MediaService,
  payments: PaymentsService,
  outbox: Outbox,
  secrets: SecretBox,
  options: AppOptions,
  channelAuth: ChannelAuth,
): Handlers {
  const sellers = createSellersService(deps)
  const images = createProductImagesService(deps, media)
  const certificates = createCertificatesService(deps, media)
  const settings = createSettingsService(deps)
  const lots = createLotsService(deps, media)
  const labels = createLabelsService(deps, lots)
  const trace = createTraceService(deps, lots, media)
  const units = addressBook()
  const customers = createCustomersService(deps, units)
  const orders = createOrdersService(deps, customers, units, payments)
  const statements = createStatementsService(deps, payments)
  const portal = createPortalListings(deps, certificates, lots)
  const listings = createListingsService({ ...deps, secrets })
  const commune = createCommuneService(deps)
  const documents = createOrderDocuments(deps, orders)
  const inventory = createInventoryService(deps)
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
    'catalog.searchProducts': (input) => searchProducts(deps.db, input, { today: todayInVietnam(deps.clock.now()) }),
    'catalog.importProducts': (input, ctx) => importProducts({ ...deps, catalog, progress }, input, ctx),
    'catalog.importProgress': async (input) => {
      const found = progress.get(input.jobId)
      if (!found) throw new AppError('NOT_FOUND', `No import job ${input.jobId}`, { entity: 'importJob', id: input.jobId })
      return found
    },
    'catalog.exportProducts': (input) => exportProducts(deps.db, deps.clock, input),
    'catalog.getImportTemplate': (input) => importTemplate(input),
    'system.collectMediaGarbage': () => media.collectGarbage(),
    'catalog.addProductImages': (input, ctx) => images.add(input, ctx),
    'catalog.updateProductImage': (input, ctx) => images.update(input, ctx),
    'catalog.reorderProductImages': (input, ctx) => images.reorder(input, ctx),
    'catalog.removeProductImage': (input, ctx) => images.remove(input.id, ctx),
    'ocop.createCertificate': (input, ctx) => certificates.create(input, ctx),
    'ocop.updateCertificate': (input, ctx) => certificates.update(input, ctx),
    'ocop.deleteCertificate': (input, ctx) => certificates.remove(input.id, ctx),
    'ocop.listCertificates': (input) => certificates.list(input.productId),
    'ocop.attachCertificateScan': (input, ctx) => certificates.attachScan(input, ctx),
    'ocop.removeCertificateScan': (input, ctx) => certificates.removeScan(input.id, ctx),
    'ocop.expiryAlerts': (input) => certificates.expiryAlerts(input),
    'lots.createLot': (input, ctx) => lots.create(input, ctx),
    'lots.updateLot': (input, ctx) => lots.update(input, ctx),
    'lots.archiveLot': (input, ctx) => lots.setArchived(input.id, true, ctx),
    'lots.restoreLot': (input, ctx) => lots.setArchived(input.id, false, ctx),
    'lots.getLot': (input) => lots.get(input.id),
    'lots.listLots': (input) => lots.list(input),
    'lots.suggestLotCode': (input) => lots.suggestCode(input.variantId, input.harvestDate),
    'lots.addLotPhotos': (input, ctx) => lots.addPhotos(input, ctx),
    'lots.removeLotPhoto': (input, ctx) => lots.removePhoto(input.lotId, input.mediaKey, ctx),
    'lots.lookupTraceCode': (input) => lots.lookup(input.code),
    'trace.exportLotPage': (input) => trace.exportLotPage(input.lotId),
    'trace.exportRecords': (input) => trace.exportRecords(input),
    'labels.renderPdf': (input) => labels.render(input),
    'labels.printPdf': (input) => labels.print(input, options.desktop, join(paths.dataDir, 'labels')),
    'settings.get': () => settings.get(),
    'settings.update': (input, ctx) => settings.update(input, ctx),
    'customers.createCustomer': (input, ctx) => customers.create(input, ctx),
    'customers.updateCustomer': (input, ctx) => customers.update(input, ctx),
    'customers.getCustomer': (input) => customers.get(input.id),
    'customers.searchCustomers': (input) => customers.search(input),
    'addresses.searchUnits': async (input) => units.search(input.query, { limit: input.limit, ...(input.provinceCode && { provinceCode: input.provinceCode }) }),
    'addresses.listProvinces': async () => units.provinces(),
    'orders.createOrder': (input, ctx) => orders.create(input, ctx),
    'orders.updateOrder': (input, ctx) => orders.update(input, ctx),
    'orders.getOrder': (input) => orders.get(input.id),
    'orders.listOrders': (input) => orders.list(input),
    'orders.transitionOrder': (input, ctx) => orders.act(input, ctx),
    'orders.returnOrder': (input, ctx) => orders.returnGoods(input, ctx),
    'orders.counterSale': (input, ctx) => orders.counterSale(input, ctx),
    'orders.renderDocument': (input) => documents.render(input),
    'stock.listStock': (input) => inventory.list(input),
    'stock.receiveStock': (input, ctx) => inventory.receive(input, ctx),
    'stock.adjustStock': (input, ctx) => inventory.adjust(input, ctx),
    'stock.setLowStockThreshold': (input) => inventory.setThreshold(input.variantId, input.threshold),
    'stock.history': (input) => inventory.history(input.variantId, input.limit),
    'stock.startStocktake': (input, ctx) => inventory.startStocktake(input, ctx),
    'stock.getStocktake': (input) => inventory.getStocktake(input.id),
    'stock.countStocktake': (input) => inventory.count(input),
    'stock.confirmStocktake': (input, ctx) => inventory.confirmStocktake(input.id, ctx),
    'stock.cancelStocktake': (input) => inventory.cancelStocktake(input.id),
    'payments.createIntent': (input, ctx) => payments.createIntent(input, ctx),
    'payments.getIntent': (input) => payments.getIntent(input.id),
    'payments.orderPayments': (input) => payments.orderPayments(input.orderId),
    'payments.cancelIntent': (input, ctx) => payments.cancelIntent(input, ctx),
    'payments.confirmReceived': (input, ctx) => payments.confirmReceived(input, ctx),
    'payments.refreshIntent': (input, ctx) => payments.refresh(input.id, ctx),
    'payments.openCheckout': (input) => payments.openCheckout(input.id, options.desktop),
    'payments.refund': (input, ctx) => payments.refund(input, ctx),
    'payments.listEvents': (input) => payments.listEvents(input),
    'payments.getSettings': () => payments.settings(),
    'payments.updateVnpayConfig': (input, ctx) => payments.updateVnpayConfig(input, ctx),
    'payments.previewStatement': (input, ctx) => statements.preview(input, ctx),
    'payments.applyStatement': (input, ctx) => statements.apply(input, ctx),
    'publishing.exportPortalListings': (input) => portal.export(input),
    'publishing.exportMassUpload': (input) => exportMassUpload(deps, input),
    'reports.dashboard': (input) => dashboard(deps, input),
    'reports.getReport': (input) => buildReport(deps, input),
    'reports.exportReport': (input) => exportReport(deps, input),
    'reports.exportSellerBundle': (input) => exportSellerBundle({ ...deps, secrets, appVersion: options.appVersion }, input),
    'reports.getIdentity': async () => {
      const identity = await installationIdentity(deps.db, secrets, deps.clock.isoNow())
      return { installationId: identity.installationId, fingerprint: identity.fingerprint }
    },
    'commune.importBundles': (input, ctx) => commune.importBundles(input.files, ctx),
    'commune.listBundles': (input) => commune.listBundles(input),
    'commune.removeBundle': (input) => commune.removeBundle(input.id),
    'commune.exportReport': (input) => commune.exportReport(input),
    'channels.listAccounts': () => listings.listAccounts(),
    'channels.createAccount': (input, ctx) => listings.createAccount(input, ctx),
    'channels.startAuthorization': (input) => channelAuth.start(input.id),
    'channels.pullOrders': (input, ctx) => listings.pullOrdersNow(input.id, ctx),
    'channels.getRedirectUrl': async () => channelAuth.redirectUrl(),
    'listings.listListings': (input) => listings.listListings(input),
    'listings.upsertListing': (input, ctx) => listings.upsertListing(input, ctx),
    'listings.publish': (input, ctx) => listings.publish(input, ctx),
    'listings.publishProducts': (input, ctx) => listings.publishProducts(input, ctx),
    'listings.unlist': (input, ctx) => listings.unlist(input, ctx),
    'outbox.listJobs': (input) => listJobs(deps.db, input),
    'outbox.retryJob': (input) => changeJob(deps.db, outbox, input.id, 'retry'),
    'outbox.dropJob': (input) => changeJob(deps.db, outbox, input.id, 'drop'),
    'audit.listEntries': (input) => listAudit(deps.db, input.entityId, input.limit),
  }
}
