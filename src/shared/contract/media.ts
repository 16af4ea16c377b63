/**
 * Files crossing the boundary. An upload operation has a `files` field of `{ name, bytes }`:
 * over IPC the bytes travel as a Uint8Array (structured clone), over HTTP as multipart parts
 * (see server/multipart.ts). The renderer never sends a path and the main process never trusts
 * a name: the content decides what a file is.
 */
import { z } from 'zod'
import { productImageDto } from './dto'
import { reason, optionalText } from './inputs'

export { productImageDto, type ProductImageDto } from './dto'

/** A 12 MP phone photo is 3–8 MB; a scanned A4 certificate PDF a few MB. 30 MB refuses nonsense. */
export const MAX_UPLOAD_FILE_BYTES = 30 * 1024 * 1024
export const MAX_UPLOAD_FILES = 20

export const uploadFile = z.object({
  name: z.string().trim().min(1).max(255),
  bytes: z
    .instanceof(Uint8Array)
    .refine((b) => b.byteLength > 0, { params: reason('media.empty') })
    .refine((b) => b.byteLength <= MAX_UPLOAD_FILE_BYTES, { params: reason('media.too_large', { maxBytes: MAX_UPLOAD_FILE_BYTES }) }),
})
export type UploadFile = z.input<typeof uploadFile>

export const uploadFiles = (max = MAX_UPLOAD_FILES) => z.array(uploadFile).min(1).max(max)

export const MEDIA_KEY_PATTERN = /^[0-9a-f]{64}$/
export const mediaKey = z.string().regex(MEDIA_KEY_PATTERN)

/** What the UI asks for: a small square-ish preview, a card, the upright original, the marketplace JPEG. */
export const MEDIA_VARIANTS = ['thumb', 'card', 'master', 'market', 'file'] as const
export type MediaVariant = (typeof MEDIA_VARIANTS)[number]


export const productImagesDto = z.object({
  productId: z.string(),
  images: z.array(productImageDto),
  /** Ids of the images this call added (a photo the product already had is not added twice). */
  addedIds: z.array(z.string()),
})
export type ProductImagesDto = z.infer<typeof productImagesDto>

/** The most photos one product keeps; marketplaces take 8–9, the rest are for the shop itself. */
export const MAX_PRODUCT_IMAGES = 30

export const addProductImagesInput = z.object({
  productId: z.string().min(1),
  /** Tag the new photos as pictures of one variant. */
  variantId: z.string().min(1).nullish().transform((v) => v ?? null),
  altText: optionalText(250),
  files: uploadFiles(),
})
export type AddProductImagesInput = z.input<typeof addProductImagesInput>

export const updateProductImageInput = z.object({
  id: z.string().min(1),
  altText: optionalText(250).optional(),
  variantId: z.string().min(1).nullable().optional(),
})

export const reorderProductImagesInput = z.object({
  productId: z.string().min(1),
  /** Every image id of the product, in the new order; the first becomes the cover. */
  imageIds: z.array(z.string().min(1)).min(1).max(MAX_PRODUCT_IMAGES),
})

export const removeProductImageInput = z.object({ id: z.string().min(1) })

export const mediaGcDto = z.object({ removed: z.number().int(), keptYoung: z.number().int() })

export const attachScanInput = z.object({
  certificateId: z.string().min(1),
  files: uploadFiles(1),
})

export const lotPhotosInput = z.object({
  lotId: z.string().min(1),
  altText: optionalText(250),
  files: uploadFiles(),
})

export const removeLotPhotoInput = z.object({ lotId: z.string().min(1), mediaKey })

export const mediaRefDto = z.object({
  mediaKey: z.string(),
  mime: z.string(),
  kind: z.enum(['image', 'document']),
  altText: z.string().nullable(),
})
export type MediaRefDto = z.infer<typeof mediaRefDto>
