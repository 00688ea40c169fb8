import { describe, expect, it } from 'vitest'
import { IMAGE_MAX_BYTES, LIBRARY_TITLE_MAX, imageFileProblem, libraryTitleOf, imageTypeOf } from './images'

const bytes = (...values: number[]) => Uint8Array.from(values)

describe('pictures by their bytes', () => {
  it('knows PNG, JPEG, GIF and WebP by their signatures', () => {
    expect(imageTypeOf(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe('image/png')
    expect(imageTypeOf(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('image/jpeg')
    expect(imageTypeOf(new TextEncoder().encode('GIF89a'))).toBe('image/gif')
    expect(imageTypeOf(new TextEncoder().encode('RIFF\u0000\u0000\u0000\u0000WEBPVP8 '))).toBe('image/webp')
  })

  it('takes nothing else, however it is named', () => {
    expect(imageTypeOf(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull()
    expect(imageTypeOf(new TextEncoder().encode('RIFF\u0000\u0000\u0000\u0000WAVEfmt '))).toBeNull()
    expect(imageTypeOf(bytes(0x89, 0x50, 0x4e))).toBeNull()
    expect(imageTypeOf(bytes())).toBeNull()
  })

  it('says before sending what the server would refuse', () => {
    expect(imageFileProblem({ type: 'image/png', size: 1000 })).toBeNull()
    expect(imageFileProblem({ type: 'image/svg+xml', size: 1000 })).toMatch(/PNG/)
    expect(imageFileProblem({ type: 'image/jpeg', size: 0 })).toBe('文件是空的')
    expect(imageFileProblem({ type: 'image/jpeg', size: IMAGE_MAX_BYTES })).toBeNull()
    expect(imageFileProblem({ type: 'image/jpeg', size: IMAGE_MAX_BYTES + 1 })).toBe('图片不能超过 2 MB')
    // WeCom's messages and moments take JPG and PNG only.
    expect(imageFileProblem({ type: 'image/webp', size: 1000 })).toBeNull()
    expect(imageFileProblem({ type: 'image/webp', size: 1000 }, { wecom: true })).toBe('企业微信只收 JPG 或 PNG 图片')
    expect(imageFileProblem({ type: 'image/gif', size: 1000 }, { wecom: true })).toBe('企业微信只收 JPG 或 PNG 图片')
    expect(imageFileProblem({ type: 'image/png', size: 1000 }, { wecom: true })).toBeNull()
  })

  it('titles an upload by its file name without the extension, within the title limit', () => {
    expect(libraryTitleOf('春茶横幅.final.jpg')).toBe('春茶横幅.final')
    expect(libraryTitleOf(' 海报 .png')).toBe('海报')
    expect(libraryTitleOf('.png')).toBe('.png')
    expect(libraryTitleOf('')).toBe('未命名图片')
    expect([...libraryTitleOf(`${'图'.repeat(LIBRARY_TITLE_MAX + 5)}.webp`)]).toHaveLength(LIBRARY_TITLE_MAX)
  })
})
