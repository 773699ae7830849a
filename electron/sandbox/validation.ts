// Turns untrusted input (JSON bodies, query strings, headers) into typed values with zod, or
// into a 400 `validation_error` that names the first field at fault, so an integrator reading
// the error knows what to fix.
import type { z } from 'zod';
import { SandboxError, invalidField } from './errors';

export function parseOrThrow<S extends z.ZodType>(schema: S, raw: unknown, what = 'body'): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (!issue) throw new SandboxError('validation_error', `invalid ${what}`);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    throw invalidField([...issue.path.map(String), key].join('.'), `unknown property "${key}" in the ${what}`);
  }
  const field = issue.path.map(String).join('.');
  if (field === '') throw new SandboxError('validation_error', `the ${what} must be a JSON object`);
  throw invalidField(field, `${field}: ${issue.message}`);
}
