/**
 * Đối soát: scenario 3's "match it from the bank statement later", and the carriers' COD
 * remittances. A file goes in (step 1), its columns are checked (step 2), every amount is shown
 * against the order it matches (step 3), and only what a person ticks is recorded.
 */
import { Alert, AutoComplete, Button, Card, Flex, Form, Result, Segmented, Spin, Table, Typography, Upload, type TableColumnsType } from 'antd'
import { InboxOutlined } from '@ant-design/icons'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { STATEMENT_KINDS, type StatementKind, type StatementPreviewDto, type StatementResultDto } from '@shared/contract/payments'
import { VIETQR_BANKS } from '@shared/domain/banks'
import { foldVietnamese } from '@shared/domain/vietnamese'
import { fileToBase64 } from '../../components/files'
import { useFormat } from '../../components/format'
import { usePaymentSettings } from '../payments/payments.queries'
import { ColumnMapping } from './ColumnMapping'
import { CARRIERS, previewErrorText } from './StatementBits'
import { StatementPreview } from './StatementPreview'
import { rememberProfile, rememberedProfile, usePreviewStatement } from './statements.queries'

interface ChosenFile {
  readonly name: string
  readonly contentBase64: string
}

interface Reading {
  readonly file: ChosenFile
  readonly kind: StatementKind
  readonly profile: string
  readonly headerRow?: number
  readonly mapping?: Record<string, number | null>
}

interface ProfileOption {
  readonly value: string
  readonly label: React.ReactNode
  readonly search: string
}

const BANK_OPTIONS: readonly ProfileOption[] = VIETQR_BANKS.map((bank) => ({
  value: bank.shortName,
  label: (
    <Flex justify="space-between" gap={12}>
      <span>{bank.shortName}</span>
      <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
        {bank.name}
      </Typography.Text>
    </Flex>
  ),
  search: foldVietnamese(`${bank.shortName} ${bank.name}`),
}))

const CARRIER_OPTIONS: readonly ProfileOption[] = CARRIERS.map((carrier) => ({ value: carrier, label: carrier, search: foldVietnamese(carrier) }))

/** Everything while the box holds one of the names; the names that fit once something else is typed. */
function profileOptions(kind: StatementKind, typed: string): ProfileOption[] {
  const all = kind === 'bank' ? BANK_OPTIONS : CARRIER_OPTIONS
  const text = foldVietnamese(typed)
  if (text === '' || all.some((o) => foldVietnamese(o.value) === text)) return [...all]
  return all.filter((o) => o.search.includes(text))
}

function ResultView({ result, preview, onAgain }: { result: StatementResultDto; preview: StatementPreviewDto; onAgain: () => void }) {
  const { t } = useTranslation()
  const format = useFormat()
  const columns: TableColumnsType<StatementResultDto['orders'][number]> = [
    { key: 'order', title: t('statements.result.order'), render: (_, o) => <Link to={`/orders/${o.orderId}`}>{o.orderNumber}</Link> },
    { key: 'amount', title: t('statements.result.amount'), width: 180, align: 'right', render: (_, o) => format.vnd(o.amountVnd) },
  ]
  return (
    <Card>
      <Result
        status="success"
        title={t('statements.result.title', { lines: format.number(result.applied), amount: format.vnd(result.appliedVnd) })}
        subTitle={t('statements.result.subTitle', { file: preview.fileName, profile: preview.profile })}
        extra={
          <Button type="primary" onClick={onAgain}>
            {t('statements.result.again')}
          </Button>
        }
      >
        <Table
          aria-label={t('statements.result.orders')}
          title={() => <Typography.Text strong>{t('statements.result.orders')}</Typography.Text>}
          size="small"
          rowKey="orderId"
          columns={columns}
          dataSource={result.orders}
          pagination={result.orders.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        />
      </Result>
    </Card>
  )
}

export function StatementsPage() {
  const { t } = useTranslation()
  const settings = usePaymentSettings()
  const [kind, setKind] = useState<StatementKind>('bank')
  /** What was typed per kind; null until then, so the remembered or the seller's bank shows. */
  const [typed, setTyped] = useState<Record<StatementKind, string | null>>({ bank: null, cod: null })
  const [profileError, setProfileError] = useState(false)
  const [file, setFile] = useState<ChosenFile | null>(null)
  const [reading, setReading] = useState<Reading | null>(null)
  const [preview, setPreview] = useState<StatementPreviewDto | null>(null)
  const [readError, setReadError] = useState<string | null>(null)
  const [mappingOpen, setMappingOpen] = useState(false)
  const [result, setResult] = useState<StatementResultDto | null>(null)
  const previewing = usePreviewStatement()

  const defaultProfile = (k: StatementKind) => rememberedProfile(k) ?? (k === 'bank' ? (settings.data?.vietqr?.bankName ?? '') : '')
  const profile = typed[kind] ?? defaultProfile(kind)

  const read = (next: Reading) => {
    if (next.profile.trim() === '') {
      setProfileError(true)
      return
    }
    setReading(next)
    setReadError(null)
    previewing.mutate(
      {
        kind: next.kind,
        profile: next.profile.trim(),
        fileName: next.file.name,
        contentBase64: next.file.contentBase64,
        ...(next.headerRow !== undefined && { headerRow: next.headerRow }),
        ...(next.mapping && { mapping: next.mapping }),
      },
      {
        onSuccess: (answer) => {
          setPreview(answer)
          if (answer.missingFields.length > 0) setMappingOpen(true)
        },
        onError: (error) => {
          setPreview(null)
          setReadError(previewErrorText(error))
        },
      },
    )
  }

  const choose = async (chosen: File) => {
    setResult(null)
    setPreview(null)
    setMappingOpen(false)
    try {
      const next = { name: chosen.name, contentBase64: await fileToBase64(chosen) }
      setFile(next)
      read({ file: next, kind, profile })
    } catch (error) {
      setFile(null)
      setReadError(previewErrorText(error))
    }
  }

  const changeKind = (next: StatementKind) => {
    // A bank statement and a COD file are different files: start again from the file.
    setKind(next)
    setProfileError(false)
    setFile(null)
    setReading(null)
    setPreview(null)
    setReadError(null)
    setResult(null)
    previewing.reset()
  }

  /** The bank or carrier was chosen (picked from the list, or the box was left): read the file as theirs. */
  const commitProfile = (value: string) => {
    const name = value.trim()
    setProfileError(name === '')
    if (name !== '' && file && reading && reading.profile.trim() !== name) read({ file, kind, profile: name })
  }

  const startAgain = () => {
    setFile(null)
    setReading(null)
    setPreview(null)
    setReadError(null)
    setResult(null)
    setMappingOpen(false)
    previewing.reset()
  }

  const applied = (answer: StatementResultDto) => {
    if (preview) rememberProfile(preview.kind, preview.profile)
    setResult(answer)
  }

  if (result && preview) {
    return (
      <Flex vertical gap={16}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('statements.title')}
        </Typography.Title>
        <ResultView result={result} preview={preview} onAgain={startAgain} />
      </Flex>
    )
  }

  const profileLabel = kind === 'bank' ? t('statements.source.bank') : t('statements.source.carrier')
  const busy = previewing.isPending
  return (
    <Flex vertical gap={16}>
      <Flex vertical gap={4}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('statements.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('statements.intro')}</Typography.Text>
      </Flex>

      <Card>
        <section aria-labelledby="statement-source-title">
          <Typography.Title level={4} id="statement-source-title" style={{ marginTop: 0 }}>
            {t('statements.source.title')}
          </Typography.Title>
          <Form layout="vertical" component="div">
            <Flex wrap gap={16} align="start">
              <Form.Item label={t('statements.source.kindLabel')} style={{ margin: 0 }}>
                <Segmented<StatementKind>
                  aria-label={t('statements.source.kindLabel')}
                  value={kind}
                  disabled={busy}
                  onChange={changeKind}
                  options={STATEMENT_KINDS.map((k) => ({ value: k, label: t(`statements.source.kinds.${k}`) }))}
                />
              </Form.Item>
              <Form.Item
                label={profileLabel}
                htmlFor="statement-profile"
                required
                validateStatus={profileError ? 'error' : undefined}
                help={profileError ? (kind === 'bank' ? t('statements.source.bankRequired') : t('statements.source.carrierRequired')) : t('statements.source.profileHint')}
                style={{ margin: 0, width: 340 }}
              >
                <AutoComplete
                  id="statement-profile"
                  value={profile}
                  options={profileOptions(kind, profile)}
                  placeholder={kind === 'bank' ? t('statements.source.bankPlaceholder') : t('statements.source.carrierPlaceholder')}
                  allowClear
                  disabled={busy}
                  popupMatchSelectWidth={340}
                  onChange={(value: string) => {
                    setTyped((p) => ({ ...p, [kind]: value ?? '' }))
                    if (value) setProfileError(false)
                  }}
                  onSelect={(value: string) => commitProfile(value)}
                  onBlur={() => commitProfile(profile)}
                />
              </Form.Item>
            </Flex>
          </Form>
          <Upload.Dragger
            accept=".xlsx,.csv"
            multiple={false}
            showUploadList={false}
            disabled={busy}
            beforeUpload={(chosen) => {
              void choose(chosen)
              return Upload.LIST_IGNORE
            }}
            style={{ marginTop: 16 }}
          >
            {/* Once a file is read the box shrinks: the preview below is what matters then. */}
            {!file && (
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
            )}
            <p className="ant-upload-text">{t('statements.source.dropTitle')}</p>
            <p className="ant-upload-hint">{kind === 'bank' ? t('statements.source.dropHintBank') : t('statements.source.dropHintCod')}</p>
          </Upload.Dragger>
          {file && (
            <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 12 }}>
              <Typography.Text strong>{t('statements.source.chosenFile', { name: file.name })}</Typography.Text>
              {busy && (
                <Typography.Text type="secondary" role="status">
                  <Spin size="small" /> {t('statements.source.reading')}
                </Typography.Text>
              )}
            </Flex>
          )}
          {readError && <Alert type="error" showIcon title={t('statements.source.readFailed')} description={readError} style={{ marginTop: 12 }} />}
        </section>
      </Card>

      {preview && (
        <Spin spinning={busy} delay={200}>
          <Flex vertical gap={16}>
            <Card>
              <ColumnMapping
                key={preview.importId}
                preview={preview}
                open={mappingOpen}
                onOpenChange={setMappingOpen}
                busy={busy}
                onReread={(headerRow, mapping) => file && read({ file, kind: preview.kind, profile: preview.profile, headerRow, ...(mapping && { mapping }) })}
              />
            </Card>
            <Card>
              <StatementPreview
                key={preview.importId}
                preview={preview}
                onApplied={applied}
                onReadAgain={() => file && read({ file, kind: preview.kind, profile: preview.profile, headerRow: preview.headerRow, mapping: preview.mapping })}
              />
            </Card>
          </Flex>
        </Spin>
      )}
    </Flex>
  )
}
