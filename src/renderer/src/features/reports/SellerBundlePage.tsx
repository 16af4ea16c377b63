/**
 * "Số liệu gửi xã": the seller makes the signed figures file the commune coordinator asked for
 * (reports.exportSellerBundle, docs/reports.md "The seller bundle"), then sees the figures it
 * carries. The key fingerprint is what the coordinator compares, read aloud, the first time.
 */
import { Alert, App, Button, Card, Flex, Skeleton, Typography } from 'antd'
import { CopyOutlined, FileDoneOutlined, KeyOutlined } from '@ant-design/icons'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import type { SellerBundleDto } from '@shared/contract/reports'
import { formatDateVi, todayInVietnam } from '@shared/domain/calendar'
import { isApiError, reasonOf } from '../../api/errors'
import { copyText } from '../../components/clipboard'
import { saveFile } from '../../components/files'
import { Fingerprint } from '../../components/Fingerprint'
import { PeriodPicker } from '../../components/PeriodPicker'
import { periodFromSearch, presetPeriod, REPORTING_PRESETS, withPeriod, type Period } from '../../components/period'
import { describeError } from '../../i18n/error-text'
import { ReportsHeader, SELLER_BUNDLE_PATH } from './ReportsHeader'
import { useExportSellerBundle, useIdentity } from './reports.queries'
import { SellerFiguresView } from './SellerFiguresView'

function FingerprintCard() {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const identity = useIdentity()
  return (
    <Card
      size="small"
      role="region"
      aria-label={t('reports.bundle.fingerprint.title')}
      title={
        <Flex gap={8} align="center">
          <KeyOutlined aria-hidden />
          {t('reports.bundle.fingerprint.title')}
        </Flex>
      }
    >
      {identity.error ? (
        <Alert type="error" showIcon title={t('reports.bundle.fingerprint.loadFailed', { reason: describeError(identity.error) })} />
      ) : identity.data ? (
        <Flex vertical gap={8}>
          <Flex align="center" gap={12} wrap>
            <Typography.Text strong>
              <Fingerprint value={identity.data.fingerprint} style={{ fontSize: 26, letterSpacing: 1 }} />
            </Typography.Text>
            <Button
              icon={<CopyOutlined />}
              onClick={() =>
                void copyText(identity.data.fingerprint).then((copied) =>
                  copied ? message.success(t('reports.bundle.fingerprint.copied')) : message.warning(t('reports.bundle.fingerprint.copyFailed')),
                )
              }
            >
              {t('reports.bundle.fingerprint.copy')}
            </Button>
          </Flex>
          <Typography.Text>{t('reports.bundle.fingerprint.hint')}</Typography.Text>
        </Flex>
      ) : (
        <Skeleton active title={false} paragraph={{ rows: 2 }} />
      )}
    </Card>
  )
}

interface MadeFile {
  readonly period: Period
  readonly file: SellerBundleDto
}

export function SellerBundlePage() {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const [params, setParams] = useSearchParams()
  const today = todayInVietnam(Date.now())
  // The commune usually asks for the month just ended.
  const period = periodFromSearch(params, today, presetPeriod('lastMonth', today))
  const exportBundle = useExportSellerBundle()
  const [made, setMade] = useState<MadeFile | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  // Figures of another period would be misread as this one's.
  const shown = made && made.period.from === period.from && made.period.to === period.to ? made : null

  const create = () => {
    setProblem(null)
    exportBundle.mutate(period, {
      onSuccess: (file) => {
        saveFile(file)
        setMade({ period, file })
        void message.success(t('reports.bundle.make.created', { fileName: file.fileName }))
      },
      onError: (error) =>
        setProblem(
          isApiError(error, 'CONFLICT') && reasonOf(error) === 'no_seller'
            ? t('reports.bundle.make.noSeller')
            : t('reports.bundle.make.failed', { reason: describeError(error) }),
        ),
    })
  }

  return (
    <Flex vertical gap={16}>
      <ReportsHeader active={SELLER_BUNDLE_PATH} />
      <Typography.Paragraph style={{ margin: 0, maxWidth: 900 }}>{t('reports.bundle.intro')}</Typography.Paragraph>
      <FingerprintCard />
      <Card size="small" role="region" aria-label={t('reports.bundle.make.title')} title={t('reports.bundle.make.title')}>
        <Flex vertical gap={12}>
          <Flex align="center" gap={16} wrap>
            <PeriodPicker
              id="bundle-period"
              period={period}
              today={today}
              presets={REPORTING_PRESETS}
              onChange={(next) => setParams((current) => withPeriod(current, next), { replace: true })}
            />
            <Button type="primary" icon={<FileDoneOutlined />} loading={exportBundle.isPending} onClick={create}>
              {t('reports.bundle.make.button')}
            </Button>
          </Flex>
          <Typography.Text type="secondary">{t('reports.bundle.make.periodHint')}</Typography.Text>
          {problem && <Alert type="error" showIcon title={problem} closable={{ onClose: () => setProblem(null) }} />}
        </Flex>
      </Card>
      {shown && (
        <Card
          size="small"
          role="region"
          aria-label={t('reports.bundle.sent.title')}
          title={t('reports.bundle.sent.title')}
          extra={
            <Typography.Text type="secondary">
              {t('reports.bundle.sent.file', { fileName: shown.file.fileName, from: formatDateVi(shown.period.from), to: formatDateVi(shown.period.to) })}
            </Typography.Text>
          }
        >
          <SellerFiguresView figures={shown.file.figures} />
        </Card>
      )}
    </Flex>
  )
}
