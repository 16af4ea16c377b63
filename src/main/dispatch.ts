/**
 * The one gate every call passes, whatever carried it (IPC or HTTP): the operation must be in
 * the contract, its input is parsed with the contract's schema, and whatever happens comes
 * back as an envelope. Unknown errors become INTERNAL; their stack goes to the log only.
 */
import { AppError, type Envelope } from '@shared/contract/errors'
import { contract, isOperationName, type OperationName, type OperationOutput, type ParsedInput } from '@shared/contract/operations'
import { parseOrThrow } from '@shared/contract/validation'
import type { CallContext } from './context'
import type { Logger } from './logger'

export type Handlers = {
  readonly [K in OperationName]: (input: ParsedInput<K>, ctx: CallContext) => Promise<OperationOutput<K>>
}

export type Invoke = (name: string, rawInput: unknown, ctx: CallContext) => Promise<Envelope<unknown>>

export function createDispatcher(handlers: Handlers, logger: Logger): Invoke {
  return async (name, rawInput, ctx) => {
    try {
      if (!isOperationName(name)) throw new AppError('UNKNOWN_OPERATION', `No operation named ${JSON.stringify(name)}`)
      const input = parseOrThrow(contract[name].input, rawInput)
      const handler = handlers[name] as (input: unknown, ctx: CallContext) => Promise<unknown>
      return { ok: true, data: await handler(input, ctx) }
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toBody() }
      logger.error(`operation ${name} failed`, error)
      return { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong inside the app; the details are in its log' } }
    }
  }
}
