/**
 * The application menu: editing (without it, copy and paste keyboard shortcuts do not work on
 * macOS), zoom and full screen — and reload/DevTools only outside packaged builds. Labels are
 * Vietnamese: the main process has no i18n layer, and this menu is the only text it shows
 * besides the start-up error.
 */
import type { MenuItemConstructorOptions } from 'electron'

export interface AppMenuOptions {
  readonly isMac: boolean
  readonly allowDevTools: boolean
  readonly productName: string
}

export function applicationMenuTemplate(options: AppMenuOptions): MenuItemConstructorOptions[] {
  const developerItems: MenuItemConstructorOptions[] = options.allowDevTools
    ? [
        { type: 'separator' },
        { role: 'reload', label: 'Tải lại' },
        { role: 'forceReload', label: 'Tải lại hoàn toàn' },
        { role: 'toggleDevTools', label: 'Công cụ phát triển' },
      ]
    : []
  const macAppMenu: MenuItemConstructorOptions[] = options.isMac
    ? [
        {
          label: options.productName,
          submenu: [
            { role: 'about', label: `Giới thiệu ${options.productName}` },
            { type: 'separator' },
            { role: 'hide', label: 'Ẩn' },
            { role: 'hideOthers', label: 'Ẩn các ứng dụng khác' },
            { role: 'unhide', label: 'Hiện tất cả' },
            { type: 'separator' },
            { role: 'quit', label: 'Thoát' },
          ],
        },
      ]
    : [{ label: 'Tệp', submenu: [{ role: 'quit', label: 'Thoát' }] }]
  return [
    ...macAppMenu,
    {
      label: 'Chỉnh sửa',
      submenu: [
        { role: 'undo', label: 'Hoàn tác' },
        { role: 'redo', label: 'Làm lại' },
        { type: 'separator' },
        { role: 'cut', label: 'Cắt' },
        { role: 'copy', label: 'Sao chép' },
        { role: 'paste', label: 'Dán' },
        { role: 'selectAll', label: 'Chọn tất cả' },
      ],
    },
    {
      label: 'Xem',
      submenu: [
        { role: 'resetZoom', label: 'Cỡ chữ mặc định' },
        { role: 'zoomIn', label: 'Phóng to' },
        { role: 'zoomOut', label: 'Thu nhỏ' },
        { type: 'separator' },
        { role: 'togglefullscreen', label: 'Toàn màn hình' },
        ...developerItems,
      ],
    },
    { role: 'windowMenu', label: 'Cửa sổ' },
  ]
}
