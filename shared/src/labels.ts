// The words-only entry (`@liuliang/shared/labels`): labels and messages with no schema code, for the
// mini-program, whose runtime forbids the `new Function` a schema compiler needs. Nothing imported
// here may pull in typebox; `labels.test.ts` checks that.
export * from './common/field-labels'
export * from './common/validation-messages'
export * from './orders/labels'
export * from './orders/fulfilment-values'
