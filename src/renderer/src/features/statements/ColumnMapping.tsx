/**
 * Step 2: which row holds the column titles and which column holds each piece of information.
 * The backend guesses both (or uses what was recorded last time for this bank or carrier); this
 * step shows the guess and lets a person correct it. It opens by itself when something required
 * is missing, and otherwise stays folded under a one-line summary.
 */
import { Button, Collapse, Flex, Form, Select, Table, Tag, Typography, theme, type TableColumnsType } from 'antd'
import { ReloadOutlined } from '@ant-design/icons'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { StatementPreviewDto } from '@shared/contract/payments'
import { columnLetter, completeMapping, fieldRule, fieldsOf, isFieldMissing, missingFields, type ColumnMapping as Mapping } from './statement-columns'
import { fieldLabel } from './StatementBits'

type SampleRow = StatementPreviewDto['sampleRows'][number]

/** Sample cells are shown, not edited: long descriptions are cut to keep the grid readable. */
const SAMPLE_CELL_WIDTH = 150
const ROW_COLUMN_WIDTH = 96
const HEADER_PREVIEW_CELLS = 4

interface ColumnMappingProps {
  readonly preview: StatementPreviewDto
  readonly open: boolean
  readonly onOpenChange: (open: boolean) => void
  readonly busy: boolean
  /** Read the file again with this header row, and this mapping (omitted: guess it for that row). */
  readonly onReread: (headerRow: number, mapping?: Record<string, number | null>) => void
}

export function ColumnMapping({ preview, open, onOpenChange, busy, onReread }: ColumnMappingProps) {
  const { t } = useTranslation()
  const { token } = theme.useToken()
  const kind = preview.kind
  const fields = fieldsOf(kind)
  // The parent keys this component by the preview, so a new reading starts from its own mapping.
  const [mapping, setMapping] = useState<Mapping>(() => completeMapping(kind, preview.mapping))
  const missing = missingFields(kind, mapping)
  const header = preview.header
  const width = Math.max(header.length, ...preview.sampleRows.map((r) => r.cells.length), 1)

  const describeColumn = (index: number) => {
    const title = header[index]?.trim()
    const letter = columnLetter(index)
    return title ? t('statements.mapping.column', { letter, title }) : t('statements.mapping.columnNoTitle', { letter })
  }
  // The header row leads: a remembered row that no longer holds the titles shows at a glance.
  const summary = [
    t('statements.mapping.headerSummary', { row: preview.headerRow }),
    ...fields.flatMap((field) => {
      const column = preview.mapping[field]
      return column === null || column === undefined ? [] : [`${fieldLabel(kind, field)}: ${describeColumn(column)}`]
    }),
  ].join(' · ')

  const isHeader = (row: SampleRow) => row.rowNumber === preview.headerRow
  const cellStyle = (row: SampleRow) => (isHeader(row) ? { background: token.colorPrimaryBg, fontWeight: 600 } : { cursor: 'pointer' })
  const sampleColumns: TableColumnsType<SampleRow> = [
    {
      key: 'row',
      title: t('statements.mapping.rowColumn'),
      width: ROW_COLUMN_WIDTH,
      fixed: 'left',
      onCell: (row) => ({ style: cellStyle(row) }),
      render: (_, row) => (
        <Flex gap={4} align="center">
          <span>{row.rowNumber}</span>
          {isHeader(row) && (
            <Tag color="blue" style={{ marginInlineEnd: 0 }}>
              {t('statements.mapping.headerTag')}
            </Tag>
          )}
        </Flex>
      ),
    },
    ...Array.from({ length: width }, (_, i) => ({
      key: `c${i}`,
      title: columnLetter(i),
      width: SAMPLE_CELL_WIDTH,
      ellipsis: { showTitle: true },
      onCell: (row: SampleRow) => ({ style: cellStyle(row) }),
      render: (_: unknown, row: SampleRow) => row.cells[i] ?? '',
    })),
  ]

  const headerOptions = preview.sampleRows
    .filter((row) => row.cells.some((c) => c.trim() !== ''))
    .map((row) => ({
      value: row.rowNumber,
      label: t('statements.mapping.headerRowOption', {
        row: row.rowNumber,
        cells: row.cells
          .filter((c) => c.trim() !== '')
          .slice(0, HEADER_PREVIEW_CELLS)
          .join(' | '),
      }),
    }))
  const columnOptions = [
    { value: -1, label: t('statements.mapping.none') },
    ...Array.from({ length: width }, (_, i) => ({ value: i, label: `${columnLetter(i)} · ${header[i]?.trim() || t('statements.mapping.emptyTitle')}` })),
  ]
  const missingNames = preview.missingFields.map((f) => fieldLabel(kind, f)).join(t('common.listSeparator'))

  const label = (
    <Flex vertical gap={2}>
      <Flex gap={8} align="center" wrap>
        <Typography.Text strong>{preview.missingFields.length > 0 ? t('statements.mapping.needed') : t('statements.mapping.recognised')}</Typography.Text>
        {preview.missingFields.length > 0 && (
          <Tag color="error" style={{ marginInlineEnd: 0 }}>
            {t('statements.mapping.missing', { fields: missingNames })}
          </Tag>
        )}
      </Flex>
      {summary && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {summary}
        </Typography.Text>
      )}
    </Flex>
  )

  return (
    <section aria-labelledby="statement-mapping-title">
      <Typography.Title level={4} id="statement-mapping-title" style={{ marginTop: 0 }}>
        {t('statements.mapping.title')}
      </Typography.Title>
      <Collapse
        activeKey={open ? ['mapping'] : []}
        onChange={(keys) => onOpenChange(keys.includes('mapping'))}
        items={[
          {
            key: 'mapping',
            label,
            children: (
              <Flex vertical gap={16}>
                <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                  {t('statements.mapping.intro', { profile: preview.profile })}
                </Typography.Paragraph>
                <Form layout="vertical" component="div">
                  <Form.Item label={t('statements.mapping.headerRow')} htmlFor="statement-header-row" style={{ marginBottom: 8, maxWidth: 640 }}>
                    <Select<number>
                      id="statement-header-row"
                      value={preview.headerRow}
                      options={headerOptions}
                      disabled={busy}
                      onChange={(row) => onReread(row)}
                    />
                  </Form.Item>
                </Form>
                <Flex vertical gap={4}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('statements.mapping.useAsHeader')}
                  </Typography.Text>
                  <Table<SampleRow>
                    aria-label={t('statements.mapping.sample')}
                    size="small"
                    rowKey="rowNumber"
                    columns={sampleColumns}
                    dataSource={preview.sampleRows}
                    pagination={false}
                    scroll={{ x: ROW_COLUMN_WIDTH + width * SAMPLE_CELL_WIDTH, y: 320 }}
                    onRow={(row) => ({
                      'aria-current': isHeader(row) ? 'true' : undefined,
                      onClick: () => {
                        if (!isHeader(row) && !busy) onReread(row.rowNumber)
                      },
                    })}
                  />
                </Flex>
                <Form layout="vertical" component="div">
                  <Flex wrap gap={16}>
                    {fields.map((field) => {
                      const rule = fieldRule(kind, field)
                      const value = mapping[field]
                      return (
                        <Form.Item
                          key={field}
                          label={fieldLabel(kind, field)}
                          htmlFor={`statement-field-${field}`}
                          required={rule.kind === 'required'}
                          validateStatus={isFieldMissing(kind, field, missing) ? 'error' : undefined}
                          help={
                            rule.kind === 'one_of'
                              ? t('statements.mapping.oneOf', { first: fieldLabel(kind, field), second: fieldLabel(kind, rule.other) })
                              : rule.kind === 'required'
                                ? t('statements.mapping.required')
                                : undefined
                          }
                          style={{ margin: 0, width: 280 }}
                        >
                          <Select<number>
                            id={`statement-field-${field}`}
                            value={value === null || value === undefined ? -1 : value}
                            options={columnOptions}
                            disabled={busy}
                            onChange={(column) => setMapping((m) => ({ ...m, [field]: column < 0 ? null : column }))}
                          />
                        </Form.Item>
                      )
                    })}
                  </Flex>
                </Form>
                <Flex gap={12} align="center" wrap>
                  <Button
                    type="primary"
                    icon={<ReloadOutlined />}
                    disabled={missing.length > 0}
                    loading={busy && { delay: 200 }}
                    onClick={() => onReread(preview.headerRow, completeMapping(kind, mapping))}
                  >
                    {t('statements.mapping.reread')}
                  </Button>
                  {missing.length > 0 && <Typography.Text type="danger">{t('statements.mapping.rereadHint')}</Typography.Text>}
                </Flex>
              </Flex>
            ),
          },
        ]}
      />
    </section>
  )
}
