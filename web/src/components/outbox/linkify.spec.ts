import { describe, expect, it } from 'vitest';
import { linkify } from './linkify';

describe('linkify', () => {
  it('turns web addresses into links and keeps the rest as text, whitespace included', () => {
    const body =
      'Hello Sam,\n\nSet your password:\nhttp://localhost:3000/set-password?token=abc-123.\n\nThanks';

    expect(linkify(body)).toEqual([
      { kind: 'text', text: 'Hello Sam,\n\nSet your password:\n' },
      {
        kind: 'link',
        text: 'http://localhost:3000/set-password?token=abc-123',
        href: 'http://localhost:3000/set-password?token=abc-123',
      },
      { kind: 'text', text: '.\n\nThanks' },
    ]);
  });

  it('does not link other schemes or markup', () => {
    expect(linkify('javascript:alert(1) <a href="x">x</a>')).toEqual([
      { kind: 'text', text: 'javascript:alert(1) <a href="x">x</a>' },
    ]);
  });
});
