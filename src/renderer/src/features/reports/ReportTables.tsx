/**
 * A report document (reports.getReport) on screen: whose and for when, then each table with its
 * figures formatted by column kind, right-aligned numbers, sortable columns, the totals in bold
 * under the rows and the note below. The same document is what the XLSX and PDF files carry.
 */
import { Empty, Flex, Table, Typography, type TableColumnsType } from 'antd'
import { useTranslation } from 'react-i18next'
import type { ReportDocumentDto } from '@shared/contract/reports'
import { useFormat } from '../../components/format'
import { compareCells, formatCell, isNumericKind, type ReportCell, type ReportTable } from './report-cells'

/** Long tables page; a month of a busy co-op's products fits on a few pages, and the file has them all. */
const PAGE_SIZE = 50

/**
 * The column's width hint is in characters (as in the XLSX), about 7 px each on screen, for text
 * columns; a figure with its sort arrows needs about 110 px. The table is as wide as the window
 * allows, headers wrap, and only a report wider than that (sales by variant) scrolls sideways.
 */
const PX_PER_CHAR = 7
const FIGURE_WIDTH = 110

function tableWidth(table: ReportTable): number {
  return table.columns.reduce((sum, column) => sum + (column.kind === 'text' ? (column.width ?? 16) * PX_PER_CHAR : FIGURE_WIDTH), 0)
}

type Row = Record<string, ReportCell> & { readonly __row: number }

export function ReportMeta({ document }: { document: ReportDocumentDto }) {
  return (
    <Flex wrap style={{ columnGap: 24, rowGap: 4 }}>
      {document.meta.map((line) => (
        <Typography.Text key={line.label} type="secondary">
          {line.label}: <Typography.Text strong>{line.value}</Typography.Text>
        </Typography.Text>
      ))}
    </Flex>
  )
}

function ReportTableView({ table, showTitle, emptyText }: { table: ReportTable; showTitle: boolean; emptyText: string }) {
  const { t } = useTranslation()
  const format = useFormat()
  const rows: Row[] = table.rows.map((cells, index) => ({ ...cells, __row: index }))
  const columns: TableColumnsType<Row> = table.columns.map((column) => {
    const numeric = isNumericKind(column.kind)
    return {
      key: column.key,
      dataIndex: column.key,
      title: column.header,
      align: numeric ? 'right' : 'left',
      ...(column.kind === 'text' && column.width !== undefined && { width: column.width * PX_PER_CHAR }),
      sorter: (a: Row, b: Row) => compareCells(column.kind, a[column.key], b[column.key]),
      sortDirections: numeric ? ['descend', 'ascend'] : ['ascend', 'descend'],
      showSorterTooltip: false,
      render: (value: ReportCell) => (
        <span style={numeric || column.kind === 'day' ? { whiteSpace: 'nowrap' } : undefined}>{formatCell(column.kind, value, format.language)}</span>
      ),
    }
  })
  const totals = table.totals
  return (
    <section>
      {showTitle && (
        <Typography.Title level={3} style={{ fontSize: 16, margin: '0 0 8px' }}>
          {table.title}
        </Typography.Title>
      )}
      <Table<Row>
        size="small"
        aria-label={table.title}
        rowKey="__row"
        dataSource={rows}
        columns={columns}
        scroll={{ x: tableWidth(table) }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} /> }}
        pagination={
          rows.length > PAGE_SIZE
            ? {
                pageSize: PAGE_SIZE,
                showSizeChanger: false,
                showTotal: (total, [from, to]) => t('reports.pageRange', { from: format.number(from), to: format.number(to), total: format.number(total) }),
              }
            : false
        }
        summary={() =>
          totals && rows.length > 0 ? (
            <Table.Summary>
              <Table.Summary.Row>
                {table.columns.map((column, index) => (
                  <Table.Summary.Cell key={column.key} index={index} align={isNumericKind(column.kind) ? 'right' : 'left'}>
                    <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
                      {totals[column.key] === undefined ? '' : formatCell(column.kind, totals[column.key], format.language, '')}
                    </Typography.Text>
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            </Table.Summary>
          ) : null
        }
      />
      {table.note && (
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 13 }}>
          {table.note}
        </Typography.Paragraph>
      )}
    </section>
  )
}

/** A table named like the report itself needs no heading of its own; several tables each get theirs. */
export function ReportTables({ document, emptyText }: { document: ReportDocumentDto; emptyText: string }) {
  const several = document.tables.length > 1
  return (
    <Flex vertical gap={24}>
      {document.tables.map((table, index) => (
        <ReportTableView key={`${index}-${table.title}`} table={table} showTitle={several || table.title !== document.title} emptyText={emptyText} />
      ))}
    </Flex>
  )
}
