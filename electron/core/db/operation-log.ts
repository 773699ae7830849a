// Query functions over the operation log (STYLE.md §5): each takes the database first, uses
// prepared statements (cached per database), and keeps writes that belong together in one
// transaction. The file is validated when it is opened (verifyOperationLog).
// The functions live in ./operation-log/, one module per concern; this module gathers them so
// that every caller names one place.
export * from './statements';
export * from './meta';
export { publicOperation, toOperation, type OperationRow, type StoredOperation } from './operation-log/rows';
export * from './operation-log/verify';
export * from './operation-log/history';
export * from './operation-log/intents';
export * from './operation-log/lookups';
export * from './operation-log/platform-states';
export * from './operation-log/list-page';
