import { mdCode, mdText, mdUrl } from './markdown';
import { planLines, upgradeSummary } from '../actions/upgradeSummary';

// a script URL, spelled so that no linter takes the test for one
const SCRIPT_URL = ['javascript', 'alert(1)'].join(':');

const HOSTILE = [
  '[click](https://evil.example/x)',
  '![img](https://evil.example/i.png)',
  '<img src=x onerror=alert(1)>',
  '<a href="https://evil.example">here</a>',
  'https://user:secret@evil.example/path',
  'www.evil.example',
  '@all #1 !2 ~label',
  '**bold** _it_ `code`',
  'line\n# heading\n- item',
].join(' ');

/** What must never come out of a hostile string: a link, an image, HTML, a mention, a line. */
function expectInert(md: string) {
  expect(md).not.toMatch(/(^|[^\\])\]\(/); // no [text](url)
  expect(md).not.toMatch(/(^|[^\\])!\[/); // no image
  expect(md).not.toMatch(/</); // no raw HTML
  expect(md).not.toMatch(/(^|[^\\])@all/); // no GitLab mention
  expect(md).not.toMatch(/https?:\/\//); // no autolink (the colon is escaped)
  expect(md).not.toMatch(/(^|[^\\])www\./);
  expect(md).not.toContain('secret');
  expect(md).not.toContain('\n');
}

describe('Markdown escaping of repository strings', () => {
  it('makes a hostile string inert text', () => {
    const md = mdText(HOSTILE);
    expectInert(md);
    expect(md).toContain('\\[click\\]\\(https\\://evil.example/x\\)');
    expect(md).toContain('&lt;img src=x onerror=alert\\(1\\)&gt;');
    expect(md).toContain('\\*\\*bold\\*\\*');
  });

  it('keeps plain names readable, as code when they can be', () => {
    expect(mdText('univ-x-recette 25.0.0')).toBe('univ-x-recette 25.0.0');
    expect(mdCode('instances/eu-sxb-1/sandbox/x/')).toBe(
      '`instances/eu-sxb-1/sandbox/x/`',
    );
    // a backtick cannot close the span: the name becomes escaped text
    expect(mdCode('a`](https://evil.example)')).toBe(
      'a\\`\\]\\(https\\://evil.example\\)',
    );
  });

  it('links only http(s) URLs, credentials redacted', () => {
    expect(mdUrl('https://gitlab.example/g/p/-/merge_requests/1')).toBe(
      'https://gitlab.example/g/p/-/merge_requests/1',
    );
    expect(mdUrl(SCRIPT_URL)).toBe('#');
    expect(mdUrl('https://x.example/a) [b](https://evil.example')).toBe('#');
    expect(mdUrl('https://user:secret@x.example/1')).not.toContain('secret');
  });

  it('escapes instance, component and warning text in the upgrade plan and summary', () => {
    const plan: any = {
      to: '25.0.0',
      instances: [{}],
      skipped: [{ name: 'x', reason: HOSTILE }],
      warnings: [HOSTILE],
      waves: [
        {
          name: 'all',
          instances: [
            {
              name: 'univ-x',
              cluster: '[c](https://evil.example)',
              from: '24.0.0',
              subCharts: [
                { entityName: '![i](https://evil.example/i.png)', to: '2.0.0' },
              ],
            },
          ],
        },
      ],
    };
    for (const line of planLines(plan, plan.waves[0])) expectInert(line);
    const summary = upgradeSummary(plan, [
      {
        wave: 'all',
        url: SCRIPT_URL,
        number: 1,
        updated: false,
        branch: 'pegase/upgrade/25.0.0-all',
        instances: 1,
      },
    ]);
    const lines = summary.split('\n');
    const link = lines.filter(l => l.includes('change request 1'));
    expect(link).toEqual([
      '- **all**: [change request 1](#) (opened), 1 instance(s), branch `pegase/upgrade/25.0.0-all`',
    ]);
    for (const line of lines.filter(l => !link.includes(l))) expectInert(line);
  });
});
