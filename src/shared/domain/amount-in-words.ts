/**
 * An amount of đồng written in Vietnamese words, for the "Bằng chữ: …" line of receipts, delivery
 * notes and payment slips: 1 250 000 → 'Một triệu hai trăm năm mươi nghìn đồng'.
 *
 * The reading itself is read-vietnamese-number's (no Node builtins, an ESM build with a `browser`
 * entry, no side effects), so this module runs in the main process and in the renderer alike.
 * Its configuration is set to the words Vietnamese accounting documents use:
 *
 * - 'nghìn', not the southern 'ngàn' (the library's default already);
 * - 'linh', not 'lẻ' (the library's default), for an empty tens place: 105 → 'một trăm linh
 *   năm', 1 005 000 → 'một triệu không trăm linh năm nghìn'; both are correct, 'linh' is the
 *   standard written form and the one usually found on accounting documents;
 * - 'tỷ', not 'tỉ' (both are correct; 'tỷ' is the spelling on invoices and bank slips);
 * - an inner group with an empty hundreds place is read in full ('không trăm'), so nobody can
 *   slip words in: 1 000 001 000 → 'một tỷ không trăm linh một nghìn';
 * - 'mốt', 'tư', 'lăm' after a tens word ('hai mươi mốt', 'hai mươi tư', 'mười lăm'), 'mười bốn';
 * - a capital first letter and no final full stop (the caller punctuates).
 *
 * No 'chẵn' ("đồng chẵn"): that word says "and no hào/xu", which every amount in the app is (money
 * is a whole number of đồng), so it would add nothing; it is also missing from the spec's example
 * wording. Append it at the call site if a cooperative's form wants it.
 */
import { ReadingConfig, doReadNumber } from 'read-vietnamese-number'
import { MAX_VND } from './money'

function accountingConfig(): ReadingConfig {
  const config = new ReadingConfig()
  config.unit = ['đồng']
  config.units = [[], ['nghìn'], ['triệu'], ['tỷ']]
  config.oddText = 'linh'
  config.digits = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín']
  config.fourToneText = 'tư'
  return config
}

const CONFIG = accountingConfig()

/**
 * `vnd` in words: 0 → 'Không đồng', 21 000 → 'Hai mươi mốt nghìn đồng',
 * 15 000 000 000 → 'Mười lăm tỷ đồng'. Throws a RangeError (a programming error, like `vnd()`)
 * for a negative amount, a fraction or more than MAX_VND.
 */
export function amountInWordsVi(vnd: number): string {
  if (!Number.isSafeInteger(vnd) || vnd < 0 || vnd > MAX_VND) throw new RangeError(`Not an amount of đồng between 0 and ${MAX_VND}: ${vnd}`)
  // A string, not a number: the library refuses numbers (precision and exponent notation).
  const words = doReadNumber(String(vnd), CONFIG)
  return words.charAt(0).toLocaleUpperCase('vi') + words.slice(1)
}
