/**
 * Kênh bán (scenario 5): the channels, the listings of the chosen one, and the changes waiting to
 * go out or failed. Everything that leaves the app goes through the durable outbox; this screen
 * only queues and watches, asking again every few seconds while something is on its way.
 *
 * Connecting a marketplace shop: the backend gives the marketplace's approval page, the seller
 * approves there, and the marketplace returns to the app's loopback address, which stores the
 * tokens. In browser mode the tab is opened inside the click itself (a popup blocker lets a window
 * through only during the user's gesture, never after an awaited call) and pointed at the page
 * once it is known; the desktop shell sends the https link to the system browser.
 */
import { Alert, App, Button, Empty, Flex, Skeleton, Typography } from 'antd'
import { CloudUploadOutlined, PlusOutlined } from '@ant-design/icons'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ChannelAccountDto } from '@shared/contract/publishing'
import { transportKind } from '../../api/client'
import { describeError } from '../../i18n/error-text'
import { AddChannelDialog } from './AddChannelDialog'
import { ChannelAccountCard, type ConsentWait } from './ChannelAccountCard'
import { ListingsSection } from './ListingsSection'
import { PublishManyDialog } from './PublishManyDialog'
import { OutboxJobsSection, type JobsTab } from './OutboxJobsSection'
import { publishingErrorText } from './PublishingBits'
import { useChannelAccounts, useStartAuthorization } from './publishing.queries'

/** Opens the marketplace's page without giving it a handle on this tab. */
function openOutside(url: string, tab: Window | null): void {
  if (tab && !tab.closed) {
    tab.opener = null
    tab.location.href = url
    return
  }
  window.open(url, '_blank', 'noopener,noreferrer')
}

type SetWait = (update: (previous: ConsentWait | null) => ConsentWait | null) => void

function useConsentWait(accounts: readonly ChannelAccountDto[] | undefined, wait: ConsentWait | null, setWait: SetWait) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const start = useStartAuthorization()

  // The link dies at expiresAt: stop polling then, and say so.
  useEffect(() => {
    if (!wait || wait.expired) return
    const timer = window.setTimeout(() => setWait((w) => (w && w.accountId === wait.accountId ? { ...w, expired: true } : w)), Math.max(0, Date.parse(wait.expiresAt) - Date.now()))
    return () => window.clearTimeout(timer)
  }, [wait, setWait])

  // Connected: the wait is over.
  const waitedAccount = wait && accounts?.find((a) => a.id === wait.accountId)
  const connectedName = waitedAccount && waitedAccount.state === 'connected' ? (waitedAccount.shopName ?? waitedAccount.shopId ?? waitedAccount.displayName) : null
  useEffect(() => {
    if (connectedName === null) return
    setWait(() => null)
    void message.success(t('publishing.accounts.connected', { name: connectedName }))
  }, [connectedName, message, t, setWait])

  return {
    connectingId: start.isPending ? (start.variables ?? null) : null,
    connect(account: ChannelAccountDto) {
      const tab = transportKind() === 'http' ? window.open('about:blank', '_blank') : null
      start.mutate(account.id, {
        onSuccess: (authorization) => {
          openOutside(authorization.url, tab)
          setWait(() => ({ accountId: account.id, url: authorization.url, expiresAt: authorization.expiresAt, expired: false }))
        },
        onError: (error) => {
          tab?.close()
          void message.error(publishingErrorText(error))
        },
      })
    },
    stop() {
      setWait(() => null)
    },
  }
}

export function ChannelsPage() {
  const { t } = useTranslation()
  const [wait, setWait] = useState<ConsentWait | null>(null)
  const accounts = useChannelAccounts({ waitingForConsent: wait !== null && !wait.expired })
  const consent = useConsentWait(accounts.data, wait, setWait)
  const [adding, setAdding] = useState(false)
  const [publishingMany, setPublishingMany] = useState(false)
  const [chosenId, setChosenId] = useState<string | null>(null)
  const [jobsTab, setJobsTab] = useState<JobsTab>('pending')
  const jobsRef = useRef<HTMLDivElement>(null)

  const list = accounts.data ?? []
  const listable = list.filter((a) => a.kind !== 'file_export')
  // The first channel with listings shows until another is chosen.
  const accountId = chosenId && listable.some((a) => a.id === chosenId) ? chosenId : (listable[0]?.id ?? null)

  const showFailed = () => {
    setJobsTab('dead')
    jobsRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' })
  }

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Flex vertical gap={4}>
          <Typography.Title level={2} style={{ margin: 0 }}>
            {t('publishing.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('publishing.intro')}</Typography.Text>
        </Flex>
        <Flex gap={8} wrap>
          {list.length > 0 && (
            <Button icon={<CloudUploadOutlined />} onClick={() => setPublishingMany(true)}>
              {t('publishing.publishMany.open')}
            </Button>
          )}
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {t('publishing.accounts.add')}
          </Button>
        </Flex>
      </Flex>
      {publishingMany && <PublishManyDialog accounts={list} onClose={() => setPublishingMany(false)} />}

      <section aria-label={t('publishing.accounts.title')}>
        {accounts.isLoading ? (
          <Skeleton active />
        ) : accounts.error && !accounts.data ? (
          <Alert type="error" showIcon title={describeError(accounts.error)} action={<Button onClick={() => void accounts.refetch()}>{t('common.retry')}</Button>} />
        ) : list.length === 0 ? (
          <Empty description={t('publishing.accounts.empty')}>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              {t('publishing.accounts.add')}
            </Button>
          </Empty>
        ) : (
          <Flex gap={16} wrap align="start">
            {list.map((account) => (
              <ChannelAccountCard
                key={account.id}
                account={account}
                selected={account.id === accountId}
                wait={wait?.accountId === account.id ? wait : null}
                connecting={consent.connectingId === account.id}
                onShowListings={() => setChosenId(account.id)}
                onShowFailed={showFailed}
                onConnect={() => consent.connect(account)}
                onStopWaiting={consent.stop}
              />
            ))}
          </Flex>
        )}
      </section>

      {list.length > 0 && <ListingsSection accounts={list} accountId={accountId} onChooseAccount={setChosenId} />}

      <div ref={jobsRef}>
        <OutboxJobsSection accounts={list} tab={jobsTab} onTabChange={setJobsTab} />
      </div>

      {adding && (
        <AddChannelDialog
          onClose={() => setAdding(false)}
          onCreated={(account) => {
            setAdding(false)
            if (account.kind !== 'file_export') setChosenId(account.id)
          }}
        />
      )}
    </Flex>
  )
}
