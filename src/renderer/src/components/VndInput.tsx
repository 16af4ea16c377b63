import { InputNumber, type InputNumberProps } from 'antd'
import { MAX_VND } from '@shared/domain/money'

/** `125000` shows as `125.000` with ₫: whole đồng only, the way prices are written in Vietnam. */
function groupWithDots(value: string | number | undefined): string {
  if (value === undefined || value === null || value === '') return ''
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, '.')
}

/** rc-input-number reads the returned digit string itself, and '' as "no value" (not 0). */
function digitsOnly(text: string | undefined): number {
  return (text ?? '').replace(/\D/g, '') as unknown as number
}

export function VndInput(props: Omit<InputNumberProps<number>, 'formatter' | 'parser' | 'precision' | 'min' | 'max'>) {
  return (
    <InputNumber<number>
      {...props}
      min={0}
      max={MAX_VND}
      precision={0}
      step={1000}
      inputMode="numeric"
      suffix="₫"
      formatter={groupWithDots}
      parser={digitsOnly}
      style={{ width: '100%', ...props.style }}
    />
  )
}
