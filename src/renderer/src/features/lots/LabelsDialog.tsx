import { Alert, App, Button, Flex, Form, InputNumber, Modal, Radio, Switch, Table, Typography, theme } from 'antd'
import { FilePdfOutlined, PrinterOutlined } from '@ant-design/icons'
import { useMutation } from '@tanstack/react-query'
import { useEffect, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { LABEL_LAYOUT_IDS, type LabelLayoutId, type LabelsPdfDto } from '@shared/contract/lots'
import { call, transportKind } from '../../api/client'
import { saveFile } from '../../components/files'
import { useFormat } from '../../components/format'
import { describeError } from '../../i18n/error-text'
import { useSettings } from './lots.queries'

/**
 * The sheets the backend prints on, as src/main/labels/label-pdf.ts (LABEL_LAYOUTS) defines
 * them; only what the dialog needs to draw and count them.
 */
export const LABEL_SHEETS: Readonly<
  Record<LabelLayoutId, { columns: number; rows: number; pageWidthMm: number; pageHeightMm: number; labelWidthMm: number; labelHeightMm: number; roll: boolean }>
> = {
  a4_2x5: { columns: 2, rows: 5, pageWidthMm: 210, pageHeightMm: 297, labelWidthMm: 99.1, labelHeightMm: 57, roll: false },
  a4_3x8: { columns: 3, rows: 8, pageWidthMm: 210, pageHeightMm: 297, labelWidthMm: 70, labelHeightMm: 37, roll: false },
  thermal_50x30: { columns: 1, rows: 1, pageWidthMm: 50, pageHeightMm: 30, labelWidthMm: 50, labelHeightMm: 30, roll: true },
}

const MAX_COPIES = 500
/** The contract takes at most this many lots per sheet request. */
const MAX_LOTS = 200

export function slotsPerSheet(layout: LabelLayoutId): number {
  const sheet = LABEL_SHEETS[layout]
  return sheet.columns * sheet.rows
}

/** A small picture of a sheet: the page and its stickers, to recognise the paper in the drawer. */
function SheetPicture({ layout, width }: { layout: LabelLayoutId; width: number }) {
  const { token } = theme.useToken()
  const sheet = LABEL_SHEETS[layout]
  if (sheet.roll) {
    // A roll of thermal labels: three stickers on a strip.
    const labelWidth = width * 0.8
    const labelHeight = (labelWidth * 30) / 50
    const height = 3 * labelHeight + 2 * 5 + 8
    return (
      <svg width={width} height={height} aria-hidden viewBox={`0 0 ${width} ${height}`}>
        <rect x={(width - labelWidth) / 2 - 3} y={0} width={labelWidth + 6} height={height} fill={token.colorFillSecondary} rx={2} />
        {[0, 1, 2].map((i) => (
          <rect
            key={i}
            x={(width - labelWidth) / 2}
            y={4 + i * (labelHeight + 5)}
            width={labelWidth}
            height={labelHeight}
            fill={token.colorBgContainer}
            stroke={token.colorPrimary}
            rx={3}
          />
        ))}
      </svg>
    )
  }
  const scale = width / sheet.pageWidthMm
  const height = sheet.pageHeightMm * scale
  const gapX = sheet.columns > 1 ? (sheet.pageWidthMm - sheet.columns * sheet.labelWidthMm) / (sheet.columns + 1) : 0
  const gapY = (sheet.pageHeightMm - sheet.rows * sheet.labelHeightMm) / (sheet.rows + 1)
  return (
    <svg width={width} height={height} aria-hidden viewBox={`0 0 ${width} ${height}`}>
      <rect x={0.5} y={0.5} width={width - 1} height={height - 1} fill={token.colorBgContainer} stroke={token.colorBorder} />
      {Array.from({ length: sheet.columns * sheet.rows }, (_, i) => {
        const column = i % sheet.columns
        const row = Math.floor(i / sheet.columns)
        return (
          <rect
            key={i}
            x={(gapX + column * (sheet.labelWidthMm + gapX)) * scale + 1}
            y={(gapY + row * (sheet.labelHeightMm + gapY)) * scale + 1}
            width={sheet.labelWidthMm * scale - 2}
            height={sheet.labelHeightMm * scale - 2}
            fill={token.colorPrimaryBg}
            stroke={token.colorPrimary}
            strokeWidth={0.8}
            rx={1.5}
          />
        )
      })}
    </svg>
  )
}

/**
 * Where printing starts on a partly used sheet: a clickable sheet, the stickers already peeled
 * off shown grey. The number field next to it does the same for the keyboard.
 */
function StartPositionPicker({ layout, value, onChange }: { layout: LabelLayoutId; value: number; onChange: (position: number) => void }) {
  const { t } = useTranslation()
  const { token } = theme.useToken()
  const sheet = LABEL_SHEETS[layout]
  const cellWidth = sheet.columns === 2 ? 62 : 42
  const cellHeight = sheet.columns === 2 ? 34 : 20
  return (
    <div
      role="group"
      aria-label={t('lots.labels.startSheet')}
      style={{
        display: 'grid',
        gridTemplateColumns: `repeat(${sheet.columns}, ${cellWidth}px)`,
        gap: 3,
        padding: 6,
        border: `1px solid ${token.colorBorder}`,
        borderRadius: 4,
        background: token.colorBgContainer,
        width: 'fit-content',
      }}
    >
      {Array.from({ length: slotsPerSheet(layout) }, (_, i) => {
        const position = i + 1
        const used = position < value
        const first = position === value
        return (
          <button
            key={position}
            type="button"
            aria-label={t('lots.labels.startAt', { position })}
            aria-pressed={first}
            onClick={() => onChange(position)}
            style={{
              width: cellWidth,
              height: cellHeight,
              fontSize: 11,
              cursor: 'pointer',
              borderRadius: 3,
              border: `1px solid ${used ? token.colorBorderSecondary : token.colorPrimaryBorder}`,
              background: used ? token.colorFillSecondary : first ? token.colorPrimary : token.colorBgContainer,
              color: used ? token.colorTextQuaternary : first ? token.colorTextLightSolid : token.colorText,
              textDecoration: used ? 'line-through' : undefined,
            }}
          >
            {position}
          </button>
        )
      })}
    </div>
  )
}

export interface LabelLot {
  readonly id: string
  readonly lotCode: string
  readonly productName: string
}

export function LabelsDialog({ open, lots, onClose }: { open: boolean; lots: readonly LabelLot[]; onClose: () => void }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const format = useFormat()
  const settings = useSettings()
  const layoutLabelId = useId()
  const [layout, setLayout] = useState<LabelLayoutId | null>(null)
  const [startPosition, setStartPosition] = useState(1)
  const [copies, setCopies] = useState<Record<string, number>>({})
  const [showPrice, setShowPrice] = useState(true)
  const [result, setResult] = useState<Pick<LabelsPdfDto, 'labelCount' | 'pageCount' | 'starsWithheld'> | null>(null)

  // Each opening starts afresh: the default sheet, one sticker per lot, the sheet's first slot.
  useEffect(() => {
    if (!open) return
    setLayout(null)
    setStartPosition(1)
    setCopies({})
    setResult(null)
  }, [open])

  const chosen: LabelLayoutId = layout ?? settings.data?.defaultLabelLayout ?? 'a4_3x8'
  const sheet = LABEL_SHEETS[chosen]
  const perSheet = slotsPerSheet(chosen)
  const start = sheet.roll ? 1 : Math.min(startPosition, perSheet)
  const copiesOf = (id: string) => copies[id] ?? 1
  const total = lots.reduce((n, lot) => n + copiesOf(lot.id), 0)
  const pages = total === 0 ? 0 : Math.ceil((start - 1 + total) / perSheet)
  const tooMany = lots.length > MAX_LOTS

  const request = () => ({
    items: lots.map((lot) => ({ lotId: lot.id, copies: copiesOf(lot.id) })),
    layout: chosen,
    startPosition: start,
    showPrice,
    locale: format.language,
  })
  // The desktop app can hand the sheet to the system's PDF viewer, which prints at real size.
  const canPrint = transportKind() === 'bridge'
  const print = useMutation({
    mutationFn: () => call('labels.printPdf', request()),
    onSuccess: (printed) => {
      setResult(printed)
      void message.success(t('lots.labels.opened', { labels: format.number(printed.labelCount), pages: format.number(printed.pageCount) }))
    },
  })
  const render = useMutation({
    mutationFn: () => call('labels.renderPdf', request()),
    onSuccess: (pdf) => {
      saveFile(pdf)
      setResult(pdf)
      void message.success(t('lots.labels.done', { labels: format.number(pdf.labelCount), pages: format.number(pdf.pageCount) }))
    },
  })

  const layoutChoice = (id: LabelLayoutId) => (
    <Flex gap={12} align="center">
      <SheetPicture layout={id} width={42} />
      <Flex vertical>
        <Typography.Text strong>{t(`lots.labels.layouts.${id}.name`)}</Typography.Text>
        <Typography.Text type="secondary">{t(`lots.labels.layouts.${id}.description`)}</Typography.Text>
      </Flex>
    </Flex>
  )

  return (
    <Modal
      open={open}
      title={t('lots.labels.title', { n: lots.length })}
      onCancel={onClose}
      width={820}
      destroyOnHidden
      footer={
        <Flex justify="end" gap={8}>
          <Button onClick={onClose}>{t('common.close')}</Button>
          {canPrint && (
            <Button icon={<PrinterOutlined />} loading={print.isPending} disabled={lots.length === 0 || tooMany} onClick={() => print.mutate()}>
              {t('lots.labels.print')}
            </Button>
          )}
          <Button type="primary" icon={<FilePdfOutlined />} loading={render.isPending} disabled={lots.length === 0 || tooMany} onClick={() => render.mutate()}>
            {t('lots.labels.download')}
          </Button>
        </Flex>
      }
    >
      <Flex vertical gap={16}>
        <Form layout="vertical" component="div">
          <Flex gap={24} wrap>
            <Form.Item label={<span id={layoutLabelId}>{t('lots.labels.layout')}</span>} style={{ flex: '1 1 380px', marginBottom: 0 }}>
              <Radio.Group aria-labelledby={layoutLabelId} value={chosen} onChange={(e) => setLayout(e.target.value as LabelLayoutId)}>
                <Flex vertical gap={10}>
                  {LABEL_LAYOUT_IDS.map((id) => (
                    <Radio key={id} value={id} aria-label={t(`lots.labels.layouts.${id}.name`)}>
                      {layoutChoice(id)}
                    </Radio>
                  ))}
                </Flex>
              </Radio.Group>
            </Form.Item>
            {!sheet.roll && (
              <Form.Item
                label={t('lots.labels.startPosition')}
                htmlFor="labels-start"
                help={t('lots.labels.startPositionHint', { max: perSheet })}
                style={{ marginBottom: 0, width: 230 }}
              >
                <Flex vertical gap={8}>
                  <InputNumber<number>
                    id="labels-start"
                    min={1}
                    max={perSheet}
                    precision={0}
                    value={start}
                    onChange={(v) => setStartPosition(v ?? 1)}
                    style={{ width: 120 }}
                  />
                  <StartPositionPicker layout={chosen} value={start} onChange={setStartPosition} />
                </Flex>
              </Form.Item>
            )}
          </Flex>
        </Form>

        <Table<LabelLot>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={lots as LabelLot[]}
          scroll={{ y: 220 }}
          columns={[
            { key: 'lotCode', title: t('lots.columns.lotCode'), width: 170, render: (_, lot) => <Typography.Text strong>{lot.lotCode}</Typography.Text> },
            { key: 'product', title: t('lots.columns.product'), ellipsis: true, render: (_, lot) => lot.productName },
            {
              key: 'copies',
              title: t('lots.labels.copies'),
              width: 130,
              render: (_, lot) => (
                <InputNumber<number>
                  size="small"
                  min={1}
                  max={MAX_COPIES}
                  precision={0}
                  value={copiesOf(lot.id)}
                  aria-label={t('lots.labels.copiesFor', { lotCode: lot.lotCode })}
                  onChange={(v) => setCopies((current) => ({ ...current, [lot.id]: v ?? 1 }))}
                  style={{ width: 90 }}
                />
              ),
            },
          ]}
        />

        <Flex justify="space-between" align="center" wrap gap={12}>
          <Flex align="center" gap={8}>
            <Switch id="labels-price" checked={showPrice} onChange={setShowPrice} />
            <label htmlFor="labels-price">{t('lots.labels.showPrice')}</label>
          </Flex>
          <Typography.Text type="secondary" role="status">
            {sheet.roll
              ? t('lots.labels.summaryRoll', { labels: format.number(total) })
              : t('lots.labels.summarySheets', { labels: format.number(total), sheets: format.number(pages) })}
          </Typography.Text>
        </Flex>

        {tooMany && <Alert type="warning" showIcon title={t('lots.labels.tooManyLots', { max: MAX_LOTS })} />}
        {render.error && <Alert type="error" showIcon title={describeError(render.error)} />}
        {print.error && <Alert type="error" showIcon title={describeError(print.error)} />}
        {result && result.starsWithheld.length > 0 && (
          <Alert
            type="warning"
            showIcon
            title={t('lots.labels.starsWithheldTitle', { n: result.starsWithheld.length })}
            description={
              <Flex vertical gap={4}>
                <span>{t('lots.labels.starsWithheldText')}</span>
                <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                  {result.starsWithheld.map((lot) => (
                    <li key={lot.lotCode}>
                      <Typography.Text strong>{lot.lotCode}</Typography.Text> — {lot.productName}
                    </li>
                  ))}
                </ul>
                <Link to="/ocop/alerts" onClick={onClose}>
                  {t('lots.labels.starsWithheldLink')}
                </Link>
              </Flex>
            }
          />
        )}
        {result && (
          <Typography.Text type="secondary">{t('lots.labels.printHint')}</Typography.Text>
        )}
      </Flex>
    </Modal>
  )
}
