/**
 * THE contract. Every operation is declared here once: its name, input schema, output
 * schema and the error codes it may return. The preload, the IPC handlers, the HTTP routes,
 * `GET /api`, the renderer client and its test fake are all derived from this object, so a
 * missing handler is a type error and an unknown name is refused at runtime.
 */
import { z } from 'zod'
import type { ErrorCode } from './errors'
import {
  bundleImportResultDto,
  communeBundleDto,
  dashboardDto,
  exportCommuneReportInput,
  exportReportInput,
  getReportInput,
  reportDocumentDto,
  importBundlesInput,
  listBundlesInput,
  periodInput,
  reportIdentityDto,
  sellerBundleDto,
} from './reports'
import {
  auditEntryDto,
  backupDto,
  exportFileDto,
  importProgressDto,
  importResultDto,
  productDto,
  productPageDto,
  sellerDto,
  systemInfoDto,
} from './dto'
import {
  auditListInput,
  createProductInput,
  createSellerInput,
  emptyInput,
  exportProductsInput,
  idInput,
  importProductsInput,
  importProgressInput,
  importTemplateInput,
  searchProductsInput,
  updateProductInput,
  updateSellerInput,
} from './inputs'
import {
  createLotInput,
  exportTracePageInput,
  exportTraceRecordsInput,
  labelsPdfDto,
  listLotsInput,
  lotCodeSuggestionDto,
  lotCodeSuggestionInput,
  lotDto,
  lotPageDto,
  printedLabelsDto,
  renderLabelsInput,
  settingsDto,
  traceLookupInput,
  updateLotInput,
  updateSettingsInput,
} from './lots'
import {
  addProductImagesInput,
  attachScanInput,
  lotPhotosInput,
  mediaGcDto,
  productImageDto,
  productImagesDto,
  removeLotPhotoInput,
  removeProductImageInput,
  reorderProductImagesInput,
  updateProductImageInput,
} from './media'
import {
  authorizationDto,
  redirectUrlDto,
  channelAccountDto,
  createChannelAccountInput,
  exportMassUploadInput,
  exportPortalListingsInput,
  listingDto,
  listingsActionInput,
  listListingsInput,
  listOutboxJobsInput,
  publishProductsInput,
  outboxJobDto,
  upsertListingInput,
} from './publishing'
import {
  applyStatementInput,
  cancelIntentInput,
  checkoutOpenedDto,
  confirmReceivedInput,
  createIntentInput,
  listEventsInput,
  orderPaymentsDto,
  orderPaymentsInput,
  paymentEventDto,
  paymentIntentDto,
  paymentSettingsDto,
  previewStatementInput,
  refundInput,
  statementPreviewDto,
  statementResultDto,
  updateVnpayConfigInput,
} from './payments'
import {
  adjustStockInput,
  adminUnitDto,
  countStocktakeInput,
  counterSaleDto,
  counterSaleInput,
  createCustomerInput,
  createOrderInput,
  customerDto,
  customerPageDto,
  listOrdersInput,
  orderActionInput,
  orderDocumentInput,
  orderDto,
  orderPageDto,
  provinceDto,
  receiveStockInput,
  returnOrderInput,
  searchCustomersInput,
  searchUnitsInput,
  setThresholdInput,
  startStocktakeInput,
  stockHistoryInput,
  stockLevelDto,
  stockMovementDto,
  stockPageDto,
  stockQueryInput,
  stocktakeDto,
  updateCustomerInput,
  updateOrderInput,
} from './orders'
import { certificateDto, createCertificateInput, expiryAlertsDto, expiryAlertsInput, listCertificatesInput, updateCertificateInput } from './ocop'

export interface OperationDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly summary: string
  readonly input: I
  readonly output: O
  readonly errors: readonly ErrorCode[]
  /**
   * The input carries files (`files: [{ name, bytes }]`): over HTTP it may come as
   * multipart/form-data (part `input` = the JSON rest, parts `files` = the files).
   */
  readonly upload?: true
}

function op<I extends z.ZodType, O extends z.ZodType>(def: OperationDef<I, O>): OperationDef<I, O> {
  return def
}

export const contract = {
  'system.getInfo': op({
    summary: 'Where the data lives, versions, and which transport answers.',
    input: emptyInput,
    output: systemInfoDto,
    errors: [],
  }),
  'system.createBackup': op({
    summary: 'Copy the database now into the backups folder (kept alongside the automatic ones).',
    input: emptyInput,
    output: backupDto,
    errors: [],
  }),
  'sellers.createSeller': op({
    summary: 'Register a seller (chủ thể). The first one becomes the default seller.',
    input: createSellerInput,
    output: sellerDto,
    errors: ['VALIDATION', 'CONFLICT'],
  }),
  'sellers.updateSeller': op({
    summary: 'Change a seller’s details.',
    input: updateSellerInput,
    output: sellerDto,
    errors: ['VALIDATION', 'NOT_FOUND', 'CONFLICT'],
  }),
  'sellers.listSellers': op({
    summary: 'All sellers, the default one first.',
    input: emptyInput,
    output: z.array(sellerDto),
    errors: [],
  }),
  'sellers.setDefaultSeller': op({
    summary: 'Make a seller the default for new products.',
    input: idInput,
    output: sellerDto,
    errors: ['NOT_FOUND'],
  }),
  'catalog.createProduct': op({
    summary: 'Create a product with its variants (without sellerId it belongs to the default seller).',
    input: createProductInput,
    output: productDto,
    errors: ['VALIDATION', 'NOT_FOUND', 'CONFLICT'],
  }),
  'catalog.updateProduct': op({
    summary: 'Change a product; `variants`, when given, is the full list.',
    input: updateProductInput,
    output: productDto,
    errors: ['VALIDATION', 'NOT_FOUND', 'CONFLICT'],
  }),
  'catalog.getProduct': op({
    summary: 'One product with its live variants.',
    input: idInput,
    output: productDto,
    errors: ['NOT_FOUND'],
  }),
  'catalog.archiveProduct': op({
    summary: 'Archive a product (never deleted); its SKUs become free for reuse.',
    input: idInput,
    output: productDto,
    errors: ['NOT_FOUND'],
  }),
  'catalog.restoreProduct': op({
    summary: 'Bring an archived product back as a draft, if its SKUs are still free.',
    input: idInput,
    output: productDto,
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  'catalog.searchProducts': op({
    summary: 'Diacritic-insensitive, prefix, ranked search with filters, paging and sorting.',
    input: searchProductsInput,
    output: productPageDto,
    errors: ['VALIDATION'],
  }),
  'catalog.importProducts': op({
    summary: 'Import products from CSV or XLSX: all rows valid, or nothing written.',
    input: importProductsInput,
    output: importResultDto,
    errors: ['VALIDATION', 'CONFLICT'],
  }),
  'catalog.importProgress': op({
    summary: 'Progress of a running import started with a jobId.',
    input: importProgressInput,
    output: importProgressDto,
    errors: ['NOT_FOUND'],
  }),
  'catalog.exportProducts': op({
    summary: 'Export products (one row per variant) as CSV or XLSX, in the import format.',
    input: exportProductsInput,
    output: exportFileDto,
    errors: ['VALIDATION'],
  }),
  'catalog.getImportTemplate': op({
    summary: 'An empty import file with the right headers and two example rows.',
    input: importTemplateInput,
    output: exportFileDto,
    errors: [],
  }),
  'system.collectMediaGarbage': op({
    summary: 'Delete stored image and document files nothing refers to any more (older than an hour).',
    input: emptyInput,
    output: mediaGcDto,
    errors: [],
  }),
  'catalog.addProductImages': op({
    summary: 'Add photos to a product: each is checked by content, turned upright, stripped of metadata and stored once.',
    input: addProductImagesInput,
    output: productImagesDto,
    errors: ['VALIDATION', 'NOT_FOUND'],
    upload: true,
  }),
  'catalog.updateProductImage': op({
    summary: 'Change a photo’s alt text or the variant it shows.',
    input: updateProductImageInput,
    output: productImageDto,
    errors: ['VALIDATION', 'NOT_FOUND'],
  }),
  'catalog.reorderProductImages': op({
    summary: 'Put a product’s photos in a new order; the first is the cover.',
    input: reorderProductImagesInput,
    output: productImagesDto,
    errors: ['VALIDATION', 'NOT_FOUND'],
  }),
  'catalog.removeProductImage': op({
    summary: 'Take a photo off a product (the file goes when nothing else uses it).',
    input: removeProductImageInput,
    output: productImagesDto,
    errors: ['NOT_FOUND'],
  }),
  'ocop.createCertificate': op({
    summary: 'Register an OCOP certificate of a product (3–5★, number, decision, level, issue and expiry dates).',
    input: createCertificateInput,
    output: certificateDto,
    errors: ['VALIDATION', 'NOT_FOUND', 'CONFLICT'],
  }),
  'ocop.updateCertificate': op({
    summary: 'Correct or renew a certificate.',
    input: updateCertificateInput,
    output: certificateDto,
    errors: ['VALIDATION', 'NOT_FOUND', 'CONFLICT'],
  }),
  'ocop.deleteCertificate': op({
    summary: 'Remove a certificate entered by mistake (kept in the change history).',
    input: idInput,
    output: certificateDto,
    errors: ['NOT_FOUND'],
  }),
  'ocop.listCertificates': op({
    summary: 'A product’s certificates, newest expiry first, each with its state today.',
    input: listCertificatesInput,
    output: z.array(certificateDto),
    errors: ['NOT_FOUND'],
  }),
  'ocop.attachCertificateScan': op({
    summary: 'Attach the scanned certificate (PDF or photo).',
    input: attachScanInput,
    output: certificateDto,
    errors: ['VALIDATION', 'NOT_FOUND'],
    upload: true,
  }),
  'ocop.removeCertificateScan': op({
    summary: 'Detach the scanned certificate.',
    input: idInput,
    output: certificateDto,
    errors: ['NOT_FOUND'],
  }),
  'ocop.expiryAlerts': op({
    summary: 'Certificates expired or expiring within 30/90/180 days (today in Vietnam).',
    input: expiryAlertsInput,
    output: expiryAlertsDto,
    errors: [],
  }),
  'lots.createLot': op({
    summary: 'Record a harvest or production lot of a variant; it gets a public trace code.',
    input: createLotInput,
    output: lotDto,
    errors: ['VALIDATION', 'NOT_FOUND', 'CONFLICT'],
  }),
  'lots.updateLot': op({
    summary: 'Change a lot (its trace code never changes).',
    input: updateLotInput,
    output: lotDto,
    errors: ['VALIDATION', 'NOT_FOUND', 'CONFLICT'],
  }),
  'lots.archiveLot': op({
    summary: 'Archive a lot (sold out or withdrawn); its trace code keeps answering.',
    input: idInput,
    output: lotDto,
    errors: ['NOT_FOUND'],
  }),
  'lots.restoreLot': op({
    summary: 'Bring an archived lot back.',
    input: idInput,
    output: lotDto,
    errors: ['NOT_FOUND'],
  }),
  'lots.getLot': op({
    summary: 'One lot with its growing areas, certifications and photos.',
    input: idInput,
    output: lotDto,
    errors: ['NOT_FOUND'],
  }),
  'lots.listLots': op({
    summary: 'Lots, earliest expiry first, filtered by product, variant, text, harvest dates or expiry.',
    input: listLotsInput,
    output: lotPageDto,
    errors: ['VALIDATION'],
  }),
  'lots.suggestLotCode': op({
    summary: 'The next free lot code for a variant and date.',
    input: lotCodeSuggestionInput,
    output: lotCodeSuggestionDto,
    errors: ['NOT_FOUND'],
  }),
  'lots.addLotPhotos': op({
    summary: 'Add photos to a lot (the field, the harvest, the packing).',
    input: lotPhotosInput,
    output: lotDto,
    errors: ['VALIDATION', 'NOT_FOUND'],
    upload: true,
  }),
  'lots.removeLotPhoto': op({
    summary: 'Take a photo off a lot.',
    input: removeLotPhotoInput,
    output: lotDto,
    errors: ['NOT_FOUND'],
  }),
  'lots.lookupTraceCode': op({
    summary: 'Find a lot by its trace code (typed or scanned; case, spaces and dashes do not matter).',
    input: traceLookupInput,
    output: lotDto,
    errors: ['NOT_FOUND', 'VALIDATION'],
  }),
  'trace.exportLotPage': op({
    summary: 'A self-contained HTML trace page for one lot (product, producer, growing area, dates, certificates, photos).',
    input: exportTracePageInput,
    output: exportFileDto,
    errors: ['NOT_FOUND'],
  }),
  'trace.exportRecords': op({
    summary: 'Trace data of chosen lots or a harvest date range, as JSON or CSV for a traceability portal.',
    input: exportTraceRecordsInput,
    output: exportFileDto,
    errors: ['VALIDATION', 'NOT_FOUND'],
  }),
  'labels.renderPdf': op({
    summary: 'A PDF sheet of traceability labels (A4 2×5, A4 3×8 or 50×30 mm thermal) with QR codes.',
    input: renderLabelsInput,
    output: labelsPdfDto,
    errors: ['VALIDATION', 'NOT_FOUND'],
  }),
  'labels.printPdf': op({
    summary: 'Desktop only: the same label PDF, saved under the data folder and opened in the system PDF viewer to print.',
    input: renderLabelsInput,
    output: printedLabelsDto,
    errors: ['VALIDATION', 'NOT_FOUND', 'FORBIDDEN'],
  }),
  'settings.get': op({
    summary: 'App settings (trace URL template, default label layout).',
    input: emptyInput,
    output: settingsDto,
    errors: [],
  }),
  'settings.update': op({
    summary: 'Change app settings.',
    input: updateSettingsInput,
    output: settingsDto,
    errors: ['VALIDATION'],
  }),
  'customers.createCustomer': op({
    summary: 'Register a customer: name, phone (any Vietnamese spelling, stored as 0912345678), addresses.',
    input: createCustomerInput,
    output: customerDto,
    errors: ['VALIDATION'],
  }),
  'customers.updateCustomer': op({
    summary: 'Change a customer; `addresses`, when given, is the full list.',
    input: updateCustomerInput,
    output: customerDto,
    errors: ['VALIDATION', 'NOT_FOUND', 'CONFLICT'],
  }),
  'customers.getCustomer': op({
    summary: 'One customer, with addresses, others sharing the phone, and the number of orders.',
    input: idInput,
    output: customerDto,
    errors: ['NOT_FOUND'],
  }),
  'customers.searchCustomers': op({
    summary: 'Customers by name (diacritics optional) or phone digits.',
    input: searchCustomersInput,
    output: customerPageDto,
    errors: ['VALIDATION'],
  }),
  'addresses.searchUnits': op({
    summary: 'Communes/wards of the two-tier units in force since 1 July 2025, by name without diacritics.',
    input: searchUnitsInput,
    output: z.array(adminUnitDto),
    errors: ['VALIDATION'],
  }),
  'addresses.listProvinces': op({
    summary: 'The 34 provinces and centrally-run cities.',
    input: emptyInput,
    output: z.array(provinceDto),
    errors: [],
  }),
  'orders.createOrder': op({
    summary: 'Take an order from any channel (a draft, or confirmed at once: confirming reserves stock).',
    input: createOrderInput,
    output: orderDto,
    errors: ['VALIDATION', 'NOT_FOUND', 'CONFLICT'],
  }),
  'orders.updateOrder': op({
    summary: 'Change a draft order (lines, customer, discounts, shipping, address).',
    input: updateOrderInput,
    output: orderDto,
    errors: ['VALIDATION', 'NOT_FOUND', 'CONFLICT'],
  }),
  'orders.getOrder': op({
    summary: 'One order with its lines, lots shipped and timeline.',
    input: idInput,
    output: orderDto,
    errors: ['NOT_FOUND'],
  }),
  'orders.listOrders': op({
    summary: 'Orders, newest first, by status, channel, customer, dates; search by number, name (no diacritics) or phone.',
    input: listOrdersInput,
    output: orderPageDto,
    errors: ['VALIDATION'],
  }),
  'orders.transitionOrder': op({
    summary: 'Move an order one step: confirm (reserve), pack, ship (issue, earliest expiry first), deliver, complete, cancel (release).',
    input: orderActionInput,
    output: orderDto,
    errors: ['VALIDATION', 'NOT_FOUND', 'CONFLICT'],
  }),
  'orders.returnOrder': op({
    summary: 'Goods coming back after delivery, whole or in part: back into their lots, or written off.',
    input: returnOrderInput,
    output: orderDto,
    errors: ['VALIDATION', 'NOT_FOUND', 'CONFLICT'],
  }),
  'orders.counterSale': op({
    summary: 'A sale at the shop counter: confirmed, issued and completed at once; works out the change.',
    input: counterSaleInput,
    output: counterSaleDto,
    errors: ['VALIDATION', 'NOT_FOUND', 'CONFLICT'],
  }),
  'orders.renderDocument': op({
    summary: 'A receipt (phiếu bán hàng) or delivery note as PDF, 80 mm roll or A5.',
    input: orderDocumentInput,
    output: exportFileDto,
    errors: ['NOT_FOUND'],
  }),
  'stock.listStock': op({
    summary: 'Stock per variant: on hand, held by confirmed orders, available, and lots; or only what runs low.',
    input: stockQueryInput,
    output: stockPageDto,
    errors: ['VALIDATION'],
  }),
  'stock.receiveStock': op({
    summary: 'Goods in without a lot (goods with a harvest lot come in by recording the lot).',
    input: receiveStockInput,
    output: stockLevelDto,
    errors: ['VALIDATION', 'NOT_FOUND'],
  }),
  'stock.adjustStock': op({
    summary: 'A correction by hand, with a reason; never below what confirmed orders hold.',
    input: adjustStockInput,
    output: stockLevelDto,
    errors: ['VALIDATION', 'NOT_FOUND', 'CONFLICT'],
  }),
  'stock.setLowStockThreshold': op({
    summary: 'Below how many available units a variant counts as running low (null: never).',
    input: setThresholdInput,
    output: stockLevelDto,
    errors: ['NOT_FOUND'],
  }),
  'stock.history': op({
    summary: 'The ledger of one variant, newest first.',
    input: stockHistoryInput,
    output: z.array(stockMovementDto),
    errors: ['NOT_FOUND'],
  }),
  'stock.startStocktake': op({
    summary: 'Open a count sheet (kiểm kho) of what the books say now, per variant and lot.',
    input: startStocktakeInput,
    output: stocktakeDto,
    errors: ['CONFLICT'],
  }),
  'stock.getStocktake': op({
    summary: 'A stocktake with its counts and differences.',
    input: idInput,
    output: stocktakeDto,
    errors: ['NOT_FOUND'],
  }),
  'stock.countStocktake': op({
    summary: 'Type in counts.',
    input: countStocktakeInput,
    output: stocktakeDto,
    errors: ['VALIDATION', 'NOT_FOUND', 'CONFLICT'],
  }),
  'stock.confirmStocktake': op({
    summary: 'Write every difference as a stock movement, all at once.',
    input: idInput,
    output: stocktakeDto,
    errors: ['VALIDATION', 'NOT_FOUND', 'CONFLICT'],
  }),
  'stock.cancelStocktake': op({
    summary: 'Drop a count sheet without writing anything.',
    input: idInput,
    output: stocktakeDto,
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  'payments.createIntent': op({
    summary: 'Start taking money for an order (VNPay, VietQR, cash or COD); the same idempotency key with the same parameters returns the same intent.',
    input: createIntentInput,
    output: paymentIntentDto,
    errors: ['VALIDATION', 'NOT_FOUND', 'CONFLICT'],
  }),
  'payments.getIntent': op({
    summary: 'One payment intent with its refunds.',
    input: idInput,
    output: paymentIntentDto,
    errors: ['NOT_FOUND'],
  }),
  'payments.orderPayments': op({
    summary: 'An order’s money: total, paid, refunded, still owed, and every intent.',
    input: orderPaymentsInput,
    output: orderPaymentsDto,
    errors: ['NOT_FOUND'],
  }),
  'payments.cancelIntent': op({
    summary: 'Give up on a payment not yet made (VNPay is asked first, in case it was just paid).',
    input: cancelIntentInput,
    output: paymentIntentDto,
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  'payments.confirmReceived': op({
    summary: 'The cashier saw a transfer arrive or the carrier remit COD: mark it received (logged with who and why).',
    input: confirmReceivedInput,
    output: paymentIntentDto,
    errors: ['NOT_FOUND', 'CONFLICT', 'VALIDATION'],
  }),
  'payments.openCheckout': op({
    summary: 'Open VNPay’s page for an intent in a window of the desktop app (browser mode: opens nothing; the page opens a tab).',
    input: idInput,
    output: checkoutOpenedDto,
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  'payments.refreshIntent': op({
    summary: 'Ask VNPay now (querydr) how a payment stands.',
    input: idInput,
    output: paymentIntentDto,
    errors: ['NOT_FOUND', 'VALIDATION', 'CONFLICT'],
  }),
  'payments.refund': op({
    summary: 'Give money back, all or part: through VNPay (full 02 / partial 03) or recorded as paid back by hand.',
    input: refundInput,
    output: paymentIntentDto,
    errors: ['VALIDATION', 'NOT_FOUND', 'CONFLICT'],
  }),
  'payments.listEvents': op({
    summary: 'The append-only log of every message about an intent’s or order’s money, newest first.',
    input: listEventsInput,
    output: z.array(paymentEventDto),
    errors: ['VALIDATION'],
  }),
  'payments.getSettings': op({
    summary: 'How payments are set up: the VNPay terminal (never its secret) and the bank account for VietQR.',
    input: emptyInput,
    output: paymentSettingsDto,
    errors: [],
  }),
  'payments.updateVnpayConfig': op({
    summary: 'Set the VNPay terminal code, hash secret (sealed, write-only) and addresses.',
    input: updateVnpayConfigInput,
    output: paymentSettingsDto,
    errors: ['VALIDATION', 'CONFLICT'],
  }),
  'payments.previewStatement': op({
    summary: 'Read a bank or COD statement (CSV/XLSX) with a column mapping and show what would match, applying nothing.',
    input: previewStatementInput,
    output: statementPreviewDto,
    errors: ['VALIDATION'],
  }),
  'payments.applyStatement': op({
    summary: 'Apply the chosen lines of a previewed statement, all in one transaction; a line is never applied twice.',
    input: applyStatementInput,
    output: statementResultDto,
    errors: ['VALIDATION', 'NOT_FOUND', 'CONFLICT'],
  }),
  'publishing.exportPortalListings': op({
    summary: 'The NTM/OCOP portal listings (schema ocop-listing/1: product, variants, stock, photos, the OCOP certificate in force, lots and trace codes) as JSON, CSV or XLSX.',
    input: exportPortalListingsInput,
    output: exportFileDto,
    errors: ['VALIDATION', 'NOT_FOUND'],
  }),
  'publishing.exportMassUpload': op({
    summary: 'One XLSX for the marketplaces’ bulk-upload tools (docs/marketplace-mass-upload.md): a “Hướng dẫn” sheet, then one sheet per platform with its columns, one row per variant.',
    input: exportMassUploadInput,
    output: exportFileDto,
    errors: ['VALIDATION', 'NOT_FOUND'],
  }),
  'reports.dashboard': op({
    summary: 'The home screen for a period of Vietnamese days: sales today / 7 / 30 days, by day, month, channel and status, top products, money by method (cashless share), and what needs attention (low stock, lots and OCOP certificates running out, channel changes waiting or failed).',
    input: periodInput,
    output: dashboardDto,
    errors: ['VALIDATION'],
  }),
  'reports.getReport': op({
    summary: 'One report for a period (sales by product, variant, channel, customer or member seller; payments and refunds; stock value and movements; the OCOP certificate calendar) as titled tables, headers in the language asked for.',
    input: getReportInput,
    output: reportDocumentDto,
    errors: ['VALIDATION'],
  }),
  'reports.exportReport': op({
    summary: 'The same report as an XLSX workbook (values, no formulas; Vietnamese headers; đồng formats) or a PDF.',
    input: exportReportInput,
    output: exportFileDto,
    errors: ['VALIDATION'],
  }),
  'reports.exportSellerBundle': op({
    summary: 'This seller’s figures for a period (sales by channel, money by method, OCOP products, listings, traceability; nothing about buyers) as a file signed with the installation’s Ed25519 key, for the commune coordinator.',
    input: periodInput,
    output: sellerBundleDto,
    errors: ['VALIDATION', 'CONFLICT'],
  }),
  'reports.getIdentity': op({
    summary: 'This installation’s id and key fingerprint, which the coordinator compares the first time it sends figures.',
    input: emptyInput,
    output: reportIdentityDto,
    errors: [],
  }),
  'commune.importBundles': op({
    summary: 'Coordinator: verify and keep sellers’ bundles, one per installation and period (a re-import replaces it); tampered files, other formats and a known installation under another key are refused, each with its reason.',
    input: importBundlesInput,
    output: bundleImportResultDto,
    errors: ['VALIDATION'],
    upload: true,
  }),
  'commune.listBundles': op({
    summary: 'Coordinator: the bundles kept, those of one period when given.',
    input: listBundlesInput,
    output: z.array(communeBundleDto),
    errors: ['VALIDATION'],
  }),
  'commune.removeBundle': op({
    summary: 'Coordinator: forget one bundle (sent by mistake).',
    input: idInput,
    output: z.object({ removed: z.boolean() }),
    errors: ['NOT_FOUND'],
  }),
  'commune.exportReport': op({
    summary: 'Coordinator: the commune’s report for a period from the bundles of exactly that period, as XLSX or PDF, with the summary, a table per seller and one per channel.',
    input: exportCommuneReportInput,
    output: exportFileDto,
    errors: ['VALIDATION', 'CONFLICT'],
  }),
  'channels.listAccounts': op({
    summary: 'The seller’s channels (portal, marketplaces, file export): connection state and how many changes wait (never a secret or token).',
    input: emptyInput,
    output: z.array(channelAccountDto),
    errors: [],
  }),
  'channels.createAccount': op({
    summary: 'Add a channel: a marketplace with its app key and secret (sealed, write-only), the portal with its endpoint and API key, or a file export.',
    input: createChannelAccountInput,
    output: channelAccountDto,
    errors: ['VALIDATION', 'CONFLICT'],
  }),
  'channels.startAuthorization': op({
    summary: 'The marketplace page where the seller lets the app manage the shop; it returns to the app’s loopback address, which stores the tokens (sealed).',
    input: idInput,
    output: authorizationDto,
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  'channels.getRedirectUrl': op({
    summary: 'The address marketplaces send the seller back to after approval (to register in the Lazada and TikTok Shop developer consoles); null until it listens.',
    input: emptyInput,
    output: redirectUrlDto,
    errors: [],
  }),
  'channels.pullOrders': op({
    summary: 'Ask a connected marketplace for new orders now (an outbox job), instead of waiting for the 10-minute round.',
    input: idInput,
    output: channelAccountDto,
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  'listings.listListings': op({
    summary: 'Listings of products on channels, with their status, external ids, pushed stock and waiting changes.',
    input: listListingsInput,
    output: z.array(listingDto),
    errors: [],
  }),
  'listings.upsertListing': op({
    summary: 'Create or edit a product’s listing on a channel (category, attributes, channel price, stock buffer, overrides); a published one gets an update queued.',
    input: upsertListingInput,
    output: listingDto,
    errors: ['VALIDATION', 'NOT_FOUND', 'CONFLICT'],
  }),
  'listings.publish': op({
    summary: 'Publish (or update) many listings at once: each becomes a job of the durable outbox.',
    input: listingsActionInput,
    output: z.array(listingDto),
    errors: ['VALIDATION'],
  }),
  'listings.publishProducts': op({
    summary: 'Publish many products on many channels in one action: missing listings are made from each channel’s usual category and settings; all are checked and queued together, or none.',
    input: publishProductsInput,
    output: z.array(listingDto),
    errors: ['VALIDATION', 'NOT_FOUND', 'CONFLICT'],
  }),
  'listings.unlist': op({
    summary: 'Take many listings off their channels at once (through the outbox).',
    input: listingsActionInput,
    output: z.array(listingDto),
    errors: ['NOT_FOUND'],
  }),
  'outbox.listJobs': op({
    summary: 'Changes waiting to go out, or the ones that failed for good with their reason.',
    input: listOutboxJobsInput,
    output: z.array(outboxJobDto),
    errors: [],
  }),
  'outbox.retryJob': op({
    summary: 'Try a failed change again from the start.',
    input: idInput,
    output: outboxJobDto,
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  'outbox.dropJob': op({
    summary: 'Give up a failed or waiting change; it never runs and no longer holds back its listing.',
    input: idInput,
    output: outboxJobDto,
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  'audit.listEntries': op({
    summary: 'The change history of one record, newest first.',
    input: auditListInput,
    output: z.array(auditEntryDto),
    errors: [],
  }),
} as const

export type Contract = typeof contract
export type OperationName = keyof Contract
export type OperationInput<K extends OperationName> = z.input<Contract[K]['input']>
export type ParsedInput<K extends OperationName> = z.output<Contract[K]['input']>
export type OperationOutput<K extends OperationName> = z.output<Contract[K]['output']>

export const OPERATION_NAMES = Object.keys(contract) as OperationName[]

export function isOperationName(name: string): name is OperationName {
  return Object.prototype.hasOwnProperty.call(contract, name)
}

/** The IPC channel that carries an operation: one prefix, checked by the main-process bridge. */
export const IPC_PREFIX = 'ocop:'
export function ipcChannel(name: OperationName): string {
  return `${IPC_PREFIX}${name}`
}
