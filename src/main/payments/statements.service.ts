/**
 * Bank and COD statements: read a file (CSV/XLSX), map its columns (guessed, or as the person
 * chose them last time for this bank or carrier), match each line to what is owed, and show
 * matched / ambiguous / unmatched before anything is applied. Applying is one transaction; a
 * line applied once is remembered by its fingerprint, so the same statement imported again
 * changes nothing.
 */
import { sql } from 'kysely'
import type { z } from 'zod'
import { AppError } from '@shared/contract/errors'
import type { applyStatementInput, previewStatementInput, StatementKind, StatementLineDto, StatementPreviewDto, StatementResultDto } from '@shared/contract/payments'
import { formatOrderNumber, parseOrderNumber } from '@shared/domain/order-number'
import type { OrderStatus } from '@shared/domain/order-state'
import { outstandingVnd } from '@shared/domain/payment-state'
import { compactForMatching } from '@shared/domain/vietqr'
import type { Vnd } from '@shared/domain/money'
import { readTable } from '../catalog/spreadsheet'
import type { CallContext, ServiceDeps } from '../context'
import type { Db } from '../db/connection'
import type { PaymentsService } from './payments.service'
import { matchCodLines, type CodOrder } from './statements/cod-match'
import { lineFingerprints, matchBankCredits, type OpenIntent } from './statements/statement-match'
import {
  applyMapping,
  guessHeaderRow,
  guessMapping,
  missingFields,
  type BankColumnMapping,
  type BankStatementLine,
  type CodColumnMapping,
  type CodStatementLine,
} from './statements/statement-table'

type PreviewInput = z.output<typeof previewStatementInput>
type ApplyInput = z.output<typeof applyStatementInput>

/** What a preview stores, so applying uses exactly what the person saw. */
interface StoredImport {
  readonly headerRow: number
  readonly header: readonly string[]
  readonly mapping: Record<string, number | null>
  readonly lines: (StatementLineDto & { readonly fingerprint: string })[]
}

/** A bank's or carrier's file as a person mapped it: its column titles and which field each is. */
interface RememberedProfile {
  readonly header: readonly string[]
  readonly mapping: Record<string, number | null>
}

function sameTitles(cells: readonly string[], titles: readonly string[]): boolean {
  const clean = (list: readonly string[]) => list.map((c) => compactForMatching(c)).join('|').replace(/\|+$/, '')
  return titles.some((t) => t.trim() !== '') && clean(cells) === clean(titles)
}

const SAMPLE_ROWS = 15
const IN_CHUNK = 400
const UNEXPECTED_COD_STATUSES: ReadonlySet<string> = new Set(['draft', 'cancelled', 'returned'])

function profileKey(kind: StatementKind, profile: string): string {
  return `${kind}:${compactForMatching(profile).toLowerCase()}`
}

export function createStatementsService(deps: ServiceDeps, payments: PaymentsService) {
  const { db, clock, newId } = deps

  async function openVietQrIntents(trx: Db): Promise<(OpenIntent & { orderId: string })[]> {
    const rows = await trx
      .selectFrom('payment_intent as i')
      .innerJoin('sales_order as o', 'o.id', 'i.order_id')
      .select(['i.id', 'i.provider_ref', 'i.amount_vnd', 'o.number', 'o.id as order_id'])
      .where('i.method', '=', 'vietqr')
      .where('i.status', 'in', ['requires_action', 'processing'])
      .execute()
    return rows.map((r) => ({ intentId: r.id, orderId: r.order_id, orderNumber: r.number, memo: r.provider_ref ?? '', amountDueVnd: r.amount_vnd as Vnd }))
  }

  /** The orders a COD statement names, by number or tracking code, with what the carrier should remit. */
  async function codOrders(trx: Db, lines: readonly CodStatementLine[]): Promise<(CodOrder & { intentId: string | null })[]> {
    const numbers = [...new Set(lines.flatMap((l) => (l.orderNumber ? [parseOrderNumber(l.orderNumber)] : [])).flatMap((p) => (p ? [formatOrderNumber(p.year, p.seq)] : [])))]
    const codes = [...new Set(lines.flatMap((l) => (l.trackingCode ? [l.trackingCode.trim()] : [])))]
    const found = new Map<string, { id: string; number: string; tracking_code: string | null; status: string; total_vnd: number; paid_vnd: number; refunded_vnd: number }>()
    for (const [column, values] of [['number', numbers], ['tracking_code', codes]] as const) {
      for (let i = 0; i < values.length; i += IN_CHUNK) {
        const rows = await trx
          .selectFrom('sales_order')
          .select(['id', 'number', 'tracking_code', 'status', 'total_vnd', 'paid_vnd', 'refunded_vnd'])
          .where(column, 'in', values.slice(i, i + IN_CHUNK))
          .execute()
        for (const r of rows) found.set(r.id, r)
      }
    }
    const ids = [...found.keys()]
    const open = new Map<string, { id: string; amount_vnd: number }>()
    for (let i = 0; i < ids.length; i += IN_CHUNK) {
      const rows = await trx
        .selectFrom('payment_intent')
        .select(['id', 'order_id', 'amount_vnd'])
        .where('order_id', 'in', ids.slice(i, i + IN_CHUNK))
        .where('method', '=', 'cod')
        .where('status', 'in', ['requires_action', 'processing'])
        .orderBy('seq')
        .execute()
      for (const r of rows) if (!open.has(r.order_id)) open.set(r.order_id, r)
    }
    return [...found.values()].map((o) => {
      const intent = open.get(o.id)
      return {
        orderId: o.id,
        orderNumber: o.number,
        trackingCode: o.tracking_code,
        status: o.status as OrderStatus,
        codDueVnd: (intent ? intent.amount_vnd : outstandingVnd(o.total_vnd, o.paid_vnd, o.refunded_vnd)) as Vnd,
        intentId: intent?.id ?? null,
      }
    })
  }

  async function alreadyApplied(trx: Db, fingerprints: readonly string[]): Promise<Set<string>> {
    const seen = new Set<string>()
    for (let i = 0; i < fingerprints.length; i += IN_CHUNK) {
      const rows = await trx.selectFrom('statement_line_applied').select('fingerprint').where('fingerprint', 'in', fingerprints.slice(i, i + IN_CHUNK)).execute()
      for (const r of rows) seen.add(r.fingerprint)
    }
    return seen
  }

  function bankLines(matches: ReturnType<typeof matchBankCredits>, intents: readonly (OpenIntent & { orderId: string })[], fingerprints: readonly string[], applied: Set<string>) {
    const orderOf = new Map(intents.map((i) => [i.intentId, i.orderId]))
    return matches.map((m, index): StoredImport['lines'][number] => {
      const line: BankStatementLine = m.line
      const fingerprint = `bank:${fingerprints[index]!}`
      const candidates = m.candidates.map((c) => ({ intentId: c.intentId, orderId: orderOf.get(c.intentId) ?? '', orderNumber: c.orderNumber, expectedVnd: c.expectedVnd, reasons: [...c.reasons] }))
      if (m.status === 'matched') {
        // The matched intent first: it is what "apply" uses without asking.
        candidates.sort((a, b) => Number(b.intentId === m.intentId) - Number(a.intentId === m.intentId))
      }
      const base = { index, rowNumber: line.rowNumber, date: line.date, amountVnd: line.amountVnd, feeVnd: null, description: line.description, reference: line.reference, candidates, fingerprint }
      // Already recorded: what it was recorded against is in the payment's history, nothing to offer.
      if (applied.has(fingerprint)) return { ...base, candidates: [], match: 'already_applied', reasons: [] }
      if (m.status === 'matched') return { ...base, match: 'matched', reasons: [] }
      if (m.status === 'ambiguous') return { ...base, match: m.reason === 'amount_differs' ? 'difference' : 'ambiguous', reasons: [m.reason] }
      return { ...base, match: 'unmatched', reasons: [] }
    })
  }

  function codLines(matches: ReturnType<typeof matchCodLines>, orders: readonly (CodOrder & { intentId: string | null })[], fingerprints: readonly string[], applied: Set<string>) {
    const byId = new Map(orders.map((o) => [o.orderId, o]))
    return matches.map((m, index): StoredImport['lines'][number] => {
      const line = m.line
      const fingerprint = `cod:${fingerprints[index]!}`
      const ref = (orderId: string, orderNumber: string, reasons: string[]) => ({ intentId: byId.get(orderId)?.intentId ?? null, orderId, orderNumber, expectedVnd: byId.get(orderId)?.codDueVnd ?? 0, reasons })
      const candidates =
        m.status === 'matched' || m.status === 'difference' || m.status === 'duplicate'
          ? [ref(m.orderId, m.orderNumber, [m.matchedBy])]
          : m.status === 'ambiguous'
            ? m.candidates.map((c) => ref(c.orderId, c.orderNumber, [c.matchedBy]))
            : []
      const base = {
        index,
        rowNumber: line.rowNumber,
        date: line.date,
        amountVnd: line.codAmountVnd,
        feeVnd: line.feeVnd,
        description: [line.orderNumber, line.trackingCode].filter(Boolean).join(' · ') || null,
        reference: line.trackingCode,
        candidates,
        fingerprint,
      }
      if (applied.has(fingerprint)) return { ...base, candidates: [], match: 'already_applied', reasons: [] }
      // Money collected for an order that was cancelled, returned or never confirmed: a person decides.
      const orderStatus = m.status === 'matched' || m.status === 'difference' ? m.orderStatus : null
      if (orderStatus !== null && UNEXPECTED_COD_STATUSES.has(orderStatus)) return { ...base, match: 'ambiguous', reasons: [`order_${orderStatus}`] }
      switch (m.status) {
        case 'matched':
          return { ...base, match: 'matched', reasons: [] }
        case 'difference':
          return { ...base, match: 'difference', reasons: [`delta:${m.deltaVnd}`] }
        case 'duplicate':
          return { ...base, match: 'duplicate', reasons: [`first_row:${m.firstRowNumber}`] }
        case 'ambiguous':
          return { ...base, match: 'ambiguous', reasons: ['several_orders'] }
        case 'unmatched':
          return { ...base, match: 'unmatched', reasons: [] }
      }
    })
  }

  return {
    async preview(input: PreviewInput, ctx: CallContext): Promise<StatementPreviewDto> {
      const rows = await readTable(input.fileName, Buffer.from(input.contentBase64, 'base64'))
      if (rows.length === 0) throw new AppError('VALIDATION', 'The file has no rows', { reason: 'empty_file' })
      const key = profileKey(input.kind, input.profile)
      const profileRow = await db.selectFrom('statement_profile').selectAll().where('key', '=', key).executeTakeFirst()
      const remembered = profileRow ? (JSON.parse(profileRow.mapping_json) as RememberedProfile) : null
      // The remembered header is found by its titles, not its row number: next month's file may
      // have a longer preamble, and a row number alone would take a data line for the titles.
      const rememberedIndex = remembered ? rows.findIndex((r, i) => i < 50 && sameTitles(r.cells, remembered.header)) : -1
      let headerIndex = input.headerRow !== undefined ? rows.findIndex((r) => r.rowNumber === input.headerRow) : rememberedIndex
      if (headerIndex < 0) headerIndex = guessHeaderRow(rows) ?? 0
      const header = rows[headerIndex]!.cells
      const guessed = guessMapping(header, input.kind) as Record<string, number | null>
      const mapping: Record<string, number | null> = { ...guessed, ...(input.mapping ?? (remembered && headerIndex === rememberedIndex ? remembered.mapping : {})) }
      const missing = missingFields(mapping as BankColumnMapping & CodColumnMapping, input.kind)

      let lines: StoredImport['lines'] = []
      let rowErrors: StatementPreviewDto['rowErrors'] = []
      let skippedDebits = 0
      if (missing.length === 0) {
        if (input.kind === 'bank') {
          const table = applyMapping(rows, headerIndex, mapping as BankColumnMapping, 'bank')
          const intents = await openVietQrIntents(db)
          const fingerprints = lineFingerprints(table.lines)
          lines = bankLines(matchBankCredits(table.lines, intents), intents, fingerprints, await alreadyApplied(db, fingerprints.map((f) => `bank:${f}`)))
          rowErrors = table.errors.map((e) => ({ rowNumber: e.rowNumber, code: e.code, column: e.column }))
          skippedDebits = table.skippedDebits
        } else {
          const table = applyMapping(rows, headerIndex, mapping as CodColumnMapping, 'cod')
          const orders = await codOrders(db, table.lines)
          const fingerprints = lineFingerprints(
            table.lines.map((l) => ({ date: l.date ?? '', amountVnd: l.codAmountVnd, reference: l.trackingCode, description: l.orderNumber ?? '' })),
          )
          lines = codLines(matchCodLines(table.lines, orders), orders, fingerprints, await alreadyApplied(db, fingerprints.map((f) => `cod:${f}`)))
          rowErrors = table.errors.map((e) => ({ rowNumber: e.rowNumber, code: e.code, column: e.column }))
        }
      }
      const count = (m: StatementLineDto['match']) => lines.filter((l) => l.match === m).length
      const importId = newId('statementImport')
      // A preview nobody applied within a day is dropped (people re-preview while fixing a mapping).
      await db.deleteFrom('statement_import').where('status', '=', 'previewed').where('created_at', '<', new Date(clock.now() - 86_400_000).toISOString()).execute()
      const stored: StoredImport = { headerRow: rows[headerIndex]!.rowNumber, header: [...header], mapping, lines }
      await db
        .insertInto('statement_import')
        .values({
          id: importId,
          kind: input.kind,
          file_name: input.fileName,
          profile_key: key,
          status: 'previewed',
          lines_json: JSON.stringify(stored),
          summary_json: null,
          created_by: ctx.actor,
          created_at: clock.isoNow(),
          applied_at: null,
        })
        .execute()
      return {
        importId,
        kind: input.kind,
        profile: input.profile,
        fileName: input.fileName,
        sampleRows: rows.slice(0, Math.max(SAMPLE_ROWS, headerIndex + 5)).map((r) => ({ rowNumber: r.rowNumber, cells: [...r.cells] })),
        headerRow: rows[headerIndex]!.rowNumber,
        header: [...header],
        mapping,
        missingFields: missing,
        lines: lines.map(({ fingerprint: _f, ...l }) => l),
        rowErrors,
        skippedDebits,
        summary: {
          matched: count('matched'),
          ambiguous: count('ambiguous'),
          difference: count('difference'),
          unmatched: count('unmatched'),
          duplicate: count('duplicate'),
          alreadyApplied: count('already_applied'),
          matchedVnd: lines.filter((l) => l.match === 'matched').reduce((s, l) => s + l.amountVnd, 0),
        },
      }
    },

    async apply(input: ApplyInput, ctx: CallContext): Promise<StatementResultDto> {
      return db.transaction().execute(async (trx) => {
        const imported = await trx.selectFrom('statement_import').selectAll().where('id', '=', input.importId).executeTakeFirst()
        if (!imported) throw new AppError('NOT_FOUND', `No statement import ${input.importId}`, { entity: 'statementImport', id: input.importId })
        if (imported.status === 'applied') throw new AppError('CONFLICT', 'This statement was already applied', { reason: 'already_applied' })
        const stored = JSON.parse(imported.lines_json) as StoredImport
        const at = clock.isoNow()
        const seenIndexes = new Set<number>()
        const touched = new Map<string, { orderId: string; orderNumber: string; amountVnd: number }>()
        let appliedVnd = 0
        for (const [i, choice] of input.lines.entries()) {
          const line = stored.lines[choice.index]
          const problem = (code: string, message: string): never => {
            throw new AppError('VALIDATION', message, { issues: [{ path: ['lines', i], code, message, params: { row: line?.rowNumber ?? 0 } }] })
          }
          if (!line) problem('line_unknown', `No line ${choice.index} in this statement`)
          if (seenIndexes.has(choice.index)) problem('line_twice', `Row ${line!.rowNumber} is chosen twice`)
          seenIndexes.add(choice.index)
          if (line!.match === 'already_applied' || line!.match === 'duplicate') problem('line_not_applicable', `Row ${line!.rowNumber} cannot be applied (${line!.match})`)
          if ((await trx.selectFrom('statement_line_applied').select('fingerprint').where('fingerprint', '=', line!.fingerprint).executeTakeFirst()) !== undefined) {
            problem('line_already_applied', `Row ${line!.rowNumber} was applied by an earlier import`)
          }
          const candidate = line!.candidates.find((c) => c.orderId === choice.orderId && (choice.intentId === null || c.intentId === choice.intentId))
          // An unmatched line may be given to any order a person picks (a transfer without the memo).
          if (!candidate && line!.match !== 'unmatched') problem('candidate_unknown', `Row ${line!.rowNumber} does not point to that order`)
          const order = await trx.selectFrom('sales_order').select(['id', 'number', 'status']).where('id', '=', choice.orderId).executeTakeFirst()
          if (!order) problem('order_unknown', `No order ${choice.orderId}`)
          const intentId = choice.intentId ?? candidate?.intentId ?? null
          const kind = imported.kind as StatementKind
          await payments.recordStatementMoney(trx, {
            orderId: order!.id,
            intentId,
            method: kind === 'bank' ? 'vietqr' : 'cod',
            amountVnd: line!.amountVnd,
            key: `statement:${line!.fingerprint}`,
            type: kind === 'bank' ? 'statement.bank_credit' : 'statement.cod_remittance',
            source: kind === 'bank' ? 'bank_statement' : 'cod_statement',
            payload: { importId: imported.id, fileName: imported.file_name, rowNumber: line!.rowNumber, date: line!.date, amountVnd: line!.amountVnd, feeVnd: line!.feeVnd, description: line!.description, reference: line!.reference },
            actor: ctx.actor,
          })
          await trx
            .insertInto('statement_line_applied')
            .values({ fingerprint: line!.fingerprint, kind, import_id: imported.id, intent_id: intentId, order_id: order!.id, amount_vnd: line!.amountVnd, applied_at: at })
            .execute()
          appliedVnd += line!.amountVnd
          const prior = touched.get(order!.id)
          touched.set(order!.id, { orderId: order!.id, orderNumber: order!.number, amountVnd: (prior?.amountVnd ?? 0) + line!.amountVnd })
        }
        const result: StatementResultDto = { importId: imported.id, applied: input.lines.length, appliedVnd, orders: [...touched.values()] }
        await trx.updateTable('statement_import').set({ status: 'applied', applied_at: at, summary_json: JSON.stringify(result) }).where('id', '=', imported.id).execute()
        // Next time this bank's or carrier's file is read the same way without asking.
        await sql`
          INSERT INTO statement_profile (key, kind, header_row, mapping_json, updated_at)
          VALUES (${imported.profile_key}, ${imported.kind}, ${stored.headerRow}, ${JSON.stringify({ header: stored.header, mapping: stored.mapping } satisfies RememberedProfile)}, ${at})
          ON CONFLICT (key) DO UPDATE SET header_row = excluded.header_row, mapping_json = excluded.mapping_json, updated_at = excluded.updated_at`.execute(trx)
        return result
      })
    },
  }
}

export type StatementsService = ReturnType<typeof createStatementsService>
