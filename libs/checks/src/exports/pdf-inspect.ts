/** Moved to libs/core/src/pdf (beside the writer); kept here for the tests that import it by this path. */
export { inspectPdf, utf16Hex, type PdfInspection } from '@anpi/core';
