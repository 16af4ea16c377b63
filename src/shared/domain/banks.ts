/**
 * Vietnamese banks a VietQR transfer can be addressed to, by NAPAS BIN (field 38/01/00).
 *
 * A wrong BIN sends the customer's money to an account number at another bank (or nowhere), so
 * every BIN below appears, identical, in at least two independent public lists:
 *   [SBV]   the State Bank's BIN list as shipped in subiz/vietqr bank.csv (spec/…CV 1589 ma pin.pdf);
 *   [NAPAS] thanhtinhpas1/vietqr-parser pkg/constants/bankbin.go, copied from NAPAS's member list
 *           "banks_napas_card (TV 05-07-2022)";
 *   [JSON]  the NAPAS member JSON kept in tranviet2010/choonline src/utils/provide/bank.js (bankId).
 * The eleven banks of our payments fact sheet (section 4) are first. Lists seen with contradicting
 * BINs (one swaps Vietcombank and VietinBank) were not used; banks found in one list only
 * (Standard Chartered 970410, CBBank 970444, IBK 970455/970456, Kookmin 970462/970463, CIMB) and
 * BIDV's second BIN 970401 are left out until a second source confirms them.
 */

export interface VietQrBank {
  /** 6-digit NAPAS BIN. */
  readonly bin: string
  /** The name people say and banking apps show. */
  readonly shortName: string
  /** Full Vietnamese name. */
  readonly name: string
}

export const VIETQR_BANKS: readonly VietQrBank[] = [
  // Payments fact sheet, section 4 (subiz bank.csv), each also in [NAPAS] and [JSON].
  { bin: '970436', shortName: 'Vietcombank', name: 'Ngân hàng TMCP Ngoại thương Việt Nam' },
  { bin: '970415', shortName: 'VietinBank', name: 'Ngân hàng TMCP Công thương Việt Nam' },
  { bin: '970418', shortName: 'BIDV', name: 'Ngân hàng TMCP Đầu tư và Phát triển Việt Nam' },
  { bin: '970405', shortName: 'Agribank', name: 'Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam' },
  // [SBV] and [NAPAS]; the cooperatives' own bank, so it is kept near the top.
  { bin: '970446', shortName: 'Co-opBank', name: 'Ngân hàng Hợp tác xã Việt Nam' },
  { bin: '970422', shortName: 'MB', name: 'Ngân hàng TMCP Quân đội' },
  { bin: '970407', shortName: 'Techcombank', name: 'Ngân hàng TMCP Kỹ thương Việt Nam' },
  { bin: '970416', shortName: 'ACB', name: 'Ngân hàng TMCP Á Châu' },
  { bin: '970403', shortName: 'Sacombank', name: 'Ngân hàng TMCP Sài Gòn Thương Tín' },
  { bin: '970432', shortName: 'VPBank', name: 'Ngân hàng TMCP Việt Nam Thịnh Vượng' },
  { bin: '970423', shortName: 'TPBank', name: 'Ngân hàng TMCP Tiên Phong' },
  // Confirmed by [SBV], [NAPAS] and [JSON] unless marked otherwise.
  { bin: '970425', shortName: 'ABBank', name: 'Ngân hàng TMCP An Bình' },
  { bin: '970409', shortName: 'Bac A Bank', name: 'Ngân hàng TMCP Bắc Á' },
  { bin: '970438', shortName: 'BaoViet Bank', name: 'Ngân hàng TMCP Bảo Việt' },
  { bin: '970406', shortName: 'DongA Bank', name: 'Ngân hàng TMCP Đông Á' },
  { bin: '970431', shortName: 'Eximbank', name: 'Ngân hàng TMCP Xuất Nhập khẩu Việt Nam' },
  { bin: '970408', shortName: 'GPBank', name: 'Ngân hàng Thương mại TNHH MTV Dầu Khí Toàn Cầu' },
  { bin: '970437', shortName: 'HDBank', name: 'Ngân hàng TMCP Phát triển TP.HCM' },
  { bin: '970442', shortName: 'Hong Leong Bank', name: 'Ngân hàng TNHH MTV Hong Leong Việt Nam' },
  { bin: '970434', shortName: 'Indovina Bank', name: 'Ngân hàng TNHH Indovina' },
  { bin: '970452', shortName: 'Kienlongbank', name: 'Ngân hàng TMCP Kiên Long' },
  // Renamed from Bưu điện Liên Việt (LienVietPostBank) in 2024; the BIN did not change.
  { bin: '970449', shortName: 'LPBank', name: 'Ngân hàng TMCP Lộc Phát Việt Nam' },
  { bin: '970426', shortName: 'MSB', name: 'Ngân hàng TMCP Hàng Hải Việt Nam' },
  { bin: '970428', shortName: 'Nam A Bank', name: 'Ngân hàng TMCP Nam Á' },
  { bin: '970419', shortName: 'NCB', name: 'Ngân hàng TMCP Quốc Dân' },
  { bin: '970414', shortName: 'OceanBank', name: 'Ngân hàng TNHH MTV Đại Dương' },
  { bin: '970448', shortName: 'OCB', name: 'Ngân hàng TMCP Phương Đông' },
  { bin: '970430', shortName: 'PGBank', name: 'Ngân hàng TMCP Xăng dầu Petrolimex' },
  { bin: '970439', shortName: 'Public Bank', name: 'Ngân hàng TNHH MTV Public Việt Nam' },
  { bin: '970412', shortName: 'PVcomBank', name: 'Ngân hàng TMCP Đại chúng Việt Nam' },
  { bin: '970400', shortName: 'Saigonbank', name: 'Ngân hàng TMCP Sài Gòn Công Thương' },
  { bin: '970429', shortName: 'SCB', name: 'Ngân hàng TMCP Sài Gòn' },
  { bin: '970440', shortName: 'SeABank', name: 'Ngân hàng TMCP Đông Nam Á' },
  { bin: '970443', shortName: 'SHB', name: 'Ngân hàng TMCP Sài Gòn – Hà Nội' },
  { bin: '970424', shortName: 'Shinhan Bank', name: 'Ngân hàng TNHH MTV Shinhan Việt Nam' },
  { bin: '970454', shortName: 'Viet Capital Bank', name: 'Ngân hàng TMCP Bản Việt' },
  { bin: '970421', shortName: 'VRB', name: 'Ngân hàng Liên doanh Việt – Nga' },
  { bin: '970427', shortName: 'VietABank', name: 'Ngân hàng TMCP Việt Á' },
  // [SBV] and [JSON] (the [NAPAS] file lists VIB under an 8-digit card prefix, 97044168).
  { bin: '970441', shortName: 'VIB', name: 'Ngân hàng TMCP Quốc tế Việt Nam' },
  // [SBV] and [JSON].
  { bin: '970433', shortName: 'Vietbank', name: 'Ngân hàng TMCP Việt Nam Thương Tín' },
  // [NAPAS] and [JSON] (newer than the SBV list).
  { bin: '970458', shortName: 'UOB', name: 'Ngân hàng TNHH MTV United Overseas Bank (Việt Nam)' },
  { bin: '970457', shortName: 'Woori Bank', name: 'Ngân hàng TNHH MTV Woori Việt Nam' },
]

const BY_BIN: ReadonlyMap<string, VietQrBank> = new Map(VIETQR_BANKS.map((bank) => [bank.bin, bank]))

/** The bank with this BIN, or null (an unknown BIN is shown as a number, never guessed). */
export function findBankByBin(bin: string): VietQrBank | null {
  return BY_BIN.get(typeof bin === 'string' ? bin.trim() : '') ?? null
}
