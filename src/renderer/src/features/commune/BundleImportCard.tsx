/**
 * The coordinator drops the figures files sellers sent (several at once). Each is read here and
 * verified by the backend (commune.importBundles, 20 a call); the answer for every file says what
 * happened to it, and a refused file says why and what to ask the seller for.
 */
import { Button, Card, Flex, Table, Tag, Typography, Upload } from 'antd'
import { InboxOutlined } from '@ant-design/icons'
import { useQueryClient } from '@tanstack/react-query'
import type { TFunction } from 'i18next'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { MAX_BUNDLE_BYTES } from '@shared/contract/reports'
import { formatDateVi } from '@shared/domain/calendar'
import { call } from '../../api/client'
import { Fingerprint } from '../../components/Fingerprint'
import type { Period } from '../../components/period'
import { hasText, translateDynamic } from '../../i18n'
import { describeError } from '../../i18n/error-text'
import { importInBatches, type ImportResult } from './bundle-import'
import { communeKeys } from './commune.queries'

/** A batch that never reached the backend (the connection dropped): its files can simply be dropped again. */
const SEND_FAILED = 'send_failed'

const OUTCOME_COLOURS = { imported: 'green', replaced: 'blue', unchanged: 'default', refused: 'red' } as const

function refusalText(t: TFunction, result: ImportResult): string {
  if (result.reason === SEND_FAILED) return t('reports.commune.import.failed', { reason: result.message ?? '' })
  const key = `reports.commune.refusals.${result.reason ?? 'unknown'}`
  return hasText(key) ? translateDynamic(key, { maxMb: MAX_BUNDLE_BYTES / (1024 * 1024) }) : t('reports.commune.refusals.unknown')
}

function OutcomeTag({ result }: { result: ImportResult }) {
  const { t } = useTranslation()
  const notSent = result.reason === SEND_FAILED
  return (
    <Tag color={notSent ? 'orange' : OUTCOME_COLOURS[result.outcome]} style={{ marginInlineEnd: 0, whiteSpace: 'nowrap' }}>
      {notSent ? t('reports.commune.import.notSent') : t(`reports.commune.outcomes.${result.outcome}`)}
    </Tag>
  )
}

type ResultRow = ImportResult & { readonly key: number }

function ResultDetail({ result, period, onShowPeriod }: { result: ImportResult; period: Period; onShowPeriod: (period: Period) => void }) {
  const { t } = useTranslation()
  if (result.outcome === 'refused') return <Typography.Text type="danger">{refusalText(t, result)}</Typography.Text>
  const other = result.period && (result.period.from !== period.from || result.period.to !== period.to)
  return (
    <Flex vertical gap={2}>
      {result.sellerName && result.period && (
        <Typography.Text>
          {t('reports.commune.import.seller', { seller: result.sellerName, from: formatDateVi(result.period.from), to: formatDateVi(result.period.to) })}
        </Typography.Text>
      )}
      {result.fingerprint && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('reports.commune.bundles.fingerprint')}: <Fingerprint value={result.fingerprint} />
        </Typography.Text>
      )}
      {other && result.period && (
        <Flex gap={4} align="center" wrap>
          <Typography.Text type="warning" style={{ fontSize: 12 }}>
            {t('reports.commune.import.otherPeriod')}
          </Typography.Text>
          <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} onClick={() => onShowPeriod(result.period!)}>
            {t('reports.commune.import.showPeriod', { from: formatDateVi(result.period.from), to: formatDateVi(result.period.to) })}
          </Button>
        </Flex>
      )}
    </Flex>
  )
}

export function BundleImportCard({ period, onShowPeriod }: { period: Period; onShowPeriod: (period: Period) => void }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null)
  const [results, setResults] = useState<ResultRow[]>([])

  const importFiles = async (files: File[]) => {
    setProgress({ done: 0, total: files.length })
    try {
      const answers = await importInBatches(
        files,
        async (file) => new Uint8Array(await file.arrayBuffer()),
        (batch) => call('commune.importBundles', { files: batch }),
        {
          onProgress: (done) => setProgress({ done, total: files.length }),
          onBatchError: (file, error) => ({
            fileName: file.name,
            outcome: 'refused',
            reason: SEND_FAILED,
            message: describeError(error),
            sellerName: null,
            period: null,
            fingerprint: null,
          }),
        },
      )
      setResults(answers.map((answer, key) => ({ ...answer, key })))
    } finally {
      setProgress(null)
      await queryClient.invalidateQueries({ queryKey: communeKeys.all })
    }
  }

  return (
    <Card size="small" role="region" aria-label={t('reports.commune.import.title')} title={t('reports.commune.import.title')}>
      <Flex vertical gap={12}>
        <Upload.Dragger
          accept=".json,application/json"
          multiple
          showUploadList={false}
          disabled={progress !== null}
          beforeUpload={(file, fileList) => {
            // antd calls this once per file; the whole choice is imported once, from its first file.
            if (file === fileList[0]) void importFiles(fileList as File[])
            return Upload.LIST_IGNORE
          }}
        >
          {/* Once files are in, the box shrinks: the results below are what matters then. */}
          {results.length === 0 && (
            <p className="ant-upload-drag-icon" style={{ marginBottom: 8 }}>
              <InboxOutlined />
            </p>
          )}
          <p className="ant-upload-text">{t('reports.commune.import.drop')}</p>
          <p className="ant-upload-hint">{t('reports.commune.import.dropHint')}</p>
        </Upload.Dragger>
        {progress && (
          <Typography.Text type="secondary" role="status">
            {t('reports.commune.import.progress', { done: progress.done, total: progress.total })}
          </Typography.Text>
        )}
        {results.length > 0 && (
          <Table<ResultRow>
            size="small"
            aria-label={t('reports.commune.import.resultsLabel')}
            rowKey="key"
            dataSource={results}
            pagination={results.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
            columns={[
              { key: 'file', title: t('reports.commune.import.file'), width: 280, render: (_, r) => <Typography.Text style={{ wordBreak: 'break-all' }}>{r.fileName}</Typography.Text> },
              { key: 'outcome', title: t('reports.commune.import.outcome'), width: 150, render: (_, r) => <OutcomeTag result={r} /> },
              { key: 'detail', title: t('reports.commune.import.detail'), render: (_, r) => <ResultDetail result={r} period={period} onShowPeriod={onShowPeriod} /> },
            ]}
          />
        )}
      </Flex>
    </Card>
  )
}
