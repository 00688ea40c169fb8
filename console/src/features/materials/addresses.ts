/** A web address, as the forms' checks take a picture's address to be. */
export const isWebAddress = (text: string) => /^https?:\/\//.test(text.trim())

/** The addresses of a list typed one a line (a gallery, a moment's images), blank lines left out. */
export const addressLines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
