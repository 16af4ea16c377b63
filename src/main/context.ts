import type { Clock } from './clock'
import type { Db } from './db/connection'
import type { IdFactory } from './ids'

/** What every service is built from: no globals, so tests build the same graph in memory. */
export interface ServiceDeps {
  readonly db: Db
  readonly clock: Clock
  readonly newId: IdFactory
}

/** Who is calling, for the audit log. */
export interface CallContext {
  readonly actor: string
}

/** What only the desktop shell can do (open a file in the system's viewer); absent in browser mode. */
export interface Desktop {
  openFile(path: string): Promise<void>
  /** Opens VNPay's payment page in a dedicated window of the app. */
  openPaymentPage?(url: string): Promise<void>
}
