/**
 * THE contract. Every operation is declared here once: its name, input schema, output
 * schema and the error codes it may return. The preload, the IPC handlers, the HTTP routes,
 * `GET /api`, the renderer client and its test fake are all derived from this object, so a
 * missing handler is a type error and an unknown name is refused at runtime.
 */
import { z } from 'zod'
import type { ErrorCode } from './errors'
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

export interface OperationDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly summary: string
  readonly input: I
  readonly output: O
  readonly errors: readonly ErrorCode[]
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
