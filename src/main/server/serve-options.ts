import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { defaultDataDir } from '../paths'

export interface ServeOptions {
  readonly dataDir: string
  readonly port: number
  readonly host: string
  readonly token: string
  readonly tokenWasGenerated: boolean
}

export class UsageError extends Error {}

export const SERVE_USAGE = `Usage: npm run serve -- [--data-dir DIR] [--port N] [--host ADDR] [--token T]
  --data-dir  where the database lives      (env OCOP_DATA_DIR; default: the app's data folder)
  --port      TCP port, 0 = any free port   (env OCOP_PORT;     default: 0)
  --host      address to listen on          (env OCOP_HOST;     default: 127.0.0.1)
  --token     access token for /api calls   (env OCOP_TOKEN;    default: a new random token)`

/** Flags win over environment variables, which win over defaults. */
export function parseServeOptions(argv: readonly string[], env: NodeJS.ProcessEnv): ServeOptions {
  let values: Record<string, string | boolean | undefined>
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        token: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
      strict: true,
    }).values
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${SERVE_USAGE}`)
  }
  if (values['help']) throw new UsageError(SERVE_USAGE)
  const pick = (flag: string, envName: string): string | undefined => {
    const v = values[flag]
    return typeof v === 'string' ? v : env[envName] || undefined
  }
  const portText = pick('port', 'OCOP_PORT') ?? '0'
  const port = Number(portText)
  if (!/^\d+$/.test(portText) || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not "${portText}"`)
  const given = pick('token', 'OCOP_TOKEN')
  if (given !== undefined && !/^[A-Za-z0-9._~-]{8,200}$/.test(given)) {
    throw new UsageError('--token must be 8 to 200 characters of letters, digits, or . _ ~ -')
  }
  return {
    dataDir: pick('data-dir', 'OCOP_DATA_DIR') ?? defaultDataDir(env),
    port,
    host: pick('host', 'OCOP_HOST') ?? '127.0.0.1',
    token: given ?? randomBytes(24).toString('base64url'),
    tokenWasGenerated: given === undefined,
  }
}

/** The token travels in the URL fragment: it is never sent to a server, logged, or put in Referer. */
export function browserUrl(baseUrl: string, token: string): string {
  return `${baseUrl}/#token=${encodeURIComponent(token)}`
}
