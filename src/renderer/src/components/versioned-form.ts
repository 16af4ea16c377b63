/**
 * An edit form over a record that carries a version: it is filled when the record arrives or a
 * newer version is loaded — never on a refetch of the same version, which would wipe what the
 * user is typing. With `keepTouched`, a newer version loaded while the user edits (a photo
 * added elsewhere bumps it too) does not overwrite the fields either.
 */
import type { FormInstance } from 'antd'
import { useCallback, useEffect, useRef } from 'react'

export function useFillFromRecord<R extends { id: string; version: number }, V>(
  form: FormInstance<V>,
  record: R | undefined,
  toValues: (record: R) => V,
  options: { keepTouched?: boolean } = {},
): { filled(record: R): void; refillNext(): void } {
  const filledWith = useRef<string | null>(null)
  const keepTouched = options.keepTouched ?? false
  const fill = useCallback(
    (r: R) => {
      form.resetFields()
      form.setFieldsValue(toValues(r) as Parameters<FormInstance<V>['setFieldsValue']>[0])
      filledWith.current = `${r.id}@${r.version}`
    },
    [form, toValues],
  )
  useEffect(() => {
    if (!record) return
    const key = `${record.id}@${record.version}`
    if (filledWith.current === key) return
    const first = filledWith.current === null
    if (first || !keepTouched || !form.isFieldsTouched()) fill(record)
    else filledWith.current = key
  }, [form, record, fill, keepTouched])
  return {
    /** After a save: show what was saved and treat it as the version on screen. */
    filled: fill,
    /** Before a reload after a conflict: the next version to arrive fills the form whatever was typed. */
    refillNext: () => {
      filledWith.current = null
    },
  }
}
