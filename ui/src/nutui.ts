// The NutUI components the sidebar and the 360 view use, each imported from its own module with its
// own stylesheet: the package's barrel drags every component through the build, and its full
// stylesheet is ~290 KB.
import '@nutui/nutui-react/dist/es/packages/avatar/style/css'
import '@nutui/nutui-react/dist/es/packages/button/style/css'
import '@nutui/nutui-react/dist/es/packages/input/style/css'
import '@nutui/nutui-react/dist/es/packages/searchbar/style/css'
import '@nutui/nutui-react/dist/es/packages/skeleton/style/css'
import '@nutui/nutui-react/dist/es/packages/tag/style/css'
import './theme.css'

export { default as Avatar } from '@nutui/nutui-react/dist/es/packages/avatar'
export { default as Button } from '@nutui/nutui-react/dist/es/packages/button'
export { default as Input } from '@nutui/nutui-react/dist/es/packages/input'
export { default as SearchBar } from '@nutui/nutui-react/dist/es/packages/searchbar'
export { default as Skeleton } from '@nutui/nutui-react/dist/es/packages/skeleton'
export { default as Tag } from '@nutui/nutui-react/dist/es/packages/tag'

/** Soft tag colours: NutUI's own primary tag is a fixed JD red that no theme variable reaches. */
export const TAG_TONES = {
  blue: { background: '#e8f1ff', color: '#1f6fe5' },
  green: { background: '#e8ffea', color: '#00a870' },
  orange: { background: '#fff7e8', color: '#ad6800' },
  gray: { background: '#f2f3f5', color: '#86909c' },
} as const
