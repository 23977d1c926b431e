/** One line of a page, in reading order. */
export interface Line {
  text: string;
  /** True when a paragraph starts at this line (blank line or a larger vertical gap before it). */
  newPara?: boolean;
  /**
   * Set by extractors that know item positions (pdf-parse) when the line's text items stand far
   * apart: each cell's left and right x (PDF units) and text. Rows of a table are runs of such
   * lines whose cells line up (clean/structure.ts `alignedTableRows`).
   */
  cells?: { x: number; right: number; text: string }[];
  /** Set by extractors that know font sizes: the line is set larger than the page's body text (a title or heading). */
  large?: boolean;
}

/** The text of one page as lines (1-based page number). */
export interface PageLines {
  num: number;
  lines: Line[];
  /** Set when the page's text comes from OCR: Tesseract's mean word confidence (0-100). */
  ocr?: { confidence: number };
}

/** Document metadata, when the file has it (PDF Info dictionary). */
export interface DocMetadata {
  title?: string;
  author?: string;
  subject?: string;
  keywords?: string;
  creator?: string;
  producer?: string;
  /** ISO 8601. */
  created?: string;
  modified?: string;
}

/** What every extractor returns: the same shape whatever the tool. */
export interface ExtractedDoc {
  pages: PageLines[];
  metadata: DocMetadata;
  /** Non-fatal problems (e.g. a page that could not be read). */
  warnings: string[];
}

/** A text extractor for one kind of file (registered in `extractors`). */
export interface Extractor {
  /** Registry name, e.g. 'pdf-parse', 'pdftotext', 'text'. */
  name: string;
  /** Bumped when the same input gives different text (part of the manifest key). */
  version: string;
  /** Lower-case extensions with the dot: ['.pdf']. */
  extensions: string[];
  /** False when the tool is missing on this machine (e.g. pdftotext not on the PATH). */
  available(): boolean;
  /** Reads one file. Throws a NerError with an E_INGEST_* code for a bad file. */
  extract(file: string, data: Uint8Array, options?: ExtractOptions): Promise<ExtractedDoc>;
}

/** What the caller gives an extractor besides the file. */
export interface ExtractOptions {
  /** Kills child processes (pdftotext) that run longer. */
  timeoutMs?: number;
  /**
   * Waits until this file's pages may be read (the run's cap on pages in flight, see PageBudget).
   * An extractor that learns the page count before reading the pages calls it then; otherwise the
   * caller calls it after extraction, before the clean-up.
   */
  admitPages?: (pages: number) => Promise<void>;
}
