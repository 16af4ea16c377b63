/**
 * Step 3: what each amount of the file matched, before anything is recorded. Matched lines are
 * ticked; an ambiguous or different one waits for a person to pick its order; duplicates and lines
 * recorded before cannot be ticked. "Ghi nhận" records the ticked lines in one go (all or nothing).
 *
 * The lines table is virtual: a month of COD remittances can be tens of thousands of rows.
 */
import { Alert, Button, Checkbox, Flex, Select, Table, Tag, Typography, theme, type TableColumnsType } from 'antd'
import { CheckOutlined } from '@ant-design/icons'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { StatementLineDto, StatementPreviewDto, StatementResultDto } from '@shared/contract/payments'
import { useFormat } from '../../components/format'
import {
  applyLines,
  canRecord,
  chooseOrder,
  chosenCandidate,
  deltaVnd,
  initialSelection,
  needsChoice,
  paymentClashes,
  selectedTotal,
  tickAll,
  tickLine,
  type LineSelection,
} from './statement-selection'
import {
  LINE_MATCHES,
  MatchDot,
  MatchTag,
  applyErrorText,
  candidateReasonText,
  fieldLabel,
  formatStatementDate,
  isStalePreview,
  lineExplanation,
  rowErrorText,
  type LineMatch,
} from './StatementBits'
import { useApplyStatement } from './statements.queries'

type Line = StatementLineDto
type Candidate = Line['candidates'][number]
type RowError = StatementPreviewDto['rowErrors'][number]

const LINES_HEIGHT_PX = 520
const ROW_ERRORS_PAGE = 10

const SUMMARY_KEY: Readonly<Record<LineMatch, keyof StatementPreviewDto['summary']>> = {
  matched: 'matched',
  ambiguous: 'ambiguous',
  difference: 'difference',
  unmatched: 'unmatched',
  duplicate: 'duplicate',
  already_applied: 'alreadyApplied',
}

function useDeltaText() {
  const { t } = useTranslation()
  const format = useFormat()
  return (delta: number) => (delta < 0 ? t('statements.preview.short', { amount: format.vnd(-delta) }) : t('statements.preview.over', { amount: format.vnd(delta) }))
}

function CandidateOption({ line, candidate }: { line: Line; candidate: Candidate }) {
  const format = useFormat()
  const deltaText = useDeltaText()
  const delta = deltaVnd(line, candidate)
  const details = [...candidate.reasons.map(candidateReasonText), ...(delta !== 0 ? [deltaText(delta)] : [])]
  return (
    <Flex vertical>
      <Flex justify="space-between" gap={12}>
        <Typography.Text strong>{candidate.orderNumber}</Typography.Text>
        <span>{format.vnd(candidate.expectedVnd)}</span>
      </Flex>
      {details.length > 0 && (
        <Typography.Text type={delta !== 0 ? 'warning' : 'secondary'} style={{ fontSize: 12, whiteSpace: 'normal' }}>
          {details.join(' · ')}
        </Typography.Text>
      )}
    </Flex>
  )
}

function OrderLink({ candidate }: { candidate: Candidate }) {
  const { t } = useTranslation()
  const format = useFormat()
  return (
    <Flex vertical>
      <Link to={`/orders/${candidate.orderId}`}>{candidate.orderNumber}</Link>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('statements.preview.expected', { amount: format.vnd(candidate.expectedVnd) })}
      </Typography.Text>
    </Flex>
  )
}

function OrderCell(props: { line: Line; selection: LineSelection; clash: { row: number; orderNumber: string } | undefined; onChoose: (candidate: number | null) => void }) {
  const { t } = useTranslation()
  const format = useFormat()
  const deltaText = useDeltaText()
  const { line, selection, clash } = props
  let body
  if (needsChoice(line)) {
    const picked = chosenCandidate(line, selection)
    const delta = picked ? deltaVnd(line, picked) : 0
    body = (
      <Flex vertical gap={2}>
        <Select<number>
          aria-label={t('statements.preview.chooseOrder', { row: line.rowNumber })}
          placeholder={t('statements.preview.choosePlaceholder')}
          allowClear
          size="small"
          value={selection.chosen.get(line.index)}
          options={line.candidates.map((c, i) => ({ value: i, label: t('statements.preview.candidate', { number: c.orderNumber, amount: format.vnd(c.expectedVnd) }) }))}
          optionRender={(option) => {
            const candidate = line.candidates[option.value as number]
            return candidate ? <CandidateOption line={line} candidate={candidate} /> : null
          }}
          onChange={(value) => props.onChoose(value ?? null)}
          popupMatchSelectWidth={320}
          style={{ width: '100%' }}
        />
        {picked && (
          <Flex gap={8} wrap>
            <Link to={`/orders/${picked.orderId}`} style={{ fontSize: 12 }}>
              {picked.orderNumber}
            </Link>
            {delta !== 0 && (
              <Typography.Text type="warning" style={{ fontSize: 12 }}>
                {deltaText(delta)}
              </Typography.Text>
            )}
          </Flex>
        )}
      </Flex>
    )
  } else if (line.match !== 'already_applied' && line.candidates[0]) {
    // A line recorded before lists today's open payments, not the order it went to: show none.
    body = <OrderLink candidate={line.candidates[0]} />
  } else {
    body = <Typography.Text type="secondary">{t('common.empty')}</Typography.Text>
  }
  return (
    <Flex vertical gap={2}>
      {body}
      {clash && (
        <Typography.Text type="danger" style={{ fontSize: 12 }}>
          {t('statements.preview.intentTaken', { number: clash.orderNumber, row: clash.row })}
        </Typography.Text>
      )}
    </Flex>
  )
}

function RowErrors({ preview }: { preview: StatementPreviewDto }) {
  const { t } = useTranslation()
  const format = useFormat()
  const rows = preview.rowErrors
  const columns: TableColumnsType<RowError & { key: number }> = [
    { key: 'row', title: t('statements.preview.columns.row'), dataIndex: 'rowNumber', width: 80, align: 'right' },
    { key: 'column', title: t('statements.preview.columns.column'), width: 220, render: (_, r) => (r.column ? fieldLabel(preview.kind, r.column) : t('statements.preview.wholeRow')) },
    { key: 'error', title: t('statements.preview.rowError'), render: (_, r) => rowErrorText(preview.kind, r) },
  ]
  return (
    <Alert
      type="warning"
      showIcon
      title={t('statements.preview.rowErrorsTitle', { count: format.number(new Set(rows.map((r) => r.rowNumber)).size) })}
      description={
        <Flex vertical gap={8}>
          <span>{t('statements.preview.rowErrorsHint')}</span>
          <Table
            aria-label={t('statements.preview.rowErrorsTable')}
            size="small"
            columns={columns}
            dataSource={rows.map((r, key) => ({ ...r, key }))}
            pagination={rows.length > ROW_ERRORS_PAGE ? { pageSize: ROW_ERRORS_PAGE, showSizeChanger: false, size: 'small' } : false}
          />
        </Flex>
      }
    />
  )
}

interface StatementPreviewProps {
  readonly preview: StatementPreviewDto
  readonly onApplied: (result: StatementResultDto) => void
  /** Read the same file again with the same columns (after a refused apply made the preview stale). */
  readonly onReadAgain: () => void
}

export function StatementPreview({ preview, onApplied, onReadAgain }: StatementPreviewProps) {
  const { t } = useTranslation()
  const format = useFormat()
  const { token } = theme.useToken()
  // The parent keys this component by the preview, so a new reading starts from its own selection.
  const [selection, setSelection] = useState<LineSelection>(() => initialSelection(preview.lines))
  const [filter, setFilter] = useState<LineMatch | null>(null)
  const [applyError, setApplyError] = useState<unknown>(null)
  const apply = useApplyStatement()

  const lines = preview.lines
  const visible = useMemo(() => (filter ? lines.filter((l) => l.match === filter) : lines), [lines, filter])
  const total = useMemo(() => selectedTotal(lines, selection), [lines, selection])
  const clashes = useMemo(() => paymentClashes(lines, selection), [lines, selection])
  const recordable = visible.filter((l) => canRecord(l, selection))
  const tickedVisible = recordable.filter((l) => selection.checked.has(l.index)).length
  const isCod = preview.kind === 'cod'

  const columns: TableColumnsType<Line> = [
    {
      key: 'select',
      width: 48,
      align: 'center',
      title: (
        <Checkbox
          aria-label={t('statements.preview.selectAll')}
          checked={recordable.length > 0 && tickedVisible === recordable.length}
          indeterminate={tickedVisible > 0 && tickedVisible < recordable.length}
          disabled={recordable.length === 0}
          onChange={(e) => setSelection((s) => tickAll(s, visible, e.target.checked))}
        />
      ),
      render: (_, line) => (
        <Checkbox
          aria-label={t('statements.preview.selectLine', { row: line.rowNumber })}
          checked={selection.checked.has(line.index)}
          disabled={!canRecord(line, selection)}
          onChange={(e) => setSelection((s) => tickLine(s, line, e.target.checked))}
        />
      ),
    },
    { key: 'row', title: t('statements.preview.columns.row'), width: 70, align: 'right', render: (_, line) => line.rowNumber },
    { key: 'date', title: t('statements.preview.columns.date'), width: 110, render: (_, line) => formatStatementDate(line.date) },
    {
      key: 'amount',
      title: t('statements.preview.columns.amount'),
      width: 130,
      align: 'right',
      render: (_, line) => <Typography.Text strong>{format.vnd(line.amountVnd)}</Typography.Text>,
    },
    ...(isCod
      ? [
          {
            key: 'fee',
            title: t('statements.preview.columns.fee'),
            width: 100,
            align: 'right' as const,
            render: (_: unknown, line: Line) => (line.feeVnd === null ? t('common.empty') : format.vnd(line.feeVnd)),
          },
        ]
      : []),
    {
      key: 'description',
      title: isCod ? t('statements.preview.columns.reference') : t('statements.preview.columns.description'),
      width: isCod ? 220 : 300,
      render: (_, line) => (
        <Flex vertical>
          <Typography.Text style={{ wordBreak: 'break-word' }}>{line.description || t('common.empty')}</Typography.Text>
          {!isCod && line.reference && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {line.reference}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      key: 'status',
      title: t('statements.preview.columns.status'),
      width: 230,
      render: (_, line) => (
        <Flex vertical gap={2} align="start">
          <MatchTag match={line.match} />
          {lineExplanation(line).map((text) => (
            <Typography.Text key={text} type="secondary" style={{ fontSize: 12 }}>
              {text}
            </Typography.Text>
          ))}
        </Flex>
      ),
    },
    {
      key: 'order',
      title: t('statements.preview.columns.order'),
      width: 240,
      render: (_, line) => (
        <OrderCell line={line} selection={selection} clash={clashes.get(line.index)} onChoose={(candidate) => setSelection((s) => chooseOrder(s, line, candidate))} />
      ),
    },
  ]
  // The virtual body is made of <div>s: give rows and cells their roles back for assistive tech.
  const accessibleColumns = columns.map((column) => ({ ...column, onCell: () => ({ role: 'cell' }) }))
  const totalWidth = columns.reduce((sum, c) => sum + Number(c.width ?? 0), 0)

  const record = () => {
    setApplyError(null)
    apply.mutate({ importId: preview.importId, lines: applyLines(lines, selection) }, { onSuccess: onApplied, onError: setApplyError })
  }

  return (
    <section aria-labelledby="statement-preview-title">
      <Typography.Title level={4} id="statement-preview-title" style={{ marginTop: 0 }}>
        {t('statements.preview.title')}
      </Typography.Title>
      {preview.missingFields.length > 0 ? (
        <Alert type="info" showIcon title={t('statements.preview.waitingMapping')} />
      ) : (
        <Flex vertical gap={12}>
          <Flex vertical gap={4}>
            <Flex wrap gap={8} align="center" role="group" aria-label={t('statements.preview.summary')}>
              {LINE_MATCHES.map((match) => {
                const count = preview.summary[SUMMARY_KEY[match]]
                return (
                  <Tag.CheckableTag
                    key={match}
                    checked={filter === match}
                    disabled={count === 0}
                    icon={<MatchDot match={match} />}
                    onChange={(checked) => setFilter(checked ? match : null)}
                    style={{ border: `1px solid ${token.colorBorder}`, opacity: count === 0 ? 0.6 : 1 }}
                  >
                    {t('statements.preview.chip', { label: t(`statements.match.${match}`), count: format.number(count) })}
                  </Tag.CheckableTag>
                )
              })}
              <Typography.Text strong style={{ marginInlineStart: 8 }}>
                {t('statements.preview.matchedVnd', { amount: format.vnd(preview.summary.matchedVnd) })}
              </Typography.Text>
            </Flex>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('statements.preview.filterHint')}
            </Typography.Text>
          </Flex>
          {preview.skippedDebits > 0 && <Typography.Text type="secondary">{t('statements.preview.skippedDebits', { count: format.number(preview.skippedDebits) })}</Typography.Text>}
          {preview.rowErrors.length > 0 && <RowErrors preview={preview} />}
          {/* A virtual table draws its body outside the <table> element: the region names them together. */}
          <div role="region" aria-label={t('statements.preview.linesTable')}>
            <Table<Line>
              virtual
              rowKey="index"
              size="small"
              columns={accessibleColumns}
              onRow={() => ({ role: 'row' })}
              dataSource={visible}
              pagination={false}
              scroll={{ x: totalWidth, y: LINES_HEIGHT_PX }}
              locale={{ emptyText: t('statements.preview.noLines') }}
            />
          </div>
          {clashes.size > 0 && <Alert type="error" showIcon title={t('statements.preview.clashes')} />}
          {applyError !== null && (
            <Alert
              type="error"
              showIcon
              role="alert"
              title={t('statements.preview.applyFailed')}
              description={applyErrorText(applyError)}
              action={
                isStalePreview(applyError) ? (
                  <Button size="small" onClick={onReadAgain}>
                    {t('statements.preview.rereadFile')}
                  </Button>
                ) : undefined
              }
            />
          )}
          <Flex
            justify="space-between"
            align="center"
            wrap
            gap={12}
            style={{ position: 'sticky', bottom: -20, padding: '12px 0 20px', background: token.colorBgContainer, borderTop: `1px solid ${token.colorBorderSecondary}`, zIndex: 2 }}
          >
            <Flex vertical>
              <Typography.Text role="status">{t('statements.preview.selected', { lines: format.number(total.lines), amount: format.vnd(total.amountVnd) })}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('statements.preview.applyHint')}
              </Typography.Text>
            </Flex>
            <Button type="primary" icon={<CheckOutlined />} disabled={total.lines === 0 || clashes.size > 0} loading={apply.isPending && { delay: 200 }} onClick={record}>
              {t('statements.preview.apply', { lines: format.number(total.lines), amount: format.vnd(total.amountVnd) })}
            </Button>
          </Flex>
        </Flex>
      )}
    </section>
  )
}
