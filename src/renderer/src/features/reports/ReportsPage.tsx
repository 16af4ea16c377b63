/**
 * "Báo cáo": the reports a manager opens and hands on (docs/reports.md defines every figure):
 * sales by product, variant, channel, customer and member household; money received and paid
 * back; stock value and movements; the OCOP certificate calendar. The report and the period live
 * in the address; "Tải Excel" and "Tải PDF" download exactly what the screen shows.
 */
import { Alert, App, Button, Card, Flex, Select, Skeleton, Spin, Typography } from 'antd'
import { FileExcelOutlined, FilePdfOutlined, InfoCircleOutlined } from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import type { ReportKind } from '@shared/contract/reports'
import { todayInVietnam } from '@shared/domain/calendar'
import { saveFile } from '../../components/files'
import { useLanguage } from '../../components/format'
import { PeriodPicker } from '../../components/PeriodPicker'
import { PERIOD_PRESETS, periodFromSearch, presetPeriod, withPeriod, type Period } from '../../components/period'
import { describeError } from '../../i18n/error-text'
import { isUndated, kindFromSearch, REPORT_GROUPS } from './report-kinds'
import { ReportMeta, ReportTables } from './ReportTables'
import { REPORTS_PATH, ReportsHeader } from './ReportsHeader'
import { useExportReport, useReport } from './reports.queries'

const PICKER_ID = 'report-kind'

function ReportPicker({ kind, onChange }: { kind: ReportKind; onChange: (kind: ReportKind) => void }) {
  const { t } = useTranslation()
  return (
    <Flex align="center" gap={8}>
      <label htmlFor={PICKER_ID}>{t('reports.picker.label')}</label>
      <Select<ReportKind>
        id={PICKER_ID}
        value={kind}
        onChange={onChange}
        style={{ width: 280 }}
        listHeight={400}
        options={REPORT_GROUPS.map((group) => ({
          label: t(`reports.picker.groups.${group.key}`),
          title: t(`reports.picker.groups.${group.key}`),
          options: group.kinds.map((k) => ({ value: k, label: t(`reports.kinds.${k}`) })),
        }))}
      />
    </Flex>
  )
}

function DownloadButtons({ kind, period }: { kind: ReportKind; period: Period }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const language = useLanguage()
  const exportReport = useExportReport()
  const pending = exportReport.isPending ? exportReport.variables.format : null
  const download = (format: 'xlsx' | 'pdf') =>
    exportReport.mutate(
      { kind, period, language, format },
      {
        onSuccess: (file) => {
          saveFile(file)
          void message.success(t('reports.downloaded', { fileName: file.fileName }))
        },
        onError: (error) => void message.error(describeError(error)),
      },
    )
  return (
    <Flex gap={8}>
      <Button icon={<FileExcelOutlined />} loading={pending === 'xlsx'} disabled={pending !== null} onClick={() => download('xlsx')}>
        {t('reports.downloadXlsx')}
      </Button>
      <Button icon={<FilePdfOutlined />} loading={pending === 'pdf'} disabled={pending !== null} onClick={() => download('pdf')}>
        {t('reports.downloadPdf')}
      </Button>
    </Flex>
  )
}

export function ReportsPage() {
  const { t } = useTranslation()
  const language = useLanguage()
  const [params, setParams] = useSearchParams()
  // The shop's days are Vietnam's, whatever zone the computer is set to.
  const today = todayInVietnam(Date.now())
  const kind = kindFromSearch(params)
  // A month's figures are what an accountant asks for; this month so far is where a manager starts.
  const period = periodFromSearch(params, today, presetPeriod('thisMonth', today))
  const undated = isUndated(kind)
  // An undated report is as of today: asked for as today, so its file is named for the day it shows.
  const asked = undated ? { from: today, to: today } : period
  const report = useReport(kind, asked, language)
  const reportDocument = report.data
  const updating = report.isFetching && report.isPlaceholderData

  const change = (next: { kind?: ReportKind; period?: Period }) =>
    setParams(
      (current) => {
        const updated = withPeriod(current, next.period ?? period)
        updated.set('kind', next.kind ?? kind)
        return updated
      },
      { replace: true },
    )

  return (
    <Flex vertical gap={16} aria-busy={report.isFetching}>
      <ReportsHeader active={REPORTS_PATH} />
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Flex align="center" gap={16} wrap>
          <ReportPicker kind={kind} onChange={(next) => change({ kind: next })} />
          {undated ? (
            <Typography.Text type="secondary" role="note">
              <InfoCircleOutlined aria-hidden /> {t(`reports.noPeriod.${kind}`)}
            </Typography.Text>
          ) : (
            <PeriodPicker id="report-period" period={period} today={today} presets={PERIOD_PRESETS} onChange={(next) => change({ period: next })} />
          )}
        </Flex>
        <DownloadButtons kind={kind} period={asked} />
      </Flex>

      {report.error && (
        <Alert
          type="error"
          showIcon
          title={t('reports.loadFailed', { reason: describeError(report.error) })}
          action={<Button onClick={() => void report.refetch()}>{t('common.retry')}</Button>}
        />
      )}

      {reportDocument ? (
        <Card
          size="small"
          role="region"
          aria-label={reportDocument.title}
          title={
            <Typography.Title level={3} style={{ fontSize: 18, margin: '4px 0' }}>
              {reportDocument.title}
            </Typography.Title>
          }
          extra={updating && <Spin size="small" description={t('reports.updating')} />}
        >
          <Flex vertical gap={16}>
            <ReportMeta document={reportDocument} />
            <ReportTables
              document={reportDocument}
              emptyText={undated ? t(`reports.empty.${kind}`) : t('reports.empty.period')}
            />
          </Flex>
        </Card>
      ) : (
        report.isLoading && (
          <Card size="small">
            <Skeleton active paragraph={{ rows: 8 }} />
          </Card>
        )
      )}
    </Flex>
  )
}
