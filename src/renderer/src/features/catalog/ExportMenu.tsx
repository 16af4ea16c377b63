import { App, Button, Dropdown } from 'antd'
import { DownloadOutlined, DownOutlined } from '@ant-design/icons'
import { useMutation } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { call } from '../../api/client'
import { saveFile } from '../../components/files'
import { useFormat } from '../../components/format'
import { describeError } from '../../i18n/error-text'
import { exportInput, useCatalogFilters } from './filters'

type ExportFormat = 'xlsx' | 'csv'
type PortalFormat = 'json' | 'xlsx'

/** Exports exactly what the list shows (same search and filters), headers in the UI's language. */
export function ExportMenu() {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const format = useFormat()
  const { filters } = useCatalogFilters()
  const exportFile = useMutation({
    mutationFn: (fileFormat: ExportFormat) => call('catalog.exportProducts', { ...exportInput(filters), format: fileFormat, headers: format.language }),
    onSuccess: (file) => {
      saveFile(file)
      void message.success(t('products.exported', { rows: format.number(file.rowCount), fileName: file.fileName }))
    },
    onError: (error) => void message.error(describeError(error)),
  })
  // The portal's listing documents (docs/ntm-portal-listing.md): every active product, whatever the list shows.
  const exportPortal = useMutation({
    mutationFn: (fileFormat: PortalFormat) => call('publishing.exportPortalListings', { format: fileFormat, headers: format.language }),
    onSuccess: (file) => {
      saveFile(file)
      void message.success(t('products.exportedPortal', { listings: format.number(file.rowCount), fileName: file.fileName }))
    },
    onError: (error) => void message.error(describeError(error)),
  })
  // The marketplaces' bulk-upload file (docs/marketplace-mass-upload.md): every active product, all three platforms.
  const exportMassUpload = useMutation({
    mutationFn: () => call('publishing.exportMassUpload', {}),
    onSuccess: (file) => {
      saveFile(file)
      void message.success(t('products.exportedMassUpload', { rows: format.number(file.rowCount), fileName: file.fileName }))
    },
    onError: (error) => void message.error(describeError(error)),
  })

  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'xlsx', label: t('products.exportXlsx') },
          { key: 'csv', label: t('products.exportCsv') },
          {
            type: 'group',
            label: t('products.exportPortalGroup'),
            children: [
              { key: 'portal:json', label: t('products.exportPortalJson') },
              { key: 'portal:xlsx', label: t('products.exportPortalXlsx') },
            ],
          },
          {
            type: 'group',
            label: t('products.exportMassUploadGroup'),
            children: [{ key: 'massUpload:xlsx', label: t('products.exportMassUploadXlsx') }],
          },
        ],
        onClick: ({ key }) => {
          if (key === 'massUpload:xlsx') exportMassUpload.mutate()
          else if (key.startsWith('portal:')) exportPortal.mutate(key.slice('portal:'.length) as PortalFormat)
          else exportFile.mutate(key as ExportFormat)
        },
      }}
    >
      <Button icon={<DownloadOutlined />} loading={exportFile.isPending || exportPortal.isPending || exportMassUpload.isPending}>
        {t('products.export')} <DownOutlined />
      </Button>
    </Dropdown>
  )
}
