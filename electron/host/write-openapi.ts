// `npm run openapi`: writes the local API's OpenAPI description to docs/openapi.json (the README
// links it). A test fails while the file differs from what the contract generates.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { openApiText } from './openapi';

export const OPENAPI_FILE = resolve(import.meta.dirname, '../../docs/openapi.json');

mkdirSync(dirname(OPENAPI_FILE), { recursive: true });
writeFileSync(OPENAPI_FILE, openApiText());
console.log(`OpenAPI écrit : ${OPENAPI_FILE}`);
