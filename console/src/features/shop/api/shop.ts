import type {
  Banner,
  BannerList,
  Category,
  CategoryList,
  ProductDetail,
  SaveBannerRequest,
  SaveCategoryRequest,
  SaveProductShopRequest,
  SaveSkusRequest,
} from '@liuliang/shared'
import { useRequest } from '@liuliang/ui/use-request'
import { adminHttp } from '../../../lib/admin-http'

export const useCategories = () => useRequest((signal) => adminHttp.get<CategoryList>('/api/admin/shop/categories', { signal }), [])
export const createCategory = (category: SaveCategoryRequest) => adminHttp.post<Category>('/api/admin/shop/categories', category)
export const updateCategory = (id: number, category: SaveCategoryRequest) =>
  adminHttp.request<Category>('PUT', `/api/admin/shop/categories/${id}`, { body: category })

export const useBanners = () => useRequest((signal) => adminHttp.get<BannerList>('/api/admin/shop/banners', { signal }), [])
export const createBanner = (banner: SaveBannerRequest) => adminHttp.post<Banner>('/api/admin/shop/banners', banner)
export const updateBanner = (id: number, banner: SaveBannerRequest) => adminHttp.request<Banner>('PUT', `/api/admin/shop/banners/${id}`, { body: banner })
export const deleteBanner = (id: number) => adminHttp.request<null>('DELETE', `/api/admin/shop/banners/${id}`)

export const useProductDetail = (id: number) => useRequest((signal) => adminHttp.get<ProductDetail>(`/api/admin/products/${id}/detail`, { signal }), [id])
export const saveProductShop = (id: number, body: SaveProductShopRequest) =>
  adminHttp.request<ProductDetail>('PUT', `/api/admin/products/${id}/shop`, { body })
export const saveSkus = (id: number, body: SaveSkusRequest) => adminHttp.request<ProductDetail>('PUT', `/api/admin/products/${id}/skus`, { body })
