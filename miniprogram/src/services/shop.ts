import type {
  Address,
  Advisor,
  AddressList,
  Cart,
  Order,
  PlaceOrderRequest,
  ProductDetail,
  Quote,
  QuoteRequest,
  SaveAddressRequest,
  ShopHome,
  ShopProductPage,
} from '@liuliang/shared'
import { http } from './http'
import { newIdempotencyKey } from './idempotency'

type Options = { silent?: boolean }

export async function fetchShopHome(options: Options = {}): Promise<ShopHome> {
  return (await http.get<ShopHome>('/api/mp/shop/home', options)).data
}

export async function fetchShopProducts(
  query: { categoryId?: number; q?: string },
  cursor: string | null,
  options: Options = {},
): Promise<ShopProductPage> {
  const params = { ...query, ...(cursor ? { cursor } : {}) }
  return (await http.get<ShopProductPage>('/api/mp/shop/products', { ...options, params })).data
}

export async function fetchProductDetail(id: number, options: Options = {}): Promise<ProductDetail> {
  return (await http.get<ProductDetail>(`/api/mp/shop/products/${id}`, options)).data
}

export async function fetchCart(options: Options = {}): Promise<Cart> {
  return (await http.get<Cart>('/api/mp/cart', options)).data
}

export async function addToCart(skuId: number, quantity: number): Promise<Cart> {
  return (await http.post<Cart>('/api/mp/cart/items', { skuId, quantity })).data
}

export async function setCartQuantity(itemId: number, quantity: number): Promise<Cart> {
  return (await http.patch<Cart>(`/api/mp/cart/items/${itemId}`, { quantity })).data
}

export async function removeFromCart(itemId: number): Promise<Cart> {
  return (await http.delete<Cart>(`/api/mp/cart/items/${itemId}`)).data
}

export async function fetchAddresses(options: Options = {}): Promise<AddressList> {
  return (await http.get<AddressList>('/api/mp/addresses', options)).data
}

export async function saveAddress(address: SaveAddressRequest, id?: number): Promise<Address> {
  return id ? (await http.put<Address>(`/api/mp/addresses/${id}`, address)).data : (await http.post<Address>('/api/mp/addresses', address)).data
}

export async function deleteAddress(id: number): Promise<void> {
  await http.delete(`/api/mp/addresses/${id}`)
}

export async function fetchQuote(request: QuoteRequest, options: Options = {}): Promise<Quote> {
  return (await http.post<Quote>('/api/mp/checkout/quote', request, options)).data
}

/** One key per order the customer submits, so a retried tap never places a second order. */
export async function placeOrder(request: PlaceOrderRequest, idempotencyKey: string = newIdempotencyKey()): Promise<Order> {
  return (await http.post<Order>('/api/mp/checkout/orders', request, { headers: { 'idempotency-key': idempotencyKey } })).data
}

export async function fetchAdvisor(options: Options = {}): Promise<Advisor> {
  return (await http.get<Advisor>('/api/mp/advisor', options)).data
}
