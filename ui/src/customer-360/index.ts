// What the apps take of the 360 view: the view, its loading skeleton, and the source that feeds it.
export { CustomerSkeleton } from './components/customer-skeleton'
export { CustomerView, type CustomerTab } from './components/customer-view'
export type { Customer360Guide, Customer360Source } from './source'
