/**
 * A small, safe Markdown renderer for course text.
 *
 * Supported: paragraphs, `#`–`######` headings (`#` and `##` become `<h2>`: the screen title is
 * the page's only `<h1>`), bullet and numbered lists (nested by indentation), `> quotes`, `---`
 * rules, `**bold**`/`__bold__`, `*italic*`/`_italic_`, `` `code` ``, backslash escapes, links
 * `[text](https://…)` (opened in a new tab, which the link text says), and citations `[key]`
 * (or `[key-a; key-b]`), which become links to the entry on the references screen.
 *
 * Everything else is text: it is escaped, so raw HTML (`<script>`) shows as typed and can never
 * run. Links only to `https:`, `http:` and `mailto:`; images are not supported (packages make no
 * external requests). Problems (unknown citation, bad link, image) are reported to the caller.
 */

export interface RenderOptions {
  /** Number of a reference key, or undefined when the key is not on the references screen. */
  citation?: (key: string) => number | undefined;
  /** Bracketed words that are not citations and not errors (check-course allows screen ids). */
  allowBracketed?: (word: string) => boolean;
  /** Called with each problem found, in plain English. */
  report?: (message: string) => void;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Citation key, as check-course.mjs defines it: lower case, digits, hyphens, 2+ characters. */
export const CITATION_KEY = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;
const CITATION = /^\[([a-z0-9][a-z0-9-]*[a-z0-9](?:\s*[;,]\s*[a-z0-9][a-z0-9-]*[a-z0-9])*)\]/;
const LINK = /^\[((?:[^[\]\\]|\\.)+)\]\(\s*<?([^\s<>()]+(?:\([^\s<>()]*\)[^\s<>()]*)*)>?(?:\s+"[^"]*")?\s*\)/;
const IMAGE = /^!\[((?:[^[\]\\]|\\.)*)\]\(([^)]*)\)/;
const SAFE_URL = /^(?:https?:\/\/[^\s"'<>]+|mailto:[^\s"'<>]+)$/i;
const PUNCTUATION = /[!-/:-@[-`{-~]/;

type Mode = 'html' | 'text';

class InlineRenderer {
  constructor(
    private readonly opts: RenderOptions,
    private readonly mode: Mode,
  ) {}

  private esc(s: string): string {
    return this.mode === 'html' ? escapeHtml(s) : s;
  }

  private report(message: string): void {
    this.opts.report?.(message);
  }

  render(s: string): string {
    let out = '';
    let i = 0;
    while (i < s.length) {
      const c = s[i];
      const rest = s.slice(i);
      if (c === '\\' && i + 1 < s.length && PUNCTUATION.test(s[i + 1])) {
        out += this.esc(s[i + 1]);
        i += 2;
        continue;
      }
      if (c === '`') {
        const j = s.indexOf('`', i + 1);
        if (j > i + 1) {
          const code = s.slice(i + 1, j);
          out += this.mode === 'html' ? `<code>${escapeHtml(code)}</code>` : code;
          i = j + 1;
          continue;
        }
      }
      if (c === '!' && s[i + 1] === '[') {
        const m = IMAGE.exec(rest);
        if (m) {
          this.report(`images are not supported (![${m[1]}](${m[2]})): describe it in the text instead`);
          out += this.render(m[1]);
          i += m[0].length;
          continue;
        }
      }
      if (c === '[') {
        const link = LINK.exec(rest);
        if (link) {
          out += this.link(link[1], link[2]);
          i += link[0].length;
          continue;
        }
        const cite = CITATION.exec(rest);
        if (cite) {
          out += this.cite(cite[0], cite[1]);
          i += cite[0].length;
          continue;
        }
      }
      if (c === '*' || c === '_') {
        const em = this.emphasis(s, i);
        if (em) {
          out += em.out;
          i = em.end;
          continue;
        }
      }
      out += this.esc(c);
      i += 1;
    }
    return out;
  }

  private link(label: string, url: string): string {
    const text = this.render(label);
    if (!SAFE_URL.test(url)) {
      this.report(`link to "${url}" is not allowed: use a full https:// address`);
      return text;
    }
    if (this.mode === 'text') return text;
    return (
      `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${text}` +
      `<span class="new-tab"> (opens in new tab)</span></a>`
    );
  }

  private cite(whole: string, inner: string): string {
    const keys = inner.split(/\s*[;,]\s*/);
    const numbers = keys.map((k) => this.opts.citation?.(k));
    if (numbers.every((n) => n !== undefined)) {
      if (this.mode === 'text') return '';
      const links = keys.map(
        (k, j) =>
          `<a class="cite" href="#ref-${escapeHtml(k)}" data-ref="${escapeHtml(k)}">` +
          `<span class="visually-hidden">reference </span>${numbers[j]}</a>`,
      );
      return `<span class="citation">[${links.join(', ')}]</span>`;
    }
    for (const k of keys) {
      if (this.opts.citation?.(k) === undefined && !this.opts.allowBracketed?.(k))
        this.report(`cites [${k}] which is not on the references screen`);
    }
    return this.esc(whole);
  }

  /** `**x**`, `__x__`, `*x*`, `_x_` starting at s[i], or null when there is no closing marker. */
  private emphasis(s: string, i: number): { out: string; end: number } | null {
    const c = s[i];
    const double = s[i + 1] === c;
    const len = double ? 2 : 1;
    const after = s[i + len];
    if (after === undefined || /\s/.test(after)) return null;
    // `_` inside a word (snake_case) is not emphasis.
    if (c === '_' && i > 0 && /[\p{L}\p{N}]/u.test(s[i - 1])) return null;
    const marker = c.repeat(len);
    let j = i + len + 1;
    while (j <= s.length - len) {
      j = s.indexOf(marker, j);
      if (j < 0) return null;
      // Take the last marker of a run (`***x***` closes `**` after the inner `*`).
      while (s[j + len] === c && j + len < s.length) j += 1;
      const before = s[j - 1];
      const next = s[j + len];
      const closes = !/\s/.test(before) && !(c === '_' && next !== undefined && /[\p{L}\p{N}]/u.test(next));
      if (closes && !(len === 1 && before === '\\')) {
        const inner = this.render(s.slice(i + len, j));
        if (this.mode === 'text') return { out: inner, end: j + len };
        const tag = double ? 'strong' : 'em';
        return { out: `<${tag}>${inner}</${tag}>`, end: j + len };
      }
      j += 1;
    }
    return null;
  }
}

/** Inline Markdown (one paragraph's worth) to safe HTML. */
export function renderInline(s: string, opts: RenderOptions = {}): string {
  return new InlineRenderer(opts, 'html').render(s.trim());
}

/** Inline Markdown to plain text: markers and citations dropped, whitespace collapsed. */
export function toPlainText(s: string, opts: RenderOptions = {}): string {
  return new InlineRenderer({ ...opts, report: undefined }, 'text')
    .render(s)
    .replace(/\s+/g, ' ')
    .replace(/\s+([.,;:!?])/g, '$1')
    .trim();
}

// ---------------------------------------------------------------------------------------------
// Blocks

const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])([ \t]+|$)(.*)$/;
const BLANK = /^\s*$/;

function indentOf(line: string): number {
  return /^ */.exec(line)![0].length;
}

class BlockRenderer {
  constructor(private readonly inline: InlineRenderer) {}

  render(lines: string[], tight = false): string {
    const out: string[] = [];
    let i = 0;
    while (i < lines.length) {
      const line = lines[i];
      if (BLANK.test(line)) {
        i += 1;
        continue;
      }
      const h = HEADING.exec(line);
      if (h) {
        const level = Math.min(Math.max(h[1].length, 2), 4);
        out.push(`<h${level}>${this.inline.render((h[2] ?? '').trim())}</h${level}>`);
        i += 1;
        continue;
      }
      if (RULE.test(line)) {
        out.push('<hr>');
        i += 1;
        continue;
      }
      if (QUOTE.test(line)) {
        const inner: string[] = [];
        while (i < lines.length && QUOTE.test(lines[i])) {
          inner.push(QUOTE.exec(lines[i])![1]);
          i += 1;
        }
        out.push(`<blockquote>${this.render(inner)}</blockquote>`);
        continue;
      }
      const item = ITEM.exec(line);
      if (item && item[4].trim() !== '') {
        i = this.list(lines, i, out);
        continue;
      }
      const para: string[] = [];
      while (i < lines.length && !BLANK.test(lines[i]) && (para.length === 0 || !this.interrupts(lines[i]))) {
        para.push(lines[i].trim());
        i += 1;
      }
      const html = this.inline.render(para.join('\n'));
      out.push(tight ? html : `<p>${html}</p>`);
    }
    return out.join('\n');
  }

  private interrupts(line: string): boolean {
    if (HEADING.test(line) || RULE.test(line) || QUOTE.test(line)) return true;
    const item = ITEM.exec(line);
    return !!item && item[4].trim() !== '' && (/^[-*+]$/.test(item[2]) || /^1[.)]$/.test(item[2]));
  }

  /** Renders the list starting at lines[start]; returns the index after it. */
  private list(lines: string[], start: number, out: string[]): number {
    const first = ITEM.exec(lines[start])!;
    const ordered = /\d/.test(first[2]);
    const delimiter = first[2].slice(-1);
    const items: string[][] = [];
    let loose = false;
    let contentIndent = 0;
    let i = start;
    while (i < lines.length) {
      const line = lines[i];
      if (BLANK.test(line)) {
        let k = i + 1;
        while (k < lines.length && BLANK.test(lines[k])) k += 1;
        if (k >= lines.length) break;
        const nextItem = this.sameListItem(lines[k], ordered, delimiter);
        if (!nextItem && indentOf(lines[k]) < contentIndent) break;
        loose = true;
        items[items.length - 1].push('');
        i += 1;
        continue;
      }
      const m = this.sameListItem(line, ordered, delimiter);
      if (m && indentOf(line) < Math.max(contentIndent, 1)) {
        contentIndent = m[1].length + m[2].length + Math.max(1, Math.min(m[3].length, 4));
        items.push([m[4]]);
        i += 1;
        continue;
      }
      if (indentOf(line) >= contentIndent) {
        items[items.length - 1].push(line.slice(contentIndent));
        i += 1;
        continue;
      }
      if (this.interrupts(line)) break;
      items[items.length - 1].push(line.trim()); // lazy continuation of the item's paragraph
      i += 1;
    }
    const tag = ordered ? 'ol' : 'ul';
    const startAttr = ordered && parseInt(first[2], 10) !== 1 ? ` start="${parseInt(first[2], 10)}"` : '';
    const body = items.map((lines) => `<li>${this.render(lines, !loose)}</li>`).join('\n');
    out.push(`<${tag}${startAttr}>\n${body}\n</${tag}>`);
    return i;
  }

  private sameListItem(line: string, ordered: boolean, delimiter: string): RegExpExecArray | null {
    const m = ITEM.exec(line);
    if (!m || m[4].trim() === '') return null;
    const isOrdered = /\d/.test(m[2]);
    if (isOrdered !== ordered || m[2].slice(-1) !== delimiter) return null;
    return m;
  }
}

/** Block Markdown (a screen body) to safe HTML. */
export function renderMarkdown(src: string, opts: RenderOptions = {}): string {
  const lines = src.replace(/\r\n?/g, '\n').replace(/\t/g, '    ').split('\n');
  return new BlockRenderer(new InlineRenderer(opts, 'html')).render(lines);
}
