/**
 * The column-mapping step's rules, mirrored from the backend's `missingFields`
 * (src/main/payments/statements/statement-table.ts) so the screen can mark what is still missing
 * while a person chooses, before asking the backend to read the file again.
 */
import { BANK_FIELDS, COD_FIELDS, type StatementKind } from '@shared/contract/payments'

export type StatementField = (typeof BANK_FIELDS)[number] | (typeof COD_FIELDS)[number]
export type ColumnMapping = Readonly<Record<string, number | null>>

export function fieldsOf(kind: StatementKind): readonly StatementField[] {
  return kind === 'bank' ? BANK_FIELDS : COD_FIELDS
}

/** A field that must have a column, or one of a pair of which one must. */
export type FieldRule = { readonly kind: 'required' } | { readonly kind: 'one_of'; readonly other: StatementField } | { readonly kind: 'optional' }

const RULES: Readonly<Record<StatementKind, Partial<Record<StatementField, FieldRule>>>> = {
  bank: {
    date: { kind: 'required' },
    description: { kind: 'required' },
    credit: { kind: 'one_of', other: 'amount' },
    amount: { kind: 'one_of', other: 'credit' },
  },
  cod: {
    codAmount: { kind: 'required' },
    orderNumber: { kind: 'one_of', other: 'trackingCode' },
    trackingCode: { kind: 'one_of', other: 'orderNumber' },
  },
}

export function fieldRule(kind: StatementKind, field: StatementField): FieldRule {
  return RULES[kind][field] ?? { kind: 'optional' }
}

/** The fields whose column is still missing, named as the backend names them (a pair by its first field). */
export function missingFields(kind: StatementKind, mapping: ColumnMapping): StatementField[] {
  const has = (field: StatementField) => mapping[field] !== null && mapping[field] !== undefined
  const missing: StatementField[] = []
  for (const field of fieldsOf(kind)) {
    const rule = fieldRule(kind, field)
    if (rule.kind === 'required' && !has(field)) missing.push(field)
    // A pair is reported once, under the field that comes first in the list.
    if (rule.kind === 'one_of' && !has(field) && !has(rule.other) && !missing.includes(rule.other)) missing.push(field)
  }
  return missing
}

/** Whether the field's select should show as wrong: it, or its pair, is missing. */
export function isFieldMissing(kind: StatementKind, field: StatementField, missing: readonly string[]): boolean {
  const rule = fieldRule(kind, field)
  return missing.includes(field) || (rule.kind === 'one_of' && missing.includes(rule.other))
}

/** Excel's name of a 0-based column: A … Z, AA … */
export function columnLetter(index: number): string {
  let n = index + 1
  let name = ''
  while (n > 0) {
    const rest = (n - 1) % 26
    name = String.fromCharCode(65 + rest) + name
    n = Math.floor((n - 1) / 26)
  }
  return name
}

/** The complete mapping of a kind of statement, every field present (null when it has no column). */
export function completeMapping(kind: StatementKind, mapping: ColumnMapping): Record<string, number | null> {
  return Object.fromEntries(fieldsOf(kind).map((field) => [field, mapping[field] ?? null]))
}
