// The public key of the development merchant's WeChat Pay signing key, as WeChat Pay would hold it from
// the merchant's certificate. The server's development default private key matches it.
export const DEV_MERCHANT_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEArzjsqz9A6MEpxlCvvdDy
juS+7at+MkjB+t8YNxDZ27QDvX89/dALNjUl92ATr43xinDLK/hgmlA7vavG5kB3
56KFGVtvYKdjMWNq3fjT1ARTH5eidtXdXPxisabIoxLX+oV/G9HyYUb9OKHTbmPX
TF5vCj8sl/e2MiAUIvYAV1jItsLhUa01kFG9oYhen7btdLvZpIWVtDHgCNiRIwtB
AQ9uFGqq+AdxJJ3i4Y7RrnAOQWe1r2t0bo47aw/WhBxA9TxF3jvMq9lZx+UOQLRx
5J3UqhxMtfiQb3uwpVnvE4/4CC3wDChLq/PQQIgMbsYvivEf45dqdsXaf004WHe8
pwIDAQAB
-----END PUBLIC KEY-----
`
