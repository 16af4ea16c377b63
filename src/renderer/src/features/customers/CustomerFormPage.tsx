import { Alert, App, Button, Card, Checkbox, Col, Empty, Flex, Form, Input, Row, Skeleton, Typography, type FormInstance, type FormRule } from 'antd'
import { DeleteOutlined, PlusOutlined, ShoppingCartOutlined } from '@ant-design/icons'
import { useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import type { CreateCustomerInput, CustomerDto, OrderListItemDto } from '@shared/contract/orders'
import { normalizeVietnamesePhone } from '@shared/domain/phone'
import { isApiError, reasonOf } from '../../api/errors'
import { showIssuesOnForm, useRevalidateOnLanguageChange } from '../../components/form-errors'
import { useFormat } from '../../components/format'
import { LoadFailed, PageTop, SaveBar } from '../../components/FormPageFrame'
import { useFillFromRecord } from '../../components/versioned-form'
import { useDebouncedValue } from '../../components/useDebouncedValue'
import { OrderStatusTag, orderErrorText } from '../orders/OrderBits'
import { useCustomerOrders } from '../orders/orders.queries'
import { AddressFields, addressToFieldValues, fieldValuesToAddress, type AddressFieldValues } from './AddressPicker'
import { SamePhoneTag } from './CustomerListPage'
import { useCreateCustomer, useCustomer, useCustomerChoices, useUpdateCustomer } from './customers.queries'

const MAX_ADDRESSES = 10

// ---------------------------------------------------------------------------------------------
// Form values: the contract's field names, so a server issue's path names its field.

interface AddressValues extends AddressFieldValues {
  id?: string
  label?: string | null
  recipientName?: string | null
  recipientPhone?: string | null
  isDefault?: boolean
}

interface CustomerFormValues {
  name?: string
  phone?: string | null
  email?: string | null
  notes?: string | null
  addresses: AddressValues[]
}

const textOrNull = (value: string | null | undefined): string | null => (value && value.trim() !== '' ? value.trim() : null)

const NEW_ADDRESS: AddressValues = { label: '', recipientName: '', recipientPhone: '', street: '', wardCode: null, legacy: false, legacyText: '', isDefault: false }

function customerToFormValues(c: CustomerDto): CustomerFormValues {
  return {
    name: c.name,
    phone: c.phone ?? '',
    email: c.email ?? '',
    notes: c.notes ?? '',
    addresses: c.addresses.map((a) => ({
      id: a.id,
      label: a.label ?? '',
      recipientName: a.recipientName ?? '',
      recipientPhone: a.recipientPhone ?? '',
      isDefault: a.isDefault,
      ...addressToFieldValues(a),
    })),
  }
}

function formValuesToInput(v: CustomerFormValues): CreateCustomerInput {
  const addresses = v.addresses ?? []
  // Exactly one default: the one ticked, else the first (the backend decides the same way).
  const defaultIndex = Math.max(0, addresses.findIndex((a) => a.isDefault))
  return {
    name: (v.name ?? '').trim(),
    phone: textOrNull(v.phone),
    email: textOrNull(v.email),
    notes: textOrNull(v.notes),
    addresses: addresses.map((a, i) => ({
      ...(a.id && { id: a.id }),
      label: textOrNull(a.label),
      recipientName: textOrNull(a.recipientName),
      recipientPhone: textOrNull(a.recipientPhone),
      ...fieldValuesToAddress(a),
      isDefault: i === defaultIndex,
    })),
  }
}

function usePhoneRule(): FormRule {
  const { t } = useTranslation()
  return {
    validator: (_rule, value: unknown) =>
      !value || String(value).trim() === '' || normalizeVietnamesePhone(String(value)) !== null ? Promise.resolve() : Promise.reject(new Error(t('errors.issue.phone_format'))),
  }
}

// ---------------------------------------------------------------------------------------------
// Sections

/** While typing a phone on a new customer: someone already has it? (Not an error: families share phones.) */
function PhoneAlreadyKnown({ form, customer }: { form: FormInstance<CustomerFormValues>; customer: CustomerDto | undefined }) {
  const { t } = useTranslation()
  const phone = Form.useWatch('phone', form) as string | undefined
  const typed = normalizeVietnamesePhone(phone ?? '')
  // A saved customer's own phone is flagged in the page header already; only a new number is news.
  const normal = typed !== null && typed !== customer?.phone ? typed : null
  const selfId = customer?.id
  const debounced = useDebouncedValue(normal ?? '', 300)
  const found = useCustomerChoices(debounced, debounced !== '')
  const others = (found.data?.items ?? []).filter((c) => c.phone === debounced && c.id !== selfId)
  if (!normal || others.length === 0) return null
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      title={t('orders.customers.phoneKnownTitle')}
      description={
        <Flex vertical gap={2}>
          {others.map((c) => (
            <span key={c.id}>
              <Link to={`/customers/${c.id}`}>{c.name}</Link>
              {c.addresses[0] ? ` — ${c.addresses[0].text}` : ''}
            </span>
          ))}
          <Typography.Text type="secondary">{t('orders.customers.samePhoneHint')}</Typography.Text>
        </Flex>
      }
    />
  )
}

function CustomerFields({ form, customer }: { form: FormInstance<CustomerFormValues>; customer: CustomerDto | undefined }) {
  const { t } = useTranslation()
  const phoneRule = usePhoneRule()
  return (
    <Flex vertical gap={16}>
      <Card title={t('orders.customers.form.sectionContact')} size="small">
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="name"
              label={t('orders.customers.form.name')}
              rules={[
                { required: true, whitespace: true, message: t('errors.issue.required') },
                { max: 120, message: t('errors.issue.max_length', { limit: 120 }) },
              ]}
            >
              <Input autoFocus={!customer} autoComplete="off" placeholder={t('orders.customers.form.namePlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="phone" label={t('orders.customers.form.phone')} rules={[phoneRule]} extra={t('orders.customers.form.phoneHint')}>
              <Input inputMode="tel" autoComplete="off" placeholder="0912 345 678" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="email" label={t('orders.customers.form.email')} rules={[{ type: 'email', message: t('errors.issue.email_format') }]}>
              <Input inputMode="email" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="notes" label={t('orders.customers.form.notes')} style={{ marginBottom: 0 }}>
              <Input.TextArea rows={2} maxLength={1000} placeholder={t('orders.customers.form.notesPlaceholder')} />
            </Form.Item>
          </Col>
        </Row>
      </Card>
      <PhoneAlreadyKnown form={form} customer={customer} />
      <AddressesSection />
    </Flex>
  )
}

function AddressesSection() {
  const { t } = useTranslation()
  const phoneRule = usePhoneRule()
  return (
    <Form.List name="addresses">
      {(fields, { add, remove }) => (
        <Card
          title={t('orders.customers.form.sectionAddresses')}
          size="small"
          extra={
            <Button icon={<PlusOutlined />} disabled={fields.length >= MAX_ADDRESSES} onClick={() => add({ ...NEW_ADDRESS, isDefault: fields.length === 0 })}>
              {t('orders.customers.form.addAddress')}
            </Button>
          }
        >
          {fields.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orders.customers.form.noAddresses')} />}
          <Flex vertical gap={16}>
            {fields.map((field, index) => (
              <Card
                key={field.key}
                type="inner"
                size="small"
                title={t('orders.customers.form.addressN', { n: index + 1 })}
                extra={
                  <Flex gap={12} align="center">
                    <Form.Item name={[field.name, 'isDefault']} valuePropName="checked" noStyle>
                      <Checkbox>{t('orders.customers.form.isDefault')}</Checkbox>
                    </Form.Item>
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t('orders.customers.form.removeAddress', { n: index + 1 })}
                      onClick={() => remove(field.name)}
                    />
                  </Flex>
                }
              >
                <Row gutter={12}>
                  <Col xs={24} md={6}>
                    <Form.Item name={[field.name, 'label']} label={t('orders.customers.form.addressLabel')} htmlFor={`addr-${field.key}-label`}>
                      <Input id={`addr-${field.key}-label`} maxLength={60} placeholder={t('orders.customers.form.addressLabelPlaceholder')} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={10}>
                    <Form.Item name={[field.name, 'recipientName']} label={t('orders.customers.form.recipientName')} htmlFor={`addr-${field.key}-recipient`}>
                      <Input id={`addr-${field.key}-recipient`} maxLength={120} placeholder={t('orders.customers.form.recipientSame')} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={8}>
                    <Form.Item name={[field.name, 'recipientPhone']} label={t('orders.customers.form.recipientPhone')} htmlFor={`addr-${field.key}-phone`} rules={[phoneRule]}>
                      <Input id={`addr-${field.key}-phone`} inputMode="tel" placeholder={t('orders.customers.form.recipientSame')} />
                    </Form.Item>
                  </Col>
                </Row>
                <AddressFields name={[field.name]} path={['addresses', field.name]} idPrefix={`addr-${field.key}`} required />
              </Card>
            ))}
          </Flex>
        </Card>
      )}
    </Form.List>
  )
}

/** A ticked default un-ticks the others: a customer has one default address. */
function keepOneDefault(form: FormInstance<CustomerFormValues>, changed: Partial<CustomerFormValues>) {
  const list = changed.addresses
  if (!Array.isArray(list)) return
  list.forEach((item, index) => {
    if (item?.isDefault !== true) return
    const all = (form.getFieldValue('addresses') as AddressValues[] | undefined) ?? []
    if (all.some((a, j) => j !== index && a.isDefault)) form.setFieldValue('addresses', all.map((a, j) => ({ ...a, isDefault: j === index })))
  })
}

function useReportSaveError(form: FormInstance<CustomerFormValues>) {
  const { message } = App.useApp()
  const { t } = useTranslation()
  return (error: unknown) => {
    const unplaced = showIssuesOnForm(form, error)
    if (isApiError(error, 'VALIDATION') && unplaced.length === 0) void message.error(t('orders.customers.form.fixErrors'))
    else void message.error(orderErrorText(error))
  }
}

// ---------------------------------------------------------------------------------------------
// Side panel: the customer's orders

function CustomerOrdersCard({ customer }: { customer: CustomerDto }) {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const format = useFormat()
  const orders = useCustomerOrders(customer.id)
  return (
    <Card
      title={t('orders.customers.form.ordersTitle', { count: customer.orderCount })}
      size="small"
      extra={
        <Button size="small" icon={<ShoppingCartOutlined />} onClick={() => void navigate(`/orders/new?customerId=${encodeURIComponent(customer.id)}`)}>
          {t('orders.customers.form.newOrder')}
        </Button>
      }
    >
      {orders.isLoading ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : (orders.data?.items ?? []).length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orders.customers.form.noOrders')} />
      ) : (
        <Flex vertical>
          {(orders.data?.items ?? []).map((o: OrderListItemDto) => (
            <Flex key={o.id} justify="space-between" align="center" gap={8} style={{ padding: '8px 0', borderBottom: '1px solid rgba(5, 5, 5, 0.06)' }}>
              <Flex vertical>
                <Link to={`/orders/${o.id}`}>{o.number}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {format.dateTime(o.createdAt)} · {format.vnd(o.totalVnd)}
                </Typography.Text>
              </Flex>
              <OrderStatusTag status={o.status} />
            </Flex>
          ))}
        </Flex>
      )}
    </Card>
  )
}

// ---------------------------------------------------------------------------------------------
// Pages

function CreateCustomer() {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const navigate = useNavigate()
  const [form] = Form.useForm<CustomerFormValues>()
  const create = useCreateCustomer()
  const reportError = useReportSaveError(form)
  useRevalidateOnLanguageChange(form)
  const [initialValues] = useState<CustomerFormValues>(() => ({ name: '', phone: '', email: '', notes: '', addresses: [{ ...NEW_ADDRESS, isDefault: true }] }))

  const submit = async (values: CustomerFormValues) => {
    try {
      const customer = await create.mutateAsync(formValuesToInput(values))
      void message.success(t('orders.customers.form.created', { name: customer.name }))
      void navigate(`/customers/${customer.id}`, { replace: true })
    } catch (error) {
      reportError(error)
    }
  }

  return (
    <Flex vertical gap={16}>
      <PageTop backTo="/customers" title={t('orders.customers.form.createTitle')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Form<CustomerFormValues>
            form={form}
            name="customer"
            layout="vertical"
            initialValues={initialValues}
            onValuesChange={(changed: Partial<CustomerFormValues>) => keepOneDefault(form, changed)}
            onFinish={(v) => void submit(v)}
            scrollToFirstError
          >
            <CustomerFields form={form} customer={undefined} />
            <SaveBar backTo="/customers" saving={create.isPending} />
          </Form>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('orders.customers.form.tipsTitle')}>
            <Typography.Paragraph style={{ marginBottom: 8 }}>{t('orders.customers.form.tipWards')}</Typography.Paragraph>
            <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
              {t('orders.customers.form.tipLegacy')}
            </Typography.Paragraph>
          </Card>
        </Col>
      </Row>
    </Flex>
  )
}

function EditCustomer({ id }: { id: string }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const [form] = Form.useForm<CustomerFormValues>()
  const customer = useCustomer(id)
  const update = useUpdateCustomer()
  const reportError = useReportSaveError(form)
  useRevalidateOnLanguageChange(form)
  const [conflict, setConflict] = useState(false)
  const loaded = customer.data
  const top = useRef<HTMLDivElement>(null)

  const fill = useFillFromRecord(form, loaded, customerToFormValues, { keepTouched: true })

  const submit = async (values: CustomerFormValues) => {
    if (!loaded) return
    try {
      const saved = await update.mutateAsync({ id, expectedVersion: loaded.version, ...formValuesToInput(values) })
      fill.filled(saved)
      void message.success(t('orders.customers.form.saved', { name: saved.name }))
    } catch (error) {
      if (isApiError(error, 'CONFLICT') && reasonOf(error) === 'version_mismatch') {
        setConflict(true)
        top.current?.scrollIntoView({ block: 'start', behavior: 'smooth' })
      } else reportError(error)
    }
  }

  const reload = async () => {
    fill.refillNext()
    await customer.refetch()
    setConflict(false)
  }

  if (customer.isLoading) return <Skeleton active />
  if (!loaded) {
    return <LoadFailed error={customer.error} backTo="/customers" backLabel={t('orders.customers.backToList')} />
  }

  return (
    <Flex vertical gap={16} ref={top}>
      <PageTop backTo="/customers" title={loaded.name} extra={<SamePhoneTag customer={loaded} />} />
      {conflict && (
        <Alert
          type="warning"
          showIcon
          title={t('orders.customers.form.conflictTitle')}
          description={t('orders.customers.form.conflictText')}
          action={
            <Button onClick={() => void reload()} loading={customer.isFetching}>
              {t('orders.customers.form.conflictReload')}
            </Button>
          }
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Form<CustomerFormValues>
            form={form}
            name="customer"
            layout="vertical"
            onValuesChange={(changed: Partial<CustomerFormValues>) => keepOneDefault(form, changed)}
            onFinish={(v) => void submit(v)}
            scrollToFirstError
          >
            <CustomerFields form={form} customer={loaded} />
            <SaveBar backTo="/customers" saving={update.isPending} disabled={conflict} />
          </Form>
        </Col>
        <Col xs={24} xl={8}>
          <CustomerOrdersCard customer={loaded} />
        </Col>
      </Row>
    </Flex>
  )
}

export function CustomerFormPage() {
  const { customerId } = useParams()
  return customerId ? <EditCustomer key={customerId} id={customerId} /> : <CreateCustomer />
}
