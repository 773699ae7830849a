// The parts of Worldline Direct's answers the adapter reads, checked before anyone trusts them.
// Members the adapter does not read are tolerated (a provider adds fields over time); the SDK's
// typings (Domain.PaymentLinkResponse, Domain.PaymentResponse, Domain.ErrorResponse) name them.
import { z } from 'zod';

const AmountOfMoney = z.looseObject({
  amount: z.number().int().nonnegative(),
  currencyCode: z.string(),
});

export const PaymentLinkResponse = z.looseObject({
  paymentLinkId: z.string().min(1),
  status: z.string().min(1),
  redirectionUrl: z.string().url(),
  expirationDate: z.string().nullish(),
  paymentId: z.string().nullish(),
  paymentLinkOrder: z
    .looseObject({
      amount: AmountOfMoney,
      merchantReference: z.string().nullish(),
    })
    .nullish(),
  paymentLinkEvents: z
    .array(z.looseObject({ type: z.string().nullish(), dateTime: z.string().nullish(), details: z.string().nullish() }))
    .nullish(),
});
export type PaymentLinkResponse = z.infer<typeof PaymentLinkResponse>;

export const PaymentResponse = z.looseObject({
  id: z.string().min(1),
  status: z.string().min(1),
  statusOutput: z
    .looseObject({
      statusCategory: z.string().nullish(),
      statusCode: z.number().int().nullish(),
    })
    .nullish(),
  paymentOutput: z
    .looseObject({
      amountOfMoney: AmountOfMoney.nullish(),
      acquiredAmount: AmountOfMoney.nullish(),
    })
    .nullish(),
});
export type PaymentResponse = z.infer<typeof PaymentResponse>;

export const ErrorResponse = z.looseObject({
  errorId: z.string().nullish(),
  errors: z
    .array(
      z.looseObject({
        errorCode: z.string().nullish(),
        code: z.string().nullish(),
        id: z.string().nullish(),
        category: z.string().nullish(),
        message: z.string().nullish(),
        propertyName: z.string().nullish(),
        httpStatusCode: z.number().nullish(),
      }),
    )
    .nullish(),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;

export const TestConnection = z.looseObject({ result: z.string() });
