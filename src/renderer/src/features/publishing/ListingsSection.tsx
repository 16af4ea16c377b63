/**
 * The products of one channel: where each stands (draft, waiting to send, published, error,
 * unlisted), its id on the platform, the stock the platform was last told per SKU, and what still
 * waits to go out. Publishing and unlisting many at once only queue outbox jobs: the worker sends
 * them when the internet is there, each exactly once.
 */
import { Alert, App, Button, Card, Empty, Flex, Popconfirm, Select, Table, Tooltip, Typography, type TableColumnsType } from 'antd'
import { CloudUploadOutlined, EditOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ChannelAccountDto, ListingDto } from '@shared/contract/publishing'
import { useFormat } from '../../components/format'
import { describeError } from '../../i18n/error-text'
import { AddProductsDialog } from './AddProductsDialog'
import { ListingEditor } from './ListingEditor'
import { isMarketplace, ListingStatusTag, publishingErrorText, publishProblemTexts } from './PublishingBits'
import { useListings, usePublishListings, useUnlistListings } from './publishing.queries'

interface ListingsSectionProps {
  readonly accounts: readonly ChannelAccountDto[]
  readonly accountId: string | null
  onChooseAccount(id: string): void
}

export function ListingsSection({ accounts, accountId, onChooseAccount }: ListingsSectionProps) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const format = useFormat()
  const account = accounts.find((a) => a.id === accountId) ?? null
  const listings = useListings(account?.id ?? null)
  const publish = usePublishListings()
  const unlist = useUnlistListings()
  const [selected, setSelected] = useState<string[]>([])
  const [problems, setProblems] = useState<string[]>([])
  const [adding, setAdding] = useState(false)
  const [editingId, setEditingId] = useState<string | null>(null)
  const rows = useMemo(() => listings.data ?? [], [listings.data])
  const editing = rows.find((l) => l.id === editingId) ?? null
  const listedProductIds = useMemo(() => new Set(rows.map((l) => l.productId)), [rows])
  // A listing that went away (another window) is no longer selected.
  const selectedIds = selected.filter((id) => rows.some((l) => l.id === id))

  const choose = (id: string) => {
    setSelected([])
    setProblems([])
    onChooseAccount(id)
  }

  const doPublish = () => {
    setProblems([])
    publish.mutate(selectedIds, {
      onSuccess: (queued) => {
        setSelected([])
        void message.success(t('publishing.listings.queued', { count: queued.length }))
      },
      onError: (error) => {
        const texts = publishProblemTexts(error)
        if (texts.length > 0) setProblems(texts)
        else void message.error(publishingErrorText(error))
      },
    })
  }

  const doUnlist = () =>
    unlist.mutate(selectedIds, {
      onSuccess: (queued) => {
        setSelected([])
        void message.success(t('publishing.listings.unlistQueued', { count: queued.length }))
      },
      onError: (error) => void message.error(publishingErrorText(error)),
    })

  const columns: TableColumnsType<ListingDto> = [
    {
      key: 'product',
      title: t('publishing.listings.product'),
      render: (_, l) => (
        <Flex vertical>
          <Typography.Text strong>{l.productName}</Typography.Text>
          {l.titleOverride && (
            <Typography.Text type="secondary" ellipsis={{ tooltip: l.titleOverride }} style={{ fontSize: 12, maxWidth: 280 }}>
              {t('publishing.listings.titleOverride', { title: l.titleOverride })}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    { key: 'status', title: t('publishing.listings.status'), width: 140, render: (_, l) => <ListingStatusTag status={l.status} /> },
    {
      key: 'external',
      title: t('publishing.listings.externalId'),
      width: 150,
      render: (_, l) => (l.externalItemId ? <Typography.Text copyable>{l.externalItemId}</Typography.Text> : t('common.empty')),
    },
    {
      key: 'stock',
      title: t('publishing.listings.pushedStock'),
      width: 200,
      render: (_, l) => (
        <Flex vertical data-testid="pushed-stock">
          {l.skus.map((s) => (
            <Typography.Text key={s.variantId} style={{ whiteSpace: 'nowrap' }}>
              <Typography.Text type="secondary">{s.sku}:</Typography.Text>{' '}
              {s.pushedQuantity === null ? <Typography.Text type="secondary">{t('publishing.listings.notPushed')}</Typography.Text> : format.number(s.pushedQuantity)}
            </Typography.Text>
          ))}
        </Flex>
      ),
    },
    { key: 'waiting', title: t('publishing.listings.waiting'), width: 100, align: 'right', render: (_, l) => (l.pendingJobs > 0 ? format.number(l.pendingJobs) : t('common.empty')) },
    {
      key: 'error',
      title: t('publishing.listings.lastError'),
      render: (_, l) =>
        l.lastErrorMessage ? (
          <Tooltip title={l.lastErrorCode}>
            <Typography.Text type="danger">{l.lastErrorMessage}</Typography.Text>
          </Tooltip>
        ) : (
          t('common.empty')
        ),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 80,
      render: (_, l) => (
        <Tooltip title={t('publishing.listings.edit')}>
          <Button type="text" icon={<EditOutlined />} aria-label={t('publishing.listings.editOf', { name: l.productName })} onClick={() => setEditingId(l.id)} />
        </Tooltip>
      ),
    },
  ]

  const channelOptions = accounts.filter((a) => a.kind !== 'file_export').map((a) => ({ value: a.id, label: `${a.displayName} · ${t(`publishing.kinds.${a.kind}`)}` }))

  return (
    <Card
      title={
        <Typography.Title level={3} style={{ margin: 0, fontSize: 18 }}>
          {t('publishing.listings.title')}
        </Typography.Title>
      }
      extra={
        <Select
          aria-label={t('publishing.listings.channel')}
          value={account?.id}
          placeholder={t('publishing.listings.chooseChannel')}
          options={channelOptions}
          onChange={choose}
          style={{ minWidth: 260 }}
        />
      }
    >
      {!account ? (
        <Empty description={channelOptions.length === 0 ? t('publishing.listings.noChannel') : t('publishing.listings.chooseChannel')} />
      ) : (
        <Flex vertical gap={12}>
          {isMarketplace(account.kind) && account.state !== 'connected' && <Alert type="warning" showIcon title={t('publishing.listings.notConnected')} />}
          <Flex gap={8} wrap>
            <Button icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              {t('publishing.listings.addProducts')}
            </Button>
            <Button type="primary" icon={<CloudUploadOutlined />} disabled={selectedIds.length === 0} loading={publish.isPending} onClick={doPublish}>
              {t('publishing.listings.publish', { count: selectedIds.length })}
            </Button>
            <Popconfirm
              title={t('publishing.listings.unlistConfirm', { count: selectedIds.length })}
              description={t('publishing.listings.unlistConfirmHint')}
              okText={t('publishing.listings.unlist', { count: selectedIds.length })}
              cancelText={t('common.cancel')}
              onConfirm={doUnlist}
              disabled={selectedIds.length === 0}
            >
              <Button danger icon={<StopOutlined />} disabled={selectedIds.length === 0} loading={unlist.isPending}>
                {t('publishing.listings.unlist', { count: selectedIds.length })}
              </Button>
            </Popconfirm>
          </Flex>
          {problems.length > 0 && (
            <Alert
              type="error"
              showIcon
              closable={{ onClose: () => setProblems([]) }}
              title={t('publishing.listings.publishProblems')}
              description={
                <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                  {problems.map((p) => (
                    <li key={p}>{p}</li>
                  ))}
                </ul>
              }
            />
          )}
          {listings.error && <Alert type="error" showIcon title={describeError(listings.error)} action={<Button onClick={() => void listings.refetch()}>{t('common.retry')}</Button>} />}
          <Table<ListingDto>
            aria-label={t('publishing.listings.title')}
            size="small"
            rowKey="id"
            columns={columns}
            dataSource={rows}
            loading={listings.isLoading}
            locale={{ emptyText: t('publishing.listings.empty') }}
            rowSelection={{
              selectedRowKeys: selectedIds,
              onChange: (keys) => setSelected(keys.map(String)),
              getCheckboxProps: (l) => ({ 'aria-label': t('publishing.listings.selectRow', { name: l.productName }) }),
            }}
            pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
          />
        </Flex>
      )}
      {adding && account && <AddProductsDialog account={account} listedProductIds={listedProductIds} onClose={() => setAdding(false)} />}
      {editing && <ListingEditor key={editing.id} listing={editing} onClose={() => setEditingId(null)} />}
    </Card>
  )
}
