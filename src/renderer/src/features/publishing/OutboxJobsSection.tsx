/**
 * "Thay đổi đang chờ / lỗi": the outbox as a person sees it. Waiting changes go out by themselves
 * (this list only watches them); a failed one stays until someone tries it again or drops it, and
 * says why, in the platform's own words.
 */
import { Alert, App, Button, Card, Flex, Popconfirm, Table, Tabs, Typography, type TableColumnsType } from 'antd'
import { DeleteOutlined, RedoOutlined } from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import type { ChannelAccountDto, OutboxJobDto } from '@shared/contract/publishing'
import { reasonOf } from '../../api/errors'
import { useFormat } from '../../components/format'
import { describeError } from '../../i18n/error-text'
import { errorKindText, jobKindText, publishingErrorText } from './PublishingBits'
import { useDropJob, useOutboxJobs, useRetryJob } from './publishing.queries'

export type JobsTab = 'pending' | 'dead'

function JobError({ job }: { job: OutboxJobDto }) {
  const kind = errorKindText(job.lastErrorKind)
  if (!kind && !job.lastErrorMessage) return null
  return (
    <Flex vertical>
      {kind && <Typography.Text strong>{kind}</Typography.Text>}
      {job.lastErrorMessage && (
        <Typography.Text type="danger" title={job.lastErrorCode ?? undefined}>
          {job.lastErrorMessage}
        </Typography.Text>
      )}
    </Flex>
  )
}

export function OutboxJobsSection({ accounts, tab, onTabChange }: { accounts: readonly ChannelAccountDto[]; tab: JobsTab; onTabChange: (tab: JobsTab) => void }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const format = useFormat()
  const pending = useOutboxJobs('pending')
  const dead = useOutboxJobs('dead')
  const retry = useRetryJob()
  const drop = useDropJob()
  const accountNames = new Map(accounts.map((a) => [a.id, a.displayName]))

  const failed = (error: unknown) => {
    // job_state: someone else (the worker, another window) got there first; the lists are asked again anyway.
    void (reasonOf(error) === 'job_state' ? message.info(publishingErrorText(error)) : message.error(publishingErrorText(error)))
  }

  const columns = (which: JobsTab): TableColumnsType<OutboxJobDto> => [
    { key: 'channel', title: t('publishing.jobs.channel'), width: 160, render: (_, j) => accountNames.get(j.channelAccountId) ?? t('common.empty') },
    { key: 'kind', title: t('publishing.jobs.kind'), width: 160, render: (_, j) => jobKindText(j.kind) },
    { key: 'product', title: t('publishing.jobs.product'), render: (_, j) => j.productName ?? t('common.empty') },
    { key: 'attempts', title: t('publishing.jobs.attempts'), width: 100, align: 'right', render: (_, j) => format.number(j.attempts) },
    ...(which === 'pending' ? [{ key: 'next', title: t('publishing.jobs.nextAttempt'), width: 150, render: (_: unknown, j: OutboxJobDto) => format.dateTime(j.nextAttemptAt) }] : []),
    { key: 'error', title: t('publishing.jobs.lastError'), render: (_, j) => <JobError job={j} /> },
    ...(which === 'dead'
      ? [
          {
            key: 'actions',
            title: t('common.actions'),
            width: 200,
            render: (_: unknown, j: OutboxJobDto) => (
              <Flex gap={8}>
                <Button
                  size="small"
                  icon={<RedoOutlined />}
                  loading={retry.isPending && retry.variables === j.id}
                  onClick={() => retry.mutate(j.id, { onSuccess: () => void message.success(t('publishing.jobs.retried')), onError: failed })}
                >
                  {t('publishing.jobs.retry')}
                </Button>
                <Popconfirm
                  title={t('publishing.jobs.dropConfirm')}
                  description={t('publishing.jobs.dropConfirmHint')}
                  okText={t('publishing.jobs.drop')}
                  okButtonProps={{ danger: true }}
                  cancelText={t('common.cancel')}
                  onConfirm={() => drop.mutateAsync(j.id).then(() => void message.success(t('publishing.jobs.dropped')), failed)}
                >
                  <Button size="small" danger icon={<DeleteOutlined />} loading={drop.isPending && drop.variables === j.id}>
                    {t('publishing.jobs.drop')}
                  </Button>
                </Popconfirm>
              </Flex>
            ),
          },
        ]
      : []),
  ]

  const table = (which: JobsTab) => {
    const query = which === 'pending' ? pending : dead
    return (
      <Flex vertical gap={8}>
        {query.error && <Alert type="error" showIcon title={describeError(query.error)} action={<Button onClick={() => void query.refetch()}>{t('common.retry')}</Button>} />}
        <Table<OutboxJobDto>
          aria-label={which === 'pending' ? t('publishing.jobs.pendingTab', { count: pending.data?.length ?? 0 }) : t('publishing.jobs.deadTab', { count: dead.data?.length ?? 0 })}
          size="small"
          rowKey="id"
          columns={columns(which)}
          dataSource={query.data ?? []}
          loading={query.isLoading}
          locale={{ emptyText: which === 'pending' ? t('publishing.jobs.emptyPending') : t('publishing.jobs.emptyDead') }}
          pagination={(query.data?.length ?? 0) > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        />
      </Flex>
    )
  }

  return (
    <Card
      title={
        <Typography.Title level={3} style={{ margin: 0, fontSize: 18 }}>
          {t('publishing.jobs.title')}
        </Typography.Title>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(key) => onTabChange(key as JobsTab)}
        items={[
          { key: 'pending', label: t('publishing.jobs.pendingTab', { count: pending.data?.length ?? 0 }), children: table('pending') },
          { key: 'dead', label: t('publishing.jobs.deadTab', { count: dead.data?.length ?? 0 }), children: table('dead') },
        ]}
      />
    </Card>
  )
}
