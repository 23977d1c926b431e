import { IngestErrors, fileError } from '../errors.js';

const latin1 = new TextDecoder('latin1');

/**
 * Cheap checks on the raw bytes before any parser runs, so that each bad file gets the right
 * reason whichever extractor is used: zero bytes, not a PDF at all, or cut short.
 * A PDF must start with `%PDF-` (within its first KiB, as readers allow) and end with `%%EOF`
 * (within its last KiB); a file without the end marker was truncated (interrupted download or
 * copy) and readers that "repair" it return only part of the text, so it is reported, not kept.
 */
export function checkPdfBytes(file: string, data: Uint8Array): void {
  if (data.length === 0) throw fileError(IngestErrors.EMPTY_FILE, 'empty file (0 bytes)', file);
  const head = latin1.decode(data.subarray(0, 1024));
  if (!head.includes('%PDF-')) {
    const what = /^[\x09\x0a\x0d\x20-\x7e\u00a0-\u00ff]*$/u.test(head.slice(0, 200)) ? 'it looks like plain text' : 'unknown binary data';
    throw fileError(IngestErrors.NOT_PDF, `not a PDF (no %PDF- header; ${what})`, file);
  }
  const tail = latin1.decode(data.subarray(Math.max(0, data.length - 1024)));
  if (!tail.includes('%%EOF')) {
    throw fileError(IngestErrors.CORRUPT, 'truncated PDF: the file ends without the %%EOF marker (cut short?)', file);
  }
}
