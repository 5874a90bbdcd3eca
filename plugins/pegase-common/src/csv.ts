// The browser build of the sync API: the package's other entry points use Node's Buffer
// at load time, and this file is loaded by the frontend too.
import { stringify } from 'csv-stringify/browser/esm/sync';

/**
 * The separators an export may use: `,` (RFC 4180), `;` (what a French spreadsheet
 * expects), tab.
 * @public
 */
export type CsvDelimiter = ',' | ';' | '\t';

/** @public */
export interface CsvOptions {
  /** The field separator; `,` unless told. */
  delimiter?: CsvDelimiter;
}

// What csv-stringify's `escape_formulas` leaves: a cell that opens with a line feed, or a
// trigger sign (ASCII or full-width) behind leading whitespace, which a spreadsheet
// trims before it decides whether the cell is a formula.
const FORMULA_AFTER_WHITESPACE = /^(?:\n|\s+[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;

// Any separator a spreadsheet might split on, whichever the file uses: a cell holding
// one is quoted, so `utt;=HYPERLINK(…)` stays one text cell in a `;` spreadsheet.
const ANY_SEPARATOR = /[,;\t]/;

/**
 * CSV of a header and rows, CRLF line ends, through csv-stringify.
 *
 * Exports of the views are opened by people in spreadsheets, and their cells come from
 * the GitOps repository, which any team can change: a cell that a spreadsheet would
 * evaluate as a formula (`=`, `+`, `-`, `@`, tab, carriage return, line feed, their
 * full-width forms `＝＋－＠`, also behind leading whitespace) is prefixed with `'`,
 * and a cell holding `,`, `;`, a tab, a quote or a line break is quoted.
 * Numbers are written as they are (a negative number is not a formula).
 * @public
 */
export function toCsv(
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number | undefined>>,
  options: CsvOptions = {},
): string {
  return stringify([header, ...rows] as unknown[][], {
    delimiter: options.delimiter ?? ',',
    record_delimiter: 'windows',
    eof: true,
    // a lone CR or LF inside a cell is quoted too, not only the CRLF that ends records
    quote_record_delimiter: true,
    escape_formulas: true,
    quoted_match: ANY_SEPARATOR,
    cast: {
      string: value =>
        FORMULA_AFTER_WHITESPACE.test(value) ? `'${value}` : value,
    },
  });
}
