/**
 * Coordinator mode: bundles from many sellers (USB sticks, Zalo) are verified, kept one per
 * installation and period (a re-import replaces, never adds), and added up into the commune's
 * report (docs/reports.md, "Commune indicators"), as XLSX or PDF: the summary, one row per seller,
 * the channels, and then each seller's own table.
 *
 * An installation must keep its key: a bundle claiming an installation already seen under another
 * key is refused, so nobody can replace a seller's figures by making a key of their own.
 */
import { AppError } from '@shared/contract/errors'
import {
  CASHLESS_METHODS,
  ONLINE_CHANNELS,
  type BundleImportResultDto,
  type CommuneBundleDto,
  type SellerFigures,
  sellerFiguresSchema,
  bundleBodySchema,
} from '@shared/contract/reports'
import { ORDER_CHANNELS } from '@shared/contract/orders'
import { formatDateVi } from '@shared/domain/calendar'
import type { CallContext, ServiceDeps } from '../context'
import type { CommuneBundleTable } from '../db/schema'
import { readBundle } from './bundle'
import type { ReportColumn, ReportDocument, ReportTable } from './report-document'
import { writeReportPdf, writeReportXlsx } from './report-files'

type Language = 'vi' | 'en'

function toDto(row: CommuneBundleTable): CommuneBundleDto {
  const body = bundleBodySchema.parse(JSON.parse(row.body_json))
  return {
    id: row.id,
    installationId: row.installation_id,
    fingerprint: row.fingerprint,
    sellerName: row.seller_name,
    sellerKind: body.seller.kind,
    taxCode: row.tax_code,
    address: row.address,
    period: { from: row.period_from, to: row.period_to },
    generatedAt: body.generatedAt,
    importedAt: row.imported_at,
    fileName: row.file_name,
    figures: sellerFiguresSchema.parse(body.figures),
  }
}

export function createCommuneService(deps: ServiceDeps) {
  const { db, clock, newId } = deps

  return {
    /** Verifies and keeps each file; one answer per file, in order. Refused files change nothing. */
    async importBundles(files: readonly { name: string; bytes: Uint8Array }[], ctx: CallContext): Promise<BundleImportResultDto> {
      return db.transaction().execute(async (trx) => {
        const results: BundleImportResultDto = []
        for (const file of files) {
          let verified
          try {
            verified = readBundle(file.bytes)
          } catch (error) {
            if (!(error instanceof AppError)) throw error
            const details = (error.details ?? {}) as { reason?: unknown }
            const reason = typeof details.reason === 'string' ? details.reason : 'bundle_invalid'
            results.push({ fileName: file.name, outcome: 'refused', reason, message: error.message, sellerName: null, period: null, fingerprint: null })
            continue
          }
          const { body, publicKey } = verified.file
          const base = { fileName: file.name, sellerName: body.seller.name, period: body.period, fingerprint: verified.fingerprint }
          const known = await trx.selectFrom('commune_bundle').select(['public_key', 'fingerprint']).where('installation_id', '=', body.installationId).executeTakeFirst()
          if (known && known.public_key !== publicKey) {
            results.push({
              ...base,
              outcome: 'refused',
              reason: 'bundle_other_key',
              message: `This installation sent figures before with key ${known.fingerprint}; this file is signed with ${verified.fingerprint}`,
            })
            continue
          }
          const existing = await trx
            .selectFrom('commune_bundle')
            .select(['id', 'body_hash'])
            .where('installation_id', '=', body.installationId)
            .where('period_from', '=', body.period.from)
            .where('period_to', '=', body.period.to)
            .executeTakeFirst()
          if (existing?.body_hash === verified.bodyHash) {
            results.push({ ...base, outcome: 'unchanged', reason: null, message: null })
            continue
          }
          const values = {
            installation_id: body.installationId,
            public_key: publicKey,
            fingerprint: verified.fingerprint,
            seller_name: body.seller.name,
            seller_kind: body.seller.kind,
            tax_code: body.seller.taxCode,
            address: body.seller.address,
            period_from: body.period.from,
            period_to: body.period.to,
            body_hash: verified.bodyHash,
            body_json: JSON.stringify(body),
            file_name: file.name,
            imported_at: clock.isoNow(),
            imported_by: ctx.actor,
          }
          if (existing) await trx.updateTable('commune_bundle').set(values).where('id', '=', existing.id).execute()
          else await trx.insertInto('commune_bundle').values({ id: newId('communeBundle'), ...values }).execute()
          results.push({ ...base, outcome: existing ? 'replaced' : 'imported', reason: null, message: null })
        }
        return results
      })
    },

    /** Imported bundles, those of one period when given (latest import first). */
    async listBundles(filter: { from?: string | undefined; to?: string | undefined }): Promise<CommuneBundleDto[]> {
      let q = db.selectFrom('commune_bundle').selectAll()
      if (filter.from) q = q.where('period_from', '=', filter.from)
      if (filter.to) q = q.where('period_to', '=', filter.to)
      const rows = await q.orderBy('period_to', 'desc').orderBy('seller_name').execute()
      return rows.map(toDto)
    },

    async removeBundle(id: string): Promise<{ removed: boolean }> {
      const result = await db.deleteFrom('commune_bundle').where('id', '=', id).executeTakeFirst()
      if (Number(result.numDeletedRows) === 0) throw new AppError('NOT_FOUND', `No bundle ${id}`, { entity: 'communeBundle', id })
      return { removed: true }
    },

    /** The commune's report for a period, from the bundles of exactly that period. */
    async exportReport(input: { from: string; to: string; format: 'xlsx' | 'pdf'; language: Language }) {
      const bundles = await this.listBundles({ from: input.from, to: input.to })
      if (bundles.length === 0) {
        throw new AppError('CONFLICT', 'No seller has sent figures for this period yet', { reason: 'no_bundles', from: input.from, to: input.to })
      }
      const document = communeReport(bundles, input, clock.isoNow())
      const bytes = input.format === 'xlsx' ? await writeReportXlsx(document) : await writeReportPdf(document)
      return {
        fileName: `bao-cao-xa-${input.from}_${input.to}.${input.format}`,
        mimeType: input.format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'application/pdf',
        contentBase64: Buffer.from(bytes).toString('base64'),
        rowCount: bundles.length,
      }
    },
  }
}

// ----------------------------------------------------------------------------------------------
// The commune report

const KIND_LABELS: Record<Language, Record<string, string>> = {
  vi: { cooperative: 'Hợp tác xã', household: 'Hộ kinh doanh', enterprise: 'Doanh nghiệp', cooperative_group: 'Tổ hợp tác' },
  en: { cooperative: 'Cooperative', household: 'Household business', enterprise: 'Enterprise', cooperative_group: 'Cooperative group' },
}

const CHANNEL_LABELS: Record<Language, Record<(typeof ORDER_CHANNELS)[number], string>> = {
  vi: { counter: 'Bán tại quầy', phone: 'Điện thoại', zalo: 'Zalo', facebook: 'Facebook', website: 'Website', shopee: 'Shopee', lazada: 'Lazada', tiktok: 'TikTok Shop', ntm_portal: 'Cổng NTM/OCOP', other: 'Khác' },
  en: { counter: 'Counter', phone: 'Phone', zalo: 'Zalo', facebook: 'Facebook', website: 'Website', shopee: 'Shopee', lazada: 'Lazada', tiktok: 'TikTok Shop', ntm_portal: 'NTM/OCOP portal', other: 'Other' },
}

const T = {
  vi: {
    title: 'Báo cáo chỉ tiêu thương mại điện tử của xã',
    period: 'Kỳ báo cáo',
    sellers: 'Số đơn vị gửi số liệu',
    made: 'Lập lúc',
    summary: 'Tổng hợp',
    indicator: 'Chỉ tiêu',
    value: 'Giá trị',
    perSeller: 'Theo đơn vị',
    perChannel: 'Theo kênh bán',
    seller: 'Đơn vị',
    kind: 'Loại hình',
    taxCode: 'Mã số thuế',
    fingerprint: 'Dấu khóa',
    orders: 'Số đơn',
    net: 'Doanh thu thuần (đ)',
    online: 'Doanh thu trực tuyến (đ)',
    ecommerceShare: 'Tỷ lệ TMĐT',
    cashlessShare: 'Tỷ lệ không dùng tiền mặt',
    ocop3: 'OCOP 3★',
    ocop4: 'OCOP 4★',
    ocop5: 'OCOP 5★',
    listed: 'SP đang bán trực tuyến',
    traced: 'SP có truy xuất',
    channel: 'Kênh bán',
    total: 'Tổng cộng',
    count: 'Số lượng',
    amount: 'Số tiền (đ)',
    ratio: 'Tỷ lệ',
    sellerNote: 'Số liệu do ứng dụng của đơn vị ký; dấu khóa {fingerprint}; kỳ {period}.',
    channelOrders: 'Kênh {channel}',
    methodMoney: 'Thu qua {method}',
    rows: {
      onlineCoops: 'HTX, tổ hợp tác bán hàng trực tuyến',
      onlineHouseholds: 'Hộ kinh doanh bán hàng trực tuyến',
      onlineEnterprises: 'Doanh nghiệp bán hàng trực tuyến',
      ocop: 'Sản phẩm OCOP còn hiệu lực',
      ocopStar: 'Sản phẩm OCOP {star} sao',
      ocopOn: 'Sản phẩm OCOP trên {channel}',
      active: 'Sản phẩm đang kinh doanh',
      traced: 'Sản phẩm có mã truy xuất nguồn gốc',
      listed: 'Sản phẩm đang bán trực tuyến',
      orders: 'Số đơn hàng',
      net: 'Doanh thu thuần (đ)',
      ecommerce: 'Doanh thu qua kênh trực tuyến (đ)',
      ecommerceShare: 'Tỷ lệ doanh thu thương mại điện tử',
      cashlessShare: 'Tỷ lệ thanh toán không dùng tiền mặt',
    },
    note: 'Định nghĩa các chỉ tiêu: docs/reports.md. Chỉ tính số liệu của các đơn vị đã gửi đúng kỳ này; mỗi đơn vị một tệp (tệp gửi lại thay tệp cũ).',
  },
  en: {
    title: 'Commune e-commerce indicators',
    period: 'Period',
    sellers: 'Sellers reporting',
    made: 'Made',
    summary: 'Summary',
    indicator: 'Indicator',
    value: 'Value',
    perSeller: 'By seller',
    perChannel: 'By channel',
    seller: 'Seller',
    kind: 'Kind',
    taxCode: 'Tax code',
    fingerprint: 'Key fingerprint',
    orders: 'Orders',
    net: 'Net sales (VND)',
    online: 'Online sales (VND)',
    ecommerceShare: 'E-commerce share',
    cashlessShare: 'Cashless share',
    ocop3: 'OCOP 3★',
    ocop4: 'OCOP 4★',
    ocop5: 'OCOP 5★',
    listed: 'Products online',
    traced: 'Products traceable',
    channel: 'Channel',
    total: 'Total',
    count: 'Count',
    amount: 'Amount (VND)',
    ratio: 'Share',
    sellerNote: 'Figures signed by the seller’s app; key fingerprint {fingerprint}; period {period}.',
    channelOrders: 'Channel {channel}',
    methodMoney: 'Collected by {method}',
    rows: {
      onlineCoops: 'Cooperatives and groups selling online',
      onlineHouseholds: 'Household businesses selling online',
      onlineEnterprises: 'Enterprises selling online',
      ocop: 'OCOP products with a certificate in force',
      ocopStar: 'OCOP {star}-star products',
      ocopOn: 'OCOP products on {channel}',
      active: 'Products on sale',
      traced: 'Products with a traceability code',
      listed: 'Products listed online',
      orders: 'Orders',
      net: 'Net sales (VND)',
      ecommerce: 'Sales through online channels (VND)',
      ecommerceShare: 'E-commerce share of sales',
      cashlessShare: 'Cashless share of payments',
    },
    note: 'Indicator definitions: docs/reports.md. Only sellers that sent figures for exactly this period are counted, one file each (a file sent again replaces the earlier one).',
  },
} as const

const LISTED_LABELS: Record<Language, Record<keyof SellerFigures['ocop']['listedOn'], string>> = {
  vi: { shopee: 'Shopee', lazada: 'Lazada', tiktok: 'TikTok Shop', ntm_portal: 'cổng NTM/OCOP', file_export: 'sàn khác (đăng bằng tệp)' },
  en: { shopee: 'Shopee', lazada: 'Lazada', tiktok: 'TikTok Shop', ntm_portal: 'the NTM/OCOP portal', file_export: 'other platforms (file upload)' },
}

function onlineNet(f: SellerFigures): number {
  return f.sales.byChannel.filter((c) => ONLINE_CHANNELS.includes(c.channel)).reduce((sum, c) => sum + c.netVnd, 0)
}

function cashless(f: SellerFigures): { cashless: number; all: number } {
  const all = f.collections.reduce((sum, c) => sum + c.amountVnd, 0)
  const part = f.collections.filter((c) => CASHLESS_METHODS.includes(c.method)).reduce((sum, c) => sum + c.amountVnd, 0)
  return { cashless: part, all }
}

const share = (part: number, whole: number): number | null => (whole > 0 ? Math.min(1, Math.max(0, part / whole)) : null)

const METHOD_LABELS: Record<Language, Record<SellerFigures['collections'][number]['method'], string>> = {
  vi: { cash: 'tiền mặt', cod: 'thu hộ (COD)', vietqr: 'chuyển khoản VietQR', vnpay: 'VNPay', marketplace: 'sàn TMĐT thu hộ' },
  en: { cash: 'cash', cod: 'cash on delivery', vietqr: 'VietQR transfer', vnpay: 'VNPay', marketplace: 'marketplaces' },
}

/** One seller's own table: every indicator it sent, counts, money and shares each in its column. */
function sellerTable(b: CommuneBundleDto, lang: Language): ReportTable {
  const t = T[lang]
  const f = b.figures
  const rows: Record<string, string | number | null>[] = []
  const add = (indicator: string, values: { count?: number; amount?: number; ratio?: number | null }) =>
    rows.push({ indicator, count: values.count ?? null, amount: values.amount ?? null, ratio: values.ratio ?? null })
  add(t.rows.onlineCoops, { count: f.onlineSellers.cooperatives + f.onlineSellers.groups })
  add(t.rows.onlineHouseholds, { count: f.onlineSellers.households })
  add(t.rows.onlineEnterprises, { count: f.onlineSellers.enterprises })
  for (const star of ['3', '4', '5'] as const) add(t.rows.ocopStar.replace('{star}', star), { count: f.ocop.byStar[star] })
  for (const channel of Object.keys(LISTED_LABELS[lang]) as (keyof SellerFigures['ocop']['listedOn'])[]) {
    add(t.rows.ocopOn.replace('{channel}', LISTED_LABELS[lang][channel]), { count: f.ocop.listedOn[channel] })
  }
  add(t.rows.active, { count: f.products.active })
  add(t.rows.traced, { count: f.products.withTraceability })
  add(t.rows.listed, { count: f.products.listedOnline })
  for (const c of f.sales.byChannel) add(t.channelOrders.replace('{channel}', CHANNEL_LABELS[lang][c.channel]), { count: c.orders, amount: c.netVnd })
  add(t.rows.orders, { count: f.sales.total.orders, amount: f.sales.total.netVnd })
  add(t.rows.ecommerceShare, { amount: onlineNet(f), ratio: share(onlineNet(f), f.sales.total.netVnd) })
  for (const c of f.collections) if (c.amountVnd !== 0) add(t.methodMoney.replace('{method}', METHOD_LABELS[lang][c.method]), { amount: c.amountVnd })
  const money = cashless(f)
  add(t.rows.cashlessShare, { amount: money.cashless, ratio: share(money.cashless, money.all) })
  return {
    title: b.sellerName,
    columns: [
      { key: 'indicator', header: t.indicator, kind: 'text', width: 44 },
      { key: 'count', header: t.count, kind: 'int', width: 12 },
      { key: 'amount', header: t.amount, kind: 'vnd', width: 18 },
      { key: 'ratio', header: t.ratio, kind: 'share', width: 10 },
    ],
    rows,
    note: t.sellerNote.replace('{fingerprint}', b.fingerprint).replace('{period}', `${formatDateVi(b.period.from)} – ${formatDateVi(b.period.to)}`),
  }
}

export function communeReport(bundles: readonly CommuneBundleDto[], input: { from: string; to: string; language: Language }, nowIso: string): ReportDocument {
  const lang = input.language
  const t = T[lang]
  const sum = (pick: (f: SellerFigures) => number) => bundles.reduce((total, b) => total + pick(b.figures), 0)
  const net = sum((f) => f.sales.total.netVnd)
  const online = sum(onlineNet)
  const money = bundles.reduce((acc, b) => {
    const c = cashless(b.figures)
    return { cashless: acc.cashless + c.cashless, all: acc.all + c.all }
  }, { cashless: 0, all: 0 })

  const summaryRows: { indicator: string; value: number | null; kind: 'int' | 'vnd' | 'share' }[] = [
    { indicator: t.rows.onlineCoops, value: sum((f) => f.onlineSellers.cooperatives + f.onlineSellers.groups), kind: 'int' },
    { indicator: t.rows.onlineHouseholds, value: sum((f) => f.onlineSellers.households), kind: 'int' },
    { indicator: t.rows.onlineEnterprises, value: sum((f) => f.onlineSellers.enterprises), kind: 'int' },
    { indicator: t.rows.ocop, value: sum((f) => f.ocop.byStar['3'] + f.ocop.byStar['4'] + f.ocop.byStar['5']), kind: 'int' },
    ...(['3', '4', '5'] as const).map((star) => ({ indicator: t.rows.ocopStar.replace('{star}', star), value: sum((f) => f.ocop.byStar[star]), kind: 'int' as const })),
    ...(Object.keys(LISTED_LABELS[lang]) as (keyof SellerFigures['ocop']['listedOn'])[]).map((channel) => ({
      indicator: t.rows.ocopOn.replace('{channel}', LISTED_LABELS[lang][channel]),
      value: sum((f) => f.ocop.listedOn[channel]),
      kind: 'int' as const,
    })),
    { indicator: t.rows.active, value: sum((f) => f.products.active), kind: 'int' },
    { indicator: t.rows.traced, value: sum((f) => f.products.withTraceability), kind: 'int' },
    { indicator: t.rows.listed, value: sum((f) => f.products.listedOnline), kind: 'int' },
    { indicator: t.rows.orders, value: sum((f) => f.sales.total.orders), kind: 'int' },
    { indicator: t.rows.net, value: net, kind: 'vnd' },
    { indicator: t.rows.ecommerce, value: online, kind: 'vnd' },
    { indicator: t.rows.ecommerceShare, value: share(online, net), kind: 'share' },
    { indicator: t.rows.cashlessShare, value: share(money.cashless, money.all), kind: 'share' },
  ]

  // The summary mixes counts, money and shares in one value column: one table per kind keeps each column's format right.
  const summaryTable = (kind: 'int' | 'vnd' | 'share', title: string) => ({
    title,
    columns: [
      { key: 'indicator', header: t.indicator, kind: 'text', width: 48 },
      { key: 'value', header: t.value, kind, width: 18 },
    ] satisfies ReportColumn[],
    rows: summaryRows.filter((r) => r.kind === kind).map((r) => ({ indicator: r.indicator, value: r.value })),
  })

  const sellerColumns: ReportColumn[] = [
    { key: 'seller', header: t.seller, kind: 'text', width: 30 },
    { key: 'kind', header: t.kind, kind: 'text', width: 14 },
    { key: 'taxCode', header: t.taxCode, kind: 'text', width: 12 },
    { key: 'orders', header: t.orders, kind: 'int', width: 9 },
    { key: 'net', header: t.net, kind: 'vnd', width: 16 },
    { key: 'online', header: t.online, kind: 'vnd', width: 16 },
    { key: 'ecommerceShare', header: t.ecommerceShare, kind: 'share', width: 10 },
    { key: 'cashlessShare', header: t.cashlessShare, kind: 'share', width: 10 },
    { key: 'ocop3', header: t.ocop3, kind: 'int', width: 7 },
    { key: 'ocop4', header: t.ocop4, kind: 'int', width: 7 },
    { key: 'ocop5', header: t.ocop5, kind: 'int', width: 7 },
    { key: 'listed', header: t.listed, kind: 'int', width: 9 },
    { key: 'traced', header: t.traced, kind: 'int', width: 9 },
    { key: 'fingerprint', header: t.fingerprint, kind: 'text', width: 20 },
  ]
  const sellerRows = [...bundles]
    .sort((a, b) => a.sellerName.localeCompare(b.sellerName, 'vi'))
    .map((b) => {
      const f = b.figures
      const c = cashless(f)
      return {
        seller: b.sellerName,
        kind: KIND_LABELS[lang][b.sellerKind] ?? b.sellerKind,
        taxCode: b.taxCode,
        orders: f.sales.total.orders,
        net: f.sales.total.netVnd,
        online: onlineNet(f),
        ecommerceShare: share(onlineNet(f), f.sales.total.netVnd),
        cashlessShare: share(c.cashless, c.all),
        ocop3: f.ocop.byStar['3'],
        ocop4: f.ocop.byStar['4'],
        ocop5: f.ocop.byStar['5'],
        listed: f.products.listedOnline,
        traced: f.products.withTraceability,
        fingerprint: b.fingerprint,
      }
    })

  const channelTotals = ORDER_CHANNELS.map((channel) => ({
    channel: CHANNEL_LABELS[lang][channel],
    orders: sum((f) => f.sales.byChannel.filter((c) => c.channel === channel).reduce((s, c) => s + c.orders, 0)),
    net: sum((f) => f.sales.byChannel.filter((c) => c.channel === channel).reduce((s, c) => s + c.netVnd, 0)),
  })).filter((row) => row.orders > 0 || row.net !== 0)

  const periodText = `${formatDateVi(input.from)} – ${formatDateVi(input.to)}`
  return {
    title: t.title,
    language: lang,
    meta: [
      { label: t.period, value: periodText },
      { label: t.sellers, value: String(bundles.length) },
      { label: t.made, value: formatDateVi(nowIso.slice(0, 10)) },
    ],
    tables: [
      { ...summaryTable('int', t.summary), note: t.note },
      summaryTable('vnd', `${t.summary} (đ)`),
      summaryTable('share', `${t.summary} (%)`),
      {
        title: t.perSeller,
        columns: sellerColumns,
        rows: sellerRows,
        totals: {
          seller: t.total,
          orders: sum((f) => f.sales.total.orders),
          net,
          online,
          ecommerceShare: share(online, net),
          cashlessShare: share(money.cashless, money.all),
          ocop3: sum((f) => f.ocop.byStar['3']),
          ocop4: sum((f) => f.ocop.byStar['4']),
          ocop5: sum((f) => f.ocop.byStar['5']),
          listed: sum((f) => f.products.listedOnline),
          traced: sum((f) => f.products.withTraceability),
        },
      },
      {
        title: t.perChannel,
        columns: [
          { key: 'channel', header: t.channel, kind: 'text', width: 24 },
          { key: 'orders', header: t.orders, kind: 'int', width: 10 },
          { key: 'net', header: t.net, kind: 'vnd', width: 18 },
        ],
        rows: channelTotals,
        totals: { channel: t.total, orders: channelTotals.reduce((s, r) => s + r.orders, 0), net: channelTotals.reduce((s, r) => s + r.net, 0) },
      },
      // Then each seller's own table (a sheet each in the workbook).
      ...[...bundles].sort((a, b) => a.sellerName.localeCompare(b.sellerName, 'vi')).map((b) => sellerTable(b, lang)),
    ],
  }
}
