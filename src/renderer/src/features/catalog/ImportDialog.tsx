import { Alert, App, Button, Checkbox, Flex, Modal, Progress, Table, Typography, Upload, type TableColumnsType } from 'antd'
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons'
import { useMutation, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ImportProgressDto, ImportResultDto, ImportRowErrorDto } from '@shared/contract/dto'
import { call } from '../../api/client'
import { importRowsOf } from '../../api/errors'
import { fileToBase64, saveFile } from '../../components/files'
import { useFormat } from '../../components/format'
import { describeError, importRowText } from '../../i18n/error-text'
import { useInvalidateCatalog } from './catalog.queries'

/** How often to ask how far a running import has got. */
const PROGRESS_POLL_MS = 250

type Outcome =
  | { readonly kind: 'imported'; readonly result: ImportResultDto; readonly dryRun: boolean }
  | { readonly kind: 'rejected'; readonly rows: readonly ImportRowErrorDto[]; readonly totalErrors: number }
  | { readonly kind: 'failed'; readonly message: string }

interface ChosenFile {
  readonly name: string
  readonly contentBase64: string
}

function newJobId(): string {
  const random = typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`
  return `imp_${random.replace(/[^A-Za-z0-9]/g, '')}`.slice(0, 40)
}

/** Reading → validating → writing, drawn as one bar: checking is the first half, writing the second. */
function percentOf(progress: ImportProgressDto | undefined): number {
  if (!progress || progress.total === 0) return progress?.phase === 'done' ? 100 : 0
  const share = Math.min(1, progress.done / progress.total)
  if (progress.phase === 'validating') return Math.round(share * 50)
  if (progress.phase === 'writing') return 50 + Math.round(share * 50)
  return progress.phase === 'done' ? 100 : 0
}

function ImportErrors({ rows, totalErrors }: { rows: readonly ImportRowErrorDto[]; totalErrors: number }) {
  const { t } = useTranslation()
  const format = useFormat()
  const columns: TableColumnsType<ImportRowErrorDto & { key: number }> = [
    { key: 'row', title: t('import.columns.row'), dataIndex: 'row', width: 80, align: 'right' },
    { key: 'column', title: t('import.columns.column'), width: 170, render: (_, r) => r.column ?? t('import.wholeRow') },
    { key: 'error', title: t('import.columns.error'), render: (_, r) => importRowText(r) },
  ]
  return (
    <Flex vertical gap={8}>
      <Alert
        type="error"
        showIcon
        title={t('import.failedTitle')}
        description={
          <>
            {t('import.failedText', { total: format.number(totalErrors) })}
            {totalErrors > rows.length && <div>{t('import.moreErrors', { shown: format.number(rows.length), total: format.number(totalErrors) })}</div>}
          </>
        }
      />
      <Table
        aria-label={t('import.errorsTable')}
        size="small"
        columns={columns}
        dataSource={rows.map((r, key) => ({ ...r, key }))}
        pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        scroll={{ y: 300 }}
      />
    </Flex>
  )
}

export function ImportDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const format = useFormat()
  const invalidateCatalog = useInvalidateCatalog()
  const [file, setFile] = useState<ChosenFile | null>(null)
  const [dryRun, setDryRun] = useState(false)
  const [jobId, setJobId] = useState<string | null>(null)
  const [outcome, setOutcome] = useState<Outcome | null>(null)

  const runImport = useMutation({
    mutationFn: (input: { file: ChosenFile; jobId: string; dryRun: boolean }) =>
      call('catalog.importProducts', { fileName: input.file.name, contentBase64: input.file.contentBase64, jobId: input.jobId, dryRun: input.dryRun }),
    onSuccess: (result, input) => {
      setOutcome({ kind: 'imported', result, dryRun: input.dryRun })
      if (!input.dryRun) void invalidateCatalog()
    },
    onError: (error) => {
      const rows = importRowsOf(error)
      setOutcome(rows ? { kind: 'rejected', ...rows } : { kind: 'failed', message: describeError(error) })
    },
  })
  const running = runImport.isPending

  const progress = useQuery({
    queryKey: ['importProgress', jobId],
    queryFn: () => call('catalog.importProgress', { jobId: jobId! }),
    enabled: running && jobId !== null,
    refetchInterval: PROGRESS_POLL_MS,
    // Until the backend has registered the job it answers NOT_FOUND; the next poll will see it.
    retry: false,
    gcTime: 0,
  })

  const template = useMutation({
    mutationFn: () => call('catalog.getImportTemplate', { format: 'xlsx', headers: format.language }),
    onSuccess: saveFile,
    onError: (error) => void message.error(describeError(error)),
  })

  const choose = async (chosen: File) => {
    setOutcome(null)
    try {
      setFile({ name: chosen.name, contentBase64: await fileToBase64(chosen) })
    } catch (error) {
      setFile(null)
      void message.error(describeError(error))
    }
  }

  const start = () => {
    if (!file) return
    const id = newJobId()
    setJobId(id)
    setOutcome(null)
    runImport.mutate({ file, jobId: id, dryRun })
  }

  const phase = progress.data?.phase ?? 'reading'
  return (
    <Modal
      open
      width={860}
      title={t('import.title')}
      onCancel={running ? undefined : onClose}
      closable={!running}
      mask={{ closable: false }}
      keyboard={!running}
      destroyOnHidden
      footer={
        <Flex justify="end" gap={8}>
          <Button onClick={onClose} disabled={running}>
            {t('common.close')}
          </Button>
          <Button type="primary" onClick={start} disabled={!file || running} loading={running}>
            {dryRun ? t('import.check') : t('import.start')}
          </Button>
        </Flex>
      }
    >
      <Flex vertical gap={16}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('import.intro')}{' '}
          <Button type="link" icon={<DownloadOutlined />} onClick={() => template.mutate()} loading={template.isPending} style={{ paddingInline: 0 }}>
            {t('import.template')}
          </Button>
        </Typography.Paragraph>

        <Upload.Dragger
          accept=".xlsx,.csv"
          multiple={false}
          showUploadList={false}
          disabled={running}
          beforeUpload={(chosen) => {
            void choose(chosen)
            return Upload.LIST_IGNORE
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('import.dropTitle')}</p>
          <p className="ant-upload-hint">{t('import.dropHint')}</p>
        </Upload.Dragger>

        {file && (
          <Flex justify="space-between" align="center" wrap gap={8}>
            <Typography.Text strong>{t('import.chosenFile', { name: file.name })}</Typography.Text>
            <Checkbox checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} disabled={running}>
              {t('import.dryRun')}
            </Checkbox>
          </Flex>
        )}

        {running && (
          <div role="status">
            <Typography.Text>{t(`import.phases.${phase}`, { done: format.number(progress.data?.done ?? 0), total: format.number(progress.data?.total ?? 0) })}</Typography.Text>
            <Progress percent={percentOf(progress.data)} status="active" />
          </div>
        )}

        {outcome?.kind === 'imported' && (
          <Alert
            type="success"
            showIcon
            title={outcome.dryRun ? t('import.checkedTitle') : t('import.successTitle')}
            description={t('import.summary', {
              rows: format.number(outcome.result.rows),
              productsCreated: format.number(outcome.result.productsCreated),
              productsUpdated: format.number(outcome.result.productsUpdated),
              variantsCreated: format.number(outcome.result.variantsCreated),
              variantsUpdated: format.number(outcome.result.variantsUpdated),
            })}
          />
        )}
        {outcome?.kind === 'rejected' && <ImportErrors rows={outcome.rows} totalErrors={outcome.totalErrors} />}
        {outcome?.kind === 'failed' && <Alert type="error" showIcon title={t('import.failedTitle')} description={outcome.message} />}
      </Flex>
    </Modal>
  )
}
