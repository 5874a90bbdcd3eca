import { toCsv, type CsvDelimiter } from './csv';

const DELIMITERS: CsvDelimiter[] = [',', ';'];

/** The CSV of one cell under a header `h`. */
const oneCell = (value: string | number, delimiter: CsvDelimiter) =>
  toCsv(['h'], [[value]], { delimiter });

describe.each(DELIMITERS)('toCsv with %j as separator', delimiter => {
  it.each([
    ['an equals sign', '=1+1', `'=1+1`],
    ['a plus sign', '+33 1 23', `'+33 1 23`],
    ['a minus sign', '-2+3', `'-2+3`],
    ['an at sign', '@SUM(A1:A9)', `'@SUM(A1:A9)`],
    ['a full-width equals sign', '＝1+1', `'＝1+1`],
    ['a full-width plus sign', '＋1', `'＋1`],
    ['a full-width minus sign', '－1', `'－1`],
    ['a full-width at sign', '＠SUM(A1)', `'＠SUM(A1)`],
    ['a space before an equals sign', ' =1+1', `' =1+1`],
    ['spaces before a full-width equals sign', '\u3000 ＝1', `'\u3000 ＝1`],
    ['a tab', '\t=1+1', `"'\t=1+1"`],
    ['a carriage return', '\r=1+1', `"'\r=1+1"`],
    ['a line feed', '\n=1+1', `"'\n=1+1"`],
    ['a line feed before an at sign', '\n@x', `"'\n@x"`],
  ])('neutralises a cell opening with %s', (_, value, written) => {
    expect(oneCell(value, delimiter)).toBe(`h\r\n${written}\r\n`);
  });

  it('keeps a cell holding either separator in one quoted text cell', () => {
    // a `;` spreadsheet would split an unquoted cell and evaluate its second half
    expect(oneCell('utt;=HYPERLINK("https://x","y")', delimiter)).toBe(
      `h\r\n"utt;=HYPERLINK(""https://x"",""y"")"\r\n`,
    );
    expect(oneCell('utt,=1+1', delimiter)).toBe(`h\r\n"utt,=1+1"\r\n`);
  });

  it('writes plain cells and numbers as they are', () => {
    expect(
      toCsv(
        ['name', 'count'],
        [
          ['unistra-prod', -3],
          ['x', undefined],
        ],
        {
          delimiter,
        },
      ),
    ).toBe(
      `name${delimiter}count\r\nunistra-prod${delimiter}-3\r\nx${delimiter}\r\n`,
    );
    expect(oneCell('a - b = c', delimiter)).toBe('h\r\na - b = c\r\n');
  });

  it('quotes quotes and inner line breaks', () => {
    expect(oneCell('Université "Grand\nEst"', delimiter)).toBe(
      'h\r\n"Université ""Grand\nEst"""\r\n',
    );
  });
});

describe('toCsv', () => {
  it('uses the comma unless told', () => {
    expect(toCsv(['a', 'b'], [['1', '2']])).toBe('a,b\r\n1,2\r\n');
  });

  it('writes tab-separated values with tabs inside cells quoted', () => {
    expect(toCsv(['a', 'b'], [['x\ty', 'z']], { delimiter: '\t' })).toBe(
      'a\tb\r\n"x\ty"\tz\r\n',
    );
  });
});
