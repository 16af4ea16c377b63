/**
 * An address in Vietnam's two-tier units (since 1 July 2025: province → commune/ward, no
 * district): the street or thôn typed, the ward found by typing its name without tone marks.
 * People still write the old three-tier form ("… Quận Bắc Từ Liêm …") on parcels for months; the
 * "old address" switch keeps such a text exactly as typed, beside or instead of the new ward.
 */
import { Checkbox, Col, Flex, Form, Input, Row, Select, Spin, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { AddressDto, AddressInput, AdminUnitDto } from '@shared/contract/orders'
import { foldVietnamese } from '@shared/domain/vietnamese'
import { useDebouncedValue } from '../../components/useDebouncedValue'
import { useProvinces, useUnitSearch } from './customers.queries'

/**
 * The address part of a form. `wardCode` holds the chosen unit with its names (the select must
 * show "Phường Phú Diễn, Thành phố Hà Nội", not a code); only its code is sent.
 */
export interface AddressFieldValues {
  street?: string | null
  wardCode?: AdminUnitDto | null
  legacy?: boolean
  legacyText?: string | null
}

export function unitLabel(unit: Pick<AdminUnitDto, 'wardName' | 'provinceName'>): string {
  return `${unit.wardName}, ${unit.provinceName}`
}

export function addressToFieldValues(a: Pick<AddressDto, 'street' | 'wardCode' | 'wardName' | 'provinceCode' | 'provinceName' | 'legacyText'>): AddressFieldValues {
  return {
    street: a.street ?? '',
    wardCode: a.wardCode ? { wardCode: a.wardCode, wardName: a.wardName ?? a.wardCode, provinceCode: a.provinceCode ?? '', provinceName: a.provinceName ?? '' } : null,
    legacy: !!a.legacyText,
    legacyText: a.legacyText ?? '',
  }
}

const textOrNull = (value: string | null | undefined): string | null => (value && value.trim() !== '' ? value.trim() : null)

export function fieldValuesToAddress(v: AddressFieldValues): Pick<AddressInput, 'street' | 'wardCode' | 'legacyText'> {
  return { street: textOrNull(v.street), wardCode: v.wardCode?.wardCode ?? null, legacyText: v.legacy ? textOrNull(v.legacyText) : null }
}

export function isEmptyAddress(v: AddressFieldValues | undefined): boolean {
  if (!v) return true
  const a = fieldValuesToAddress(v)
  return !a.street && !a.wardCode && !a.legacyText
}

/** The ward select: every keystroke searches the 3,321 units on the other side (they are in memory there). */
export function WardSelect(props: { id?: string; value?: AdminUnitDto | null; onChange?: (unit: AdminUnitDto | null) => void; provinceCode: string | null }) {
  const { t } = useTranslation()
  const [typed, setTyped] = useState('')
  const debounced = useDebouncedValue(typed, 120)
  const units = useUnitSearch(debounced, props.provinceCode, debounced.trim() !== '' || props.provinceCode !== null)
  const found = debounced.trim() !== '' || props.provinceCode !== null ? (units.data ?? []) : []
  const options = found.map((u) => ({ value: u.wardCode, label: unitLabel(u), unit: u }))
  if (props.value && !options.some((o) => o.value === props.value!.wardCode)) options.unshift({ value: props.value.wardCode, label: unitLabel(props.value), unit: props.value })

  return (
    <Select<string, (typeof options)[number]>
      id={props.id}
      value={props.value?.wardCode}
      allowClear
      placeholder={t('orders.address.wardPlaceholder')}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      options={options}
      loading={units.isFetching}
      notFoundContent={units.isFetching ? <Spin size="small" /> : typed.trim() === '' ? t('orders.address.wardTypeToSearch') : t('orders.address.wardNone')}
      onChange={(_code, option) => {
        setTyped('')
        props.onChange?.(option && !Array.isArray(option) ? option.unit : null)
      }}
      style={{ width: '100%' }}
    />
  )
}

/**
 * The fields of one address inside an antd Form. `name` is where the address sits in the form,
 * relative inside a Form.List; `path` is the same place from the form's root (antd watches
 * absolute paths only), equal to `name` outside a list. `idPrefix` keeps the labels' `for`
 * unique on the page.
 */
export function AddressFields({ name, path = name, idPrefix, required }: { name: (string | number)[]; path?: (string | number)[]; idPrefix: string; required?: boolean }) {
  const { t } = useTranslation()
  const form = Form.useFormInstance()
  const [provinceCode, setProvinceCode] = useState<string | null>(null)
  const provinces = useProvinces()
  const legacy = Form.useWatch([...path, 'legacy'], form) as boolean | undefined

  return (
    <Flex vertical>
      <Form.Item name={[...name, 'street']} label={t('orders.address.street')} htmlFor={`${idPrefix}-street`}>
        <Input id={`${idPrefix}-street`} placeholder={t('orders.address.streetPlaceholder')} maxLength={200} autoComplete="off" />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} md={9}>
          <Form.Item label={t('orders.address.provinceFilter')} htmlFor={`${idPrefix}-province`} tooltip={t('orders.address.provinceFilterHint')}>
            <Select
              id={`${idPrefix}-province`}
              allowClear
              value={provinceCode ?? undefined}
              onChange={(code?: string) => setProvinceCode(code ?? null)}
              placeholder={t('orders.address.provinceAll')}
              loading={provinces.isLoading}
              showSearch={{ filterOption: (input, option) => foldVietnamese(String(option?.label ?? '')).includes(foldVietnamese(input)) }}
              options={(provinces.data ?? []).map((p) => ({ value: p.code, label: p.name }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={15}>
          <Form.Item
            name={[...name, 'wardCode']}
            label={t('orders.address.ward')}
            htmlFor={`${idPrefix}-ward`}
            dependencies={[[...path, 'street'], [...path, 'legacyText'], [...path, 'legacy']]}
            rules={
              required
                ? [
                    {
                      // The contract's rule (address_required): a ward, an old-style address or at least a street.
                      validator: () =>
                        isEmptyAddress(form.getFieldValue(path) as AddressFieldValues | undefined)
                          ? Promise.reject(new Error(t('orders.errors.address_required')))
                          : Promise.resolve(),
                    },
                  ]
                : []
            }
          >
            <WardSelect id={`${idPrefix}-ward`} provinceCode={provinceCode} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name={[...name, 'legacy']} valuePropName="checked" style={{ marginBottom: legacy ? 8 : 16 }}>
        <Checkbox>{t('orders.address.legacyToggle')}</Checkbox>
      </Form.Item>
      {legacy && (
        <Form.Item
          name={[...name, 'legacyText']}
          label={t('orders.address.legacyText')}
          htmlFor={`${idPrefix}-legacy`}
          extra={<Typography.Text type="secondary">{t('orders.address.legacyHint')}</Typography.Text>}
        >
          <Input.TextArea id={`${idPrefix}-legacy`} rows={2} maxLength={300} placeholder={t('orders.address.legacyPlaceholder')} />
        </Form.Item>
      )}
    </Flex>
  )
}
