/**
 * What a product needs on one channel beyond the catalogue: the platform's category, attributes
 * and brand, its own title and description, the units kept back from it, its prices, and for
 * Shopee the shipping channels (kept in the reserved `logistics` attribute, comma-separated), for
 * Lazada and TikTok Shop the package (weight and size, kept as `package_*` attributes). What the
 * marketplace would refuse the item without is said here, before publishing refuses it.
 */
import { Alert, App, Button, Drawer, Flex, Form, Input, InputNumber, Select, Skeleton, Typography, type FormInstance } from 'antd'
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import type { ListingDto } from '@shared/contract/publishing'
import { issuesOf } from '../../api/errors'
import { useRevalidateOnLanguageChange } from '../../components/form-errors'
import { useFormat } from '../../components/format'
import { VndInput } from '../../components/VndInput'
import { issueText } from '../../i18n/error-text'
import { publishingErrorText } from './PublishingBits'
import { useListedProduct, useUpsertListing } from './publishing.queries'
import { LOGISTICS_ATTRIBUTE, missingRequirements, PACKAGE_ATTRIBUTES } from '@shared/domain/channel-requirements'


const TITLE_MAX = 255
const DESCRIPTION_MAX = 25_000
const ID_MAX = 40
const MAX_BUFFER = 1_000_000
const PLAIN_FIELDS = ['categoryId', 'brandId', 'titleOverride', 'descriptionOverride', 'stockBuffer'] as const

type FieldErrors = Parameters<FormInstance<ListingValues>['setFields']>[0]

interface AttributeRow {
  key?: string
  value?: string
}

/** The package fields edited as numbers, not as free attributes (kilograms, then centimetres). */
const PACKAGE_NUMBERS = ['package_weight', 'package_length', 'package_width', 'package_height'] as const
type PackageField = (typeof PACKAGE_NUMBERS)[number]
const RESERVED_KEYS = new Set<string>([LOGISTICS_ATTRIBUTE, ...PACKAGE_ATTRIBUTES])

interface ListingValues {
  categoryId: string
  brandId: string
  logistics: string[]
  packageSize: Partial<Record<PackageField, number | null>>
  packageContent: string
  attributes: AttributeRow[]
  titleOverride: string
  descriptionOverride: string
  stockBuffer: number | null
  prices: Record<string, number | null | undefined>
}

function toValues(listing: ListingDto): ListingValues {
  const { [LOGISTICS_ATTRIBUTE]: logistics, ...rest } = listing.attributes
  const attributes = Object.fromEntries(Object.entries(rest).filter(([key]) => !RESERVED_KEYS.has(key)))
  const packageSize: ListingValues['packageSize'] = {}
  for (const key of PACKAGE_NUMBERS) {
    const value = Number(listing.attributes[key] ?? '')
    if (listing.attributes[key] !== undefined && Number.isFinite(value)) packageSize[key] = value
  }
  return {
    packageSize,
    packageContent: listing.attributes['package_content'] ?? '',
    categoryId: listing.categoryId ?? '',
    brandId: listing.brandId ?? '',
    logistics: (logistics ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== ''),
    attributes: Object.entries(attributes).map(([key, value]) => ({ key, value })),
    titleOverride: listing.titleOverride ?? '',
    descriptionOverride: listing.descriptionOverride ?? '',
    stockBuffer: listing.stockBuffer,
    prices: Object.fromEntries(listing.skus.map((s) => [s.variantId, s.priceVnd])),
  }
}

function blankToNull(text: string | undefined): string | null {
  const value = text?.trim() ?? ''
  return value === '' ? null : value
}

export function ListingEditor({ listing, onClose }: { listing: ListingDto; onClose: () => void }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const format = useFormat()
  const [form] = Form.useForm<ListingValues>()
  useRevalidateOnLanguageChange(form)
  const product = useListedProduct(listing.productId)
  const save = useUpsertListing()
  const shopee = listing.channelKind === 'shopee'
  const packaged = listing.channelKind === 'lazada' || listing.channelKind === 'tiktok'
  const variants = new Map((product.data?.variants ?? []).map((v) => [v.id, v]))

  const submit = (values: ListingValues) => {
    const attributes: Record<string, string> = {}
    for (const row of values.attributes) {
      const key = row.key?.trim() ?? ''
      if (key !== '') attributes[key] = row.value?.trim() ?? ''
    }
    if (shopee && values.logistics.length > 0) attributes[LOGISTICS_ATTRIBUTE] = values.logistics.join(',')
    if (packaged) {
      for (const key of PACKAGE_NUMBERS) {
        const value = values.packageSize[key]
        if (value !== null && value !== undefined) attributes[key] = String(value)
      }
      const content = values.packageContent.trim()
      if (content !== '') attributes['package_content'] = content
    }
    save.mutate(
      {
        channelAccountId: listing.channelAccountId,
        productId: listing.productId,
        categoryId: blankToNull(values.categoryId),
        brandId: blankToNull(values.brandId),
        attributes,
        titleOverride: blankToNull(values.titleOverride),
        descriptionOverride: blankToNull(values.descriptionOverride),
        stockBuffer: values.stockBuffer ?? 0,
        prices: listing.skus.map((s) => ({ variantId: s.variantId, priceVnd: values.prices[s.variantId] ?? null })),
      },
      {
        onSuccess: (saved) => {
          void message.success(saved.pendingJobs > 0 ? t('publishing.editor.savedQueued') : t('publishing.editor.saved'))
          onClose()
        },
        onError: (error) => {
          const placed = issuesOf(error).flatMap((issue): FieldErrors => {
            const [field, index] = issue.path
            const sku = field === 'prices' && typeof index === 'number' ? listing.skus[index] : undefined
            if (sku) return [{ name: ['prices', sku.variantId], errors: [issueText(issue)] }]
            return typeof field === 'string' && (PLAIN_FIELDS as readonly string[]).includes(field) ? [{ name: field as (typeof PLAIN_FIELDS)[number], errors: [issueText(issue)] }] : []
          })
          if (placed.length > 0) form.setFields(placed)
          else void message.error(publishingErrorText(error))
        },
      },
    )
  }

  const attributeKeyRule = {
    validator: (_rule: unknown, value: string | undefined) => {
      const key = value?.trim() ?? ''
      if (key === '') return Promise.reject(new Error(t('publishing.editor.attributeKeyRequired')))
      if (RESERVED_KEYS.has(key)) return Promise.reject(new Error(t('publishing.editor.attributeKeyReserved')))
      const rows = (form.getFieldValue('attributes') as AttributeRow[] | undefined) ?? []
      return rows.filter((r) => (r.key?.trim() ?? '') === key).length > 1 ? Promise.reject(new Error(t('publishing.editor.attributeKeyRepeated'))) : Promise.resolve()
    },
  }

  // What the marketplace would still refuse, as the form stands (publishing checks the same rule).
  const logisticsNow = Form.useWatch('logistics', form) as string[] | undefined
  const packageWeightNow = Form.useWatch(['packageSize', 'package_weight'], form) as number | null | undefined
  const missing = product.data
    ? missingRequirements(listing.channelKind, {
        attributes: {
          ...(logisticsNow && logisticsNow.length > 0 && { [LOGISTICS_ATTRIBUTE]: logisticsNow.join(',') }),
          ...(packageWeightNow !== null && packageWeightNow !== undefined && { package_weight: String(packageWeightNow) }),
        },
        variantWeightsGrams: listing.skus.map((s) => variants.get(s.variantId)?.weightGrams ?? null),
      })
    : []
  const unweighed = listing.skus.filter((s) => !((variants.get(s.variantId)?.weightGrams ?? 0) > 0)).map((s) => s.sku)

  return (
    <Drawer
      open
      size={560}
      title={t('publishing.editor.title', { product: listing.productName })}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Flex justify="end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
            {t('publishing.editor.save')}
          </Button>
        </Flex>
      }
    >
      <Form<ListingValues> form={form} name="listing-editor" layout="vertical" initialValues={toValues(listing)} onFinish={submit}>
        {missing.length > 0 && (
          <Alert
            type="warning"
            showIcon
            role="status"
            style={{ marginBottom: 16 }}
            title={t('publishing.editor.missingTitle')}
            description={
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {missing.map((code) => (
                  <li key={code}>{code === 'weight_required' ? t('publishing.editor.missingWeight', { skus: unweighed.join(', ') }) : t('publishing.editor.missingLogistics')}</li>
                ))}
              </ul>
            }
          />
        )}
        <Form.Item name="categoryId" label={t('publishing.editor.categoryId')} extra={t('publishing.editor.categoryIdHint')}>
          <Input maxLength={ID_MAX} autoComplete="off" spellCheck={false} style={{ fontFamily: 'monospace', maxWidth: 240 }} />
        </Form.Item>
        {shopee && (
          <Form.Item
            name="logistics"
            label={t('publishing.editor.logistics')}
            extra={t('publishing.editor.logisticsHint')}
            rules={[
              {
                validator: (_rule, value: string[] | undefined) =>
                  (value ?? []).every((id) => /^\d+$/.test(id.trim())) ? Promise.resolve() : Promise.reject(new Error(t('publishing.editor.logisticsFormat'))),
              },
            ]}
          >
            <Select mode="tags" tokenSeparators={[',', ' ']} notFoundContent={null} style={{ maxWidth: 360 }} />
          </Form.Item>
        )}
        {packaged && (
          <Form.Item label={t('publishing.editor.package')} extra={t('publishing.editor.packageHint')}>
            <Flex gap={8} wrap>
              {PACKAGE_NUMBERS.map((key) => (
                <Form.Item key={key} name={['packageSize', key]} style={{ margin: 0 }}>
                  <InputNumber<number>
                    min={key === 'package_weight' ? 0.01 : 1}
                    max={300}
                    precision={key === 'package_weight' ? 2 : 0}
                    placeholder={t(`publishing.editor.${key}`)}
                    aria-label={t(`publishing.editor.${key}`)}
                    style={{ width: key === 'package_weight' ? 150 : 110 }}
                  />
                </Form.Item>
              ))}
            </Flex>
            <Form.Item name="packageContent" style={{ margin: '8px 0 0' }}>
              <Input maxLength={500} placeholder={t('publishing.editor.package_content')} aria-label={t('publishing.editor.package_content')} />
            </Form.Item>
          </Form.Item>
        )}
        <Form.Item name="brandId" label={t('publishing.editor.brandId')} extra={t('publishing.editor.brandIdHint')}>
          <Input maxLength={ID_MAX} autoComplete="off" spellCheck={false} style={{ fontFamily: 'monospace', maxWidth: 240 }} />
        </Form.Item>
        <Form.Item label={t('publishing.editor.attributes')} extra={t('publishing.editor.attributesHint')}>
          <Form.List name="attributes">
            {(fields, { add, remove }) => (
              <Flex vertical gap={8}>
                {fields.map((field) => (
                  <Flex key={field.key} gap={8} align="start">
                    <Form.Item name={[field.name, 'key']} rules={[attributeKeyRule]} style={{ margin: 0, width: 160 }}>
                      <Input maxLength={60} placeholder={t('publishing.editor.attributeKey')} aria-label={t('publishing.editor.attributeKey')} spellCheck={false} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'value']} style={{ margin: 0, flex: 1 }}>
                      <Input maxLength={500} placeholder={t('publishing.editor.attributeValue')} aria-label={t('publishing.editor.attributeValue')} />
                    </Form.Item>
                    <Button type="text" icon={<MinusCircleOutlined />} aria-label={t('publishing.editor.removeAttribute')} onClick={() => remove(field.name)} />
                  </Flex>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ key: '', value: '' })} style={{ alignSelf: 'start' }}>
                  {t('publishing.editor.addAttribute')}
                </Button>
              </Flex>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item name="titleOverride" label={t('publishing.editor.titleOverride')} extra={t('publishing.editor.titleOverrideHint')}>
          <Input showCount maxLength={TITLE_MAX} placeholder={listing.productName} />
        </Form.Item>
        <Form.Item name="descriptionOverride" label={t('publishing.editor.descriptionOverride')} extra={t('publishing.editor.descriptionOverrideHint')}>
          <Input.TextArea showCount maxLength={DESCRIPTION_MAX} autoSize={{ minRows: 3, maxRows: 10 }} />
        </Form.Item>
        <Form.Item name="stockBuffer" label={t('publishing.editor.stockBuffer')} extra={t('publishing.editor.stockBufferHint')}>
          <InputNumber<number> min={0} max={MAX_BUFFER} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item label={t('publishing.editor.prices')} extra={t('publishing.editor.pricesHint')}>
          {product.isLoading ? (
            <Skeleton active paragraph={{ rows: 1 }} />
          ) : (
            <Flex vertical gap={8}>
              {listing.skus.map((sku) => {
                const variant = variants.get(sku.variantId)
                const label = variant?.optionLabel ? `${sku.sku} · ${variant.optionLabel}` : sku.sku
                return (
                  <Flex key={sku.variantId} gap={12} align="start">
                    <Typography.Text style={{ width: 180, paddingTop: 5 }} ellipsis={{ tooltip: label }}>
                      {label}
                    </Typography.Text>
                    <Form.Item name={['prices', sku.variantId]} style={{ margin: 0, width: 200 }}>
                      <VndInput aria-label={t('publishing.editor.priceFor', { sku: sku.sku })} placeholder={variant ? t('publishing.editor.ownPrice', { price: format.vnd(variant.priceVnd) }) : undefined} />
                    </Form.Item>
                  </Flex>
                )
              })}
            </Flex>
          )}
        </Form.Item>
      </Form>
    </Drawer>
  )
}
