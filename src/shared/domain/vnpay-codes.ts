/**
 * VNPay 2.1.0 result codes, in Vietnamese and English, and the pure rules that map them onto our
 * payment vocabulary. Facts come from the payments fact sheet (shared/reference/payments.md);
 * each table cites its section. The messages are ours, written for a shop owner, not copied from
 * VNPay.
 *
 * Integrations only classify here; which payment transition follows is the payments service's
 * decision (STYLE.md, "state machines are data").
 *
 * Lookups go through `Object.hasOwn`, never `code in table` or `table[code]` alone: a code
 * arrives from the network, and `'constructor'` or `'__proto__'` must not find a prototype member.
 */

export interface VnpayMessage {
  vi: string
  en: string
}

type CodeTable = Readonly<Record<string, Readonly<VnpayMessage>>>

/** vnp_ResponseCode on the return URL and the IPN (section 1.5, the current official table). */
export const VNPAY_PAY_RESPONSE_CODES = {
  '00': { vi: 'Giao dịch thành công', en: 'Transaction successful' },
  '07': {
    vi: 'Tiền đã bị trừ nhưng giao dịch bị nghi ngờ gian lận hoặc bất thường; cần duyệt hoặc từ chối trên trang quản trị VNPay',
    en: 'The money was taken but the transaction is flagged as suspicious; approve or reject it in the VNPay merchant portal',
  },
  '09': {
    vi: 'Thẻ hoặc tài khoản chưa đăng ký dịch vụ Internet Banking tại ngân hàng',
    en: 'The card or account is not registered for Internet Banking at the bank',
  },
  '10': {
    vi: 'Khách hàng xác thực thông tin thẻ hoặc tài khoản sai quá 3 lần',
    en: 'Card or account details were entered wrongly more than 3 times',
  },
  '11': {
    vi: 'Đã hết thời gian chờ thanh toán, vui lòng thanh toán lại',
    en: 'The payment window has expired; please pay again',
  },
  '12': { vi: 'Thẻ hoặc tài khoản của khách hàng đang bị khóa', en: "The customer's card or account is locked" },
  '13': {
    vi: 'Khách hàng nhập sai mật khẩu xác thực giao dịch (OTP)',
    en: 'The customer entered a wrong one-time password (OTP)',
  },
  '24': { vi: 'Khách hàng đã hủy giao dịch', en: 'The customer canceled the payment' },
  '51': { vi: 'Tài khoản không đủ số dư để thanh toán', en: 'The account balance is insufficient' },
  '65': {
    vi: 'Tài khoản đã vượt quá hạn mức giao dịch trong ngày',
    en: 'The account has exceeded its daily transaction limit',
  },
  '75': { vi: 'Ngân hàng thanh toán đang bảo trì', en: 'The paying bank is under maintenance' },
  '79': {
    vi: 'Khách hàng nhập sai mật khẩu thanh toán quá số lần cho phép',
    en: 'The payment password was entered wrongly too many times',
  },
  '99': { vi: 'Lỗi khác, VNPay không nêu rõ nguyên nhân', en: 'Other error; VNPay gave no reason' },
} as const satisfies CodeTable

/** vnp_TransactionStatus, in callbacks and querydr/refund responses (section 1.6). */
export const VNPAY_TRANSACTION_STATUSES = {
  '00': { vi: 'Giao dịch thành công', en: 'Transaction successful' },
  '01': { vi: 'Giao dịch chưa hoàn tất', en: 'Transaction not completed yet' },
  '02': { vi: 'Giao dịch bị lỗi', en: 'Transaction failed' },
  '04': {
    vi: 'Giao dịch đảo: khách đã bị trừ tiền tại ngân hàng nhưng giao dịch chưa thành công ở VNPay',
    en: 'Reversed: the customer was debited at the bank but the transaction did not succeed at VNPay',
  },
  '05': { vi: 'VNPay đang xử lý giao dịch hoàn tiền', en: 'VNPay is processing the refund' },
  '06': { vi: 'VNPay đã gửi yêu cầu hoàn tiền sang ngân hàng', en: 'VNPay has sent the refund request to the bank' },
  '07': { vi: 'Giao dịch bị nghi ngờ gian lận', en: 'Transaction suspected of fraud' },
  '09': { vi: 'Giao dịch hoàn tiền bị từ chối', en: 'Refund rejected' },
} as const satisfies CodeTable

/** Codes shared by both merchant web API commands (section 2). */
const API_COMMON = {
  '02': { vi: 'Mã website (TmnCode) không hợp lệ', en: 'Invalid merchant terminal code (TmnCode)' },
  '03': { vi: 'Dữ liệu gửi sang không đúng định dạng', en: 'The request data has an invalid format' },
  '97': { vi: 'Chữ ký (checksum) không hợp lệ', en: 'Invalid checksum' },
  '99': { vi: 'Lỗi khác từ VNPay', en: 'Other error at VNPay' },
} as const satisfies CodeTable

/**
 * vnp_ResponseCode of a querydr response (section 2). It only says whether the API call worked;
 * the payment's outcome is in vnp_TransactionStatus.
 */
export const VNPAY_QUERYDR_RESPONSE_CODES = {
  '00': { vi: 'Tra cứu giao dịch thành công', en: 'Transaction query succeeded' },
  ...API_COMMON,
  '91': { vi: 'Không tìm thấy giao dịch cần tra cứu', en: 'Transaction not found' },
  '94': {
    vi: 'Yêu cầu tra cứu bị trùng lặp trong thời gian giới hạn của VNPay',
    en: "Duplicate request within VNPay's time limit",
  },
} as const satisfies CodeTable

/** vnp_ResponseCode of a refund response (section 2). */
export const VNPAY_REFUND_RESPONSE_CODES = {
  '00': { vi: 'VNPay đã tiếp nhận yêu cầu hoàn tiền', en: 'VNPay accepted the refund request' },
  ...API_COMMON,
  '91': { vi: 'Không tìm thấy giao dịch cần hoàn tiền', en: 'The transaction to refund was not found' },
  '94': {
    vi: 'Giao dịch này đã có một yêu cầu hoàn tiền đang được xử lý',
    en: 'A refund for this transaction is already being processed',
  },
  '95': {
    vi: 'Giao dịch gốc không thành công tại VNPay nên không thể hoàn tiền',
    en: 'The original transaction did not succeed at VNPay, so it cannot be refunded',
  },
} as const satisfies CodeTable

/**
 * RspCode that WE answer to an IPN (section 1.4). VNPay retries on 01, 04, 97 and 99 (up to 10
 * calls, 5 minutes apart) and stops on 00 and 02. The code only steers those retries: answering
 * 04 does not reverse a payment ([LIB-ISS#31]). `03` exists only in the npm lib, not in the
 * official table, so it is left out.
 */
export const VNPAY_IPN_RSP_CODES = {
  '00': { vi: 'Xác nhận thành công', en: 'Confirm Success' },
  '01': { vi: 'Không tìm thấy đơn hàng', en: 'Order not found' },
  '02': { vi: 'Đơn hàng đã được xác nhận trước đó', en: 'Order already confirmed' },
  '04': { vi: 'Số tiền không khớp với đơn hàng', en: 'Invalid amount' },
  '97': { vi: 'Chữ ký không hợp lệ', en: 'Invalid signature' },
  '99': { vi: 'Lỗi không xác định', en: 'Unknown error' },
} as const satisfies CodeTable

export type VnpayPayResponseCode = keyof typeof VNPAY_PAY_RESPONSE_CODES
export type VnpayTransactionStatus = keyof typeof VNPAY_TRANSACTION_STATUSES
export type VnpayQueryDrResponseCode = keyof typeof VNPAY_QUERYDR_RESPONSE_CODES
export type VnpayRefundResponseCode = keyof typeof VNPAY_REFUND_RESPONSE_CODES
export type VnpayIpnRspCode = keyof typeof VNPAY_IPN_RSP_CODES

/** The message for a code nobody has told us about; the code is kept so support can look it up. */
export function unknownVnpayCodeMessage(code: string | null | undefined): VnpayMessage {
  const shown = code == null || code === '' ? null : code
  return {
    vi: `Mã lỗi VNPay không xác định (${shown ?? 'trống'})`,
    en: `Unknown VNPay code (${shown ?? 'empty'})`,
  }
}

function lookup(table: CodeTable, code: string | null | undefined): VnpayMessage {
  if (typeof code === 'string' && Object.hasOwn(table, code)) {
    const message = table[code]
    if (message) return { vi: message.vi, en: message.en }
  }
  return unknownVnpayCodeMessage(code)
}

export function payResponseMessage(code: string | null | undefined): VnpayMessage {
  return lookup(VNPAY_PAY_RESPONSE_CODES, code)
}

export function transactionStatusMessage(code: string | null | undefined): VnpayMessage {
  return lookup(VNPAY_TRANSACTION_STATUSES, code)
}

export function queryDrResponseMessage(code: string | null | undefined): VnpayMessage {
  return lookup(VNPAY_QUERYDR_RESPONSE_CODES, code)
}

export function refundResponseMessage(code: string | null | undefined): VnpayMessage {
  return lookup(VNPAY_REFUND_RESPONSE_CODES, code)
}

export function ipnRspCodeMessage(code: string | null | undefined): VnpayMessage {
  return lookup(VNPAY_IPN_RSP_CODES, code)
}

/**
 * The JSON body to answer an IPN with (section 1.4: HTTP 200, `{"RspCode":"..","Message":".."}`).
 * The message is the English one: it is read by VNPay's logs, not by a customer, and stays ASCII.
 */
export function ipnReply(code: VnpayIpnRspCode): { RspCode: VnpayIpnRspCode; Message: string } {
  return { RspCode: code, Message: VNPAY_IPN_RSP_CODES[code].en }
}

/** What a pay callback (return URL or IPN) says about the attempt, in our words. */
export type VnpayPayOutcome = 'succeeded' | 'pending' | 'canceled' | 'expired' | 'failed' | 'review'

/** Response codes that end the attempt with a definite failure: the customer may pay again. */
const FAILED_PAY_RESPONSE_CODES: ReadonlySet<string> = new Set(['09', '10', '12', '13', '51', '65', '75', '79', '99'])

/**
 * Classifies the codes of a VERIFIED pay callback. Checking the signature, the TmnCode and the
 * amount is the caller's job; this only reads the two codes.
 *
 * - Success needs vnp_ResponseCode 00 AND vnp_TransactionStatus 00, as the official C# demo
 *   checks (section 1.4). The PHP demo accepts either one; we do not.
 * - 07 in either field: the money was taken but VNPay holds the transaction for review
 *   (sections 1.5, 1.6), so it is neither a success nor a failure yet.
 * - 24 is the customer canceling and 11 the payment window expiring. VNPay sends them with
 *   TransactionStatus 02 (the cancel sample of section 1.4), so the response code decides first.
 * - A half success (00 with status 01 or no status, or an unknown response code with status
 *   00/01) is `pending`: only querydr can settle it, and calling it failed could hide money
 *   that was actually taken.
 * - Status 02 (error) and 04 (reversed: debited at the bank, not successful at VNPay) are failures.
 */
export function classifyPayResult(
  responseCode: string | null | undefined,
  transactionStatus: string | null | undefined,
): VnpayPayOutcome {
  if (responseCode === '07' || transactionStatus === '07') return 'review'
  if (responseCode === '00' && transactionStatus === '00') return 'succeeded'
  if (responseCode === '24') return 'canceled'
  if (responseCode === '11') return 'expired'
  if (responseCode != null && FAILED_PAY_RESPONSE_CODES.has(responseCode)) return 'failed'
  if (transactionStatus === '02' || transactionStatus === '04') return 'failed'
  if (responseCode === '00' || transactionStatus === '00' || transactionStatus === '01') return 'pending'
  return 'failed'
}

/** What a querydr response says about a payment (type 01) or a refund (types 02, 03). */
export type VnpayQueryDrOutcome = 'succeeded' | 'pending' | 'failed' | 'review'

/**
 * Classifies vnp_TransactionStatus of a VERIFIED querydr response whose vnp_ResponseCode is 00
 * (any other response code means the query itself failed: see `classifyMerchantApiResponse`).
 *
 * vnp_TransactionType (section 2) says what the transaction is: 01 a payment, 02 a full refund,
 * 03 a partial refund. The statuses mean different things for each (section 1.6):
 * - payment: 00 succeeded, 01 pending, 02 failed, 04 failed (reversed at VNPay; the bank's debit
 *   is VNPay's to return), 07 held for review;
 * - refund: 05 (VNPay processing) and 06 (sent to the bank) pending, 00 succeeded, 09 rejected.
 * A status we do not know is `pending`: the caller keeps asking until its own deadline rather
 * than closing the books on a code nobody documented.
 */
export function classifyQueryDr(
  transactionStatus: string | null | undefined,
  transactionType: string | null | undefined,
): VnpayQueryDrOutcome {
  const isRefund = transactionType === '02' || transactionType === '03'
  if (isRefund) {
    switch (transactionStatus) {
      case '00':
        return 'succeeded'
      case '09':
      case '02':
        return 'failed'
      default:
        return 'pending'
    }
  }
  switch (transactionStatus) {
    case '00':
      return 'succeeded'
    case '02':
    case '04':
      return 'failed'
    case '07':
      return 'review'
    default:
      return 'pending'
  }
}

/**
 * What a querydr or refund API answer means for the caller (section 2):
 * - ok: the call worked (00); read the transaction status.
 * - not_found (91): VNPay has no such transaction, e.g. the customer never opened the payment page.
 * - duplicate (94): querydr asked again too soon, or a refund for this transaction is already
 *   being processed; back off and query later (section 6 advises backing off on 94).
 * - refused (95, refund only): the original transaction did not succeed, so there is nothing to refund.
 * - misconfigured (02 bad TmnCode, 03 bad format, 97 bad checksum): retrying the same request
 *   will not help; a person must fix the configuration.
 * - error (99, or a code we do not know): VNPay's side; retry later.
 */
export type VnpayApiOutcome = 'ok' | 'not_found' | 'duplicate' | 'refused' | 'misconfigured' | 'error'

export function classifyMerchantApiResponse(
  command: 'querydr' | 'refund',
  responseCode: string | null | undefined,
): VnpayApiOutcome {
  switch (responseCode) {
    case '00':
      return 'ok'
    case '91':
      return 'not_found'
    case '94':
      return 'duplicate'
    case '95':
      return command === 'refund' ? 'refused' : 'error'
    case '02':
    case '03':
    case '97':
      return 'misconfigured'
    default:
      return 'error'
  }
}
