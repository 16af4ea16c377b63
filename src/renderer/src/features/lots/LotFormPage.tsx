import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Progress,
  Radio,
  Row,
  Select,
  Skeleton,
  Space,
  Spin,
  Tag,
  Typography,
  Upload,
  type FormInstance,
  type FormRule,
} from 'antd'
import {
  BulbOutlined,
  DeleteOutlined,
  FileTextOutlined,
  InboxOutlined,
  PlusOutlined,
  PrinterOutlined,
} from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import dayjs, { type Dayjs } from 'dayjs'
import { toDataURL } from 'qrcode'
import { useEffect, useRef, useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router'
import type { ValidationIssue } from '@shared/contract/errors'
import type { CreateLotInput, LotDto } from '@shared/contract/lots'
import { daysBetween, formatDateVi, todayInVietnam } from '@shared/domain/calendar'
import {
  GROWING_AREA_CODE_PATTERN,
  LOT_CERT_KIND_NAMES,
  LOT_CERT_KINDS,
  LOT_CODE_MAX_LENGTH,
  LOT_CODE_PATTERN,
  normaliseGrowingAreaCode,
  resolveExpiry,
  SHELF_LIFE_MAX_DAYS,
  SHELF_LIFE_MIN_DAYS,
  type LotCertKind,
  type LotDateKind,
} from '@shared/domain/lot'
import { ApiError, isApiError, issuesOf, reasonOf } from '../../api/errors'
import { call } from '../../api/client'
import { saveFile } from '../../components/files'
import { showIssuesOnForm, useRevalidateOnLanguageChange } from '../../components/form-errors'
import { useFormat } from '../../components/format'
import { MediaImage, toUploadFile } from '../../components/media'
import { useDebouncedValue } from '../../components/useDebouncedValue'
import { ArchiveToggle } from '../../components/ArchiveToggle'
import { LoadFailed, PageTop, SaveBar } from '../../components/FormPageFrame'
import { useFillFromRecord } from '../../components/versioned-form'
import { DateInput } from '../../components/DateInput'
import { describeError, issueText } from '../../i18n/error-text'
import { useSellers } from '../sellers/sellers.queries'
import { LabelsDialog } from './LabelsDialog'
import {
  useAddLotPhoto,
  useArchiveLot,
  useCreateLot,
  useGrowingAreaCodesOf,
  useLot,
  useProductChoices,
  useProductDetail,
  useRemoveLotPhoto,
  useRestoreLot,
  useUpdateLot,
} from './lots.queries'

const MAX_QUANTITY = 1_000_000_000
const MAX_GROWING_AREA_CODES = 10
const MAX_CERTIFICATIONS = 10

// ---------------------------------------------------------------------------------------------
// Form values

type ExpiryMode = 'shelfLife' | 'date'

interface CertificationValues {
  kind?: LotCertKind
  number?: string | null
  issuer?: string | null
  issueDate?: Dayjs | null
  expiryDate?: Dayjs | null
}

/** Field names are the contract's, so a server issue's path names the field it belongs on. */
interface LotFormValues {
  productId?: string
  variantId?: string
  lotCode?: string
  dateKind: LotDateKind
  harvestDate: Dayjs | null
  expiryMode: ExpiryMode
  shelfLifeDays?: number | null
  expiryDate?: Dayjs | null
  quantity?: number | null
  unit?: string
  producerSellerId?: string | null
  growingAreaCodes: string[]
  certifications: CertificationValues[]
  notes?: string | null
}

const isoOf = (date: Dayjs | null | undefined): string | null => (date ? date.format('YYYY-MM-DD') : null)
const dayOf = (date: string | null): Dayjs | null => (date ? dayjs(date) : null)
const textOrNull = (value: string | null | undefined): string | null => (value && value.trim() !== '' ? value.trim() : null)

function todayVn(): string {
  return todayInVietnam(Date.now())
}

function newLotValues(productId: string | null, variantId: string | null): LotFormValues {
  return {
    ...(productId && { productId }),
    ...(variantId && { variantId }),
    dateKind: 'harvest',
    harvestDate: dayjs(todayVn()),
    expiryMode: 'shelfLife',
    shelfLifeDays: null,
    expiryDate: null,
    quantity: null,
    unit: '',
    producerSellerId: null,
    growingAreaCodes: [],
    certifications: [],
    notes: '',
  }
}

function lotToFormValues(lot: LotDto): LotFormValues {
  return {
    productId: lot.productId,
    variantId: lot.variantId,
    lotCode: lot.lotCode,
    dateKind: lot.dateKind,
    harvestDate: dayOf(lot.harvestDate),
    // A lot saved with a shelf life keeps being edited that way; otherwise by its date.
    expiryMode: lot.shelfLifeDays !== null || lot.expiryDate === null ? 'shelfLife' : 'date',
    shelfLifeDays: lot.shelfLifeDays,
    expiryDate: lot.shelfLifeDays === null ? dayOf(lot.expiryDate) : null,
    quantity: lot.quantity,
    unit: lot.unit,
    producerSellerId: lot.producer?.id ?? null,
    growingAreaCodes: lot.growingAreaCodes,
    certifications: lot.certifications.map((c) => ({
      kind: c.kind,
      number: c.number,
      issuer: c.issuer,
      issueDate: dayOf(c.issueDate),
      expiryDate: dayOf(c.expiryDate),
    })),
    notes: lot.notes ?? '',
  }
}

/** The fields both create and update take; dates leave as 'YYYY-MM-DD'. */
function formValuesToInput(values: LotFormValues): Omit<CreateLotInput, 'variantId'> {
  return {
    ...(textOrNull(values.lotCode) && { lotCode: textOrNull(values.lotCode)! }),
    dateKind: values.dateKind,
    harvestDate: isoOf(values.harvestDate) ?? '',
    expiryDate: values.expiryMode === 'date' ? isoOf(values.expiryDate) : null,
    shelfLifeDays: values.expiryMode === 'shelfLife' ? (values.shelfLifeDays ?? null) : null,
    quantity: values.quantity ?? 0,
    ...(textOrNull(values.unit) && { unit: textOrNull(values.unit)! }),
    producerSellerId: values.producerSellerId ?? null,
    growingAreaCodes: (values.growingAreaCodes ?? []).map(normaliseGrowingAreaCode),
    certifications: (values.certifications ?? []).map((c) => ({
      kind: c.kind ?? 'other',
      number: textOrNull(c.number),
      issuer: textOrNull(c.issuer),
      issueDate: isoOf(c.issueDate),
      expiryDate: isoOf(c.expiryDate),
    })),
    notes: textOrNull(values.notes),
  }
}

/**
 * Server issues on fields this form shows differently: one growing-area code is a tag in a
 * single select, and an expiry computed from a shelf life belongs on the shelf-life field.
 */
function remapIssues(error: unknown, expiryMode: ExpiryMode): unknown {
  if (!(error instanceof ApiError)) return error
  const issues = issuesOf(error)
  if (issues.length === 0) return error
  const mapped: ValidationIssue[] = issues.map((issue) => {
    const [head] = issue.path
    if (head === 'growingAreaCodes') return { ...issue, path: ['growingAreaCodes'] }
    if (head === 'expiryDate' && expiryMode === 'shelfLife') return { ...issue, path: ['shelfLifeDays'] }
    return issue
  })
  const details = typeof error.details === 'object' && error.details !== null ? error.details : {}
  return new ApiError(error.code, error.message, { ...details, issues: mapped })
}

// ---------------------------------------------------------------------------------------------
// Pickers

export interface PickedProduct {
  id: string
  name: string
}

/**
 * A product chosen by typing (diacritics optional): the server searches, the list shows the SKUs
 * too. `onChange` gets the id first, so the picker can sit in a Form.Item as it is.
 */
export function ProductPicker(props: {
  id?: string
  value?: string
  selectedLabel?: string
  onChange?: (id: string | undefined, product: PickedProduct | null) => void
  allowClear?: boolean
  placeholder?: string
  disabled?: boolean
}) {
  const { t } = useTranslation()
  const [typed, setTyped] = useState('')
  const [picked, setPicked] = useState<PickedProduct | null>(null)
  const debounced = useDebouncedValue(typed, 200)
  const choices = useProductChoices(debounced)
  const options = (choices.data?.items ?? []).map((p) => ({ value: p.id, label: p.name, skus: p.skus.join(', ') }))
  const label = picked?.id === props.value ? picked?.name : props.selectedLabel
  if (props.value && label && !options.some((o) => o.value === props.value)) options.unshift({ value: props.value, label, skus: '' })

  return (
    <Select<string, (typeof options)[number]>
      id={props.id}
      value={props.value}
      allowClear={props.allowClear}
      disabled={props.disabled}
      placeholder={props.placeholder ?? t('lots.form.productPlaceholder')}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      options={options}
      loading={choices.isFetching}
      notFoundContent={choices.isFetching ? <Spin size="small" /> : t('lots.form.noProducts')}
      optionRender={(option) => (
        <Flex vertical>
          <span>{option.data.label}</span>
          {option.data.skus && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {option.data.skus}
            </Typography.Text>
          )}
        </Flex>
      )}
      onChange={(value, option) => {
        const product = value && option && !Array.isArray(option) ? { id: value, name: String(option.label) } : null
        setPicked(product)
        setTyped('')
        props.onChange?.(value ?? undefined, product)
      }}
      style={{ width: '100%' }}
    />
  )
}

// ---------------------------------------------------------------------------------------------
// The form's sections

function ProductSection({ form, lot }: { form: FormInstance<LotFormValues>; lot: LotDto | undefined }) {
  const { t } = useTranslation()
  const productId = Form.useWatch('productId', form)
  const product = useProductDetail(lot ? undefined : productId)
  const productLoaded = productId ? product.data : undefined
  const variants = productLoaded?.id === productId ? (productLoaded?.variants ?? []) : []

  // One variant only: nothing to choose.
  useEffect(() => {
    if (lot || variants.length !== 1) return
    const only = variants[0]!
    if (form.getFieldValue('variantId') !== only.id) {
      form.setFieldsValue({ variantId: only.id, unit: only.unit })
    }
  }, [form, lot, variants])

  if (lot) {
    return (
      <Card title={t('lots.form.sectionProduct')} size="small">
        <Descriptions
          column={{ xs: 1, md: 3 }}
          layout="vertical"
          size="small"
          items={[
            { key: 'product', label: t('lots.form.product'), children: <Link to={`/products/${lot.productId}`}>{lot.productName}</Link> },
            { key: 'variant', label: t('lots.form.variant'), children: [lot.variantLabel, lot.sku].filter(Boolean).join(' · ') },
            { key: 'seller', label: t('lots.form.seller'), children: lot.seller.name },
          ]}
          style={{ marginBottom: 16 }}
        />
        <LotCodeField form={form} lot={lot} />
      </Card>
    )
  }

  return (
    <Card title={t('lots.form.sectionProduct')} size="small">
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="productId" label={t('lots.form.product')} rules={[{ required: true, message: t('lots.form.productRequired') }]}>
            <ProductPicker selectedLabel={productLoaded?.name} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="variantId"
            label={t('lots.form.variant')}
            rules={[{ required: true, message: t('lots.form.variantRequired') }]}
            extra={productLoaded && productLoaded.status === 'archived' ? t('lots.form.productArchived') : undefined}
          >
            <Select
              disabled={!productId}
              loading={!!productId && product.isLoading}
              placeholder={productId ? t('lots.form.variantPlaceholder') : t('lots.form.variantFirstProduct')}
              options={variants.map((v) => ({
                value: v.id,
                label: `${v.optionLabel ?? t('lots.form.defaultVariant')} · ${v.sku} (${v.unit})`,
              }))}
            />
          </Form.Item>
        </Col>
      </Row>
      <LotCodeField form={form} lot={lot} />
    </Card>
  )
}

function LotCodeField({ form, lot }: { form: FormInstance<LotFormValues>; lot: LotDto | undefined }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const watchedVariantId = Form.useWatch('variantId', form)
  const variantId = lot?.variantId ?? watchedVariantId
  const harvestDate = isoOf(Form.useWatch('harvestDate', form))
  // What the backend would pick if the field stays empty: shown as the placeholder.
  const suggestion = useQuery({
    queryKey: ['lots', 'suggest', variantId, harvestDate] as const,
    queryFn: () => call('lots.suggestLotCode', { variantId: variantId!, harvestDate: harvestDate! }),
    enabled: !lot && !!variantId && !!harvestDate,
    staleTime: 0,
  })
  const canSuggest = !!variantId && !!harvestDate

  const suggest = async () => {
    if (!variantId || !harvestDate) return
    try {
      const { lotCode } = await call('lots.suggestLotCode', { variantId, harvestDate })
      form.setFields([{ name: 'lotCode', value: lotCode, errors: [] }])
    } catch (error) {
      void message.error(describeError(error))
    }
  }

  return (
    <Form.Item
      label={t('lots.form.lotCode')}
      htmlFor="lot-code"
      extra={lot ? t('lots.form.lotCodeEditHint') : t('lots.form.lotCodeHint')}
      style={{ marginBottom: 0 }}
    >
      <Space.Compact style={{ width: '100%' }}>
        <Form.Item
          name="lotCode"
          noStyle
          rules={[
            ...(lot ? [{ required: true, whitespace: true, message: t('errors.issue.lot_code_required') }] : []),
            { pattern: LOT_CODE_PATTERN, message: t('errors.issue.lot_code_format', { max: LOT_CODE_MAX_LENGTH }) },
          ]}
        >
          <Input
            id="lot-code"
            autoComplete="off"
            spellCheck={false}
            maxLength={LOT_CODE_MAX_LENGTH}
            placeholder={suggestion.data ? t('lots.form.lotCodeAuto', { code: suggestion.data.lotCode }) : t('lots.form.lotCodePlaceholder')}
          />
        </Form.Item>
        <Button icon={<BulbOutlined />} disabled={!canSuggest} onClick={() => void suggest()}>
          {t('lots.form.suggestLotCode')}
        </Button>
      </Space.Compact>
    </Form.Item>
  )
}

function DatesSection({ form }: { form: FormInstance<LotFormValues> }) {
  const { t } = useTranslation()
  const dateKind = (Form.useWatch('dateKind', form) ?? 'harvest') as LotDateKind
  const expiryMode = (Form.useWatch('expiryMode', form) ?? 'shelfLife') as ExpiryMode
  const harvestDate = isoOf(Form.useWatch('harvestDate', form))
  const shelfLifeDays = Form.useWatch('shelfLifeDays', form) as number | null | undefined
  const expiryDate = isoOf(Form.useWatch('expiryDate', form))
  const today = todayVn()
  const resolved = harvestDate
    ? resolveExpiry({ harvestDate, expiryDate: expiryMode === 'date' ? expiryDate : null, shelfLifeDays: expiryMode === 'shelfLife' ? (shelfLifeDays ?? null) : null })
    : null

  let preview: ReactNode = <Typography.Text type="secondary">{t('lots.form.expiryNone')}</Typography.Text>
  if (resolved) {
    const daysLeft = daysBetween(today, resolved)
    const state =
      daysLeft < 0
        ? { color: 'red', text: t('lots.expired') }
        : daysLeft === 0
          ? { color: 'orange', text: t('lots.expiresToday') }
          : { color: daysLeft <= 30 ? 'orange' : 'green', text: t('lots.daysLeft', { days: daysLeft }) }
    preview = (
      <Flex gap={8} align="center" wrap>
        <span>{t('lots.form.expiryPreview')}</span>
        <Typography.Text strong>{formatDateVi(resolved)}</Typography.Text>
        <Tag color={state.color}>{state.text}</Tag>
      </Flex>
    )
  }

  return (
    <Card title={t('lots.form.sectionDates')} size="small">
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="dateKind" label={t('lots.form.dateKind')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'harvest', label: t('lots.dateKinds.harvest') },
                { value: 'production', label: t('lots.dateKinds.production') },
              ]}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="harvestDate"
            label={dateKind === 'production' ? t('lots.form.productionDate') : t('lots.form.harvestDate')}
            rules={[{ required: true, message: t('errors.issue.date_required') }]}
            extra={t('lots.form.harvestDateHint')}
          >
            <DateInput noFuture />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="expiryMode" label={t('lots.form.expiryMode')}>
            <Radio.Group
              options={[
                { value: 'shelfLife', label: t('lots.form.expiryModeShelfLife') },
                { value: 'date', label: t('lots.form.expiryModeDate') },
              ]}
            />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16} align="top">
        <Col xs={24} md={8}>
          {expiryMode === 'shelfLife' ? (
            <Form.Item name="shelfLifeDays" label={t('lots.form.shelfLifeDays')} extra={t('lots.form.shelfLifeHint')}>
              <InputNumber<number>
                min={SHELF_LIFE_MIN_DAYS}
                max={SHELF_LIFE_MAX_DAYS}
                precision={0}
                suffix={t('lots.form.days')}
                placeholder={t('lots.form.shelfLifePlaceholder')}
                style={{ width: '100%' }}
              />
            </Form.Item>
          ) : (
            <Form.Item
              name="expiryDate"
              label={t('lots.form.expiryDate')}
              dependencies={['harvestDate']}
              rules={[
                {
                  validator: (_rule, value: Dayjs | null | undefined) => {
                    const harvest = isoOf(form.getFieldValue('harvestDate') as Dayjs | null)
                    const expiry = isoOf(value)
                    return harvest && expiry && expiry < harvest ? Promise.reject(new Error(t('errors.issue.expiry_before_harvest'))) : Promise.resolve()
                  },
                },
              ]}
            >
              <DateInput />
            </Form.Item>
          )}
        </Col>
        <Col xs={24} md={16}>
          <div role="status" aria-live="polite" style={{ paddingTop: 34 }}>
            {preview}
          </div>
        </Col>
      </Row>
    </Card>
  )
}

function OriginSection({ form, lot }: { form: FormInstance<LotFormValues>; lot: LotDto | undefined }) {
  const { t } = useTranslation()
  const sellers = useSellers()
  const watchedProductId = Form.useWatch('productId', form)
  const watchedVariantId = Form.useWatch('variantId', form)
  const productId = lot?.productId ?? watchedProductId
  const product = useProductDetail(lot ? undefined : productId)
  const variant = product.data?.variants.find((v) => v.id === watchedVariantId)
  const usedCodes = useGrowingAreaCodesOf(productId)
  const defaultSellerName = lot?.seller.name ?? sellers.data?.find((s) => s.isDefault)?.name

  const codeRules: FormRule[] = [
    {
      validator: (_rule, value: string[] | undefined) => {
        const codes = value ?? []
        if (codes.length > MAX_GROWING_AREA_CODES) return Promise.reject(new Error(t('errors.issue.max_items', { limit: MAX_GROWING_AREA_CODES })))
        const bad = codes.find((c) => !GROWING_AREA_CODE_PATTERN.test(c))
        return bad ? Promise.reject(new Error(`${bad}: ${t('errors.issue.growing_area_code_format')}`)) : Promise.resolve()
      },
    },
  ]

  return (
    <Card title={t('lots.form.sectionOrigin')} size="small">
      <Row gutter={16}>
        <Col xs={24} sm={12} md={8}>
          <Form.Item
            name="quantity"
            label={t('lots.form.quantity')}
            rules={[
              { required: true, message: t('lots.form.quantityRequired') },
              { type: 'number', min: 1, message: t('errors.issue.quantity_positive') },
            ]}
          >
            <InputNumber<number> min={1} max={MAX_QUANTITY} precision={0} style={{ width: '100%' }} placeholder={t('lots.form.quantityPlaceholder')} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} md={6}>
          <Form.Item name="unit" label={t('lots.form.unit')} rules={[{ max: 30, message: t('errors.issue.max_length', { limit: 30 }) }]} extra={t('lots.form.unitHint')}>
            <Input placeholder={variant?.unit ?? lot?.unit ?? t('lots.form.unitPlaceholder')} />
          </Form.Item>
        </Col>
        <Col xs={24} md={10}>
          <Form.Item name="producerSellerId" label={t('lots.form.producer')} extra={t('lots.form.producerHint')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              loading={sellers.isLoading}
              placeholder={defaultSellerName ? t('lots.form.producerSelf', { name: defaultSellerName }) : t('lots.form.producerPlaceholder')}
              options={(sellers.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="growingAreaCodes"
        label={t('lots.form.growingAreaCodes')}
        extra={t('lots.form.growingAreaHint')}
        rules={codeRules}
        normalize={(codes: string[] | undefined) => [...new Set((codes ?? []).map(normaliseGrowingAreaCode).filter((c) => c !== ''))]}
      >
        <Select
          mode="tags"
          tokenSeparators={[',', ';', ' ']}
          placeholder={t('lots.form.growingAreaPlaceholder')}
          options={usedCodes.map((code) => ({ value: code, label: code }))}
          notFoundContent={null}
          suffixIcon={null}
        />
      </Form.Item>
      <Form.Item name="notes" label={t('lots.form.notes')} rules={[{ max: 2000, message: t('errors.issue.max_length', { limit: 2000 }) }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} placeholder={t('lots.form.notesPlaceholder')} />
      </Form.Item>
    </Card>
  )
}

function CertificationsSection() {
  const { t } = useTranslation()
  const format = useFormat()
  const today = todayVn()
  const kindOptions = LOT_CERT_KINDS.map((kind) => ({ value: kind, label: LOT_CERT_KIND_NAMES[kind][format.language] }))
  return (
    <Card title={t('lots.form.sectionCertifications')} size="small">
      <Typography.Paragraph type="secondary">{t('lots.form.certificationsHint')}</Typography.Paragraph>
      <Form.List name="certifications">
        {(fields, { add, remove }) => (
          <Flex vertical gap={12}>
            {fields.map((field, index) => {
              const titleId = `lot-cert-${field.key}`
              return (
                <section key={field.key} role="group" aria-labelledby={titleId}>
                  <Card
                    size="small"
                    type="inner"
                    title={<span id={titleId}>{t('lots.form.certificationTitle', { index: index + 1 })}</span>}
                    extra={
                      <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)}>
                        {t('lots.form.removeCertification', { index: index + 1 })}
                      </Button>
                    }
                  >
                    <Row gutter={12}>
                      <Col xs={24} md={8}>
                        <Form.Item name={[field.name, 'kind']} label={t('lots.form.certKind')} rules={[{ required: true, message: t('errors.issue.required') }]}>
                          <Select options={kindOptions} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={8}>
                        <Form.Item name={[field.name, 'number']} label={t('lots.form.certNumber')} rules={[{ max: 80, message: t('errors.issue.max_length', { limit: 80 }) }]}>
                          <Input autoComplete="off" />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={8}>
                        <Form.Item name={[field.name, 'issuer']} label={t('lots.form.certIssuer')} rules={[{ max: 200, message: t('errors.issue.max_length', { limit: 200 }) }]}>
                          <Input placeholder={t('lots.form.certIssuerPlaceholder')} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={8}>
                        <Form.Item name={[field.name, 'issueDate']} label={t('lots.form.certIssueDate')}>
                          <DateInput noFuture />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={8}>
                        <Form.Item
                          name={[field.name, 'expiryDate']}
                          label={t('lots.form.certExpiryDate')}
                          dependencies={[['certifications', field.name, 'issueDate']]}
                          rules={[
                            ({ getFieldValue }) => ({
                              validator: (_rule, value: Dayjs | null | undefined) => {
                                const issue = isoOf(getFieldValue(['certifications', field.name, 'issueDate']) as Dayjs | null)
                                const expiry = isoOf(value)
                                return issue && expiry && expiry <= issue ? Promise.reject(new Error(t('errors.issue.expiry_before_issue'))) : Promise.resolve()
                              },
                            }),
                            {
                              // Expired papers may be recorded for old lots; say so without blocking.
                              warningOnly: true,
                              validator: (_rule, value: Dayjs | null | undefined) => {
                                const expiry = isoOf(value)
                                return expiry && expiry < today ? Promise.reject(new Error(t('errors.issue.already_expired'))) : Promise.resolve()
                              },
                            },
                          ]}
                        >
                          <DateInput />
                        </Form.Item>
                      </Col>
                    </Row>
                  </Card>
                </section>
              )
            })}
            {fields.length < MAX_CERTIFICATIONS && (
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ kind: 'vietgap' })} style={{ alignSelf: 'start' }}>
                {t('lots.form.addCertification')}
              </Button>
            )}
          </Flex>
        )}
      </Form.List>
    </Card>
  )
}

function LotFields({ form, lot }: { form: FormInstance<LotFormValues>; lot: LotDto | undefined }) {
  return (
    <Flex vertical gap={16}>
      <ProductSection form={form} lot={lot} />
      <DatesSection form={form} />
      <OriginSection form={form} lot={lot} />
      <CertificationsSection />
    </Flex>
  )
}

// ---------------------------------------------------------------------------------------------
// Saving

/** Server problems: on their fields when they have one, and always one sentence on top. */
function useReportSaveError(form: FormInstance<LotFormValues>) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  return (error: unknown) => {
    const expiryMode = (form.getFieldValue('expiryMode') ?? 'shelfLife') as ExpiryMode
    const unplaced = showIssuesOnForm(form, remapIssues(error, expiryMode))
    if (isApiError(error, 'VALIDATION') && !reasonOf(error)) void message.error(unplaced[0] ? issueText(unplaced[0]) : t('lots.form.fixErrors'))
    else void message.error(describeError(error))
  }
}

// ---------------------------------------------------------------------------------------------
// Edit-page panels: traceability and photos

function QrImage({ payload, alt }: { payload: string; alt: string }) {
  const [url, setUrl] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    // Level M survives a scuffed label; the margin is the quiet zone scanners need.
    toDataURL(payload, { errorCorrectionLevel: 'M', margin: 2, width: 200 }).then(
      (data) => live && setUrl(data),
      () => live && setUrl(null),
    )
    return () => {
      live = false
    }
  }, [payload])
  if (!url) return <Skeleton.Image active style={{ width: 180, height: 180 }} />
  return <img src={url} alt={alt} width={180} height={180} style={{ imageRendering: 'pixelated', border: '1px solid #f0f0f0', borderRadius: 4 }} />
}

function TraceCard({ lot, onPrint }: { lot: LotDto; onPrint: () => void }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const [exporting, setExporting] = useState(false)
  const exportPage = async () => {
    setExporting(true)
    try {
      const file = await call('trace.exportLotPage', { lotId: lot.id })
      saveFile(file)
      void message.success(t('lots.trace.pageSaved', { file: file.fileName }))
    } catch (error) {
      void message.error(describeError(error))
    } finally {
      setExporting(false)
    }
  }
  return (
    <Card title={t('lots.trace.title')} size="small">
      <Flex vertical gap={12} align="center">
        <Flex vertical align="center" gap={0}>
          <Typography.Text type="secondary">{t('lots.trace.code')}</Typography.Text>
          <Typography.Title level={3} copyable={{ text: lot.traceCode, tooltips: [t('lots.trace.copy'), t('lots.trace.copied')] }} style={{ margin: 0, fontFamily: 'monospace', letterSpacing: 1 }}>
            {lot.traceCode}
          </Typography.Title>
        </Flex>
        <QrImage payload={lot.qrPayload} alt={t('lots.trace.qrAlt', { code: lot.traceCode })} />
        {lot.traceUrl ? (
          <Flex vertical align="center" style={{ maxWidth: '100%' }}>
            <Typography.Text type="secondary">{t('lots.trace.url')}</Typography.Text>
            <Typography.Link href={lot.traceUrl} target="_blank" rel="noreferrer" copyable={{ text: lot.traceUrl }} ellipsis style={{ maxWidth: 280 }}>
              {lot.traceUrl}
            </Typography.Link>
          </Flex>
        ) : (
          <Typography.Paragraph type="secondary" style={{ textAlign: 'center', margin: 0 }}>
            {t('lots.trace.noUrl', { payload: lot.qrPayload })} <Link to="/settings">{t('lots.trace.setUrl')}</Link>
          </Typography.Paragraph>
        )}
        <Flex gap={8} wrap justify="center">
          <Button type="primary" icon={<PrinterOutlined />} onClick={onPrint}>
            {t('lots.actions.printLabels')}
          </Button>
          <Button icon={<FileTextOutlined />} loading={exporting} onClick={() => void exportPage()}>
            {t('lots.trace.exportPage')}
          </Button>
        </Flex>
        <Flex gap={16} wrap justify="center">
          <Typography.Text type="secondary">
            {t('lots.columns.ocop')}: {lot.ocopStars ? <Tag color="gold">{'★'.repeat(lot.ocopStars)}</Tag> : t('lots.noStars')}
          </Typography.Text>
        </Flex>
      </Flex>
    </Card>
  )
}

interface UploadFailure {
  name: string
  reason: string
}

function PhotosCard({ lot }: { lot: LotDto }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const addPhoto = useAddLotPhoto()
  const removePhoto = useRemoveLotPhoto()
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null)
  const [failures, setFailures] = useState<UploadFailure[]>([])

  /** One call per file, one after another: a bad photo fails alone and the count stays honest. */
  const uploadAll = async (files: readonly File[]) => {
    setFailures([])
    setProgress({ done: 0, total: files.length })
    const failed: UploadFailure[] = []
    let added = 0
    for (const [index, file] of files.entries()) {
      try {
        await addPhoto.mutateAsync({ lotId: lot.id, file: await toUploadFile(file) })
        added++
      } catch (error) {
        failed.push({ name: file.name, reason: describeError(error) })
      }
      setProgress({ done: index + 1, total: files.length })
    }
    setProgress(null)
    setFailures(failed)
    if (added > 0) void message.success(t('lots.photos.added', { n: added }))
  }

  return (
    <Card title={t('lots.photos.title')} size="small">
      <Flex vertical gap={12}>
        {lot.photos.length > 0 ? (
          <Flex wrap gap={8}>
            {lot.photos.map((photo, i) => (
              <Flex key={photo.mediaKey} vertical align="center" gap={4}>
                <MediaImage mediaKey={photo.mediaKey} alt={photo.altText ?? t('lots.photos.alt', { lotCode: lot.lotCode, index: i + 1 })} width={88} />
                <Popconfirm
                  title={t('lots.photos.removeConfirm')}
                  okText={t('lots.photos.removeOk')}
                  cancelText={t('common.cancel')}
                  onConfirm={() =>
                    removePhoto.mutateAsync({ lotId: lot.id, mediaKey: photo.mediaKey }).then(
                      () => void message.success(t('lots.photos.removed')),
                      (error: unknown) => void message.error(describeError(error)),
                    )
                  }
                >
                  <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('lots.photos.remove', { index: i + 1 })} />
                </Popconfirm>
              </Flex>
            ))}
          </Flex>
        ) : (
          <Typography.Text type="secondary">{t('lots.photos.empty')}</Typography.Text>
        )}
        <Upload.Dragger
          multiple
          accept="image/*,.heic,.heif"
          showUploadList={false}
          disabled={progress !== null}
          beforeUpload={(file, list) => {
            // antd asks once per file; start the whole batch on the first one.
            if (file === list[0]) void uploadAll(list)
            return Upload.LIST_IGNORE
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('lots.photos.drop')}</p>
          <p className="ant-upload-hint">{t('lots.photos.hint')}</p>
        </Upload.Dragger>
        {progress && (
          <div role="status">
            <Typography.Text>{t('lots.photos.progress', { done: progress.done, total: progress.total })}</Typography.Text>
            <Progress percent={Math.round((progress.done / progress.total) * 100)} size="small" showInfo={false} />
          </div>
        )}
        {failures.length > 0 && (
          <Alert
            type="error"
            showIcon
            closable
            onClose={() => setFailures([])}
            title={t('lots.photos.failed', { n: failures.length })}
            description={
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {failures.map((f, i) => (
                  <li key={`${f.name}-${i}`}>
                    <Typography.Text strong>{f.name}</Typography.Text>: {f.reason}
                  </li>
                ))}
              </ul>
            }
          />
        )}
      </Flex>
    </Card>
  )
}

// ---------------------------------------------------------------------------------------------
// Create and edit

function CreateLot() {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const [form] = Form.useForm<LotFormValues>()
  const create = useCreateLot()
  const reportError = useReportSaveError(form)
  useRevalidateOnLanguageChange(form)
  const [initialValues] = useState(() => newLotValues(params.get('productId'), params.get('variantId')))

  const submit = async (values: LotFormValues) => {
    if (!values.variantId) return
    try {
      const lot = await create.mutateAsync({ variantId: values.variantId, ...formValuesToInput(values) })
      void message.success(t('lots.form.created', { lotCode: lot.lotCode }))
      void navigate(`/lots/${lot.id}`, { replace: true })
    } catch (error) {
      reportError(error)
    }
  }

  return (
    <Flex vertical gap={16}>
      <PageTop backTo="/lots" title={t('lots.form.createTitle')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Form<LotFormValues>
            form={form}
            name="lot"
            layout="vertical"
            initialValues={initialValues}
            onValuesChange={(changed: Partial<LotFormValues>) => {
              // A new product means choosing its variant again; a variant brings its unit.
              if ('productId' in changed) form.setFieldsValue({ variantId: undefined, unit: '' })
            }}
            onFinish={(v) => void submit(v)}
            scrollToFirstError
          >
            <VariantUnitSync form={form} />
            <LotFields form={form} lot={undefined} />
            <SaveBar backTo="/lots" saving={create.isPending} />
          </Form>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('lots.form.afterSaveTitle')} size="small">
            <Typography.Paragraph>{t('lots.form.afterSaveText')}</Typography.Paragraph>
            <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
              {t('lots.form.afterSaveHint')}
            </Typography.Paragraph>
          </Card>
        </Col>
      </Row>
    </Flex>
  )
}

/** When the variant changes, its unit becomes the lot's unit (the user may still change it). */
function VariantUnitSync({ form }: { form: FormInstance<LotFormValues> }) {
  const productId = Form.useWatch('productId', form)
  const variantId = Form.useWatch('variantId', form)
  const product = useProductDetail(productId)
  const previous = useRef<string | undefined>(undefined)
  useEffect(() => {
    if (variantId === previous.current) return
    const variant = product.data?.variants.find((v) => v.id === variantId)
    if (!variant) return
    previous.current = variantId
    form.setFieldsValue({ unit: variant.unit })
  }, [form, product.data, variantId])
  return null
}

function EditLot({ id }: { id: string }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const navigate = useNavigate()
  const [form] = Form.useForm<LotFormValues>()
  const lot = useLot(id)
  const update = useUpdateLot()
  const archive = useArchiveLot()
  const restore = useRestoreLot()
  const reportError = useReportSaveError(form)
  useRevalidateOnLanguageChange(form)
  const [conflict, setConflict] = useState(false)
  const [printing, setPrinting] = useState(false)
  const loaded = lot.data
  const top = useRef<HTMLDivElement>(null)
  // Arriving from the form below (just created) or from the list, the page starts at its top.
  const hasLot = loaded !== undefined
  useEffect(() => {
    if (hasLot) top.current?.scrollIntoView({ block: 'start' })
  }, [hasLot])
  const archived = loaded?.archivedAt != null

  // Photos change the version too: a newer version keeps the fields the user has touched.
  const fill = useFillFromRecord(form, loaded, lotToFormValues, { keepTouched: true })

  const submit = async (values: LotFormValues) => {
    if (!loaded) return
    try {
      const saved = await update.mutateAsync({ id, expectedVersion: loaded.version, ...formValuesToInput(values) })
      fill.filled(saved)
      void message.success(t('lots.form.saved', { lotCode: saved.lotCode }))
    } catch (error) {
      if (isApiError(error, 'CONFLICT') && reasonOf(error) === 'version_mismatch') {
        setConflict(true)
        // The explanation is at the top of the page; the Save button the user just pressed is at the bottom.
        top.current?.scrollIntoView({ block: 'start', behavior: 'smooth' })
      } else reportError(error)
    }
  }

  const reload = async () => {
    fill.refillNext()
    await lot.refetch()
    setConflict(false)
  }

  if (lot.isLoading) return <Skeleton active />
  if (!loaded) {
    return <LoadFailed error={lot.error} backTo="/lots" backLabel={t('lots.backToList')} />
  }

  const actions = (
    <ArchiveToggle
      archived={archived}
      texts={{
        archive: t('lots.actions.archive'),
        restore: t('lots.actions.restore'),
        confirmTitle: t('lots.archiveConfirmTitle', { lotCode: loaded.lotCode }),
        confirmText: t('lots.archiveConfirmText'),
        confirmOk: t('lots.archiveConfirmOk'),
      }}
      archiving={archive.isPending}
      restoring={restore.isPending}
      onArchive={async () => {
        const l = await archive.mutateAsync(id)
        void message.success(t('lots.archived', { lotCode: l.lotCode }))
        void navigate('/lots')
      }}
      onRestore={async () => {
        const l = await restore.mutateAsync(id)
        void message.success(t('lots.restored', { lotCode: l.lotCode }))
      }}
    />
  )

  return (
    <Flex vertical gap={16} ref={top}>
      <PageTop backTo="/lots"
        title={t('lots.form.editTitle', { lotCode: loaded.lotCode })}
        extra={
          <Flex align="center" gap={12} wrap>
            {archived ? <Tag>{t('lots.status.archived')}</Tag> : <Tag color="green">{t('lots.status.active')}</Tag>}
            <Typography.Text type="secondary">{t('lots.form.version', { version: loaded.version })}</Typography.Text>
            {actions}
          </Flex>
        }
      />
      {conflict && (
        <Alert
          type="warning"
          showIcon
          title={t('lots.form.conflictTitle')}
          description={t('lots.form.conflictText')}
          action={
            <Button onClick={() => void reload()} loading={lot.isFetching}>
              {t('lots.form.conflictReload')}
            </Button>
          }
        />
      )}
      {archived && <Alert type="info" showIcon title={t('lots.form.archivedTitle')} description={t('lots.form.archivedText')} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Form<LotFormValues> form={form} name="lot" layout="vertical" onFinish={(v) => void submit(v)} scrollToFirstError>
            <LotFields form={form} lot={loaded} />
            <SaveBar backTo="/lots" saving={update.isPending} disabled={conflict} />
          </Form>
        </Col>
        <Col xs={24} xl={8}>
          <Flex vertical gap={16}>
            <TraceCard lot={loaded} onPrint={() => setPrinting(true)} />
            <PhotosCard lot={loaded} />
          </Flex>
        </Col>
      </Row>
      <LabelsDialog open={printing} lots={[{ id: loaded.id, lotCode: loaded.lotCode, productName: loaded.productName }]} onClose={() => setPrinting(false)} />
    </Flex>
  )
}

export function LotFormPage() {
  const { lotId } = useParams()
  return lotId ? <EditLot key={lotId} id={lotId} /> : <CreateLot />
}
