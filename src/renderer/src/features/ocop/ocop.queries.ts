import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { UploadFile } from '@shared/contract/media'
import type { CertificateDto, CreateCertificateInput, UpdateCertificateInput } from '@shared/contract/ocop'
import { call } from '../../api/client'
import { productKeys } from '../catalog/catalog.queries'

export const ocopKeys = {
  all: ['ocop'] as const,
  certificates: (productId: string) => ['ocop', 'certificates', productId] as const,
  alerts: ['ocop', 'alerts'] as const,
}

export function useCertificates(productId: string) {
  return useQuery({ queryKey: ocopKeys.certificates(productId), queryFn: () => call('ocop.listCertificates', { productId }) })
}

/** Expired and expiring certificates; the shell shows a count, so it refreshes every few minutes. */
export function useExpiryAlerts() {
  return useQuery({ queryKey: ocopKeys.alerts, queryFn: () => call('ocop.expiryAlerts', { withinDays: 180 }), refetchInterval: 5 * 60_000 })
}

/** A certificate change moves the product's stars, the lists' OCOP column and the alerts. */
function useCertificateChanged() {
  const queryClient = useQueryClient()
  return async (certificate: CertificateDto) => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ocopKeys.all }),
      queryClient.invalidateQueries({ queryKey: productKeys.detail(certificate.productId) }),
      queryClient.invalidateQueries({ queryKey: ['products', 'list'] }),
      queryClient.invalidateQueries({ queryKey: productKeys.history(certificate.productId) }),
      queryClient.invalidateQueries({ queryKey: ['lots'] }),
    ])
  }
}

export function useSaveCertificate() {
  const changed = useCertificateChanged()
  return useMutation({
    mutationFn: (input: { create: CreateCertificateInput } | { update: UpdateCertificateInput }) =>
      'create' in input ? call('ocop.createCertificate', input.create) : call('ocop.updateCertificate', input.update),
    onSuccess: changed,
  })
}

export function useDeleteCertificate() {
  const changed = useCertificateChanged()
  return useMutation({ mutationFn: (id: string) => call('ocop.deleteCertificate', { id }), onSuccess: changed })
}

export function useAttachScan() {
  const changed = useCertificateChanged()
  return useMutation({
    mutationFn: (input: { certificateId: string; file: UploadFile }) =>
      call('ocop.attachCertificateScan', { certificateId: input.certificateId, files: [input.file] }),
    onSuccess: changed,
  })
}

export function useRemoveScan() {
  const changed = useCertificateChanged()
  return useMutation({ mutationFn: (id: string) => call('ocop.removeCertificateScan', { id }), onSuccess: changed })
}
