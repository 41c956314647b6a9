import { AppError } from "../errors";

/**
 * The extraction failures a person can act on. Each is a 4xx: the file, not the server, is the
 * problem. Causes (pdf.js messages) go to the log through `cause`, never into the message.
 */

/** What uploads are accepted, for the 415 message. */
export const ACCEPTED_FORMATS =
  "PDF (.pdf), plain text such as .txt, .md and source files (UTF-8, UTF-16 with a byte-order mark, or GB18030), or a codebase as .zip, .tar.gz, .tar or a folder";

export const unsupportedFormat = (filename: string, what: string) =>
  new AppError("unsupported_format", 415, `"${filename}" is ${what}, which longdoc cannot read. Accepted: ${ACCEPTED_FORMATS}.`);

export const pdfPasswordMissing = () =>
  new AppError("pdf_password", 422, "The PDF is password-protected: upload it again with its password, or upload an unlocked copy.");

export const pdfPasswordIncorrect = () =>
  new AppError("pdf_password", 422, "The password is not correct for this PDF: check it and upload again with the right password, or upload an unlocked copy.");

export const pdfCorrupt = (cause?: unknown) =>
  new AppError("pdf_corrupt", 422, "The file is damaged or is not a complete PDF, so it cannot be read. Download or export it again (a truncated download is the usual cause) and upload the new copy.", { cause });

export const notAPdf = (filename: string) =>
  new AppError("pdf_corrupt", 422, `"${filename}" is named .pdf but is not a PDF file (often a web page or an unfinished download saved under that name). Download the real PDF again and upload it.`);

export const pdfNoText = (pageCount: number) =>
  new AppError(
    "pdf_no_text",
    422,
    `None of the ${pageCount === 1 ? "page" : `${pageCount} pages`} of this PDF has a text layer: it looks like a scanned document (pictures of pages). Run OCR on it first (for example \`ocrmypdf input.pdf output.pdf\`, or "Recognize text" in a PDF editor) and upload the result.`,
  );

export const pdfUnreadable = (pageCount: number, reasons: string[]) =>
  new AppError(
    "pdf_unreadable",
    422,
    `No text could be read from ${pageCount === 1 ? "the page" : `any of the ${pageCount} pages`} of this PDF (${reasons.join("; ")}). The file may be damaged or built to overload readers: export it again, or print it to a new PDF, and upload that.`,
  );
