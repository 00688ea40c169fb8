import type { AfterSale, Order, OrderPage, OrderTab, PaymentStart, ProductList, RequestAfterSale } from '@liuliang/shared'
import { http } from './http'
import { idempotent } from './idempotency'

export async function fetchProducts(): Promise<ProductList> {
  return (await http.get<ProductList>('/api/mp/products')).data
}

export async function placeOrder(productId: number, quantity = 1): Promise<Order> {
  return (await http.post<Order>('/api/mp/orders', { items: [{ productId, quantity }] })).data
}

export async function fetchOrder(id: number, options: { silent?: boolean } = {}): Promise<Order> {
  return (await http.get<Order>(`/api/mp/orders/${id}`, options)).data
}

export async function fetchMyOrders(tab?: OrderTab, cursor?: string): Promise<OrderPage> {
  return (await http.get<OrderPage>('/api/mp/orders', { params: { tab, cursor } })).data
}

export async function startPayment(id: number): Promise<PaymentStart> {
  return (await http.post<PaymentStart>(`/api/mp/orders/${id}/pay`)).data
}

export async function confirmReceipt(id: number): Promise<Order> {
  return (await http.post<Order>(`/api/mp/orders/${id}/confirm`)).data
}

export async function requestAfterSale(id: number, request: RequestAfterSale): Promise<AfterSale> {
  return (await http.post<AfterSale>(`/api/mp/orders/${id}/after-sales`, request, idempotent())).data
}
