// The request schema the fake checks CreatePaymentLink bodies against: the JSON schema the SDK
// ships (draft-04, every object closed with additionalProperties: false) plus product 5412's
// input as Worldline's other official SDKs define it (RedirectPaymentProduct5412SpecificInput:
// adjustableAmount boolean, beneficiaryId string), which the Node SDK's copy lacks.
import Ajv from 'ajv-draft-04';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

type JsonSchema = {
  definitions: Record<string, { properties: Record<string, unknown> } & Record<string, unknown>>;
} & Record<string, unknown>;

/** The SDK's own file (package exports hide it, so it is read by path). */
export function sdkSchema(name: 'CreatePaymentLinkRequest' | 'CreateHostedCheckoutRequest'): JsonSchema {
  const sdkMain = require.resolve('onlinepayments-sdk-nodejs');
  const loaded = require(join(dirname(sdkMain), '..', 'schemas', `${name}.js`)) as { default: JsonSchema };
  return structuredClone(loaded.default);
}

export function createPaymentLinkSchema(): JsonSchema {
  const schema = sdkSchema('CreatePaymentLinkRequest');
  schema.definitions['redirectPaymentProduct5412SpecificInput'] = {
    type: 'object',
    properties: { adjustableAmount: { type: 'boolean' }, beneficiaryId: { type: 'string' } },
    additionalProperties: false,
  };
  schema.definitions['redirectPaymentMethodSpecificInput']!.properties['paymentProduct5412SpecificInput'] = {
    $ref: '#/definitions/redirectPaymentProduct5412SpecificInput',
  };
  return schema;
}

export interface SchemaIssue {
  /** JSON path of the property at fault, as Worldline's `propertyName` gives it. */
  propertyName: string;
  message: string;
}

export function compileCreatePaymentLink(): (body: unknown) => SchemaIssue | null {
  const ajv = new Ajv({ allErrors: false, strict: false });
  const validate = ajv.compile(createPaymentLinkSchema());
  return (body) => {
    if (validate(body)) return null;
    const error = validate.errors?.[0];
    const at = (error?.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    const extra = error?.keyword === 'additionalProperties' ? (error.params as { additionalProperty?: string }).additionalProperty : undefined;
    return { propertyName: [at, extra].filter(Boolean).join('.') || '(body)', message: error?.message ?? 'invalid' };
  };
}
