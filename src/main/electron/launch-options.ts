/**
 * Decisions the desktop shell makes from its environment at launch, kept pure so tests can
 * state them: where the data lives, who the audit log says is calling, what the user is told
 * when the database cannot be opened.
 */
import { isAbsolute, join } from 'node:path'
import { APP_DIR_NAME } from '../paths'

/**
 * The folder Electron calls `userData` (profile, single-instance lock, and our database).
 * Electron would name it after `productName`; we pin it to APP_DIR_NAME under the OS's
 * application-data folder, which is the folder `npm run serve` uses by default, so both modes
 * share one database.
 *
 * `OCOP_DATA_DIR` (the variable `npm run serve` reads) moves it, so development and end-to-end
 * tests never touch the real data. A packaged app ignores it: production is not reconfigured
 * by its environment.
 */
export function desktopUserDataDir(options: {
  readonly isPackaged: boolean
  readonly env: NodeJS.ProcessEnv
  readonly appDataDir: string
}): string {
  const override = options.env['OCOP_DATA_DIR']
  if (!options.isPackaged && override !== undefined && override !== '' && isAbsolute(override)) return override
  return join(options.appDataDir, APP_DIR_NAME)
}

/** The OS account name, for the audit log; `os.userInfo()` throws when the account has no passwd entry. */
export function desktopActor(userInfo: () => { readonly username: string }): string {
  try {
    const name = userInfo().username.trim()
    return name === '' ? 'desktop' : name
  } catch {
    return 'desktop'
  }
}

export interface StartupFailureDialog {
  readonly title: string
  readonly body: string
}

/** What `dialog.showErrorBox` says when the database cannot be opened or migrated: Vietnamese first. */
export function startupFailureDialog(error: unknown, dataDir: string): StartupFailureDialog {
  const reason = error instanceof Error ? error.message : String(error)
  return {
    title: 'Không mở được dữ liệu — Cannot open the data',
    body: [
      'Gian hàng số OCOP không mở được cơ sở dữ liệu nên sẽ đóng lại.',
      'Các bản sao lưu tự động nằm trong thư mục "backups" của thư mục dữ liệu.',
      `Thư mục dữ liệu: ${dataDir}`,
      '',
      'OCOP Storefront could not open its database and will close.',
      'Automatic backups are in the "backups" folder inside the data folder.',
      `Data folder: ${dataDir}`,
      '',
      `Chi tiết / Details: ${reason}`,
    ].join('\n'),
  }
}
