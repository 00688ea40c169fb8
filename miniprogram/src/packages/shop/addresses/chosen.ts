/** Where the address list leaves the address a checkout asked for, for the checkout to read when it shows again. */
export const CHOSEN_ADDRESS_KEY = 'shop:chosen-address'
