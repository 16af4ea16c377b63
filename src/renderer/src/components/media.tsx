/**
 * Stored images and documents in the UI. URLs depend on the transport (the app protocol in
 * Electron, /media with a read-only key in a browser); screens only name a key and a size.
 */
import { Image, Skeleton } from 'antd'
import { useQuery } from '@tanstack/react-query'
import type { CSSProperties } from 'react'
import type { MediaVariant, UploadFile } from '@shared/contract/media'
import { mediaBaseUrl } from '../api/client'

export function useMediaUrl(): ((key: string, variant: MediaVariant) => string) | undefined {
  const base = useQuery({ queryKey: ['media', 'base'], queryFn: mediaBaseUrl, staleTime: Infinity, gcTime: Infinity })
  if (!base.data) return undefined
  const { prefix, suffix } = base.data
  return (key, variant) => `${prefix}${key}/${variant}${suffix}`
}

/** A stored image at one of its sizes; clicking opens the card-size preview (antd Image). */
export function MediaImage(props: {
  mediaKey: string
  variant?: 'thumb' | 'card'
  alt: string
  width?: number
  height?: number
  preview?: boolean
  style?: CSSProperties
}) {
  const url = useMediaUrl()
  const width = props.width ?? 96
  const height = props.height ?? width
  if (!url) return <Skeleton.Image active style={{ width, height }} />
  return (
    <Image
      src={url(props.mediaKey, props.variant ?? 'thumb')}
      alt={props.alt}
      width={width}
      height={height}
      style={{ objectFit: 'contain', background: '#fafafa', ...props.style }}
      preview={props.preview === false ? false : { src: url(props.mediaKey, 'card') }}
    />
  )
}

/** Reads a chosen or dropped file into what an upload operation takes. */
export async function toUploadFile(file: File): Promise<UploadFile> {
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }
}
