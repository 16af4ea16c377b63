/**
 * One sales channel as a card: its kind and connection, the shop it is tied to, and how many
 * changes wait or failed. Marketplaces connect here (the seller approves on the marketplace's
 * page); the portal and file export download the listings file.
 */
import { Alert, App, Button, Card, Descriptions, Dropdown, Flex, Typography } from 'antd'
import { ApiOutlined, DownloadOutlined, ExportOutlined, InboxOutlined, UnorderedListOutlined } from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import type { ChannelAccountDto } from '@shared/contract/publishing'
import { saveFile } from '../../components/files'
import { useFormat } from '../../components/format'
import { AccountStateTag, isMarketplace, publishingErrorText } from './PublishingBits'
import { useExportPortalListings, usePullOrders } from './publishing.queries'

/** The approval page that is open for an account, while the screen waits for the shop to agree. */
export interface ConsentWait {
  readonly accountId: string
  readonly url: string
  readonly expiresAt: string
  readonly expired: boolean
}

interface ChannelAccountCardProps {
  readonly account: ChannelAccountDto
  readonly selected: boolean
  readonly wait: ConsentWait | null
  readonly connecting: boolean
  onShowListings(): void
  onShowFailed(): void
  onConnect(): void
  onStopWaiting(): void
}

function ExportButton() {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const format = useFormat()
  const exporting = useExportPortalListings()
  const download = (fileFormat: 'json' | 'csv' | 'xlsx') =>
    exporting.mutate(
      { format: fileFormat, headers: format.language },
      {
        onSuccess: (file) => {
          saveFile(file)
          void message.success(t('publishing.accounts.exported', { file: file.fileName }))
        },
        onError: (error) => void message.error(publishingErrorText(error)),
      },
    )
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'json', label: t('publishing.accounts.exportJson') },
          { key: 'csv', label: t('publishing.accounts.exportCsv') },
          { key: 'xlsx', label: t('publishing.accounts.exportXlsx') },
        ],
        onClick: ({ key }) => download(key as 'json' | 'csv' | 'xlsx'),
      }}
    >
      <Button icon={<DownloadOutlined />} loading={exporting.isPending}>
        {t('publishing.accounts.exportPortal')}
      </Button>
    </Dropdown>
  )
}

/**
 * Orders come in by themselves every 10 minutes; this asks the marketplace now (a seller who
 * just saw a sale in the marketplace's app). The button stays busy until the pull has run.
 */
function PullOrdersButton({ account }: { readonly account: ChannelAccountDto }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const pulling = usePullOrders()
  const pull = () =>
    pulling.mutate(account.id, {
      onSuccess: () => void message.info(t('publishing.accounts.pullQueued', { name: account.displayName })),
      onError: (error) => void message.error(publishingErrorText(error)),
    })
  return (
    <Button icon={<InboxOutlined />} loading={pulling.isPending || account.pullingOrders} onClick={pull}>
      {account.pullingOrders ? t('publishing.accounts.pulling') : t('publishing.accounts.pullOrders')}
    </Button>
  )
}

export function ChannelAccountCard({ account, selected, wait, connecting, onShowListings, onShowFailed, onConnect, onStopWaiting }: ChannelAccountCardProps) {
  const { t } = useTranslation()
  const format = useFormat()
  const marketplace = isMarketplace(account.kind)
  const canConnect = marketplace && account.state !== 'connected'
  const waiting = wait !== null && !wait.expired
  // The refresh token is what keeps the shop connected; the access token renews itself every few hours.
  const connectedUntil = account.refreshExpiresAt ?? account.accessExpiresAt

  const details = [
    { key: 'kind', label: t('publishing.addDialog.kind'), children: t(`publishing.kinds.${account.kind}`) },
    ...(account.shopId ? [{ key: 'shop', label: t('publishing.accounts.shopId'), children: <Typography.Text copyable>{account.shopId}</Typography.Text> }] : []),
    ...(account.shopName ? [{ key: 'shopName', label: t('publishing.accounts.shopName'), children: account.shopName }] : []),
    ...(marketplace && account.appKey ? [{ key: 'appKey', label: t('publishing.accounts.appKey'), children: <Typography.Text code>{account.appKey}</Typography.Text> }] : []),
    ...(account.kind === 'ntm_portal' && account.apiBase ? [{ key: 'endpoint', label: t('publishing.accounts.endpoint'), children: <Typography.Text code>{account.apiBase}</Typography.Text> }] : []),
    ...(connectedUntil ? [{ key: 'expiry', label: t('publishing.accounts.tokenExpiry'), children: format.dateTime(connectedUntil) }] : []),
    ...(account.ordersSyncedAt ? [{ key: 'orders', label: t('publishing.accounts.ordersSynced'), children: format.dateTime(account.ordersSyncedAt) }] : []),
    ...(account.lastError
      ? [{ key: 'error', label: t('publishing.accounts.lastError'), children: <Typography.Text type="danger">{account.lastError}</Typography.Text> }]
      : []),
  ]

  return (
    <Card
      size="small"
      title={account.displayName}
      extra={<AccountStateTag state={account.state} />}
      style={{ width: 340, borderColor: selected ? 'var(--ant-color-primary)' : undefined }}
      data-testid={`channel-card-${account.id}`}
      aria-label={account.displayName}
      role="region"
    >
      <Flex vertical gap={12}>
        <Descriptions column={1} size="small" items={details} />
        <Flex vertical gap={2}>
          {account.pendingJobs > 0 && <Typography.Text type="warning">{t('publishing.accounts.pending', { count: account.pendingJobs })}</Typography.Text>}
          {account.deadJobs > 0 && (
            <Typography.Link type="danger" onClick={onShowFailed}>
              {t('publishing.accounts.dead', { count: account.deadJobs })}
            </Typography.Link>
          )}
          {account.pendingJobs === 0 && account.deadJobs === 0 && <Typography.Text type="secondary">{t('publishing.accounts.nothingWaiting')}</Typography.Text>}
        </Flex>
        {waiting && (
          <Alert
            type="info"
            showIcon
            role="status"
            title={t('publishing.accounts.waiting')}
            description={
              <Flex vertical gap={4}>
                <span>{t('publishing.accounts.waitingHint')}</span>
                <Flex gap={12} wrap>
                  {/* A real link always opens, even where a popup blocker stopped the tab. */}
                  <Typography.Link href={wait.url} target="_blank" rel="noopener noreferrer">
                    <ExportOutlined aria-hidden /> {t('publishing.accounts.openAgain')}
                  </Typography.Link>
                  <Typography.Link onClick={onStopWaiting}>{t('publishing.accounts.stopWaiting')}</Typography.Link>
                </Flex>
              </Flex>
            }
          />
        )}
        {wait?.expired && <Alert type="warning" showIcon title={t('publishing.accounts.waitExpired')} />}
        {account.kind === 'file_export' && <Typography.Text type="secondary">{t('publishing.accounts.fileExportHint')}</Typography.Text>}
        <Flex gap={8} wrap>
          {account.kind !== 'file_export' && (
            <Button icon={<UnorderedListOutlined />} type={selected ? 'primary' : 'default'} ghost={selected} onClick={onShowListings}>
              {t('publishing.accounts.showListings')}
            </Button>
          )}
          {canConnect && !waiting && (
            <Button icon={<ApiOutlined />} type="primary" loading={connecting} onClick={onConnect}>
              {account.state === 'not_connected' ? t('publishing.accounts.connect') : t('publishing.accounts.reconnect')}
            </Button>
          )}
          {marketplace && account.state === 'connected' && <PullOrdersButton account={account} />}
          {(account.kind === 'file_export' || account.kind === 'ntm_portal') && <ExportButton />}
        </Flex>
      </Flex>
    </Card>
  )
}
