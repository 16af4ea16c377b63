/**
 * App settings: a few named values, each stored as JSON in `app_setting`, read with defaults.
 * Settings are checked when written (a template the QR codes cannot use is refused then, not
 * discovered when a label sheet is printed).
 */
import type { z } from 'zod'
import { AppError } from '@shared/contract/errors'
import type { SettingsDto, updateSettingsInput } from '@shared/contract/lots'
import { validateTraceTemplate } from '@shared/domain/trace'
import { recordAudit } from '../audit/audit.repo'
import type { CallContext, ServiceDeps } from '../context'
import type { Db } from '../db/connection'

type UpdateSettings = z.output<typeof updateSettingsInput>

export const DEFAULT_SETTINGS: SettingsDto = {
  traceUrlTemplate: null,
  defaultLabelLayout: 'a4_3x8',
}

const KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof SettingsDto)[]

export async function readSettings(db: Db): Promise<SettingsDto> {
  const rows = await db.selectFrom('app_setting').select(['key', 'value_json']).where('key', 'in', KEYS).execute()
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS }
  for (const row of rows) out[row.key] = JSON.parse(row.value_json) as unknown
  return out as SettingsDto
}

export function createSettingsService(deps: ServiceDeps) {
  const { db, clock, newId } = deps
  return {
    get: () => readSettings(db),
    async update(input: UpdateSettings, ctx: CallContext): Promise<SettingsDto> {
      if (input.traceUrlTemplate) {
        const issues = validateTraceTemplate(input.traceUrlTemplate)
        if (issues.length > 0) throw new AppError('VALIDATION', `Trace URL template: ${issues[0]!.message}`, { issues })
      }
      return db.transaction().execute(async (trx) => {
        const before = await readSettings(trx)
        const now = clock.isoNow()
        for (const key of KEYS) {
          const value = input[key]
          if (value === undefined) continue
          await trx
            .insertInto('app_setting')
            .values({ key, value_json: JSON.stringify(value), updated_at: now })
            .onConflict((oc) => oc.column('key').doUpdateSet({ value_json: JSON.stringify(value), updated_at: now }))
            .execute()
        }
        const after = await readSettings(trx)
        await recordAudit(trx, newId, { entityType: 'settings', entityId: 'settings', action: 'update', actor: ctx.actor, at: now, before, after })
        return after
      })
    },
  }
}

export type SettingsService = ReturnType<typeof createSettingsService>
