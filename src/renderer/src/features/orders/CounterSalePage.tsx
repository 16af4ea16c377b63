/**
 * The shop counter: scan or type, take cash, print a receipt. The search box keeps the focus so
 * a barcode scanner (which "types" the code and presses Enter) can be used without touching the
 * mouse; F9 takes the payment. A sale is confirmed, issued from stock and completed in one step.
 */
import { Alert, App, Button, Card, Col, Empty, Flex, Form, InputNumber, Row, Table, Tag, Typography, theme, type InputRef } from 'antd'
import { DeleteOutlined, MinusOutlined, PlusOutlined, PrinterOutlined, ShoppingCartOutlined } from '@ant-design/icons'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { OrderDto } from '@shared/contract/orders'
import { amountInWordsVi } from '@shared/domain/amount-in-words'
import { validateOrderTotals } from '@shared/domain/order-totals'
import { issuesOf } from '../../api/errors'
import { saveFile } from '../../components/files'
import { useFormat } from '../../components/format'
import { VndInput } from '../../components/VndInput'
import { describeError } from '../../i18n/error-text'
import { CustomerPicker, ProductSearchBox, ShortageAlert, orderErrorText, orderIssueText, shortagesOf, type Shortage } from './OrderBits'
import { useCounterSale, useOrderDocument, useStockLevels, type VariantChoice } from './orders.queries'

interface CartLine {
  readonly variant: VariantChoice
  readonly quantity: number
}

interface LastSale {
  readonly order: OrderDto
  readonly cashReceivedVnd: number | null
  readonly changeVnd: number | null
}

/** The notes people hand over most; "exact" is the fourth button. */
const QUICK_CASH = [100_000, 200_000, 500_000] as const

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)
}

export function CounterSalePage() {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const { token } = theme.useToken()
  const format = useFormat()
  const sale = useCounterSale()
  const render = useOrderDocument()
  const searchRef = useRef<InputRef>(null)
  const [cart, setCart] = useState<CartLine[]>([])
  const [cash, setCash] = useState<number | null>(null)
  const [customerId, setCustomerId] = useState<string | null>(null)
  const [lastSale, setLastSale] = useState<LastSale | null>(null)
  const [shortages, setShortages] = useState<Shortage[] | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const stock = useStockLevels(cart.map((l) => l.variant.variantId))

  const totals = useMemo(
    () => validateOrderTotals({ lines: cart.map((l) => ({ quantity: l.quantity, unitPriceVnd: l.variant.priceVnd })), shippingFeeVnd: 0 }).totals,
    [cart],
  )
  const total = totals?.totalVnd ?? 0
  const change = cash !== null && cash >= total ? cash - total : null
  const missing = cash !== null && cash < total ? total - cash : null
  const canPay = cart.length > 0 && totals !== null && missing === null && !sale.isPending

  const focusSearch = () => window.setTimeout(() => searchRef.current?.focus(), 0)

  const add = (variant: VariantChoice) => {
    setShortages(null)
    setProblem(null)
    setCart((current) => {
      const at = current.findIndex((l) => l.variant.variantId === variant.variantId)
      if (at < 0) return [...current, { variant, quantity: 1 }]
      return current.map((l, i) => (i === at ? { ...l, quantity: l.quantity + 1 } : l))
    })
    focusSearch()
  }

  const setQuantity = (variantId: string, quantity: number) => {
    setShortages(null)
    setCart((current) => (quantity <= 0 ? current.filter((l) => l.variant.variantId !== variantId) : current.map((l) => (l.variant.variantId === variantId ? { ...l, quantity } : l))))
  }

  const pay = useCallback(async () => {
    if (!canPay) return
    setShortages(null)
    setProblem(null)
    try {
      const done = await sale.mutateAsync({
        customerId,
        lines: cart.map((l) => ({ variantId: l.variant.variantId, quantity: l.quantity })),
        cashReceivedVnd: cash,
      })
      setLastSale(done)
      setCart([])
      setCash(null)
      setCustomerId(null)
      void message.success(t('orders.counter.paid', { number: done.order.number }))
    } catch (error) {
      const list = shortagesOf(error)
      if (list) setShortages(list)
      else {
        const issue = issuesOf(error)[0]
        setProblem(issue ? orderIssueText(issue) : orderErrorText(error))
      }
    } finally {
      focusSearch()
    }
  }, [canPay, cart, cash, customerId, message, sale, t])

  // F9 pays from anywhere on the page; a key typed while nothing is focused goes to the scan box.
  const payRef = useRef(pay)
  payRef.current = pay
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'F9') {
        event.preventDefault()
        void payRef.current()
        return
      }
      if (!isTyping(event.target) && event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey && !document.querySelector('.ant-modal-wrap')) {
        searchRef.current?.focus()
      }
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [])

  const printReceipt = async (order: OrderDto) => {
    try {
      const file = await render.mutateAsync({ id: order.id, kind: 'receipt', format: 'roll80' })
      saveFile(file)
      void message.success(t('orders.detail.printed', { file: file.fileName }))
    } catch (error) {
      void message.error(describeError(error))
    } finally {
      focusSearch()
    }
  }

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('orders.counter.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('orders.counter.keysHint')}</Typography.Text>
      </Flex>
      {lastSale && (
        <Alert
          type="success"
          showIcon
          title={t('orders.counter.lastSale', { number: lastSale.order.number, total: format.vnd(lastSale.order.totalVnd) })}
          description={
            lastSale.changeVnd !== null ? (
              <Typography.Text style={{ fontSize: 18 }}>
                {t('orders.counter.lastChange', { change: format.vnd(lastSale.changeVnd), cash: format.vnd(lastSale.cashReceivedVnd ?? 0) })}
              </Typography.Text>
            ) : undefined
          }
          action={
            <Flex gap={8} wrap>
              <Button type="primary" icon={<PrinterOutlined />} loading={render.isPending} onClick={() => void printReceipt(lastSale.order)}>
                {t('orders.counter.printReceipt')}
              </Button>
              <Link to={`/orders/${lastSale.order.id}`}>
                <Button>{t('orders.counter.viewOrder')}</Button>
              </Link>
            </Flex>
          }
          closable={{ onClose: () => setLastSale(null) }}
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Card size="small">
            <Flex vertical gap={12}>
              <Form layout="vertical" component="div">
                <Form.Item label={t('orders.counter.scan')} htmlFor="counter-scan" style={{ margin: 0 }}>
                  <ProductSearchBox id="counter-scan" large autoFocus inputRef={searchRef} onPick={add} placeholder={t('orders.counter.scanPlaceholder')} />
                </Form.Item>
              </Form>
              {shortages && <ShortageAlert shortages={shortages} />}
              {problem && <Alert type="error" showIcon role="alert" title={problem} />}
              <Table<CartLine>
                rowKey={(l) => l.variant.variantId}
                size="middle"
                pagination={false}
                dataSource={cart}
                aria-label={t('orders.counter.cart')}
                locale={{ emptyText: <Empty image={<ShoppingCartOutlined style={{ fontSize: 48, color: token.colorTextQuaternary }} />} description={t('orders.counter.empty')} /> }}
                columns={[
                  {
                    key: 'product',
                    title: t('orders.entry.columns.product'),
                    render: (_, l) => {
                      const level = stock.data?.get(l.variant.variantId)
                      return (
                        <Flex vertical>
                          <Typography.Text strong style={{ fontSize: 16 }}>
                            {[l.variant.productName, l.variant.variantLabel].filter(Boolean).join(' · ')}
                          </Typography.Text>
                          <Flex gap={8} align="center" wrap>
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {l.variant.sku} · {format.vnd(l.variant.priceVnd)}/{l.variant.unit}
                            </Typography.Text>
                            {level && l.quantity > level.available && (
                              <Tag color="error" style={{ marginInlineEnd: 0 }}>
                                {t('orders.entry.overStock', { available: format.number(level.available) })}
                              </Tag>
                            )}
                          </Flex>
                        </Flex>
                      )
                    },
                  },
                  {
                    key: 'quantity',
                    title: t('orders.entry.columns.quantity'),
                    width: 170,
                    render: (_, l) => (
                      <Flex gap={4} align="center">
                        <Button
                          icon={<MinusOutlined />}
                          aria-label={t('orders.counter.less', { name: l.variant.productName })}
                          onClick={() => {
                            setQuantity(l.variant.variantId, l.quantity - 1)
                            focusSearch()
                          }}
                        />
                        <InputNumber<number>
                          aria-label={t('orders.entry.quantityOf', { sku: l.variant.sku })}
                          min={1}
                          max={1_000_000}
                          precision={0}
                          value={l.quantity}
                          onChange={(v) => v !== null && setQuantity(l.variant.variantId, v)}
                          onPressEnter={focusSearch}
                          style={{ width: 64 }}
                        />
                        <Button
                          icon={<PlusOutlined />}
                          aria-label={t('orders.counter.more', { name: l.variant.productName })}
                          onClick={() => {
                            setQuantity(l.variant.variantId, l.quantity + 1)
                            focusSearch()
                          }}
                        />
                      </Flex>
                    ),
                  },
                  {
                    key: 'total',
                    title: t('orders.entry.columns.total'),
                    width: 130,
                    align: 'right',
                    render: (_, l) => <Typography.Text strong>{format.vnd(l.quantity * l.variant.priceVnd)}</Typography.Text>,
                  },
                  {
                    key: 'remove',
                    width: 48,
                    render: (_, l) => (
                      <Button
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={t('orders.entry.removeLine', { sku: l.variant.sku })}
                        onClick={() => {
                          setQuantity(l.variant.variantId, 0)
                          focusSearch()
                        }}
                      />
                    ),
                  },
                ]}
              />
            </Flex>
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card size="small" title={t('orders.counter.payTitle')}>
            <Flex vertical gap={16}>
              <Flex vertical>
                <Typography.Text type="secondary">{t('orders.totals.total')}</Typography.Text>
                <Typography.Text strong style={{ fontSize: 40, lineHeight: 1.2, color: token.colorPrimary }} role="status" aria-label={t('orders.counter.totalLabel', { total: format.vnd(total) })}>
                  {format.vnd(total)}
                </Typography.Text>
                {total > 0 && (
                  <Typography.Text type="secondary" italic>
                    {amountInWordsVi(total)}
                  </Typography.Text>
                )}
              </Flex>
              <Form layout="vertical" component="div">
                <Form.Item label={t('orders.counter.cash')} htmlFor="counter-cash" style={{ marginBottom: 8 }}>
                  <VndInput id="counter-cash" size="large" value={cash} onChange={(v) => setCash(v ?? null)} onPressEnter={() => void pay()} style={{ fontSize: 20 }} />
                </Form.Item>
                <Flex gap={8} wrap>
                  {QUICK_CASH.map((amount) => (
                    <Button key={amount} onClick={() => setCash(amount)} aria-label={t('orders.counter.quickCash', { amount: format.vnd(amount) })}>
                      {format.number(amount)}
                    </Button>
                  ))}
                  <Button onClick={() => setCash(total)} disabled={total === 0}>
                    {t('orders.counter.exact')}
                  </Button>
                  {cash !== null && <Button onClick={() => setCash(null)}>{t('orders.counter.clearCash')}</Button>}
                </Flex>
              </Form>
              <Flex vertical>
                {missing !== null ? (
                  <>
                    <Typography.Text type="danger">{t('orders.counter.missing')}</Typography.Text>
                    <Typography.Text type="danger" strong style={{ fontSize: 32 }}>
                      {format.vnd(missing)}
                    </Typography.Text>
                  </>
                ) : (
                  <>
                    <Typography.Text type="secondary">{t('orders.counter.change')}</Typography.Text>
                    <Typography.Text strong style={{ fontSize: 32 }} data-testid="counter-change">
                      {change === null ? t('common.empty') : format.vnd(change)}
                    </Typography.Text>
                  </>
                )}
              </Flex>
              <Form layout="vertical" component="div">
                <Form.Item label={t('orders.counter.customer')} htmlFor="counter-customer" style={{ margin: 0 }}>
                  <CustomerPicker id="counter-customer" value={customerId} onChange={(id) => setCustomerId(id)} placeholder={t('orders.counter.customerPlaceholder')} />
                </Form.Item>
              </Form>
              <Button type="primary" size="large" block disabled={!canPay} loading={sale.isPending && { delay: 200 }} onClick={() => void pay()} style={{ height: 56, fontSize: 20 }}>
                {t('orders.counter.pay')}
              </Button>
            </Flex>
          </Card>
        </Col>
      </Row>
    </Flex>
  )
}
