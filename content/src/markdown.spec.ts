import { describe, expect, it } from 'vitest';
import { escapeHtml, renderInline, renderMarkdown, toPlainText, type RenderOptions } from './markdown.js';

function withProblems(refs: Record<string, number> = {}) {
  const problems: string[] = [];
  const opts: RenderOptions = { citation: (k) => refs[k], report: (m) => problems.push(m) };
  return { opts, problems };
}

describe('renderMarkdown', () => {
  it('renders paragraphs, headings, lists and quotes', () => {
    const html = renderMarkdown(
      [
        'First line',
        'second line.',
        '',
        '## Sub',
        '### Smaller',
        '',
        '- one',
        '- two',
        '  - nested',
        '',
        '1. first',
        '2. second',
        '',
        '3. third',
        '',
        '> quoted **text**',
        '> more',
        '',
        '---',
      ].join('\n'),
    );
    expect(html).toBe(
      [
        '<p>First line\nsecond line.</p>',
        '<h2>Sub</h2>',
        '<h3>Smaller</h3>',
        '<ul>\n<li>one</li>\n<li>two\n<ul>\n<li>nested</li>\n</ul></li>\n</ul>',
        '<ol>\n<li><p>first</p></li>\n<li><p>second</p></li>\n<li><p>third</p></li>\n</ol>',
        '<blockquote><p>quoted <strong>text</strong>\nmore</p></blockquote>',
        '<hr>',
      ].join('\n'),
    );
  });

  it('keeps the screen h1 unique: # and ## both become h2, deeper levels stop at h4', () => {
    expect(renderMarkdown('# Big\n\n###### Tiny')).toBe('<h2>Big</h2>\n<h4>Tiny</h4>');
  });

  it('numbers an ordered list from its first number', () => {
    expect(renderMarkdown('3. c\n4. d')).toBe('<ol start="3">\n<li>c</li>\n<li>d</li>\n</ol>');
  });

  it('lets a list interrupt a paragraph and joins lazy continuation lines', () => {
    expect(renderMarkdown('Intro:\n- a\ncontinued')).toBe(
      '<p>Intro:</p>\n<ul>\n<li>a\ncontinued</li>\n</ul>',
    );
  });

  it('escapes raw HTML: a <script> in text shows as text', () => {
    const html = renderMarkdown('Hello <script>alert("x")</script> & <b>bold</b>');
    expect(html).toBe(
      '<p>Hello &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;</p>',
    );
    expect(html).not.toMatch(/<script|<b>/);
  });

  it('escapes attribute breakouts in link text and headings', () => {
    expect(renderMarkdown('## <img src=x onerror=alert(1)>')).toBe(
      '<h2>&lt;img src=x onerror=alert(1)&gt;</h2>',
    );
  });
});

describe('renderInline', () => {
  it('renders bold and italic in both syntaxes, and code', () => {
    expect(renderInline('**a** __b__ *c* _d_ `<e>`')).toBe(
      '<strong>a</strong> <strong>b</strong> <em>c</em> <em>d</em> <code>&lt;e&gt;</code>',
    );
    expect(renderInline('***both***')).toBe('<strong><em>both</em></strong>');
  });

  it('leaves unmatched markers, intraword underscores and escaped characters alone', () => {
    expect(renderInline('2 * 3 = 6, snake_case_name, \\*not italic\\*, a * b')).toBe(
      '2 * 3 = 6, snake_case_name, *not italic*, a * b',
    );
  });

  it('opens links in a new tab and says so', () => {
    expect(renderInline('See [the report](https://example.org/a?b=1&c=2).')).toBe(
      'See <a href="https://example.org/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">the report' +
        '<span class="new-tab"> (opens in new tab)</span></a>.',
    );
  });

  it('refuses javascript: and relative links, and images', () => {
    const { opts, problems } = withProblems();
    expect(renderInline('[x](javascript:alert(1)) [y](page.html) ![chart](c.png)', opts)).toBe('x y chart');
    expect(problems).toEqual([
      'link to "javascript:alert(1)" is not allowed: use a full https:// address',
      'link to "page.html" is not allowed: use a full https:// address',
      'images are not supported (![chart](c.png)): describe it in the text instead',
    ]);
  });

  it('turns citations into links to the references entry', () => {
    const { opts, problems } = withProblems({ 'wres-2022': 1, 'kline-2014': 2 });
    expect(renderInline('Fact [wres-2022].', opts)).toBe(
      'Fact <span class="citation">[<a class="cite" href="#ref-wres-2022" data-ref="wres-2022">' +
        '<span class="visually-hidden">reference </span>1</a>]</span>.',
    );
    expect(renderInline('Two [wres-2022; kline-2014]', opts)).toContain('data-ref="kline-2014"');
    expect(problems).toEqual([]);
  });

  it('reports an unknown citation and keeps the text', () => {
    const { opts, problems } = withProblems({ 'wres-2022': 1 });
    expect(renderInline('Fact [nhs-2030].', opts)).toBe('Fact [nhs-2030].');
    expect(problems).toEqual(['cites [nhs-2030] which is not on the references screen']);
  });

  it('does not treat a link label as a citation', () => {
    const { opts, problems } = withProblems();
    expect(renderInline('[nhs-england](https://www.england.nhs.uk)', opts)).toContain('<a href=');
    expect(problems).toEqual([]);
  });
});

describe('toPlainText and escapeHtml', () => {
  it('drops markers, links and citations', () => {
    const opts: RenderOptions = { citation: () => 1 };
    expect(toPlainText('Which **WRES** indicator [wres-2022]? See [this](https://x.org) <b>', opts)).toBe(
      'Which WRES indicator? See this <b>',
    );
  });

  it('escapes the five HTML characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
