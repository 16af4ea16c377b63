import { AutoComplete, Button, Card, Col, Flex, Form, Input, InputNumber, Row, type FormInstance } from 'antd'
import type { FormRule as Rule } from 'antd'
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import { BARCODE_PATTERN, SKU_PATTERN } from '@shared/contract/inputs'
import { foldVietnamese } from '@shared/domain/vietnamese'
import { VndInput } from '../../components/VndInput'
import { UNIT_SUGGESTIONS, type ProductFormValues } from './product-form-values'

/** The contract's limits (inputs.ts), checked here first so the user hears about them at once. */
const MAX_VARIANTS = 100
const MAX_WEIGHT_GRAMS = 1_000_000

const unitOptions = UNIT_SUGGESTIONS.map((unit) => ({ value: unit }))

export function VariantsEditor({ form, disabled }: { form: FormInstance<ProductFormValues>; disabled: boolean }) {
  const { t } = useTranslation()
  const required: Rule = { required: true, whitespace: true, message: t('errors.issue.required') }
  const maxLength = (max: number): Rule => ({ max, message: t('errors.issue.max_length', { limit: max }) })

  const skuRules = (index: number): Rule[] => [
    required,
    maxLength(64),
    { pattern: SKU_PATTERN, message: t('errors.issue.sku_format') },
    {
      validator: (_rule, value: unknown) => {
        const sku = typeof value === 'string' ? value.trim().toUpperCase() : ''
        const variants = form.getFieldValue('variants') as ProductFormValues['variants'] | undefined
        const repeated = sku !== '' && (variants ?? []).some((v, i) => i < index && (v?.sku ?? '').trim().toUpperCase() === sku)
        return repeated ? Promise.reject(new Error(t('errors.issue.sku_repeated', { sku: String(value).trim() }))) : Promise.resolve()
      },
    },
  ]

  const compareAtRules = (index: number): Rule[] => [
    {
      validator: (_rule, value: unknown) => {
        const price = form.getFieldValue(['variants', index, 'priceVnd']) as unknown
        const higher = typeof value !== 'number' || typeof price !== 'number' || value > price
        return higher ? Promise.resolve() : Promise.reject(new Error(t('errors.issue.compare_at_not_higher')))
      },
    },
  ]

  return (
    <Form.List name="variants">
      {(fields, { add, remove }) => (
        <Flex vertical gap={12}>
          {fields.map((field, index) => {
            const titleId = `variant-title-${field.key}`
            return (
              <section key={field.key} role="group" aria-labelledby={titleId}>
                <Card
                  size="small"
                  title={<span id={titleId}>{t('productForm.variantTitle', { index: index + 1 })}</span>}
                  extra={
                    fields.length > 1 && !disabled ? (
                      <Button
                        size="small"
                        danger
                        type="text"
                        icon={<DeleteOutlined />}
                        onClick={() => remove(field.name)}
                      >
                        {t('productForm.removeVariant', { index: index + 1 })}
                      </Button>
                    ) : null
                  }
                >
                  {/* Registered so that saving keeps each variant's identity (it is matched by id, not by SKU). */}
                  <Form.Item name={[field.name, 'id']} hidden noStyle>
                    <Input type="hidden" />
                  </Form.Item>
                  <Row gutter={12}>
                    <Col xs={24} sm={12} lg={6}>
                      <Form.Item name={[field.name, 'sku']} label={t('productForm.sku')} rules={skuRules(index)} validateFirst>
                        <Input placeholder={t('productForm.skuPlaceholder')} autoComplete="off" />
                      </Form.Item>
                    </Col>
                    <Col xs={24} sm={12} lg={6}>
                      <Form.Item name={[field.name, 'optionLabel']} label={t('productForm.optionLabel')} rules={[maxLength(100)]}>
                        <Input placeholder={t('productForm.optionLabelPlaceholder')} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} sm={12} lg={4}>
                      <Form.Item name={[field.name, 'unit']} label={t('productForm.unit')} rules={[required, maxLength(30)]}>
                        <AutoComplete
                          options={unitOptions}
                          placeholder={t('productForm.unitPlaceholder')}
                          showSearch={{
                            filterOption: (input, option) => foldVietnamese(String(option?.value ?? '')).startsWith(foldVietnamese(input)),
                          }}
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={24} sm={12} lg={4}>
                      <Form.Item name={[field.name, 'priceVnd']} label={t('productForm.price')} rules={[{ required: true, message: t('errors.issue.required') }]}>
                        <VndInput />
                      </Form.Item>
                    </Col>
                    <Col xs={24} sm={12} lg={4}>
                      <Form.Item
                        name={[field.name, 'compareAtPriceVnd']}
                        label={t('productForm.compareAtPrice')}
                        rules={compareAtRules(index)}
                        dependencies={[['variants', field.name, 'priceVnd']]}
                      >
                        <VndInput />
                      </Form.Item>
                    </Col>
                    <Col xs={24} sm={12} lg={6}>
                      <Form.Item name={[field.name, 'barcode']} label={t('productForm.barcode')} rules={[{ pattern: BARCODE_PATTERN, message: t('errors.issue.barcode_format') }]}>
                        <Input inputMode="numeric" autoComplete="off" />
                      </Form.Item>
                    </Col>
                    <Col xs={24} sm={12} lg={4}>
                      <Form.Item name={[field.name, 'weightGrams']} label={t('productForm.weight')}>
                        <InputNumber<number> min={0} max={MAX_WEIGHT_GRAMS} precision={0} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                  </Row>
                </Card>
              </section>
            )
          })}
          {!disabled && fields.length < MAX_VARIANTS && (
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} block>
              {t('productForm.addVariant')}
            </Button>
          )}
        </Flex>
      )}
    </Form.List>
  )
}
