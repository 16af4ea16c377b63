/**
 * "Điều phối xã", the coordinator's screen (scenario 7, PRODUCT.md): choose the period the
 * commune reports on, import the figures files the sellers sent, see who has sent figures for
 * exactly that period, and download the commune report (commune.exportReport) as Excel or PDF.
 * Bundles of other periods are kept too, one click away.
 */
import { Alert, App, Button, Card, Flex, Typography } from 'antd'
import { FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { formatDateVi, todayInVietnam } from '@shared/domain/calendar'
import { isApiError, reasonOf } from '../../api/errors'
import { saveFile } from '../../components/files'
import { useFormat } from '../../components/format'
import { PeriodPicker } from '../../components/PeriodPicker'
import { periodFromSearch, presetPeriod, REPORTING_PRESETS, withPeriod, type Period } from '../../components/period'
import { describeError } from '../../i18n/error-text'
import { otherPeriods } from './bundle-import'
import { BundleImportCard } from './BundleImportCard'
import { BundlesTable } from './BundlesTable'
import { useAllBundles, useExportCommuneReport, usePeriodBundles } from './commune.queries'

function DownloadButtons({ period, onProblem }: { period: Period; onProblem: (problem: string | null) => void }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const format = useFormat()
  const exportReport = useExportCommuneReport()
  const pending = exportReport.isPending ? exportReport.variables.format : null
  const download = (fileFormat: 'xlsx' | 'pdf') => {
    onProblem(null)
    exportReport.mutate(
      { period, format: fileFormat, language: format.language },
      {
        onSuccess: (file) => {
          saveFile(file)
          void message.success(t('reports.commune.downloaded', { fileName: file.fileName }))
        },
        onError: (error) =>
          onProblem(
            isApiError(error, 'CONFLICT') && reasonOf(error) === 'no_bundles'
              ? t('reports.commune.noBundles', { from: formatDateVi(period.from), to: formatDateVi(period.to) })
              : t('reports.commune.exportFailed', { reason: describeError(error) }),
          ),
      },
    )
  }
  return (
    <Flex gap={8} wrap>
      <Button type="primary" icon={<FileExcelOutlined />} loading={pending === 'xlsx'} disabled={pending !== null} onClick={() => download('xlsx')}>
        {t('reports.commune.downloadXlsx')}
      </Button>
      <Button icon={<FilePdfOutlined />} loading={pending === 'pdf'} disabled={pending !== null} onClick={() => download('pdf')}>
        {t('reports.commune.downloadPdf')}
      </Button>
    </Flex>
  )
}

function OtherPeriods({ period, onChoose }: { period: Period; onChoose: (period: Period) => void }) {
  const { t } = useTranslation()
  const all = useAllBundles()
  const groups = otherPeriods(all.data ?? [], period)
  if (groups.length === 0) return null
  return (
    <Alert
      type="info"
      showIcon
      role="note"
      title={
        <Flex gap={8} align="center" wrap>
          <Typography.Text strong>{t('reports.commune.otherPeriods.title')}</Typography.Text>
          <span>{t('reports.commune.otherPeriods.hint')}</span>
          {groups.map((group) => (
            <Button key={`${group.from}_${group.to}`} size="small" onClick={() => onChoose({ from: group.from, to: group.to })}>
              {t('reports.commune.otherPeriods.item', { from: formatDateVi(group.from), to: formatDateVi(group.to), count: group.count })}
            </Button>
          ))}
        </Flex>
      }
    />
  )
}

export function CommunePage() {
  const { t } = useTranslation()
  const format = useFormat()
  const [params, setParams] = useSearchParams()
  const today = todayInVietnam(Date.now())
  // Communes report by month, quarter and year; the month just ended is the usual one.
  const period = periodFromSearch(params, today, presetPeriod('lastMonth', today))
  const bundles = usePeriodBundles(period)
  const [problem, setProblem] = useState<string | null>(null)
  const choose = (next: Period) => {
    setProblem(null)
    setParams((current) => withPeriod(current, next), { replace: true })
  }
  const list = bundles.data ?? []
  const periodText = { from: formatDateVi(period.from), to: formatDateVi(period.to) }

  return (
    <Flex vertical gap={16}>
      <Flex vertical gap={4}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('reports.commune.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ margin: 0, maxWidth: 900 }}>
          {t('reports.commune.intro')}
        </Typography.Paragraph>
      </Flex>

      <Flex align="center" gap={16} wrap>
        <PeriodPicker id="commune-period" period={period} today={today} presets={REPORTING_PRESETS} onChange={choose} />
        <Typography.Text type="secondary">{t('reports.commune.periodHint')}</Typography.Text>
      </Flex>

      <BundleImportCard period={period} onShowPeriod={choose} />

      <Card
        size="small"
        role="region"
        aria-label={t('reports.commune.bundles.title', periodText)}
        title={
          <Flex vertical style={{ padding: '4px 0' }}>
            <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
              {t('reports.commune.bundles.title', periodText)}
            </Typography.Title>
            <Typography.Text type="secondary" style={{ fontWeight: 'normal' }} role="status">
              {t('reports.commune.bundles.count', { count: format.number(list.length) })}
            </Typography.Text>
          </Flex>
        }
        extra={<DownloadButtons period={period} onProblem={setProblem} />}
      >
        <Flex vertical gap={12}>
          {problem && <Alert type="warning" showIcon title={problem} closable={{ onClose: () => setProblem(null) }} />}
          {bundles.error && (
            <Alert
              type="error"
              showIcon
              title={t('reports.commune.bundles.loadFailed', { reason: describeError(bundles.error) })}
              action={<Button onClick={() => void bundles.refetch()}>{t('common.retry')}</Button>}
            />
          )}
          {/* With nothing for this period, the other periods are the next thing to look at; otherwise the table is. */}
          {list.length === 0 && <OtherPeriods period={period} onChoose={choose} />}
          <BundlesTable bundles={list} loading={bundles.isLoading || (bundles.isFetching && bundles.isPlaceholderData)} label={t('reports.commune.bundles.title', periodText)} />
          {list.length > 0 && <OtherPeriods period={period} onChoose={choose} />}
        </Flex>
      </Card>
    </Flex>
  )
}
