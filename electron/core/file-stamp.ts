/** `20261126T193347Z`: a time for file names (sorts in order, no characters Windows refuses). */
export function fileStamp(at: Date = new Date()): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}
